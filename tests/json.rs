//! `gloss check --format json`: exactly the shape DESIGN §2 documents.

use crate::anchoring::article;
use serde_json::{Value, json};

#[test]
fn the_report_has_exactly_the_documented_shape() {
    let p = article(
        "The CSTO met in Kabul.\nThe CSTO left.\n",
        "annotations:\n  - id: met\n    quote: CSTO met in Kabul\n  - quote: CSTO\n  - quote: absent\n",
    );
    let run = p.gloss(&["check", "--format", "json"]).expect(1);
    assert!(
        run.stdout.ends_with("}\n") && run.stdout.lines().count() == 1,
        "one object on one line"
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let ambiguous_help = report["diagnostics"][0]["hint"]
        .as_str()
        .unwrap()
        .to_string();
    let orphan_help = report["diagnostics"][1]["hint"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        report,
        json!({
            "articles": 1,
            "annotations": 3,
            "anchors": [
                {"article": "a", "id": "met", "status": "exact",
                 "matches": [{"text": "CSTO met in Kabul", "start": 4, "end": 21, "line": 5, "column": 5}]},
                {"article": "a", "id": "2", "status": "ambiguous",
                 "matches": [{"text": "CSTO", "start": 4, "end": 8, "line": 5, "column": 5},
                             {"text": "CSTO", "start": 27, "end": 31, "line": 6, "column": 5}]},
                {"article": "a", "id": "3", "status": "orphan", "matches": []}
            ],
            "diagnostics": [
                {"severity": "error", "code": "ambiguous", "file": "content/articles/a.yaml", "line": 4, "column": 12,
                 "message": "the quote \"CSTO\" occurs 2 times", "hint": ambiguous_help},
                {"severity": "error", "code": "orphan", "file": "content/articles/a.yaml", "line": 5, "column": 12,
                 "message": "quote not found in `content/articles/a.md`: \"absent\"", "hint": orphan_help}
            ]
        })
    );
    // Both matches follow "The": a suffix picks the first, a longer prefix the second.
    assert!(
        ambiguous_help.contains("5:5  …The [CSTO]…  → suffix: \" met\""),
        "{ambiguous_help}"
    );
    assert!(
        ambiguous_help.contains("6:5  …The [CSTO]…  → prefix: \"Kabul. The \""),
        "{ambiguous_help}"
    );
    // Nothing but the JSON goes to stdout, and diagnostics are not printed twice.
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn a_clean_project_reports_no_diagnostics_and_exits_0() {
    let p = article("The CSTO met.\n", "annotations:\n  - quote: CSTO\n");
    let run = p.gloss(&["check", "--format", "json"]).expect(0);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["diagnostics"], json!([]));
    assert_eq!(report["anchors"][0]["status"], "exact");
}
