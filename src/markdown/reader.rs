//! The reader text of an article: what a reader sees, as characters, with each character's
//! byte offset in the Markdown source so matches can be reported at `line:column`.

use super::{Piece, ReaderWalk};
use pulldown_cmark::Event;
use std::ops::Range;

/// The reader text and its map back to the source.
#[derive(Debug, Clone, Default)]
pub struct ReaderText {
    pub chars: Vec<char>,
    /// Where the characters came from in the source file, by runs: `(i, offset)` says that
    /// character `i` comes from byte `offset`, and each following character up to the next
    /// run from the byte after its predecessor's. A run starts wherever that fails: after a
    /// character of more than one byte, at markup, escapes and entities. Most text is ASCII,
    /// so an article needs a few hundred runs rather than an offset for each character.
    runs: Vec<(usize, usize)>,
}

impl ReaderText {
    /// Builds the reader text from parsed events; `base` is the byte offset of the parsed text
    /// in its file (the length of the front matter).
    pub fn new(source_text: &str, events: &[(Event<'_>, Range<usize>)], base: usize) -> Self {
        // The reader text is never longer than its source (in characters, hence in bytes).
        let mut reader = ReaderText {
            chars: Vec::with_capacity(source_text.len()),
            runs: Vec::with_capacity(events.len()),
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
        self.start_at(offset);
        self.chars.push(c);
    }

    /// Makes the next character come from byte `offset`, starting a run unless the last one
    /// leads there.
    fn start_at(&mut self, offset: usize) {
        let next = self.chars.len();
        if self
            .runs
            .last()
            .is_none_or(|&(i, at)| at + (next - i) != offset)
        {
            self.runs.push((next, offset));
        }
    }

    /// The byte offset in the source file of character `i` (the last character's for one past
    /// the end, 0 for an empty text).
    pub fn source_offset(&self, i: usize) -> usize {
        let i = i.min(self.chars.len().saturating_sub(1));
        let run = self.runs.partition_point(|&(start, _)| start <= i);
        match run.checked_sub(1).map(|r| self.runs[r]) {
            Some((start, offset)) => offset + (i - start),
            None => 0,
        }
    }

    /// Adds a text event. When the event's text is its source (the usual case) every character
    /// maps to its own byte; when escapes or entities changed it (`\*`, `&amp;`), characters
    /// are aligned to the source greedily, falling back to the event's start.
    fn push_text(&mut self, text: &str, source: &str, offset: usize) {
        if text == source {
            // One character per byte where the text is ASCII, copied without decoding, a run
            // at a time; a wider character (a curly quote, a dash) starts a run after it.
            let mut rest = text;
            let mut at = offset;
            while !rest.is_empty() {
                // All ASCII, the usual case, is told a word at a time, and copied in one go.
                let ascii = if rest.is_ascii() {
                    rest.len()
                } else {
                    rest.bytes()
                        .position(|b| !b.is_ascii())
                        .unwrap_or(rest.len())
                };
                self.start_at(at);
                self.chars.extend(rest[..ascii].bytes().map(char::from));
                let Some(wide) = rest[ascii..].chars().next() else {
                    break;
                };
                self.push(wide, at + ascii);
                let used = ascii + wide.len_utf8();
                rest = &rest[used..];
                at += used;
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
        let at = r.source_offset(moving);
        assert_eq!(&md[at..at + 6], "moving");
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
        let at = r.source_offset(star);
        assert_eq!(&md[at..at + 1], "*");
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
        assert_eq!(&md[r.source_offset(ok)..], "ok");
    }

    #[test]
    fn every_character_maps_to_its_own_source() {
        // ASCII runs, characters of two, three and four bytes alone and side by side, markup,
        // escapes, entities and line breaks between them: each visible character of the
        // reader text is found at its offset in the source, and offsets never go back.
        let md = concat!(
            r"Plain *and “quoted”* — Երևան 🇦🇲x `cö de` \*esc\* &amp; [link](u) l’été\",
            "\nnext line ‘single’ end.\n\nНовый абзац."
        );
        let r = reader(md);
        let mut last = 0;
        for (i, &c) in r.chars.iter().enumerate() {
            let at = r.source_offset(i);
            assert!(at >= last, "offset of {c:?} ({i}) went back: {at} < {last}");
            last = at;
            if !c.is_whitespace() {
                assert!(
                    md[at..].starts_with(c),
                    "{c:?} ({i}) maps to {:?}",
                    &md[at..]
                );
            }
        }
        assert!(
            r.runs.len() < r.len() / 2,
            "{} runs for {} characters",
            r.runs.len(),
            r.len()
        );
    }
}
