//! Fuzz target: an article body and its annotation file, through every stage but the write
//! (`gloss check`). Any input may be reported as errors; none may panic or hang.
//!
//! Input: the Markdown body, a NUL byte, then the annotation YAML (no NUL: an empty
//! annotation file). The front matter and the registry are fixed, so that inputs reach
//! anchoring and rendering instead of stopping at a missing title.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

/// One project folder per fuzzing process, rewritten for every input.
fn project() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let articles = dir.path().join("content/articles");
        std::fs::create_dir_all(&articles).expect("create content/articles");
        std::fs::write(
            dir.path().join("content/entities.yaml"),
            "csto:\n  name: Collective Security Treaty Organization\n  kind: organization\n  aliases: [CSTO]\nkabul:\n  name: Kabul\n  kind: place\n",
        )
        .expect("write the registry");
        dir
    })
    .path()
}

fuzz_target!(|data: &[u8]| {
    let (body, annotations) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let root = project();
    let articles = root.join("content/articles");
    let mut article = b"---\ntitle: Fuzz\ndate: 2007-03-15\n---\n".to_vec();
    article.extend_from_slice(body);
    std::fs::write(articles.join("a.md"), article).expect("write the article");
    std::fs::write(articles.join("a.yaml"), annotations).expect("write the annotations");
    if let Ok(report) = gloss::check::check(root, false) {
        // The JSON report walks every anchor and diagnostic.
        let _ = report.to_json();
    }
});
