//! The messages gloss prints: wording helpers, printing that never panics, joining text in
//! one allocation, putting it on one line, and a quick test for special bytes.

use std::io::Write;

/// Prints a line to stdout. A closed stdout (`gloss serve | head`) must not bring down a
/// server, so failures are ignored.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Prints to stderr (`text` ends its own lines), ignoring failures like [`say`].
pub fn tell(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The parts joined, in one allocation: `format!` guesses the size from its literal parts and
/// grows the string as arguments come, which shows in a build that makes millions of URLs and
/// ids.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Whether `text` holds any of the ASCII bytes of `set`. `str::contains` with a set of
/// characters decodes and tests one character at a time and stops at the first found; this
/// tests every byte of a block of sixteen without stopping, which the compiler turns into one
/// vector test, and a block at a time. (A fold over all the bytes, as before, was vectorized
/// only where the function stood alone: inlined into a caller it took four bytes a step.) For
/// the short values a build checks by the hundred thousand (attributes, keys, JSON), almost
/// none of which hold any.
#[inline]
pub fn has_any<const N: usize>(text: &str, set: [u8; N]) -> bool {
    let hits = |bytes: &[u8]| {
        bytes.iter().fold(false, |any, &b| {
            any | set.iter().fold(false, |hit, &s| hit | (b == s))
        })
    };
    let blocks = text.as_bytes().chunks_exact(16);
    let rest = blocks.remainder();
    blocks.into_iter().any(hits) || hits(rest)
}

/// `text` on one line, its words as they are: each run of whitespace (line and paragraph
/// breaks among them) becomes one space, and none is left at either end. Written straight into
/// one string, without the list of words a `join` needs first: the search index makes one
/// for every summary and note.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// How many characters `text` holds. Most text gloss counts is ASCII, which `str::is_ascii`
/// tells a word at a time where `chars().count()` costs a few instructions a byte.
pub fn char_count(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

/// `1 article`, `2 articles`, `1 entity`, `2 entities`.
pub fn count(n: usize, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_leaves_single_spaces_between_words() {
        assert_eq!(
            one_line("  The\tbloc\n\nmet \u{a0} here. "),
            "The bloc met here."
        );
        assert_eq!(one_line(" \n "), "");
        assert_eq!(one_line("word"), "word");
    }

    #[test]
    fn has_any_finds_a_byte_of_the_set_anywhere() {
        assert!(!has_any("", *b"<>&"));
        assert!(!has_any(
            "plain text, “quoted” — and long enough to span words",
            *b"<>&"
        ));
        for text in ["<b", "a > b", "fish & chips", "end&", "“wide” then <"] {
            assert!(has_any(text, *b"<>&"), "{text}");
        }
        // Bytes of wide characters are never ASCII ones.
        assert!(!has_any("€ ≤ ≥", *b"<>&"));
        // At every place of texts of one to three blocks of sixteen, and past their ends.
        for len in 1..50 {
            for at in 0..len {
                let mut text = "x".repeat(len);
                text.replace_range(at..at + 1, "&");
                assert!(has_any(&text, *b"<>&"), "{text}");
                assert!(!has_any(&text, *b"<>"), "{text}");
            }
        }
    }

    #[test]
    fn plurals() {
        assert_eq!(count(1, "page"), "1 page");
        assert_eq!(count(0, "page"), "0 pages");
        assert_eq!(count(2, "entity"), "2 entities");
        assert_eq!(count(1, "entity"), "1 entity");
    }
}
