//! Addresses that must not reach a page: `javascript:` and `vbscript:` run code when
//! clicked, and a `data:` link opens a document the author of the site did not write. Links
//! in Markdown and addresses in YAML (`url`, an entity's `links`) are checked here, the way a
//! browser reads them, so no spelling (`JavaScript:`, `java&#9;script:`, leading spaces)
//! slips through.

use pulldown_cmark::{Event, Tag};
use std::ops::Range;

/// The scheme of an address that may not be linked to, if `url` has one. `image` is true
/// for an image's source: `data:image/…` is allowed there (an `<img>` runs no script).
pub fn unsafe_scheme(url: &str, image: bool) -> Option<&'static str> {
    // Browsers drop leading spaces and control characters and every tab or line break
    // before reading the scheme, and compare it without case.
    // The first sixteen characters that count, lowered, into bytes on the stack (every
    // link of every article passes here): a character beyond ASCII, which no scheme holds,
    // becomes a byte none has either.
    let mut start = [0u8; 16];
    let mut len = 0;
    let kept = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    for (byte, c) in start.iter_mut().zip(kept) {
        *byte = if c.is_ascii() {
            (c as u8).to_ascii_lowercase()
        } else {
            0xff
        };
        len += 1;
    }
    let cleaned = &start[..len];
    let scheme = ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .find(|s| cleaned.starts_with(s.as_bytes()))?;
    if image && scheme == "data:" && cleaned.starts_with(b"data:image/") {
        return None;
    }
    Some(scheme)
}

/// A link or image in Markdown whose address may not be linked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafeLink {
    /// The address, as pulldown-cmark decoded it (entities and escapes resolved).
    pub url: String,
    pub scheme: &'static str,
    /// Where the link is in the Markdown text.
    pub range: Range<usize>,
}

/// Every link, image or autolink in `markdown` whose address may not be linked to.
pub fn unsafe_links(markdown: &str) -> Vec<UnsafeLink> {
    // Every link, image and autolink starts with `[` or `<`: most notes have neither, and
    // need no parser.
    if memchr::memchr2(b'[', b'<', markdown.as_bytes()).is_none() {
        return Vec::new();
    }
    unsafe_links_in(&super::parse(markdown))
}

/// [`unsafe_links`] of Markdown already parsed into `events` (with their ranges).
pub fn unsafe_links_in(events: &[(Event<'_>, Range<usize>)]) -> Vec<UnsafeLink> {
    events
        .iter()
        .filter_map(|(event, range)| {
            let (url, image) = match &event {
                Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
                Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
                _ => return None,
            };
            let scheme = unsafe_scheme(url, image)?;
            Some(UnsafeLink {
                url: url.to_string(),
                scheme,
                range: range.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_script_address_is_caught() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "  javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html;base64,PHNjcmlwdD4=",
        ] {
            assert!(unsafe_scheme(url, false).is_some(), "{url:?}");
        }
        for url in [
            "https://example.org/javascript:x",
            "/javascript:",
            "entity:csto",
            "article:a#a-b",
            "mailto:a@example.org",
            "#a-1",
            "../media/data:x.png",
        ] {
            assert_eq!(unsafe_scheme(url, false), None, "{url:?}");
        }
        assert_eq!(unsafe_scheme("data:image/png;base64,iVBO", true), None);
        assert_eq!(unsafe_scheme("data:text/html,x", true), Some("data:"));
        assert_eq!(unsafe_scheme("javascript:x", true), Some("javascript:"));
    }

    #[test]
    fn links_images_and_autolinks_in_markdown_are_found_with_their_place() {
        let md = "A [fine](https://example.org) and a [bad](javascript:alert(1)).\n\n\
                  <vbscript:msgbox> ![img](data:image/png;base64,AA) \
                  [entity](java&#115;cript:x) [ref][r]\n\n[r]: data:text/html,x\n";
        let found = unsafe_links(md);
        let urls: Vec<&str> = found.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "javascript:alert(1)",
                "vbscript:msgbox",
                "javascript:x",
                "data:text/html,x"
            ]
        );
        assert_eq!(&md[found[0].range.clone()], "[bad](javascript:alert(1))");
    }
}
