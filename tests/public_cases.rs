//! Public quote-anchoring test cases, re-authored as gloss projects and run through the real
//! binary: the Hypothesis client's `src/annotator/anchoring/test/match-quote-test.js` and
//! `dom-anchor-text-quote`'s `test/index_spec.js`. Each case names its origin. Offsets count
//! Unicode scalar values of the reader text. Where gloss's stricter policy (DESIGN §2: a build
//! tool must not guess silently) gives a different answer, the case says so. The cases that
//! need scores rather than anchors are unit tests in `src/anchor/fuzzy/cases.rs`.

use crate::util::Project;
use serde_json::Value;

/// A project with one article per `(slug, body, annotations)`.
fn project(articles: &[(&str, &str, &str)]) -> Project {
    let p = Project::empty();
    for (slug, body, annotations) in articles {
        p.write(
            &format!("content/articles/{slug}.md"),
            &format!("---\ntitle: {slug}\ndate: 2007-03-15\n---\n{body}"),
        );
        p.write(&format!("content/articles/{slug}.yaml"), annotations);
    }
    p
}

/// The JSON report of `gloss check`, whatever its exit code.
fn report(p: &Project) -> Value {
    let run = p.gloss(&["check", "--format", "json"]);
    serde_json::from_str(&run.stdout).expect("JSON on stdout")
}

/// The anchor of annotation `id`.
fn anchor<'r>(report: &'r Value, id: &str) -> &'r Value {
    report["anchors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no anchor {id}"))
}

/// The diagnostic codes reported at line `line` of article `slug`'s annotation file.
fn codes_at(report: &Value, slug: &str, line: u64) -> Vec<String> {
    let file = format!("content/articles/{slug}.yaml");
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == file.as_str() && d["line"] == line)
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// Character offset of `needle` in `text`.
fn offset(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("in the text")]
        .chars()
        .count()
}

// --- Hypothesis client, match-quote-test.js ---------------------------------------------

/// The original's `twoCities` fixture, whitespace collapsed as its `normalize` does.
const TWO_CITIES: &str = "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, it was the season of Darkness, it was the spring of hope, it was the winter of despair, we had everything before us, we had nothing before us, we were all going direct to Heaven, we were all going direct the other way.";

/// The original's `solitude` fixture, whitespace collapsed.
const SOLITUDE: &str = "Many years later, as he faced the firing squad, Colonel Aureliano Buendía was to remember that distant afternoon when his father took him to discover ice";

#[test]
fn hypothesis_context_and_hint_among_exact_matches() {
    let p = project(&[(
        "cities",
        &format!("{TWO_CITIES}\n"),
        "annotations:
  - id: exact-prefix-1
    quote: before us
    prefix: we had everything
  - id: exact-prefix-2
    quote: before us
    prefix: we had nothing
  - id: approx-prefix-1
    quote: before us
    prefix: we had every-thing
  - id: approx-prefix-2
    quote: before us
    prefix: we had nout
  - id: exact-suffix-1
    quote: we had
    suffix: everything
  - id: exact-suffix-2
    quote: we had
    suffix: nothing
  - id: approx-suffix-1
    quote: we had
    suffix: ever ting
  - id: approx-suffix-2
    quote: we had
    suffix: nutting
  - id: hint-a
    quote: before us
    hint: 300
  - id: hint-b
    quote: before us
    hint: 320
  - id: no-hint
    quote: before us
",
    )]);
    let r = report(&p);
    let start = |id: &str| anchor(&r, id)["matches"][0]["start"].as_u64().unwrap() as usize;
    let status = |id: &str| anchor(&r, id)["status"].as_str().unwrap().to_string();
    let first = offset(TWO_CITIES, "before us, we had nothing");
    let second = offset(TWO_CITIES, "before us, we were all going");
    assert_eq!(
        (status("exact-prefix-1"), start("exact-prefix-1")),
        ("context".into(), first)
    );
    assert_eq!(
        (status("exact-prefix-2"), start("exact-prefix-2")),
        ("context".into(), second)
    );
    assert_eq!(
        start("exact-suffix-1"),
        offset(TWO_CITIES, "we had everything")
    );
    assert_eq!(
        start("exact-suffix-2"),
        offset(TWO_CITIES, "we had nothing")
    );
    // Differs on purpose: Hypothesis picks the match whose surroundings resemble an
    // approximate prefix or suffix. gloss's exact tier wants context that fits (after
    // folding) and otherwise reports the quote as ambiguous, with a prefix for each match,
    // rather than guess.
    for id in [
        "approx-prefix-1",
        "approx-prefix-2",
        "approx-suffix-1",
        "approx-suffix-2",
    ] {
        assert_eq!(status(id), "ambiguous", "{id}");
        assert_eq!(anchor(&r, id)["matches"].as_array().unwrap().len(), 2);
    }
    // The hint breaks the tie (the original's positions are just after "everything " and
    // "nothing "; 300 and 320 are nearer one than the other).
    assert!(first.abs_diff(300) < second.abs_diff(300));
    assert_eq!(
        (status("hint-a"), start("hint-a")),
        ("context".into(), first)
    );
    assert_eq!(
        (status("hint-b"), start("hint-b")),
        ("context".into(), second)
    );
    // Differs on purpose: without a hint Hypothesis takes the first of equal matches; gloss
    // says the quote is ambiguous.
    assert_eq!(status("no-hint"), "ambiguous");
}

