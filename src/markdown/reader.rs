//! The reader text of an article: what a reader sees, as characters, with each character's
//! byte offset in the Markdown source so matches can be reported at `line:column`.

use super::{Piece, ReaderWalk};
use pulldown_cmark::Event;
use std::ops::Range;

/// The reader text and its map back to the source.
#[derive(Debug, Clone, Default)]
pub struct ReaderText {
    pub chars: Vec<char>,
    /// For each character, the byte offset in the source file it came from.
    pub source: Vec<usize>,
}

impl ReaderText {
    /// Builds the reader text from parsed events; `base` is the byte offset of the parsed text
    /// in its file (the length of the front matter).
    pub fn new(source_text: &str, events: &[(Event<'_>, Range<usize>)], base: usize) -> Self {
        // The reader text is never longer than its source (in characters, hence in bytes).
        let mut reader = ReaderText {
            chars: Vec::with_capacity(source_text.len()),
            source: Vec::with_capacity(source_text.len()),
        };
        let mut walk = ReaderWalk::default();
        for (event, range) in events {
            let step = walk.step(event);
            if step.separator {
                reader.push('\n', base + range.start);
            }
            match step.piece {
                Some(Piece::Text(text)) => {
                    reader.push_text(text, &source_text[range.clone()], base + range.start)
                }
                Some(Piece::Space) => reader.push(' ', base + range.start),
                None => {}
            }
        }
        reader
    }

    fn push(&mut self, c: char, offset: usize) {
        self.chars.push(c);
        self.source.push(offset);
    }

    /// Adds a text event. When the event's text is its source (the usual case) every character
    /// maps to its own byte; when escapes or entities changed it (`\*`, `&amp;`), characters
    /// are aligned to the source greedily, falling back to the event's start.
    fn push_text(&mut self, text: &str, source: &str, offset: usize) {
        if text == source {
            if text.is_ascii() {
                // Most text: one character per byte, copied without decoding.
                self.chars.extend(text.bytes().map(char::from));
                self.source.extend(offset..offset + text.len());
                return;
            }
            for (i, c) in text.char_indices() {
                self.push(c, offset + i);
            }
            return;
        }
        let mut from = 0;
        for c in text.chars() {
            match source[from..].find(c) {
                Some(i) => {
                    self.push(c, offset + from + i);
                    from += i + c.len_utf8();
                }
                None => self.push(c, offset + from.min(source.len())),
            }
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The text of a character range.
    pub fn slice(&self, range: Range<usize>) -> String {
        self.chars[range].iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    fn reader(md: &str) -> ReaderText {
        ReaderText::new(md, &parse(md), 0)
    }

    #[test]
    fn markup_disappears_and_breaks_become_spaces() {
        let md = "The *Russia-led* [CSTO](entity:csto) is\nmoving `fast`.\n\nSecond para.";
        let r = reader(md);
        assert_eq!(
            r.slice(0..r.len()),
            "The Russia-led CSTO is moving fast.\nSecond para."
        );
        let moving = r.slice(0..r.len()).find("moving").unwrap();
        assert_eq!(&md[r.source[moving]..r.source[moving] + 6], "moving");
    }

    #[test]
    fn images_headings_and_lists_follow_the_reader() {
        let r = reader("# Title\n\n![alt text](x.png) after\n\n- one\n- two\n");
        assert_eq!(r.slice(0..r.len()), "Title\n after\none\ntwo");
    }

    #[test]
    fn escapes_and_entities_map_to_their_source() {
        let md = "a \\*b\\* &amp; c";
        let r = reader(md);
        assert_eq!(r.slice(0..r.len()), "a *b* & c");
        let star = r.chars.iter().position(|&c| c == '*').unwrap();
        assert_eq!(&md[r.source[star]..r.source[star] + 1], "*");
    }

    #[test]
    fn nesting_depth_costs_no_stack() {
        // pulldown-cmark keeps its tree in an arena and the walk is a loop: 100,000 levels of
        // quotes, lists, emphasis and links parse and walk on a 256 KiB stack.
        let md = format!(
            "{}quoted\n\n{}listed\n\n{}x{}\n\n{}y{}\n",
            "> ".repeat(100_000),
            "- ".repeat(100_000),
            "*a ".repeat(100_000),
            "*".repeat(100_000),
            "[".repeat(100_000),
            "](u)".repeat(100_000)
        );
        let text = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let r = reader(&md);
                r.slice(0..r.len())
            })
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert!(text.starts_with("quoted\nlisted\n"), "{:.40}", text);
    }

    #[test]
    fn offsets_count_scalar_values_in_any_script() {
        let md = "Ереван — Երևան 🇦🇲 ok";
        let r = reader(md);
        assert_eq!(r.len(), md.chars().count());
        let ok = r.len() - 2;
        assert_eq!(&md[r.source[ok]..], "ok");
    }
}
