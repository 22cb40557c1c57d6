//! gloss's integration tests: the real binary on real projects. One test binary; each module
//! is a concern.

mod live;
mod util;

/// Anchoring rules: folding, context, occurrence, hint, whole words, failures.
mod anchoring;
/// The dev server under attack: malformed requests, endless headers, slow clients, load.
mod attack;
/// The bad-input suite: a fixture per broken input, the exact message, the last site kept.
mod bad_input;
/// Diagnostics: the exact messages, exit codes, and nothing written on error.
mod diagnostics;
/// The bundled example revised after it was annotated: fuzzy where the text moved, orphans
/// where it went.
mod edits;
/// The bundled example: builds clean, is deterministic, `site/` is current, every link resolves.
mod example;
/// `atom.xml` and `sitemap.xml` parsed as XML: required elements, absolute addresses.
mod feeds;
/// `gloss check --fix`: the diff, and `--write` changing only the values it must.
mod fix;
/// The fuzz target's seeds and past crashes, replayed on stable.
mod fuzz_inputs;
/// The loader fuzz targets' seeds and past crashes, replayed on stable.
mod fuzz_loaders;
/// Fuzzy re-anchoring: the warning and its fix, JSON, marks, orphans.
mod fuzzy;
/// Hostile content: scripts, handlers and script addresses never reach a page, feed or overlay.
mod hostile;
/// Incremental rebuilds in `watch` equal clean builds, byte for byte.
mod incremental;
/// `gloss check --format json`.
mod json;
/// Cross-links in Markdown.
mod links;
/// Output safety: refused folders, failed builds keep the site, nothing outside is touched.
mod output_safety;
/// Every page kind of DESIGN §3 from a small fixture project.
mod pages;
/// `pgo/rustc`: the profile only for optimized compiles that can read it.
#[cfg(unix)]
mod pgo;
/// Properties over generated articles: quotes anchor where cut, marks hold their text.
mod properties;
/// Public quote-matching test cases (Hypothesis, dom-anchor-text-quote), re-authored.
mod public_cases;
/// `gloss new` and `gloss init`.
mod scaffold;
/// The search page and its index.
mod search;
/// `gloss serve`: serving, live reload, the error overlay, refusing to leave the site.
mod serve;
/// Template overrides.
mod templates;
/// W3C Web Annotation export and import (Hypothesis exports too), round trip included.
mod w3c;
/// `gloss watch`: what triggers a rebuild and what does not.
mod watch;
