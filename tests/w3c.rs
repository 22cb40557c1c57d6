//! W3C Web Annotation interop: `gloss export --format w3c` and `gloss import`, a round trip
//! through the bundled example, a Hypothesis API export, and bad input.

use crate::util::Project;
use serde_json::Value;

const ARTICLE: &str = "2007-03-15-csto-central-asia";

/// The placed matches of a check, as (text, start, end), sorted.
fn placed(project: &Project) -> Vec<(String, u64, u64)> {
    let run = project.gloss(&["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let mut out: Vec<(String, u64, u64)> = report["anchors"]
        .as_array()
        .expect("anchors")
        .iter()
        .filter(|a| ["exact", "context", "fuzzy"].contains(&a["status"].as_str().unwrap()))
        .flat_map(|a| a["matches"].as_array().unwrap().clone())
        .map(|m| {
            (
                m["text"].as_str().unwrap().to_string(),
                m["start"].as_u64().unwrap(),
                m["end"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn items(export: &Value) -> &Vec<Value> {
    assert_eq!(export["type"], "AnnotationCollection");
    assert_eq!(export["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(export["first"]["type"], "AnnotationPage");
    export["first"]["items"].as_array().expect("items")
}

#[test]
fn export_import_check_keeps_every_annotation_on_its_text() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = Project::copy_of(repo, &["content", "templates"]);
    let before = placed(&project);
    assert!(before.len() > 50);
    let run = project.gloss(&["export", "--format", "w3c"]).expect(0);
    let export: Value = serde_json::from_str(&run.stdout).expect("export is JSON");
    assert_eq!(
        items(&export).len(),
        before.len(),
        "one W3C annotation per place"
    );
    assert_eq!(export["total"], before.len());
    project.write("export.json", &run.stdout);
    let yaml = format!("content/articles/{ARTICLE}.yaml");
    std::fs::remove_file(project.path().join(&yaml)).expect("remove the annotations");
    let run = project
        .gloss(&["import", "export.json", "--article", ARTICLE])
        .expect(0);
    assert!(
        run.stdout
            .contains(&format!("Added {} annotations", before.len()))
    );
    project.gloss(&["check"]).expect(0);
    assert_eq!(placed(&project), before);
    // Kinds, entities and notes came back.
    let text = project.read(&yaml);
    assert!(text.starts_with("annotations:\n  - quote: "), "{text}");
    assert!(text.contains("    id: kabul-visit\n    kind: event\n    entity: [csto, kabul]\n"));
    assert!(text.contains("    kind: claim\n"));
}

#[test]
fn export_has_the_w3c_shape_and_counts_code_points() {
    let project = Project::fixture("fix");
    let run = project.gloss(&["export", "--format", "w3c"]).expect(0);
    let export: Value = serde_json::from_str(&run.stdout).expect("export is JSON");
    let items = items(&export);
    let check = placed(&project);
    for item in items {
        for key in ["@context", "id", "type", "motivation", "target"] {
            assert!(item.get(key).is_some(), "{key} in {item}");
        }
        assert_eq!(item["type"], "Annotation");
        assert_eq!(
            item["target"]["source"],
            "urn:gloss:article:2008-01-10-revised"
        );
        let selectors = item["target"]["selector"].as_array().unwrap();
        assert_eq!(selectors[0]["type"], "TextQuoteSelector");
        assert_eq!(selectors[1]["type"], "TextPositionSelector");
        let exact = selectors[0]["exact"].as_str().unwrap();
        assert!(selectors[0]["prefix"].as_str().unwrap().chars().count() <= 32);
        assert!(selectors[0]["suffix"].as_str().unwrap().chars().count() <= 32);
        let (start, end) = (
            selectors[1]["start"].as_u64().unwrap(),
            selectors[1]["end"].as_u64().unwrap(),
        );
        assert_eq!(end - start, exact.chars().count() as u64, "code points");
        assert!(check.contains(&(exact.to_string(), start, end)), "{exact}");
    }
    let by_id = |id: &str| {
        items
            .iter()
            .find(|i| i["id"] == format!("urn:gloss:2008-01-10-revised:{id}"))
            .unwrap_or_else(|| panic!("{id}"))
    };
    // After the curly quotes: code points, not bytes (each “ ” is 3 bytes).
    let yerevan = by_id("6");
    let quote = &yerevan["target"]["selector"][0];
    assert_eq!(quote["exact"], "Yerevan");
    assert_eq!(quote["prefix"], "cow ended early. Delegates from ");
    assert_eq!(yerevan["target"]["selector"][1]["start"], 318);
    assert_eq!(yerevan["motivation"], "commenting");
    assert_eq!(by_id("productive")["motivation"], "assessing");
    assert_eq!(by_id("2")["motivation"], "describing");
    let moscow = by_id("5");
    assert_eq!(moscow["motivation"], "identifying");
    assert_eq!(moscow["body"][0]["type"], "SpecificResource");
    assert_eq!(moscow["body"][0]["source"], "urn:gloss:entity:moscow");
}

#[test]
fn a_hypothesis_export_is_imported_after_the_existing_entries() {
    let project = Project::fixture("fix");
    let file = "content/articles/2008-01-10-revised.yaml";
    let original = project.read(file);
    // The shape of the Hypothesis API's search result: rows, target[].selector[] with a
    // RangeSelector beside the two text selectors, the note in `text`.
    let hypothesis = r#"{"total": 2, "rows": [
      {"id": "Xyz1", "uri": "https://example.org/report", "text": "Which hall?", "tags": ["venue", "csto"],
       "target": [{"source": "https://example.org/report", "selector": [
         {"type": "RangeSelector", "startContainer": "/p[2]", "startOffset": 0, "endContainer": "/p[2]", "endOffset": 5},
         {"type": "TextPositionSelector", "start": 180, "end": 184},
         {"type": "TextQuoteSelector", "exact": "CSTO", "prefix": "members. Finally the ", "suffix": " left the hall"}]}]},
      {"id": "Xyz2", "uri": "https://example.org/report", "text": "", "tags": [],
       "target": [{"source": "https://example.org/report", "selector": [
         {"type": "TextQuoteSelector", "exact": "Delegates from Yerevan", "prefix": "early. ", "suffix": " flew"}]}]}
    ]}"#;
    project.write("hypothesis.json", hypothesis);
    project
        .gloss(&[
            "import",
            "hypothesis.json",
            "--article",
            "2008-01-10-revised",
        ])
        .expect(0);
    let text = project.read(file);
    assert_eq!(
        &text[..original.len()],
        original,
        "existing text kept byte for byte"
    );
    assert_eq!(
        &text[original.len()..],
        "    - quote: CSTO\n      prefix: \"Finally the \"\n      note: Which hall?\n      tags: [venue, csto]\n    - quote: Delegates from Yerevan\n"
    );
    let placed = placed(&project);
    assert!(placed.contains(&("CSTO".to_string(), 180, 184)));
    assert!(placed.contains(&("Delegates from Yerevan".to_string(), 303, 325)));
}

#[test]
fn bad_input_is_named_and_never_a_panic() {
    let project = Project::fixture("fix");
    project.write("broken.json", "{\"rows\": [");
    let run = project
        .gloss(&["import", "broken.json", "--article", "2008-01-10-revised"])
        .expect(2);
    assert!(
        run.stderr
            .contains("`broken.json` is not W3C Web Annotation JSON"),
        "{}",
        run.stderr
    );
    project.write(
        "empty.json",
        "{\"type\": \"AnnotationPage\", \"items\": []}",
    );
    let run = project
        .gloss(&["import", "empty.json", "--article", "2008-01-10-revised"])
        .expect(2);
    assert!(
        run.stderr.contains("holds no annotations"),
        "{}",
        run.stderr
    );
    let run = project
        .gloss(&["import", "missing.json", "--article", "2008-01-10-revised"])
        .expect(2);
    assert!(run.stderr.contains("missing.json"), "{}", run.stderr);
    let run = project
        .gloss(&["import", "empty.json", "--article", "nope"])
        .expect(2);
    assert!(run.stderr.contains("no article `nope`"), "{}", run.stderr);
    let run = project
        .gloss(&["export", "--format", "w3c", "--article", "nope"])
        .expect(2);
    assert!(run.stderr.contains("no article `nope`"), "{}", run.stderr);
}
