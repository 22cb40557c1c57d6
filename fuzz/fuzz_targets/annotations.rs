//! Fuzz target: an annotation file (`load::annotations::parse`), every diagnostic rendered
//! the way a terminal shows it. Any input may be reported as errors; none may panic or hang,
//! and every annotation kept has a valid id.
//!
//! Input: the file, as text (bytes that are not UTF-8 are replaced).

#![no_main]

use gloss::diagnostic::terminal;
use gloss::load::annotations;
use gloss::source::SourceFile;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let file = SourceFile::new(
        Path::new("/p"),
        Path::new("/p/content/articles/a.yaml"),
        text,
    );
    let mut diagnostics = Vec::new();
    let parsed = annotations::parse(file, &mut diagnostics);
    for annotation in &parsed.annotations {
        assert!(!annotation.id.is_empty() && !annotation.id.contains('.'));
    }
    for d in &diagnostics {
        let _ = terminal::render(d);
    }
});
