//! An article body's Markdown events, kept from the anchor stage, which parses the body, to
//! the render, which would otherwise parse it again (a twentieth of a large build). Kept as
//! they come, events take ~24 KB an article, 240 MB for 10,000 articles; most of them are
//! text lent from the body or plain structure, so they are stored as byte offsets and tags
//! in 12 bytes each, ~3 KB an article, and lent from the body again when they are read. They
//! are read once: the render takes them, so their memory is free again as the site is
//! rendered, and a later render of the same body (in `watch`) parses it again.

use crate::sync::lock;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;
use std::sync::Mutex;

/// The events of one body, until the render takes them.
#[derive(Debug, Default)]
pub struct StoredEvents(Mutex<Compact>);

impl StoredEvents {
    /// Stores the events parsed from `body`.
    pub fn new(body: &str, events: &[(Event<'_>, Range<usize>)]) -> Self {
        StoredEvents(Mutex::new(Compact::new(body, events)))
    }

    /// The events of `body`: those stored, if they were parsed from this same text and not
    /// taken yet, else parsed now. What was stored is dropped.
    pub fn take<'b>(&self, body: &'b str) -> Vec<Event<'b>> {
        std::mem::take(&mut *lock(&self.0)).events(body)
    }
}

/// The events of one body, compactly.
#[derive(Debug, Default)]
struct Compact {
    /// The xxh3 hash of the body they were parsed from: events are only read back from that
    /// same text (an empty list and a hash of 0 match no body, so a default is parsed anew).
    source: u64,
    events: Vec<Stored>,
    /// Events that hold text of their own (links, headings, escaped characters…).
    owned: Vec<Event<'static>>,
}

/// One event, in 12 bytes.
#[derive(Debug, Clone, Copy)]
enum Stored {
    /// Text lent from the body: its byte range there.
    Text(u32, u32),
    Code(u32, u32),
    SoftBreak,
    HardBreak,
    Start(Plain),
    End(TagEnd),
    /// Index into `owned`.
    Owned(u32),
}

/// Tags without data.
#[derive(Debug, Clone, Copy)]
enum Plain {
    Paragraph,
    Emphasis,
    Strong,
    Strikethrough,
    Item,
}

impl Compact {
    fn new(body: &str, events: &[(Event<'_>, Range<usize>)]) -> Self {
        let lent = |text: &CowStr| match text {
            CowStr::Borrowed(s) => range_in(body, s),
            _ => None,
        };
        let mut stored = Compact {
            source: hash(body),
            events: Vec::with_capacity(events.len()),
            owned: Vec::new(),
        };
        for (event, _) in events {
            let compact = match event {
                Event::Text(t) => lent(t).map(|(a, b)| Stored::Text(a, b)),
                Event::Code(t) => lent(t).map(|(a, b)| Stored::Code(a, b)),
                Event::SoftBreak => Some(Stored::SoftBreak),
                Event::HardBreak => Some(Stored::HardBreak),
                Event::Start(tag) => plain(tag).map(Stored::Start),
                Event::End(end) => Some(Stored::End(*end)),
                _ => None,
            };
            let compact = match compact {
                Some(compact) => compact,
                None => {
                    // Past `u32` (a body of gigabytes): nothing stored, the body is parsed
                    // again.
                    let Ok(index) = u32::try_from(stored.owned.len()) else {
                        return Compact::default();
                    };
                    stored.owned.push(event.clone().into_static());
                    Stored::Owned(index)
                }
            };
            stored.events.push(compact);
        }
        stored
    }

    /// The events of `body`: those stored when they were parsed from this same text, else
    /// (a body changed since, or nothing stored) parsed now.
    fn events<'b>(&self, body: &'b str) -> Vec<Event<'b>> {
        if self.events.is_empty() || self.source != hash(body) {
            return super::parse_events(body);
        }
        self.events
            .iter()
            .map(|stored| match *stored {
                Stored::Text(a, b) => Event::Text(CowStr::Borrowed(&body[a as usize..b as usize])),
                Stored::Code(a, b) => Event::Code(CowStr::Borrowed(&body[a as usize..b as usize])),
                Stored::SoftBreak => Event::SoftBreak,
                Stored::HardBreak => Event::HardBreak,
                Stored::Start(tag) => Event::Start(match tag {
                    Plain::Paragraph => Tag::Paragraph,
                    Plain::Emphasis => Tag::Emphasis,
                    Plain::Strong => Tag::Strong,
                    Plain::Strikethrough => Tag::Strikethrough,
                    Plain::Item => Tag::Item,
                }),
                Stored::End(end) => Event::End(end),
                Stored::Owned(i) => self.owned[i as usize].clone(),
            })
            .collect()
    }
}

fn hash(body: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(body.as_bytes())
}

/// Where `part`, a slice of `body`, lies in it, as `u32` byte offsets; `None` for text from
/// elsewhere or beyond `u32`.
fn range_in(body: &str, part: &str) -> Option<(u32, u32)> {
    let start = (part.as_ptr() as usize).checked_sub(body.as_ptr() as usize)?;
    let end = start + part.len();
    if end > body.len() {
        return None;
    }
    Some((u32::try_from(start).ok()?, u32::try_from(end).ok()?))
}

fn plain(tag: &Tag) -> Option<Plain> {
    Some(match tag {
        Tag::Paragraph => Plain::Paragraph,
        Tag::Emphasis => Plain::Emphasis,
        Tag::Strong => Plain::Strong,
        Tag::Strikethrough => Plain::Strikethrough,
        Tag::Item => Plain::Item,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    static BODY: &str = "# A *heading* {#top}\n\nSome **bold** and `code`, a [link](https://x.org \
        \"t\"), an escape \\* and &amp; an entity.\n\n- one\n- ~~two~~\n\n> quoted  \nhard\n\n\
        ```rust\nfn main() {}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nA note[^1].\n\n\
        [^1]: The note.\n\n<div>raw</div>\n\n![alt *text*](img.png)\n\n---\n";

    #[test]
    fn events_read_back_are_those_parsed() {
        let parsed = crate::markdown::parse(BODY);
        let stored = Compact::new(BODY, &parsed);
        let expected: Vec<Event> = parsed.into_iter().map(|(e, _)| e).collect();
        assert_eq!(stored.events(BODY), expected);
        // Text and structure are stored compactly, not as owned events.
        assert!(stored.owned.len() * 3 < stored.events.len(), "{stored:?}");
        // And text read back is lent from the body, not copied.
        let lent = stored
            .events(BODY)
            .into_iter()
            .filter(
                |e| matches!(e, Event::Text(CowStr::Borrowed(t)) if range_in(BODY, t).is_some()),
            )
            .count();
        assert!(lent > 10, "{lent}");
    }

    #[test]
    fn another_text_is_parsed_anew() {
        let parsed = crate::markdown::parse(BODY);
        let stored = StoredEvents::new(BODY, &parsed);
        let edited = BODY.replace("bold", "strong");
        let expected: Vec<Event> = crate::markdown::parse_events(&edited);
        assert_eq!(stored.take(&edited), expected);
        assert_eq!(StoredEvents::default().take(&edited), expected);
        // Taken once: what was stored is gone, and the body is parsed again.
        let stored = StoredEvents::new(BODY, &parsed);
        assert_eq!(stored.take(BODY), crate::markdown::parse_events(BODY));
        assert!(lock(&stored.0).events.is_empty());
        assert_eq!(stored.take(BODY), crate::markdown::parse_events(BODY));
    }
}