#[test]
fn hypothesis_edge_cases() {
    let p = project(&[
        (
            "solitude",
            &format!("{SOLITUDE}\n"),
            "annotations:
  - id: exact
    quote: discover ice
  - id: approximate
    quote: some years later
  - id: long-prefix
    quote: years later
    prefix: It used to be many
  - id: nothing-close
    quote: It was the best of times, it was the worst of times
",
        ),
        (
            "document",
            "Some document text\n",
            "annotations:\n  - id: suffix-at-end\n    quote: text\n    suffix: missing\n",
        ),
        (
            "empty",
            "",
            "annotations:\n  - id: empty-text\n    quote: foobar\n",
        ),
    ]);
    let r = report(&p);
    let m = |id: &str| anchor(&r, id)["matches"][0].clone();
    assert_eq!(anchor(&r, "exact")["status"], "exact");
    assert_eq!(m("exact")["text"], "discover ice");
    assert_eq!(anchor(&r, "approximate")["status"], "fuzzy");
    assert_eq!(m("approximate")["text"], "Many years later");
    assert_eq!(m("approximate")["start"], 0);
    // A prefix longer than the text before the match, and a suffix after the end of the
    // text: the original still finds the quote. So does gloss, which warns that the context
    // no longer fits.
    assert_eq!(m("long-prefix")["text"], "years later");
    assert_eq!(m("suffix-at-end")["start"], 14);
    assert_eq!(
        codes_at(&r, "solitude", 8),
        ["stale-context"],
        "at the prefix"
    );
    assert_eq!(
        codes_at(&r, "document", 4),
        ["stale-context"],
        "at the suffix"
    );
    // No acceptable approximate match, an empty text: orphans.
    assert_eq!(anchor(&r, "nothing-close")["status"], "orphan");
    assert_eq!(anchor(&r, "empty-text")["status"], "orphan");
}

// --- dom-anchor-text-quote, test/index_spec.js ------------------------------------------

/// Lorem ipsum standing in for the original's fixture page, holding the phrases its tests
/// quote: "commodo vitae" in a code element, "on" inside a link, "Aenean" twice.
const LOREM: &str = "Pellentesque habitant morbi tristique senectus et netus et malesuada fames ac turpis egestas. Vestibulum tortor quam, feugiat vitae, ultricies eget, tempor sit amet, ante. Donec eu libero sit amet quam egestas semper. *Aenean ultricies mi vitae est.* Mauris placerat eleifend leo. Quisque sit amet est et sapien ullamcorper pharetra. Vestibulum erat wisi, condimentum sed, `commodo vitae`, ornare sit amet, wisi. Aenean fermentum, elit eget tincidunt condimentum, eros ipsum rutrum orci, sagittis tempus lacus enim ac dui. Donec n[on](https://example.org/) enim in turpis pulvinar facilisis. Ut felis.\n";

