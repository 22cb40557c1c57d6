//! The loader fuzz targets' inputs replayed on the stable toolchain: every seed and every
//! input that once crashed (`fuzz/seeds/<target>`, `fuzz/regressions/<target>`) for
//! `front_matter`, `annotations` and `registry` goes through the same functions as in
//! `fuzz/fuzz_targets/`, without a panic and with the same checks.

use gloss::diagnostic::{Diagnostic, terminal};
use gloss::load::{annotations, article, config, registry};
use gloss::source::SourceFile;
use std::path::Path;

/// The inputs of one target, seeds first, by name.
fn inputs(target: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for folder in ["seeds", "regressions"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz")
            .join(folder)
            .join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            assert_eq!(folder, "regressions", "no seeds in {}", dir.display());
            continue;
        };
        let mut files: Vec<(String, String)> = entries
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| {
                let bytes = std::fs::read(e.path()).expect("read an input");
                let name = format!("{folder}/{}", e.file_name().to_string_lossy());
                (name, String::from_utf8_lossy(&bytes).into_owned())
            })
            .collect();
        files.sort();
        found.extend(files);
    }
    found
}

fn file(name: &str, text: &str) -> SourceFile {
    SourceFile::new(
        Path::new("/p"),
        &Path::new("/p").join(name),
        text.to_string(),
    )
}

fn render_all(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(terminal::render(d).ends_with("\n\n"));
    }
}

#[test]
fn front_matter_inputs_split_and_parse_without_panicking() {
    let inputs = inputs("front_matter");
    assert!(inputs.len() >= 5);
    for (name, text) in inputs {
        let file = file("content/articles/a.md", &text);
        let mut diagnostics = Vec::new();
        match article::split(&file) {
            Ok(split) => {
                assert!(split.front.end <= split.body.start, "{name}");
                assert_eq!(split.body.end, file.text.len(), "{name}");
                let _ = article::parse_front(&file, &split, &mut diagnostics);
            }
            Err(d) => diagnostics.push(d),
        }
        render_all(&diagnostics);
    }
}

#[test]
fn annotation_inputs_parse_without_panicking() {
    let inputs = inputs("annotations");
    assert!(inputs.len() >= 5);
    for (name, text) in inputs {
        let mut diagnostics = Vec::new();
        let parsed = annotations::parse(file("content/articles/a.yaml", &text), &mut diagnostics);
        for annotation in &parsed.annotations {
            assert!(
                !annotation.id.is_empty() && !annotation.id.contains('.'),
                "{name}"
            );
        }
        render_all(&diagnostics);
    }
}

#[test]
fn registry_and_settings_inputs_parse_without_panicking() {
    let inputs = inputs("registry");
    assert!(inputs.len() >= 5);
    for (name, text) in inputs {
        let mut diagnostics = Vec::new();
        let parsed = registry::parse(file("content/entities.yaml", &text), &mut diagnostics);
        for (id, entity) in parsed.entities.iter() {
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{name}: {id}"
            );
            assert_eq!(id, &entity.id);
        }
        let settings = config::parse(&file("content/site.yaml", &text), &mut diagnostics);
        assert!(settings.base_url.is_none_or(|u| u.ends_with('/')), "{name}");
        render_all(&diagnostics);
    }
}
