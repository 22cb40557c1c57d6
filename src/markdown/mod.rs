//! Markdown as gloss reads it: one parser configuration for every stage, and the walk that
//! defines the reader text — the text a reader sees, against which quotes are anchored.

pub mod fold;
pub mod reader;
pub mod sentence;
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

/// Parses Markdown into events with their byte ranges in `text`.
pub fn parse(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
    // Room for the events of typical prose (one per ~20 bytes: a text event per line, marks
    // and links), so the list is not copied as it grows.
    let mut events = Vec::with_capacity(text.len() / 20 + 16);
    events.extend(Parser::new_ext(text, options()).into_offset_iter());
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
            Some(Piece::Text(t)) => t.chars().count(),
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
