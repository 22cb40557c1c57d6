//! Properties of anchoring and marking over generated articles (proptest): any quote cut from
//! the reader text at word boundaries anchors exactly where it was cut; the pieces of its mark
//! hold exactly its text; marks add no text to the page. And the approximate search agrees
//! with the textbook edit distance. Runs the library in-process, so many cases stay fast.

use crate::util::Project;
use gloss::anchor::fuzzy::myers;
use gloss::markdown::reader::ReaderText;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use scraper::{ElementRef, Html, Selector};

/// Words that are never Markdown syntax, in several scripts, with typographic punctuation
/// that folding changes.
const WORDS: &[&str] = &[
    "CSTO",
    "Kabul",
    "the",
    "air-defense",
    "Ереван",
    "Երևան",
    "😊",
    "Karzai’s",
    "“direct”",
    "talks",
    "9–13",
    "naïve",
    "ok",
    "a",
    "aa",
    "Ω",
];

/// One inline piece of Markdown.
fn inline() -> impl Strategy<Value = String> {
    let words = prop::collection::vec(prop::sample::select(WORDS), 1..4).prop_map(|w| w.join(" "));
    let leaf = prop_oneof![
        4 => words.clone(),
        1 => words.clone().prop_map(|w| format!("`{w}`")),
    ];
    leaf.prop_recursive(2, 6, 3, move |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| format!("*{t}*")),
            inner.clone().prop_map(|t| format!("**{t}**")),
            inner.clone().prop_map(|t| format!("~~{t}~~")),
            inner
                .clone()
                .prop_map(|t| format!("[{t}](https://example.org/)")),
        ]
    })
}

/// A paragraph: inline pieces separated by spaces or soft line breaks.
fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec((inline(), prop::bool::weighted(0.2)), 1..6).prop_map(|pieces| {
        let mut out = String::new();
        for (i, (piece, newline)) in pieces.iter().enumerate() {
            if i > 0 {
                out.push(if *newline { '\n' } else { ' ' });
            }
            out.push_str(piece);
        }
        out
    })
}

/// A body of paragraphs, some as list items or headings.
fn body() -> impl Strategy<Value = String> {
    let block = prop_oneof![
        4 => paragraph(),
        1 => paragraph().prop_map(|p| format!("- {}", p.replace('\n', " "))),
        1 => paragraph().prop_map(|p| format!("## {}", p.replace('\n', " "))),
    ];
    prop::collection::vec(block, 1..5).prop_map(|blocks| blocks.join("\n\n") + "\n")
}

/// The reader text of a body, as the anchor stage builds it.
fn reader(body: &str) -> Vec<char> {
    ReaderText::new(body, &gloss::markdown::parse(body), 0).chars
}

/// Positions where a quote may start and end: word boundaries next to visible characters.
fn boundaries(chars: &[char]) -> (Vec<usize>, Vec<usize>) {
    let word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
    // Between two letters or digits is inside a word: no quote starts or ends there.
    let inside = |i: usize| i > 0 && word(i - 1) && word(i);
    let visible = |i: usize| !chars[i].is_whitespace();
    let starts = (0..chars.len())
        .filter(|&i| visible(i) && !inside(i))
        .collect();
    let ends = (1..=chars.len())
        .filter(|&e| visible(e - 1) && !inside(e))
        .collect();
    (starts, ends)
}