/// What a reader sees of [`LOREM`].
fn lorem_reader() -> String {
    LOREM
        .trim_end()
        .replace(['*', '`'], "")
        .replace("[on](https://example.org/)", "on")
}

#[test]
fn dom_anchor_text_quote_to_range() {
    let reader = lorem_reader();
    let first_aenean = offset(&reader, "Aenean ultricies");
    let last_aenean = offset(&reader, "Aenean fermentum");
    let annotations = format!(
        "annotations:
  - id: exact
    quote: commodo vitae
  - id: long-exact
    quote: Quisque sit amet est et sapien ullamcorper pharetra
  - id: close
    quote: commodo cites
  - id: context
    quote: commodo vitae
    prefix: 'condimentum sed, '
    suffix: ', ornare sit amet'
  - id: close-context
    quote: commodo cites
    prefix: 'condimentum sed, '
    suffix: ', ornare sit amet'
  - id: by-prefix
    quote: 'on'
    prefix: Donec n
  - id: by-suffix
    quote: 'on'
    suffix: ' enim in'
  - id: context-fails
    quote: commodo vitae
    prefix: bogomips
    suffix: bogomips
  - id: bogus
    quote: bogus
  - id: long-bogus
    quote: Quisque sit amet est et sapien ullam triceracorn
  - id: hint-first
    quote: Aenean
    hint: {first_aenean}
  - id: hint-last
    quote: Aenean
    hint: {last_aenean}
"
    );
    let p = project(&[("lorem", LOREM, &annotations)]);
    let r = report(&p);
    let status = |id: &str| anchor(&r, id)["status"].as_str().unwrap().to_string();
    let text = |id: &str| anchor(&r, id)["matches"][0]["text"].clone();
    let start = |id: &str| anchor(&r, id)["matches"][0]["start"].clone();
    assert_eq!(status("exact"), "exact");
    assert_eq!(text("exact"), "commodo vitae");
    assert_eq!(
        text("long-exact"),
        "Quisque sit amet est et sapien ullamcorper pharetra"
    );
    // "finds a close exact quote", "finds a close context quote": fuzzy, with a warning.
    for id in ["close", "close-context"] {
        assert_eq!(status(id), "fuzzy", "{id}");
        assert_eq!(text(id), "commodo vitae", "{id}");
        assert_eq!(anchor(&r, id)["matches"][0]["errors"], 3, "{id}");
    }
    assert_eq!(status("context"), "exact", "one match whose context fits");
    // "on" is only ever part of a word here; the context picks the one in the link.
    let in_link = offset(&reader, "on enim in");
    assert_eq!(
        (status("by-prefix"), start("by-prefix")),
        ("context".into(), in_link.into())
    );
    assert_eq!(
        (status("by-suffix"), start("by-suffix")),
        ("context".into(), in_link.into())
    );
    // "succeeds with the best match even if the context fails": gloss too, with a warning.
    assert_eq!(status("context-fails"), "exact");
    assert!(
        r["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "stale-context"),
        "{r}"
    );
    // "throws an error when the quote is not found", also for a long quote whose end
    // was replaced: orphans.
    assert_eq!(status("bogus"), "orphan");
    assert_eq!(status("long-bogus"), "orphan");
    // "uses a hint option to prioritize matches".
    assert_eq!(start("hint-first"), first_aenean);
    assert_eq!(start("hint-last"), last_aenean);

    // The match chosen by prefix sits in the link: its mark is inside the `<a>`.
    let p = project(&[(
        "lorem",
        LOREM,
        "annotations:\n  - id: on\n    quote: 'on'\n    prefix: Donec n\n    note: In the link.\n",
    )]);
    p.gloss(&["build"]).expect(0);
    let html = scraper::Html::parse_document(&p.read("site/articles/lorem/index.html"));
    let in_a =
        scraper::Selector::parse("a[href=\"https://example.org/\"] mark[data-annotation=\"on\"]")
            .unwrap();
    let marks: Vec<_> = html.select(&in_a).collect();
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].text().collect::<String>(), "on");
}
