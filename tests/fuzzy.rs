//! The fuzzy tier (DESIGN §2, step 3) as a person and a tool see it: the warning and its
//! fix, the JSON report, the marks on the page, and the orphans it refuses to guess about.

use crate::anchoring::article;
use serde_json::{Value, json};

fn report(p: &crate::util::Project, code: i32) -> Value {
    let run = p.gloss(&["check", "--format", "json"]).expect(code);
    serde_json::from_str(&run.stdout).expect("JSON on stdout")
}

const CORRECTED: &str = "The CSTO met in Kabul. A CSTO working-group visited the Afghan\ncapital Kabul from March 9-13.\n";

#[test]
fn a_changed_text_is_anchored_with_a_warning_that_says_how_to_fix_the_quote() {
    let p = article(
        CORRECTED,
        "annotations:\n  - quote: CSTO working group visited the Afghan capitol\n",
    );
    let run = p.gloss(&["check"]).expect(0);
    assert_eq!(
        run.stderr,
        "warning[fuzzy]: quote \"CSTO working group visited the Afghan capitol\" is no longer in `content/articles/a.md` exactly; anchored where the text now reads \"CSTO working-group visited the Afghan capital\"
 --> content/articles/a.yaml:2:12
  |
2 |   - quote: CSTO working group visited the Afghan capitol
  |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: the text is at content/articles/a.md:5:26, 2 edits from the quote; to anchor it exactly again, write
            quote: \"CSTO working-group visited the Afghan capital\"

1 warning
"
    );
    // The suggested line does what it says.
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - quote: \"CSTO working-group visited the Afghan capital\"\n",
    );
    let run = p.gloss(&["check"]).expect(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    // --strict makes the warning an error.
    let p = article(
        CORRECTED,
        "annotations:\n  - quote: CSTO working group visited the Afghan capitol\n",
    );
    p.gloss(&["check", "--strict"]).expect(1);
}

#[test]
fn the_json_report_shows_the_text_it_now_reads_and_the_edits() {
    let p = article(
        CORRECTED,
        "annotations:\n  - quote: CSTO working group visited the Afghan capitol\n",
    );
    let r = report(&p, 0);
    assert_eq!(
        r["anchors"][0],
        json!({"article": "a", "id": "1", "status": "fuzzy",
               "matches": [{"text": "CSTO working-group visited the Afghan capital", "start": 25,
                            "end": 70, "line": 5, "column": 26, "errors": 2}]})
    );
    assert_eq!(r["diagnostics"][0]["severity"], "warning");
    assert_eq!(r["diagnostics"][0]["code"], "fuzzy");
    assert!(
        r["diagnostics"][0]["hint"]
            .as_str()
            .unwrap()
            .ends_with("\n  quote: \"CSTO working-group visited the Afghan capital\""),
        "{}",
        r["diagnostics"][0]
    );
}

#[test]
fn a_fuzzy_anchor_is_marked_like_an_exact_one() {
    let p = article(
        CORRECTED,
        "annotations:\n  - id: visit\n    quote: CSTO working group visited the Afghan capitol\n    kind: event\n    date: 2007-03-09\n",
    );
    p.gloss(&["build"]).expect(0);
    let html = p.read("site/articles/a/index.html");
    let doc = scraper::Html::parse_document(&html);
    let pieces = scraper::Selector::parse("[data-annotation=\"visit\"]").unwrap();
    let text: String = doc
        .select(&pieces)
        .flat_map(|e| e.text())
        .collect::<String>();
    assert_eq!(text, "CSTO working-group visited the Afghan\ncapital");
    assert!(html.contains("id=\"a-visit\""));
    // Dated, so it is on the timeline and links to its place.
    assert!(p.read("site/timeline/index.html").contains("#a-visit"));
}

#[test]
fn equally_close_places_are_an_orphan_that_lists_them() {
    let body = "The CSTO said the Afghan goverment was ready. Later the CSTO said the Afghan goverment was not.\n";
    let p = article(body, "annotations:\n  - quote: the Afghan government\n");
    let run = p.gloss(&["check"]).expect(1);
    assert!(
        run.stderr.contains(
            "error[orphan]: quote not found in `content/articles/a.md`: \"the Afghan government\"
 --> content/articles/a.yaml:2:12
  |
2 |   - quote: the Afghan government
  |            ^^^^^^^^^^^^^^^^^^^^^
  = help: 2 places are about as close to it, so none was chosen:
            5:15  \"the Afghan goverment\"  (1 edit)
            5:67  \"the Afghan goverment\"  (1 edit)
"
        ),
        "{}",
        run.stderr
    );
    let r = report(&p, 1);
    assert_eq!(r["anchors"][0]["status"], "orphan");
    let starts: Vec<&Value> = r["anchors"][0]["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["start"])
        .collect();
    assert_eq!(starts, [14, 66]);
    // Nothing is marked, and a build fails.
    p.gloss(&["build"]).expect(1);
    // A prefix, a hint or an occurrence chooses one, as among exact matches.
    for chooser in [
        "prefix: 'Later the CSTO said '",
        "hint: 60",
        "occurrence: 2",
    ] {
        let p = article(
            body,
            &format!("annotations:\n  - quote: the Afghan government\n    {chooser}\n"),
        );
        let r = report(&p, 0);
        assert_eq!(r["anchors"][0]["status"], "fuzzy", "{chooser}");
        assert_eq!(r["anchors"][0]["matches"][0]["start"], 66, "{chooser}");
    }
}

#[test]
fn short_quotes_and_rewritten_text_stay_orphans() {
    let p = article(
        CORRECTED,
        // Under 8 characters: exact only. Then a quote whose words were replaced.
        "annotations:\n  - quote: CSTO mt\n  - quote: the delegation toured the Afghan capital\n",
    );
    let r = report(&p, 1);
    let statuses: Vec<&Value> = r["anchors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["status"])
        .collect();
    assert_eq!(statuses, ["orphan", "orphan"]);
    for a in r["anchors"].as_array().unwrap() {
        assert_eq!(a["matches"], json!([]));
    }
    // The not-found help still shows where the text departs from the quote.
    assert!(
        r["diagnostics"][1]["hint"]
            .as_str()
            .unwrap()
            .starts_with("the text has \"the"),
        "{}",
        r["diagnostics"][1]
    );
}

#[test]
fn occurrence_all_marks_every_close_place() {
    let body = "The RIA-Novosti report. Later RIA-Novosti said more.\n";
    let p = article(
        body,
        "annotations:\n  - quote: RIA Novosti\n    occurrence: all\n",
    );
    let r = report(&p, 0);
    assert_eq!(r["anchors"][0]["status"], "fuzzy");
    assert_eq!(r["anchors"][0]["matches"].as_array().unwrap().len(), 2);
    assert!(
        r["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .ends_with("now reads \"RIA-Novosti\" (and at 1 more place)"),
        "{}",
        r["diagnostics"][0]
    );
}
