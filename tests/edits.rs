//! Annotations that survive edits: the bundled example, its article revised the ways articles
//! are revised after they were annotated, checked by the real binary. Where a reader would
//! say the annotation is still in the same place it is re-anchored (`fuzzy`, a warning);
//! where its text is gone it is an `orphan` (an error); everything else stays exact.

use crate::util::Project;
use serde_json::Value;
use std::path::Path;

const ARTICLE: &str = "content/articles/2007-03-15-csto-central-asia.md";
const ANNOTATIONS: &str = "content/articles/2007-03-15-csto-central-asia.yaml";

/// A copy of the bundled example.
fn example() -> Project {
    Project::copy_of(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["content", "templates"],
    )
}

/// Replaces the one occurrence of `from` in a file of the project.
fn edit(p: &Project, file: &str, from: &str, to: &str) {
    let text = p.read(file);
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} occurs once in {file}"
    );
    p.write(file, &text.replacen(from, to, 1));
}

fn report(p: &Project) -> Value {
    let run = p.gloss(&["check", "--format", "json"]);
    serde_json::from_str(&run.stdout).expect("JSON on stdout")
}

fn anchors(report: &Value) -> &Vec<Value> {
    report["anchors"].as_array().expect("anchors")
}

/// The anchors that are no longer exact: `(status, text of the first match)`.
fn moved(report: &Value) -> Vec<(String, String)> {
    anchors(report)
        .iter()
        .filter(|a| a["status"] != "exact" && a["status"] != "context")
        .map(|a| {
            (
                a["status"].as_str().unwrap().to_string(),
                a["matches"][0]["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The diagnostics as `code: message` lines.
fn messages(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn fuzzy(text: &str) -> (String, String) {
    ("fuzzy".into(), text.into())
}

#[test]
fn a_typo_fixed_in_the_article() {
    let p = example();
    // The article was annotated while it still had a typo, copied into the quote...
    edit(&p, ARTICLE, "Islamic radicalism", "Islamic radicalsim");
    edit(
        &p,
        ANNOTATIONS,
        "quote: Islamic radicalism",
        "quote: Islamic radicalsim",
    );
    assert_eq!(moved(&report(&p)), []);
    // ...then the typo was fixed.
    edit(&p, ARTICLE, "Islamic radicalsim", "Islamic radicalism");
    let r = report(&p);
    assert_eq!(
        moved(&r),
        [fuzzy("Islamic radicalism and narcotics trafficking")]
    );
    let hint = r["diagnostics"][0]["hint"].as_str().unwrap();
    assert!(
        hint.ends_with("2 edits from the quote; to anchor it exactly again, write\n  quote: \"Islamic radicalism and narcotics trafficking\""),
        "{hint}"
    );
    // A warning: the site still builds, with the note in place.
    let run = p.gloss(&["build"]).expect(0);
    assert!(run.stderr.contains("warning[fuzzy]"), "{}", run.stderr);
}

#[test]
fn a_word_corrected_and_a_sentence_reworded() {
    let p = example();
    edit(
        &p,
        ARTICLE,
        "Russian Air Forces Commander",
        "Russian Air Force Commander",
    );
    edit(
        &p,
        ARTICLE,
        "A CSTO working group visited the Afghan capital Kabul from March 9-13,",
        "A CSTO working group was in the Afghan capital Kabul from March 9-13,",
    );
    let r = report(&p);
    assert_eq!(
        moved(&r),
        [
            fuzzy("A CSTO working group was in the Afghan capital Kabul from March 9-13"),
            fuzzy("Russian Air Force"),
        ]
    );
    // The event keeps its place on the timeline and its anchor on the page.
    p.gloss(&["build"]).expect(0);
    let html = p.read("site/articles/2007-03-15-csto-central-asia/index.html");
    assert!(html.contains("id=\"a-kabul-visit\""));
}

#[test]
fn a_sentence_reworded_beyond_recognition_is_an_orphan() {
    let p = example();
    edit(
        &p,
        ARTICLE,
        "stating that the talks marked the opening of \"direct\ncontacts\" between the Moscow-based organization and the Afghan\ngovernment.",
        "calling the talks a first step toward regular consultations with\nKabul.",
    );
    let r = report(&p);
    // The claim about the talks and the term inside it are gone; so is the place of
    // "Moscow" with its "-based organization" suffix, which fits none of its other
    // occurrences. Nothing is placed on text that merely resembles them.
    assert_eq!(
        moved(&r),
        [
            ("orphan".to_string(), String::new()),
            ("orphan".to_string(), String::new()),
            ("ambiguous".to_string(), "Moscow".to_string()),
        ]
    );
    let m = messages(&r);
    assert!(
        m.iter().any(|l| l.starts_with("orphan: quote not found")
            && l.contains("the talks marked the opening")),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|l| l.starts_with("orphan: quote not found") && l.contains("\"direct contacts\"")),
        "{m:?}"
    );
    p.gloss(&["build"]).expect(1);
}

#[test]
fn a_paragraph_inserted_before_an_annotated_one_changes_nothing_but_positions() {
    let p = example();
    let before = report(&p);
    edit(
        &p,
        ARTICLE,
        "regional air defense system.\n\n",
        "regional air defense system.\n\nUpdated March 16: this report now includes the CSTO's\nown account of the visit.\n\n",
    );
    let after = report(&p);
    assert_eq!(moved(&after), []);
    assert_eq!(after["diagnostics"], before["diagnostics"]);
    // Every annotation of the second paragraph on is two lines and some characters further.
    let visit = |r: &Value| {
        anchors(r)
            .iter()
            .find(|a| a["id"] == "kabul-visit")
            .unwrap()["matches"][0]
            .clone()
    };
    let (b, a) = (visit(&before), visit(&after));
    assert_eq!(a["text"], b["text"]);
    assert_eq!(a["line"].as_u64().unwrap(), b["line"].as_u64().unwrap() + 3);
    assert!(a["start"].as_u64().unwrap() > b["start"].as_u64().unwrap());
}

#[test]
fn a_sentence_deleted_orphans_only_what_it_held() {
    let p = example();
    edit(
        &p,
        ARTICLE,
        "The CSTO created a working group on Afghanistan in 2005 under the\nauspices of the organization’s Foreign Ministers’ Council. ",
        "",
    );
    let r = report(&p);
    assert_eq!(moved(&r), [("orphan".to_string(), String::new())]);
    let m = messages(&r);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].starts_with(
            "orphan: quote not found in `content/articles/2007-03-15-csto-central-asia.md`: \"The CSTO created a working group on Afghanistan in 2005\""
        ),
        "{m:?}"
    );
}

#[test]
fn rewrapped_lines_leave_every_anchor_where_it_was() {
    let p = example();
    let before = report(&p);
    let text = p.read(ARTICLE);
    let (front, body) = text.split_at(text.find("\n---\n").unwrap() + 5);
    p.write(ARTICLE, &format!("{front}{}", rewrap(body, 52)));
    assert_ne!(p.read(ARTICLE), text, "the lines moved");
    let after = report(&p);
    assert_eq!(after["diagnostics"], before["diagnostics"]);
    // The reader text is the same: the same statuses and ranges, on other lines.
    let ranges = |r: &Value| {
        anchors(r)
            .iter()
            .map(|a| {
                let spans: Vec<(Value, Value)> = a["matches"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| (m["start"].clone(), m["end"].clone()))
                    .collect();
                (a["status"].clone(), spans)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(ranges(&after), ranges(&before));
}

#[test]
fn straightened_quotes_and_dashes_leave_every_anchor_exact() {
    let p = example();
    let text = p.read(ARTICLE);
    assert!(text.contains('’'));
    let straight = text
        .replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"")
        .replace('—', "--");
    p.write(ARTICLE, &straight);
    let r = report(&p);
    assert_eq!(moved(&r), []);
    assert_eq!(r["diagnostics"], serde_json::json!([]));
    // And the other way: curly quotes where the author typed straight ones.
    let curly = text.replacen("\"direct\ncontacts\"", "“direct\ncontacts”", 1);
    p.write(ARTICLE, &curly);
    let r = report(&p);
    assert_eq!(moved(&r), []);
    assert_eq!(r["diagnostics"], serde_json::json!([]));
}

/// The Markdown with each paragraph's lines joined and wrapped again at `width` columns.
/// Only for plain paragraphs: no line of the example starts a list or heading when wrapped.
fn rewrap(body: &str, width: usize) -> String {
    body.split("\n\n")
        .map(|paragraph| {
            let mut lines: Vec<String> = Vec::new();
            for word in paragraph.split_whitespace() {
                match lines.last_mut() {
                    Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                        line.push(' ');
                        line.push_str(word);
                    }
                    _ => lines.push(word.to_string()),
                }
            }
            lines.join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n"
}
