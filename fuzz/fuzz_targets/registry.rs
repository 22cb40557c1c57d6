//! Fuzz target: the YAML files read as mappings of settings — the entity registry
//! (`load::registry::parse`) and `site.yaml` (`load::config::parse`) — with every diagnostic
//! rendered the way a terminal shows it. Any input may be reported as errors; none may panic
//! or hang, and every entity kept has an id usable in a web address.
//!
//! Input: the file, as text (bytes that are not UTF-8 are replaced).

#![no_main]

use gloss::diagnostic::terminal;
use gloss::load::{config, registry};
use gloss::source::SourceFile;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let entities = SourceFile::new(
        Path::new("/p"),
        Path::new("/p/content/entities.yaml"),
        text.clone(),
    );
    let site = SourceFile::new(Path::new("/p"), Path::new("/p/content/site.yaml"), text);
    let mut diagnostics = Vec::new();
    let parsed = registry::parse(entities, &mut diagnostics);
    for (id, entity) in &parsed.entities {
        assert!(
            !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        );
        assert_eq!(id, &entity.id);
    }
    let settings = config::parse(&site, &mut diagnostics);
    if let Some(url) = &settings.base_url {
        assert!(url.ends_with('/'));
    }
    for d in &diagnostics {
        let _ = terminal::render(d);
    }
});
