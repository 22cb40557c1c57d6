//! Injects annotation marks into an article's Markdown events. Anchors are reader-text
//! ranges found on the pristine text; here each range becomes one or more elements carrying
//! `data-annotation`: a span crossing an element boundary (emphasis, a link, inline code, a
//! paragraph) is split into pieces, overlapping spans nest (longer outside), a mention inside
//! a link becomes a `<mark>` (never an `<a>` inside an `<a>`), and each note is placed as a
//! sidenote right after its span, at the first point outside any inline element.

use crate::markdown::{Piece, ReaderWalk};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html_body_text;
use std::ops::Range;

/// One marked range of reader text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub range: Range<usize>,
    /// Index into the `styles` passed to [`inject`].
    pub style: usize,
    /// The `id` attribute of the span's first piece (`a-<id>`, or `a-<id>.2` for a later
    /// match of the same annotation).
    pub anchor: String,
    /// The sidenote placed after this span, if any.
    pub sidenote: Option<String>,
}

/// How an annotation's pieces look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// The annotation id, for `data-annotation`.
    pub id: String,
    /// Classes of the element (`mention kind-person`, `claim`, …).
    pub class: String,
    /// For mentions: the entity page. Pieces become links where a link is allowed.
    pub href: Option<String>,
}

/// A piece element currently open in the output.
struct Open {
    span: usize,
    is_link: bool,
}

struct Injector<'s, 'a> {
    spans: &'s [Span],
    styles: &'s [Style],
    /// Span indices in nesting order: longer spans outside, then earlier, then by index.
    rank: Vec<usize>,
    /// Every offset where a span starts or ends, sorted, once.
    cuts: Vec<usize>,
    /// For each cut, whether a span covers the text from it to the next cut.
    covering: Vec<bool>,
    /// Scratch room for [`Injector::sync`], kept to save an allocation per call.
    wanted: Vec<usize>,
    out: Vec<Event<'a>>,
    open: Vec<Open>,
    started: Vec<bool>,
    noted: Vec<bool>,
    /// Notes owed at the next point outside inline elements, with the span they follow.
    pending: Vec<(usize, String)>,
    /// Depth of inline elements (emphasis, links, …): sidenotes wait until it is zero.
    inline_depth: usize,
    link_depth: usize,
}

/// Returns the events with marks and sidenotes injected as inline HTML.
pub fn inject<'a>(events: Vec<Event<'a>>, spans: &[Span], styles: &[Style]) -> Vec<Event<'a>> {
    if spans.is_empty() {
        return events;
    }
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(spans[i].range.len()),
            spans[i].range.start,
            i,
        )
    });
    let mut rank = vec![0; spans.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let mut cuts: Vec<usize> = spans
        .iter()
        .flat_map(|s| [s.range.start, s.range.end])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let covering = cuts
        .iter()
        .map(|&cut| spans.iter().any(|s| s.range.contains(&cut)))
        .collect();
    let mut injector = Injector {
        spans,
        styles,
        rank,
        cuts,
        covering,
        wanted: Vec::new(),
        out: Vec::new(),
        open: Vec::new(),
        started: vec![false; spans.len()],
        noted: vec![false; spans.len()],
        pending: Vec::new(),
        inline_depth: 0,
        link_depth: 0,
    };
    // A span adds an element and a text split at each end of each of its pieces, and maybe a
    // note: room enough that the events are not copied as they grow.
    let mut result: Vec<Event<'a>> = Vec::with_capacity(events.len() + spans.len() * 8);
    let mut walk = ReaderWalk::default();
    let mut pos = 0;
    // The number of cuts at or before `pos`, which only grows.
    let mut passed = 0;
    for event in events {
        let step = walk.step(&event);
        pos += usize::from(step.separator);
        let len = step.chars() - usize::from(step.separator);
        while injector.cuts.get(passed).is_some_and(|&c| c <= pos) {
            passed += 1;
        }
        // No span begins or ends strictly inside the event's text.
        let uncut = injector
            .cuts
            .get(passed)
            .is_none_or(|&cut| cut >= pos + len);
        match (&event, step.piece) {
            // Most text lies outside every span, with nothing owed: it goes out as it came.
            (Event::Text(_) | Event::SoftBreak | Event::HardBreak, _)
                if uncut && injector.idle(passed) =>
            {
                result.push(event);
            }
            // Most other text holds no span boundary: it goes out as it came, inside whatever
            // is open at its start.
            (Event::Text(_), Some(Piece::Text(_))) if uncut => {
                injector.sync(pos);
                injector.move_to(&mut result);
                result.push(event);
                injector.retreat(pos + len);
                injector.move_to(&mut result);
            }
            (Event::Text(text), Some(Piece::Text(_))) => {
                injector.text(text, pos);
                injector.move_to(&mut result);
            }
            (Event::Code(code), Some(Piece::Text(_))) => {
                injector.close_all(pos);
                injector.out.push(Event::InlineHtml("<code>".into()));
                // Inside the code element, notes wait until it is closed.
                injector.inline_depth += 1;
                injector.text(code, pos);
                injector.close_all(pos + len);
                injector.inline_depth -= 1;
                injector.out.push(Event::InlineHtml("</code>".into()));
                injector.flush_notes();
                injector.move_to(&mut result);
            }
            (_, Some(Piece::Space)) => {
                injector.sync(pos);
                injector.move_to(&mut result);
                result.push(event);
                injector.retreat(pos + 1);
                injector.move_to(&mut result);
            }
            _ => {
                injector.close_all(pos);
                injector.boundary(&event);
                injector.move_to(&mut result);
                result.push(event);
                injector.after_boundary(&result[result.len() - 1]);
                injector.move_to(&mut result);
            }
        }
        pos += len;
    }
    injector.close_all(pos);
    injector.flush_notes_anyway();
    injector.move_to(&mut result);
    result
}

