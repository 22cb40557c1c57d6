//! Lines of prose whose only markup is inline links, read without the parser. A note or a
//! summary that names an entity (`Compare [Kabul](entity:kabul).`) is such a line, and
//! parsing one took ~5,000 instructions (a parser set up for a paragraph of forty bytes),
//! once for its HTML and again for the search index's text. Tests check that the parser
//! reads every line taken here the same way.

use super::markup;

/// A piece of a [`linked_line`]: text as it is, or a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Link {
        label: &'a str,
        destination: &'a str,
    },
}

/// The text and the links of `text`, in order, when it is a line
/// [`plain_line`](super::plain_line) would take but for inline links
/// (`[label](destination)`, possibly first) whose labels are such text too and whose
/// destinations are one run of URL characters; `None` for any other text, plain lines
/// included.
pub fn linked_line(text: &str) -> Option<Vec<Piece<'_>>> {
    // A line that starts with a link starts no block: only `[label]:` would.
    let first = text.chars().next()?;
    if !(first.is_alphabetic() || first == '[') || text.ends_with(char::is_whitespace) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let (mut start, mut at) = (0, 0);
    while at < bytes.len() {
        match bytes[at] {
            // `![...](...)` is an image; the `!` is always a byte before.
            b'[' if at == 0 || bytes[at - 1] != b'!' => {
                let (label, destination, end) = link_at(text, at)?;
                if start < at {
                    pieces.push(Piece::Text(&text[start..at]));
                }
                pieces.push(Piece::Link { label, destination });
                (start, at) = (end, end);
            }
            b if markup(b) => return None,
            _ => at += 1,
        }
    }
    if pieces.is_empty() {
        return None;
    }
    if start < bytes.len() {
        pieces.push(Piece::Text(&text[start..]));
    }
    Some(pieces)
}

/// The link whose `[` is at byte `at`: its label, its destination and where it ends.
fn link_at(text: &str, at: usize) -> Option<(&str, &str, usize)> {
    let rest = &text[at + 1..];
    let close = memchr::memchr(b']', rest.as_bytes())?;
    let label = &rest[..close];
    // A label starting with `^` would be a footnote reference; spaces at its ends are kept
    // by the parser, but nothing needs them.
    let plain_label = !label.is_empty()
        && !label.starts_with(['^', ' '])
        && !label.ends_with(' ')
        && !label.bytes().any(|b| markup(b) || matches!(b, b'(' | b')'));
    if !plain_label {
        return None;
    }
    let after = rest[close + 1..].strip_prefix('(')?;
    let end = memchr::memchr(b')', after.as_bytes())?;
    let destination = &after[..end];
    if destination.is_empty() || !destination.bytes().all(url_byte) {
        return None;
    }
    // `[`, the label, `](`, the destination, `)`.
    Some((label, destination, at + 1 + close + 2 + end + 1))
}

/// A byte of a destination taken here: one the parser reads as itself (no escapes, entities,
/// spaces, quotes or brackets).
fn url_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._:/?#@!$+,;=%".contains(&b)
}

/// Lines for the property tests that compare the renderers with the parser: words and links
/// the shortcut takes, with a near miss (whole or a part of a link) among them half the time.
#[cfg(test)]
pub fn linked_lines() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    const TAKEN: &[&str] = &[
        "word",
        " ",
        "é",
        ".",
        "\"",
        "'",
        "#",
        "(",
        ")",
        "!",
        "[a](entity:k)",
        "[a](entity:k)",
        "[Kabul](https://x.org/p?q=1#f)",
        "[b c](article:s#a-1)",
        "[d](x:y%20z)",
    ];
    const NEAR: &[&str] = &[
        "![a](x)",
        "[^a](x)",
        "[ a](x)",
        "[a ](x)",
        "[a](x y)",
        "[a](<x>)",
        "[a](x(1))",
        "[*a*](x)",
        "[a](x\\y)",
        "[a](x&y)",
        "[a][r]",
        "[a]",
        "[a] (x)",
        "[",
        "]",
        "](",
        "*",
        "^",
        "[a](x",
        "[a",
        "[]()",
        "[a]()",
    ];
    // Lines start as the shortcut needs them to, with a word or a link.
    const FIRST: &[&str] = &["Word ", "É", "[a](entity:k)"];
    (
        proptest::sample::select(FIRST),
        proptest::collection::vec(proptest::sample::select(TAKEN), 0..10),
        proptest::option::of((proptest::sample::select(NEAR), 0..10usize)),
    )
        .prop_map(|(first, mut pieces, near)| {
            pieces.insert(0, first);
            if let Some((piece, at)) = near {
                pieces.insert(at.min(pieces.len()), piece);
            }
            pieces.concat()
        })
}

/// Lines [`linked_line`] takes, and lines it must leave to the parser: for the tests of each
/// reader that takes the shortcut.
#[cfg(test)]
pub const LINKED_LINE_SAMPLES: &[&str] = &[
    "Compare the account given by [Upper Havium](entity:upper-havium).",
    "See [Dario Adlholm](entity:dario-adlholm) for background; the two accounts differ.",
    "[Central Pension Council](entity:central-pension-council) rejected a plan.",
    "Both [one](entity:a) and [two](https://x.org/p?q=1#f), then (brackets) and \"quotes\".",
    "Ünïcode [Straße](article:x#a-1) — “quoted” 50% $5",
    "Adjacent [a](b)[c](d)",
    "Trailing link [x](entity:y)",
    "Bang! then [link](x) and [Hi!](y)",
    // Left to the parser.
    "No link at all.",
    "An image ![alt](x.png) here",
    "Footnote [^1](x) here",
    "Spaced [ label](x) here",
    "Spaced [label ](x) here",
    "Empty [](x) here",
    "Empty [label]() here",
    "Titled [label](x \"title\") here",
    "Angled [label](<x y>) here",
    "Nested [a [b](c)](d) here",
    "Reference [label][ref] here",
    "Shortcut [label] here",
    "Stray ] bracket [a](b)",
    "Parens [label](x(1)) here",
    "Emphasis [*em*](x) here",
    "Escaped [label](x\\y) here",
    "Entity [label](x&amp;y) here",
    "Quote [label](x'y) here",
    "Unclosed [label](x here",
    "Unclosed [label here",
    "Parens in [la(b)el](x) here",
    "- [item](x)",
    "[label]: x",
    "[label] (x) spaced",
    "[Link](x) ",
    "Text *em* and [link](x)",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_read_in_place() {
        assert_eq!(
            linked_line("See [Kabul](entity:kabul) and [x](y)."),
            Some(vec![
                Piece::Text("See "),
                Piece::Link {
                    label: "Kabul",
                    destination: "entity:kabul"
                },
                Piece::Text(" and "),
                Piece::Link {
                    label: "x",
                    destination: "y"
                },
                Piece::Text("."),
            ])
        );
        for (i, text) in LINKED_LINE_SAMPLES.iter().enumerate() {
            assert_eq!(linked_line(text).is_some(), i < 8, "{text:?}");
        }
    }
}
