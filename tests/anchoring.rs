//! Anchoring rules (DESIGN §2), seen through `gloss check --format json` and the messages a
//! person reads.

use crate::util::Project;
use serde_json::Value;

/// A project with one article `a` and its annotation file.
pub fn article(body: &str, annotations: &str) -> Project {
    let p = Project::empty();
    p.write(
        "content/articles/a.md",
        &format!("---\ntitle: A\ndate: 2007-03-15\n---\n{body}"),
    );
    p.write("content/articles/a.yaml", annotations);
    p
}

/// The JSON report's anchors.
fn anchors(p: &Project) -> Vec<Value> {
    let run = p.gloss(&["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    report["anchors"].as_array().expect("anchors").clone()
}

fn status(anchor: &Value) -> &str {
    anchor["status"].as_str().expect("a status")
}

const TEXT: &str = "The CSTO met in Kabul. Later the CSTO said\n“direct contacts” with *Hamid Karzai’s\nadministration* were opened. Finally the CSTO left.\n";

#[test]
fn whitespace_quotes_and_markup_are_folded() {
    let p = article(
        TEXT,
        "annotations:\n  - quote: \"said \\\"direct   contacts\\\" with Hamid Karzai's administration\"\n",
    );
    let a = &anchors(&p)[0];
    assert_eq!(status(a), "exact");
    let m = &a["matches"][0];
    // The reader text the match covers: line breaks are spaces there.
    assert_eq!(
        m["text"],
        "said “direct contacts” with Hamid Karzai’s administration"
    );
    assert_eq!(
        (m["line"].as_u64(), m["column"].as_u64()),
        (Some(5), Some(39))
    );
    assert_eq!(
        (m["start"].as_u64(), m["end"].as_u64()),
        (Some(38), Some(95))
    );
}

#[test]
fn prefix_suffix_occurrence_and_hint_choose_among_matches() {
    let p = article(
        TEXT,
        "annotations:
  - quote: CSTO
    prefix: 'Later the '
  - quote: CSTO
    suffix: ' left'
  - quote: CSTO
    occurrence: 2
  - quote: CSTO
    hint: 100
  - quote: CSTO
    occurrence: all
  - quote: Kabul
",
    );
    let a = anchors(&p);
    let starts: Vec<u64> = a
        .iter()
        .map(|a| a["matches"][0]["start"].as_u64().unwrap())
        .collect();
    assert_eq!(starts, [33, 121, 33, 121, 4, 16]);
    assert_eq!(
        a.iter().map(status).collect::<Vec<_>>(),
        ["context", "context", "context", "context", "exact", "exact"]
    );
    assert_eq!(a[4]["matches"].as_array().unwrap().len(), 3);
}

#[test]
fn an_ambiguous_quote_lists_every_match_and_a_prefix_for_each() {
    let p = article(TEXT, "annotations:\n  - quote: CSTO\n");
    let run = p.gloss(&["build"]).expect(1);
    assert_eq!(
        run.stderr,
        "error[ambiguous]: the quote \"CSTO\" occurs 3 times
 --> content/articles/a.yaml:2:12
  |
2 |   - quote: CSTO
  |            ^^^^
  = help: it occurs at:
            5:5  …The [CSTO]…  → prefix: \"The \"
            5:34  …Later the [CSTO]…  → prefix: \"Later the \"
            7:42  …Finally the [CSTO]…  → prefix: \"Finally the \"
          add the line that picks the one you mean, or `occurrence: all` to mark every one

1 error
error: the build failed; `site` was left as it was
"
    );
    assert_eq!(status(&anchors(&p)[0]), "ambiguous");
    assert!(!p.exists("site"));
}

#[test]
fn a_quote_not_found_shows_where_the_text_departs() {
    let p = article(TEXT, "annotations:\n  - quote: Hamid Karzai's government\n");
    let run = p.gloss(&["check"]).expect(1);
    assert!(run.stderr.starts_with("error[orphan]: quote not found in `content/articles/a.md`: \"Hamid Karzai's government\"\n --> content/articles/a.yaml:2:12\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains("= help: the text has \"Hamid Karzai’s\" at 6:25, but then it reads \"administration were opened. Fi…\" where the quote has \"government\""),
        "{}",
        run.stderr
    );
    let a = &anchors(&p)[0];
    assert_eq!(status(a), "orphan");
    assert_eq!(a["matches"].as_array().unwrap().len(), 0);
}

#[test]
fn an_occurrence_beyond_the_matches_is_an_error() {
    let p = article(TEXT, "annotations:\n  - quote: CSTO\n    occurrence: 4\n");
    let run = p.gloss(&["check"]).expect(1);
    assert!(run.stderr.starts_with("error[orphan]: `occurrence: 4` asks for match 4, but the quote has 3 matches\n --> content/articles/a.yaml:3:17\n"), "{}", run.stderr);
}

#[test]
fn context_that_fits_nowhere_is_reported() {
    let p = article(
        TEXT,
        "annotations:\n  - quote: CSTO\n    prefix: 'Earlier the '\n  - quote: Kabul\n    prefix: 'left '\n",
    );
    let run = p.gloss(&["check"]).expect(1);
    assert!(run.stderr.contains("error[ambiguous]: the quote \"CSTO\" occurs 3 times and its prefix/suffix fits none of them"));
    // A quote found once is still anchored when its context went stale: a warning.
    assert!(run.stderr.contains("warning[stale-context]: the quote occurs once, but its `prefix` no longer fits the text around it\n --> content/articles/a.yaml:5:13"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the text around it now reads \"The CSTO met in [Kabul].\""),
        "{}",
        run.stderr
    );
}

#[test]
fn whole_words_come_first_and_substrings_are_a_fallback() {
    let p = article(
        "Russian troops left Russia. Afghanistan’s neighbours.\n",
        "annotations:\n  - quote: Russia\n  - quote: ussia\n    occurrence: 1\n  - quote: Afghanistan\n",
    );
    let a = anchors(&p);
    assert_eq!(a[0]["matches"][0]["start"], 20);
    assert_eq!(a[1]["matches"][0]["start"], 1);
    assert_eq!(a[2]["matches"][0]["text"], "Afghanistan");
}

#[test]
fn quotes_cross_paragraphs_lists_and_links_in_any_script() {
    let body = "Москва и *Ереван*.\n\n- Երևան [մայրաքաղաք](https://am.example) 👍🏽\n";
    let p = article(
        body,
        "annotations:\n  - quote: Ереван. Երևան մայրաքաղաք 👍🏽\n",
    );
    let a = &anchors(&p)[0];
    assert_eq!(status(a), "exact");
    assert_eq!(
        a["matches"][0]["text"], "Ереван.\nԵրևան մայրաքաղաք 👍🏽",
        "paragraphs are separated by a newline"
    );
    assert_eq!(a["matches"][0]["start"], 9);
    p.gloss(&["build"]).expect(0);
    let html = p.read("site/articles/a/index.html");
    // Five pieces: inside the emphasis, after it, in the list item, inside the link, after it.
    assert_eq!(html.matches("data-annotation=\"1\"").count(), 5, "{html}");
}