impl<'a> Injector<'_, 'a> {
    /// Moves the events made so far to `result`, keeping their buffer for the next ones.
    fn move_to(&mut self, result: &mut Vec<Event<'a>>) {
        result.append(&mut self.out);
    }

    /// Whether nothing is open or owed and no span covers the reader offset after the first
    /// `passed` cuts: most text, which then goes out as it came without the bookkeeping of
    /// [`Injector::sync`].
    fn idle(&self, passed: usize) -> bool {
        self.open.is_empty()
            && self.pending.is_empty()
            && (passed == 0 || !self.covering[passed - 1])
    }

    /// Emits text from reader offset `start`, opening and closing pieces where spans begin and
    /// end inside it.
    fn text(&mut self, text: &CowStr<'a>, start: usize) {
        // Pieces of text the parser lent from the article, as most is, are lent on too.
        let lent = match text {
            CowStr::Borrowed(text) => Some(*text),
            _ => None,
        };
        let first = self.cuts.partition_point(|&c| c <= start);
        let mut cuts = first..self.cuts.len();
        // Characters are bytes there, nearly always.
        let ascii = text.is_ascii();
        let (mut pos, mut byte) = (start, 0);
        loop {
            self.sync(pos);
            let cut = cuts.next().map_or(usize::MAX, |i| self.cuts[i]);
            let rest = &text[byte..];
            // Up to the cut, or the whole rest (a char takes at least one byte).
            let wanted = cut - pos;
            let (bytes, chars) = if ascii {
                (wanted.min(rest.len()), wanted.min(rest.len()))
            } else if let Some((at, _)) = rest
                .char_indices()
                .nth(wanted)
                .filter(|_| wanted < rest.len())
            {
                (at, wanted)
            } else {
                (rest.len(), rest.chars().count())
            };
            if bytes > 0 {
                let piece = match lent {
                    Some(text) => CowStr::Borrowed(&text[byte..byte + bytes]),
                    None => CowStr::from(rest[..bytes].to_string()),
                };
                self.out.push(Event::Text(piece));
                byte += bytes;
                pos += chars;
            }
            if byte >= text.len() {
                self.retreat(pos);
                break;
            }
        }
    }

    /// Makes the open pieces those of the spans covering reader offset `pos`.
    fn sync(&mut self, pos: usize) {
        let mut wanted = std::mem::take(&mut self.wanted);
        wanted.clear();
        wanted.extend((0..self.spans.len()).filter(|&i| self.spans[i].range.contains(&pos)));
        wanted.sort_by_key(|&i| self.rank[i]);
        let keep = self
            .open
            .iter()
            .zip(&wanted)
            .take_while(|(o, w)| o.span == **w)
            .count();
        self.close_to(keep, pos);
        for &span in &wanted[keep..] {
            self.open_piece(span);
        }
        self.wanted = wanted;
        self.flush_notes();
    }

    /// Closes the pieces whose spans end at reader offset `pos`, opening nothing: whatever
    /// starts there opens when its text comes, so no empty piece is ever written.
    fn retreat(&mut self, pos: usize) {
        let keep = self
            .open
            .iter()
            .take_while(|o| self.spans[o.span].range.contains(&pos))
            .count();
        self.close_to(keep, pos);
        self.flush_notes();
    }

    fn close_all(&mut self, pos: usize) {
        self.close_to(0, pos);
        self.flush_notes();
    }

    fn close_to(&mut self, keep: usize, pos: usize) {
        while self.open.len() > keep {
            let open = self.open.pop().expect("loop condition: longer than keep");
            self.out.push(Event::InlineHtml(
                if open.is_link { "</a>" } else { "</mark>" }.into(),
            ));
            let span = &self.spans[open.span];
            if span.range.end <= pos && !self.noted[open.span] {
                self.noted[open.span] = true;
                if let Some(note) = &span.sidenote {
                    self.pending.push((open.span, note.clone()));
                }
            }
        }
    }

    fn open_piece(&mut self, span: usize) {
        let s = &self.spans[span];
        let style = &self.styles[s.style];
        let inside_link = self.link_depth > 0 || self.open.iter().any(|o| o.is_link);
        // Pushed piece by piece: a large build opens a million of these.
        let mut html = String::with_capacity(160);
        match &style.href {
            Some(href) if !inside_link => {
                html.push_str("<a class=\"");
                push_attr(&mut html, &style.class);
                html.push_str("\" href=\"");
                push_attr(&mut html, href);
            }
            _ => {
                html.push_str("<mark class=\"");
                push_attr(&mut html, &style.class);
            }
        }
        html.push_str("\" data-annotation=\"");
        push_attr(&mut html, &style.id);
        html.push('"');
        if !std::mem::replace(&mut self.started[span], true) {
            html.push_str(" id=\"");
            push_attr(&mut html, &s.anchor);
            html.push('"');
        }
        html.push('>');
        self.out.push(Event::InlineHtml(html.into()));
        self.open.push(Open {
            span,
            is_link: style.href.is_some() && !inside_link,
        });
    }

    /// Before a structural event: notes owed to a block are placed before it closes.
    fn boundary(&mut self, event: &Event) {
        if let Event::End(end) = event
            && is_block_end(end)
        {
            self.flush_notes_anyway();
        }
    }

    /// After a structural event: track inline depth and place notes once outside.
    fn after_boundary(&mut self, event: &Event) {
        match event {
            Event::Start(tag) if is_inline(tag) => {
                self.inline_depth += 1;
                if matches!(tag, Tag::Link { .. }) {
                    self.link_depth += 1;
                }
            }
            Event::End(end) if is_inline_end(end) => {
                self.inline_depth = self.inline_depth.saturating_sub(1);
                if matches!(end, TagEnd::Link) {
                    self.link_depth = self.link_depth.saturating_sub(1);
                }
                self.flush_notes();
            }
            _ => {}
        }
    }

    fn flush_notes(&mut self) {
        if self.open.is_empty() && self.inline_depth == 0 {
            self.flush_notes_anyway();
        }
    }

    fn flush_notes_anyway(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        // Notes placed at one point come in reading order (the order they are numbered in),
        // not in the order their spans closed: a note on a span nested inside another closes
        // first but starts later.
        let spans = self.spans;
        self.pending
            .sort_by_key(|(span, _)| (spans[*span].range.start, *span));
        for (_, note) in self.pending.drain(..) {
            self.out.push(Event::InlineHtml(note.into()));
        }
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !is_inline_end(tag) && !matches!(tag, TagEnd::Image)
}

/// Escapes text for an attribute value in double quotes.
pub fn attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_attr(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped for an attribute value in double quotes.
fn push_attr(out: &mut String, text: &str) {
    // Classes, ids and addresses rarely hold any of these: copied whole.
    if !crate::text::has_any(text, *b"&\"<>") {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Escapes text for HTML element content.
pub fn text_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_text_html(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped for HTML element content.
pub fn push_text_html(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = escape_html_body_text(out, text);
}

#[cfg(test)]
mod tests;