/// A YAML double-quoted string.
fn yaml(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

/// The text a reader gets from a run of elements, one space where they sit in different
/// blocks, every whitespace run as one space (the reader text's own convention).
fn joined_text(pieces: &[ElementRef]) -> String {
    let block = |e: &ElementRef| {
        e.ancestors()
            .find(|n| {
                n.value().as_element().is_some_and(|el| {
                    matches!(
                        el.name(),
                        "p" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                    )
                })
            })
            .map(|n| n.id())
    };
    let mut out = String::new();
    let mut last = None;
    for piece in pieces {
        let here = block(piece);
        if last.is_some() && here != last {
            out.push(' ');
        }
        last = here;
        out.extend(piece.text());
    }
    squeeze(&out)
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The article body of a built page.
fn article_body(html: &Html) -> ElementRef<'_> {
    let selector = Selector::parse(".article-body").unwrap();
    html.select(&selector).next().expect("an article body")
}

/// Builds a project in memory and returns the article page.
fn article_page(p: &Project) -> String {
    let rendered = gloss::build::render_project(p.path(), false).expect("a build");
    let page = rendered
        .outputs
        .iter()
        .find(|o| o.path == "articles/a/index.html")
        .expect("the article page");
    String::from_utf8(page.bytes.clone()).expect("UTF-8")
}

/// An article and the reader-text ranges of one to three quotes cut from it.
fn case() -> impl Strategy<Value = (String, Vec<(usize, usize)>)> {
    // A body may have no reader text at all: a block whose first line starts with `~~~~` (a
    // strikethrough inside a strikethrough) opens a tilde code fence, as CommonMark says, and
    // a fence with nothing under it shows nothing. No quote can be cut from such a body, and
    // drawing a start from its empty list of boundaries would panic while the case is being
    // generated, where proptest can neither shrink nor record it.
    let quotable = |body: &String| reader(body).iter().any(|c| !c.is_whitespace());
    let bodies = body().prop_filter("a body with reader text", quotable);
    bodies.prop_flat_map(|body| {
        let chars = reader(&body);
        let (starts, ends) = boundaries(&chars);
        let cut = (
            prop::sample::Index::arbitrary(),
            prop::sample::Index::arbitrary(),
        );
        (Just(body), prop::collection::vec(cut, 1..4)).prop_map(move |(body, cuts)| {
            let quotes = cuts
                .into_iter()
                .filter_map(|(s, e)| {
                    let start = *s.get(&starts);
                    let after: Vec<usize> = ends.iter().copied().filter(|&e| e > start).collect();
                    (!after.is_empty()).then(|| (start, *e.get(&after)))
                })
                .collect();
            (body, quotes)
        })
    })
}

/// 48 cases per property, or `PROPTEST_CASES` when it is set: a `cases` written in the config
/// would otherwise win over the variable. Failing cases are recorded in
/// `tests/properties.proptest-regressions` and replayed first.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok());
    ProptestConfig {
        cases: cases.unwrap_or(48),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn quotes_cut_from_the_reader_text_anchor_there_and_mark_exactly_their_text(
        (body, quotes) in case()
    ) {
        prop_assume!(!quotes.is_empty());
        let chars = reader(&body);
        let p = Project::empty();
        p.write("content/articles/a.md", &format!("---\ntitle: A\ndate: 2007-03-15\n---\n{body}"));
        p.write("content/entities.yaml", "e:\n  name: E\n  kind: person\n");
        let mut yaml_text = String::from("annotations:\n");
        for (i, (start, end)) in quotes.iter().enumerate() {
            let quote: String = chars[*start..*end].iter().collect();
            // Every other one a mention, so links and marks both occur; the hint is where it
            // was cut, which picks it if the same text occurs elsewhere.
            let kind = if i % 2 == 0 { "entity: e" } else { "kind: note" };
            yaml_text.push_str(&format!(
                "  - id: q{i}\n    quote: {}\n    hint: {start}\n    {kind}\n",
                yaml(&quote)
            ));
        }
        p.write("content/articles/a.yaml", &yaml_text);

        let report = gloss::check::check(p.path(), false).expect("a check");
        let anchors = &report.rendered.anchors[0].anchors;
        for (anchor, (start, end)) in anchors.iter().zip(&quotes) {
            prop_assert!(
                matches!(anchor.status, gloss::anchor::Status::Exact | gloss::anchor::Status::Context),
                "{:?} for {start}..{end}", anchor.status
            );
            prop_assert_eq!(anchor.matches.len(), 1);
            prop_assert_eq!(anchor.matches[0].range.clone(), *start..*end);
        }

        let marked = Html::parse_document(&article_page(&p));
        for (i, (start, end)) in quotes.iter().enumerate() {
            let selector = Selector::parse(&format!("[data-annotation=\"q{i}\"]")).unwrap();
            let pieces: Vec<ElementRef> = marked.select(&selector).collect();
            let quote: String = chars[*start..*end].iter().collect();
            prop_assert_eq!(joined_text(&pieces), squeeze(&quote));
        }

        p.write("content/articles/a.yaml", "annotations: []\n");
        let plain = Html::parse_document(&article_page(&p));
        let text = |html: &Html| article_body(html).text().collect::<String>();
        prop_assert_eq!(text(&marked), text(&plain));
    }

    #[test]
    fn closest_alignments_have_the_fewest_errors_of_any_substring(
        pattern in prop::collection::vec(prop::sample::select(&['a', 'b', ' ', 'é', '😊'][..]), 1..80),
        text in prop::collection::vec(prop::sample::select(&['a', 'b', ' ', 'é', '😊'][..]), 0..120),
        max in 0usize..10,
    ) {
        let found = myers::closest(&pattern, &text, max);
        let fewest = sellers(&pattern, &text);
        if fewest <= max && !text.is_empty() {
            prop_assert!(!found.is_empty());
        }
        for m in &found {
            prop_assert!(m.start < m.end);
            prop_assert_eq!(m.errors, fewest);
            prop_assert_eq!(levenshtein(&pattern, &text[m.start..m.end]), m.errors);
        }
    }
}

/// What `case` leaves out, checked once: a body that is a lone tilde fence has no reader text,
/// so any quote of it is an orphan, reported, and the page still renders.
#[test]
fn a_body_without_reader_text_orphans_its_quotes() {
    let body = "~~~~ok~~~~\n";
    assert!(reader(body).is_empty());
    let p = Project::empty();
    p.write(
        "content/articles/a.md",
        &format!("---\ntitle: A\ndate: 2007-03-15\n---\n{body}"),
    );
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - quote: ok\n  - quote: ok~~~~ and a longer quote\n",
    );
    let report = gloss::check::check(p.path(), false).expect("a check");
    let statuses: Vec<_> = report.rendered.anchors[0]
        .anchors
        .iter()
        .map(|a| a.status)
        .collect();
    assert_eq!(statuses, [gloss::anchor::Status::Orphan; 2]);
    let page = Html::parse_document(&article_page(&p));
    let marks = Selector::parse("[data-annotation]").unwrap();
    assert_eq!(page.select(&marks).count(), 0);
}

/// The fewest edits between the pattern and any non-empty substring of the text: the
/// textbook dynamic programme, free to start anywhere (Sellers 1980).
fn sellers(pattern: &[char], text: &[char]) -> usize {
    let mut column: Vec<usize> = (0..=pattern.len()).collect();
    let mut best = usize::MAX;
    for &c in text {
        let mut diagonal = column[0];
        column[0] = 0;
        for i in 1..=pattern.len() {
            let above = column[i];
            column[i] = (diagonal + usize::from(pattern[i - 1] != c))
                .min(above + 1)
                .min(column[i - 1] + 1);
            diagonal = above;
        }
        best = best.min(column[pattern.len()]);
    }
    best
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(x != y))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}
