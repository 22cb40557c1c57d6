//! Refuses addresses that would run code or open a made-up document when a reader clicks
//! them (`javascript:`, `vbscript:`, `data:`), wherever an author can write one: links in an
//! article's Markdown, its summary, notes and descriptions, and the addresses of `url` and an
//! entity's `links`. An error, not a silent rewrite: the author sees what was refused.

use crate::diagnostic::Diagnostic;
use crate::markdown::urls::{unsafe_links, unsafe_links_in, unsafe_scheme};
use crate::source::{Pos, SourceFile, Spanned};
use pulldown_cmark::Event;
use std::ops::Range;

/// Checks the links of an article's body, from its parsed `events`; the body starts at byte
/// `offset` of `file`.
pub fn check_body_links(
    file: &SourceFile,
    events: &[(Event<'_>, Range<usize>)],
    offset: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for link in unsafe_links_in(events) {
        let pos = file.pos(offset + link.range.start, link.range.len());
        diagnostics.push(refusal(file, pos, &link.url, link.scheme, "link"));
    }
}

/// Checks the links of Markdown held in a YAML value (a summary, a note, a description).
/// Positions point at the link when the value is written as it reads (a plain one-line
/// value), else at the value.
pub fn check_markdown_value(
    file: &SourceFile,
    value: &Spanned<String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let verbatim = file
        .text
        .get(value.pos.offset..)
        .is_some_and(|rest| rest.starts_with(value.value.as_str()));
    for link in unsafe_links(&value.value) {
        let pos = if verbatim {
            file.pos(value.pos.offset + link.range.start, link.range.len())
        } else {
            value.pos
        };
        diagnostics.push(refusal(file, pos, &link.url, link.scheme, "link"));
    }
}

/// Checks an address written as a YAML value (`url:`, an entity's `links:`).
pub fn check_address(
    file: &SourceFile,
    address: &Spanned<String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(scheme) = unsafe_scheme(&address.value, false) {
        diagnostics.push(refusal(
            file,
            address.pos,
            &address.value,
            scheme,
            "address",
        ));
    }
}

/// The error for `url`; `what` is "link" for a Markdown link, else the address is a value.
fn refusal(file: &SourceFile, pos: Pos, url: &str, scheme: &str, what: &str) -> Diagnostic {
    let shown: String = url.chars().take(40).collect();
    let ellipsis = if shown.len() < url.len() { "…" } else { "" };
    let help = if scheme == "data:" {
        "a `data:` address opens a document hidden in the link itself: put the file in \
         content/media/ and link to it there (images may use `data:image/…`)"
    } else {
        "such an address runs code in the reader's browser when clicked: link to an \
         http(s) address instead, or remove the link"
    };
    let message = match what {
        "link" => format!("a link to a `{scheme}` address is not allowed: `{shown}{ellipsis}`"),
        _ => format!("a `{scheme}` address is not allowed here: `{shown}{ellipsis}`"),
    };
    Diagnostic::error("unsafe-link", message)
        .at(file, pos)
        .help(help)
}
