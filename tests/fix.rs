//! `gloss check --fix` and `--fix --write` on a fixture written against an earlier version
//! of its article: the diff, the rewrite that changes only the values it must, and a clean
//! strict check afterwards.

use crate::util::Project;

const FILE: &str = "content/articles/2008-01-10-revised.yaml";

/// The fixture's annotation file with exactly the fixed values changed, by hand.
fn expected(original: &str) -> String {
    let replacements = [
        (
            "quote: joint air-defense network",
            "quote: joint air-defence network",
        ),
        (
            "a spokesman said the talks were\n            \"quite productive\"",
            "a spokesman said the talks were “very productive”",
        ),
        ("prefix: \"Later, the \"", "prefix: \"Later the \""),
        (
            "quote: Moscow   # the second one\n",
            "quote: Moscow   # the second one\n        prefix: \"meeting in \"\n",
        ),
        ("suffix: ' flew away'", "suffix: ' flew home.'"),
    ];
    let mut text = original.to_string();
    for (from, to) in replacements {
        assert_eq!(text.matches(from).count(), 1, "{from}");
        text = text.replace(from, to);
    }
    text
}

/// An anchor's id, status and reader ranges.
type Anchor = (String, String, Vec<(u64, u64)>);

/// Every anchor, from `check --format json`.
fn anchors(project: &Project) -> Vec<Anchor> {
    let run = project.gloss(&["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    report["anchors"]
        .as_array()
        .expect("anchors")
        .iter()
        .map(|a| {
            let ranges = a["matches"]
                .as_array()
                .expect("matches")
                .iter()
                .map(|m| (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap()))
                .collect();
            (
                a["id"].as_str().unwrap().to_string(),
                a["status"].as_str().unwrap().to_string(),
                ranges,
            )
        })
        .collect()
}

#[test]
fn fix_prints_a_unified_diff_and_changes_nothing() {
    let project = Project::fixture("fix");
    let original = project.read(FILE);
    let run = project.gloss(&["check", "--fix"]).expect(1);
    assert!(
        run.stdout.starts_with(&format!(
            "--- a/{FILE}\n+++ b/{FILE}\n@@ -11,29 +11,29 @@\n"
        )),
        "{}",
        run.stdout
    );
    for line in [
        "\n-        quote: joint air-defense network\n+        quote: joint air-defence network\n",
        "\n-            a spokesman said the talks were\n-            \"quite productive\"\n+            a spokesman said the talks were “very productive”\n",
        "\n-    - {quote: CSTO, prefix: \"Later, the \", entity: csto}\n+    - {quote: CSTO, prefix: \"Later the \", entity: csto}\n",
        "\n     -   quote: Moscow   # the second one\n+        prefix: \"meeting in \"\n         hint: 290\n",
        "\n-        suffix: ' flew away'\n+        suffix: ' flew home.'\n",
    ] {
        assert!(run.stdout.contains(line), "{line}\nin\n{}", run.stdout);
    }
    assert!(
        run.stderr.contains("5 annotations to fix in 1 file"),
        "{}",
        run.stderr
    );
    assert_eq!(project.read(FILE), original, "--fix alone writes nothing");
}

#[test]
fn fix_write_changes_only_the_values_and_the_check_is_clean_after() {
    let project = Project::fixture("fix");
    let original = project.read(FILE);
    let before = anchors(&project);
    assert!(before.iter().any(|(_, status, _)| status == "fuzzy"));
    assert!(before.iter().any(|(_, status, _)| status == "ambiguous"));
    let run = project.gloss(&["check", "--fix", "--write"]).expect(0);
    assert!(
        run.stdout.contains("Fixed 5 annotations in 1 file"),
        "{}",
        run.stdout
    );
    assert_eq!(project.read(FILE), expected(&original));
    project.gloss(&["check", "--strict"]).expect(0);
    let run = project.gloss(&["check", "--fix"]).expect(0);
    assert_eq!(run.stdout, "", "nothing left to fix");
    // Every annotation marks what it marked before; the ambiguous one the match its old
    // prefix was closest to (the second "CSTO"), the hinted one the "Moscow" it chose.
    let after = anchors(&project);
    for ((id, old_status, old), (_, status, new)) in before.iter().zip(&after) {
        assert!(status == "exact" || status == "context", "{id}: {status}");
        match old_status.as_str() {
            "ambiguous" => assert_eq!(new, &vec![old[1]], "{id}"),
            _ => assert_eq!(new, old, "{id}"),
        }
    }
}

#[test]
fn fix_applies_the_same_diff_git_would() {
    let project = Project::fixture("fix");
    let original = project.read(FILE);
    let diff = project.gloss(&["check", "--fix"]).expect(1).stdout;
    project.write("fix.diff", &diff);
    let status = std::process::Command::new("git")
        .args(["apply", "--unsafe-paths", "fix.diff"])
        .current_dir(project.path())
        .status();
    match status {
        Ok(status) => {
            assert!(status.success(), "git apply failed on:\n{diff}");
            assert_eq!(project.read(FILE), expected(&original));
        }
        // Without git the diff's shape is checked by the test above.
        Err(_) => eprintln!("git not found: skipping `git apply`"),
    }
}

#[test]
fn what_cannot_be_fixed_is_said_and_left_alone() {
    let project = Project::fixture("fix");
    let text = "annotations:\n  - quote: CSTO\n    entity: csto\n";
    project.write(FILE, text);
    let run = project.gloss(&["check", "--fix", "--write"]).expect(1);
    assert!(
        run.stderr.contains(&format!(
            "cannot fix {FILE}:2:12: the quote occurs 3 times and nothing says which one is meant"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(project.read(FILE), text);
}

#[test]
fn write_needs_fix() {
    let project = Project::fixture("fix");
    let run = project.gloss(&["check", "--write"]).expect(2);
    assert!(run.stderr.contains("--fix"), "{}", run.stderr);
}

#[test]
fn a_new_key_is_added_to_a_flow_entry_and_at_the_end_of_a_file() {
    let project = Project::fixture("fix");
    // No line break at the end of the file, and an entry in flow style.
    let text = "annotations:\n- {quote: CSTO, hint: 150, entity: csto}\n- entity: moscow\n  hint: 300\n  quote: Moscow";
    project.write(FILE, text);
    project.gloss(&["check", "--fix", "--write"]).expect(0);
    assert_eq!(
        project.read(FILE),
        "annotations:\n- {quote: CSTO, prefix: \"Later the \", hint: 150, entity: csto}\n- entity: moscow\n  hint: 300\n  quote: Moscow\n  prefix: \"meeting in \""
    );
    project.gloss(&["check", "--strict"]).expect(0);
}
