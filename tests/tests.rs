//! gloss's integration tests: the real binary on real projects. One test binary; each module
//! is a concern.

mod util;

/// Every page kind of DESIGN §3 from a small fixture project.
mod pages;
/// Anchoring rules: folding, context, occurrence, hint, whole words, failures.
mod anchoring;
/// Cross-links in Markdown.
mod links;
/// Diagnostics: the exact messages, exit codes, and nothing written on error.
mod diagnostics;
/// `gloss check --format json`.
mod json;
/// Template overrides.
mod templates;
/// The bundled example: builds clean, is deterministic, `site/` is current, every link resolves.
mod example;
/// `gloss new` and `gloss init`.
mod scaffold;
