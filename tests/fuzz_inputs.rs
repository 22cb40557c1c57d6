//! The fuzz target's inputs replayed on the stable toolchain: every seed and every input that
//! once crashed (`fuzz/seeds/check`, `fuzz/regressions/check`) goes through `gloss check`
//! without a panic. Input format as in `fuzz/fuzz_targets/check.rs`: body, NUL, annotations.

use crate::util::Project;
use std::path::Path;

fn inputs(folder: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder);
    let mut found: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read an input");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    found.sort();
    found
}

/// Runs one input the way the fuzz target does; returns the JSON report.
fn replay(data: &[u8]) -> String {
    let (body, annotations) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let p = Project::empty();
    p.write(
        "content/entities.yaml",
        "csto:\n  name: Collective Security Treaty Organization\n  kind: organization\n  aliases: [CSTO]\nkabul:\n  name: Kabul\n  kind: place\n",
    );
    let mut article = b"---\ntitle: Fuzz\ndate: 2007-03-15\n---\n".to_vec();
    article.extend_from_slice(body);
    std::fs::create_dir_all(p.path().join("content/articles")).expect("a folder");
    std::fs::write(p.path().join("content/articles/a.md"), article).expect("write");
    std::fs::write(p.path().join("content/articles/a.yaml"), annotations).expect("write");
    gloss::check::check(p.path(), false)
        .expect("a project")
        .to_json()
}

#[test]
fn seeds_and_past_crashes_check_without_panicking() {
    let seeds = inputs("seeds/check");
    assert!(seeds.len() >= 4, "the seeds are there");
    for (name, data) in seeds.iter().chain(&inputs("regressions/check")) {
        let json = replay(data);
        assert!(json.starts_with("{\"articles\":1,"), "{name}: {json}");
    }
}

#[test]
fn the_seeds_reach_every_anchoring_tier() {
    let statuses: Vec<String> = inputs("seeds/check")
        .iter()
        .map(|(_, data)| replay(data))
        .collect();
    let all = statuses.join("\n");
    for status in ["exact", "context", "fuzzy"] {
        assert!(
            all.contains(&format!("\"status\":\"{status}\"")),
            "no seed is {status}: {all}"
        );
    }
}
