//! Fuzz target: an article file's front matter, split from its body and read as fields
//! (`load::article::split` and `parse_front`), then every diagnostic rendered the way a
//! terminal shows it. Any input may be reported as errors; none may panic or hang.
//!
//! Input: the whole article file, as text (bytes that are not UTF-8 are replaced, as
//! `gloss` refuses such files before this point).

#![no_main]

use gloss::diagnostic::terminal;
use gloss::load::article;
use gloss::source::SourceFile;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let file = SourceFile::new(Path::new("/p"), Path::new("/p/content/articles/a.md"), text);
    let mut diagnostics = Vec::new();
    match article::split(&file) {
        Ok(split) => {
            assert!(split.front.end <= split.body.start && split.body.end == file.text.len());
            let _ = article::parse_front(&file, &split, &mut diagnostics);
        }
        Err(d) => diagnostics.push(d),
    }
    for d in &diagnostics {
        let _ = terminal::render(d);
    }
});
