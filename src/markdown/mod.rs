//! Markdown as gloss reads it: one parser configuration for every stage, and the walk that
//! defines the reader text — the text a reader sees, against which quotes are anchored.

pub mod fold;
pub mod linked;
pub mod reader;
pub mod sentence;
pub mod stored;
pub mod urls;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// CommonMark plus tables, footnotes, strikethrough and heading ids (`{#id}`); smart
/// punctuation stays off so the text is exactly what the author wrote.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// `text` itself when it is one line of prose that Markdown leaves as it is: no markup
/// character, nothing that could start a block, no space at either end (a paragraph drops
/// those) and nothing HTML would escape. Most notes and summaries are such lines, and
/// rendering them this way skips a parser per note; tests check that the parser agrees.
pub fn plain_line(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    let plain =
        first.is_alphabetic() && !text.ends_with(char::is_whitespace) && !text.bytes().any(markup);
    plain.then_some(text)
}

/// A byte that makes a line more than plain text for [`plain_line`].
fn markup(b: u8) -> bool {
    matches!(
        b,
        b'\0'
            | b'\n'
            | b'\r'
            | b'\t'
            | b'\\'
            | b'`'
            | b'*'
            | b'_'
            | b'['
            | b']'
            | b'<'
            | b'>'
            | b'&'
            | b'~'
            | b'|'
    )
}

/// Lines [`plain_line`] takes, and lines it must leave to the parser: for the tests of each
/// renderer that takes the shortcut.
#[cfg(test)]
pub const PLAIN_LINE_SAMPLES: &[&str] = &[
    "Attributed to a single unnamed official.",
    "Consistent with the ministry’s own figures for 2009.",
    "Quotes \"like this\" and 'this' — a dash – 1979–89 (in brackets) 50% $5 @x #tag a#b",
    "Ends with!",
    "Ünïcode text, Straße, Երևան, Мир",
    "Wait... what? Ratio 3:2 and a/b = c; d, e.",
    "a  double  space",
    "No\u{a0}break and ideographic\u{3000}space",
    "x = y + z - 1 === +++ --- !!",
    "Mail a@b.org or see http://x.org/path?q=1#frag",
    "Ends with a colon:",
    "Ends with a hash #",
    "Heading-like {#id}",
    "Has !bang and 1. and 2) inside",
    "Entity-like amp; and nbsp;",
    // Left to the parser.
    "# Heading",
    "- item",
    "1. item",
    "> quote",
    "*em*",
    "a\nb",
    " leading",
    "trailing ",
    "trailing\u{a0}",
    "a & b",
    "x<y",
    "[link](x)",
    "code `x`",
    "tab\tx",
    "a\\b",
    "~~s~~",
    "a|b",
    "_u_",
    "",
    "123 starts with a digit",
    "\"Quoted start\"",
    "nul\0byte",
];

/// Parses Markdown into events with their byte ranges in `text`.
pub fn parse(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
    // Room for the events of typical prose (one per ~20 bytes: a text event per line, marks
    // and links), so the list is not copied as it grows.
    let mut events = Vec::with_capacity(text.len() / 20 + 16);
    events.extend(Parser::new_ext(text, options()).into_offset_iter());
    events
}

/// Parses Markdown into events, without their ranges (for a renderer, which needs none).
pub fn parse_events(text: &str) -> Vec<Event<'_>> {
    // Room as in `parse`.
    let mut events = Vec::with_capacity(text.len() / 20 + 16);
    events.extend(Parser::new_ext(text, options()));
    events
}

/// What one event adds to the reader text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'e> {
    /// Visible text (a Text or Code event).
    Text(&'e str),
    /// A soft or hard line break: one space.
    Space,
}

/// One step of the walk: a paragraph separator owed from earlier block boundaries (one `\n`,
/// never leading, never doubled, never trailing), then the event's own piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Step<'e> {
    pub separator: bool,
    pub piece: Option<Piece<'e>>,
}

/// Walks events and says what each adds to the reader text. The anchor stage builds the text
/// with it and the renderer counts positions with it, so the two always agree.
#[derive(Debug, Default)]
pub struct ReaderWalk {
    /// Inside an image, text is its alt text, which a reader does not see as text.
    image_depth: usize,
    has_text: bool,
    separator_owed: bool,
}

impl ReaderWalk {
    // Inlined: it runs for every event of every body, twice (anchoring, then marks).
    #[inline]
    pub fn step<'e>(&mut self, event: &'e Event<'_>) -> Step<'e> {
        let piece = match event {
            Event::Start(Tag::Image { .. }) => {
                self.image_depth += 1;
                None
            }
            Event::End(TagEnd::Image) => {
                self.image_depth = self.image_depth.saturating_sub(1);
                None
            }
            _ if self.image_depth > 0 => None,
            Event::Text(t) | Event::Code(t) if !t.is_empty() => Some(Piece::Text(t)),
            Event::SoftBreak | Event::HardBreak => Some(Piece::Space),
            Event::Start(tag) if is_block(tag) => self.boundary(),
            Event::End(tag) if is_block_end(tag) => self.boundary(),
            Event::Rule => self.boundary(),
            _ => None,
        };
        let separator = piece.is_some() && std::mem::take(&mut self.separator_owed);
        if piece.is_some() {
            self.has_text = true;
        }
        Step { separator, piece }
    }

    fn boundary(&mut self) -> Option<Piece<'static>> {
        self.separator_owed = self.has_text;
        None
    }
}

impl Step<'_> {
    /// How many characters the step adds.
    pub fn chars(&self) -> usize {
        let piece = match self.piece {
            Some(Piece::Text(t)) => crate::text::char_count(t),
            Some(Piece::Space) => 1,
            None => 0,
        };
        piece + usize::from(self.separator)
    }
}

fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}
