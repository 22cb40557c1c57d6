//! Markdown to HTML for everything gloss renders: cross-links rewritten to relative URLs,
//! headings given ids, and notes flattened to phrasing content so they fit in a sidenote.

use super::marks;
use super::memo::Memo;
use crate::link::xref::Targets;
use crate::markdown::linked::{Piece, linked_line};
use crate::text::concat;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::HashSet;

/// What links in rendered Markdown need: the cross-link targets, and the way from the page
/// being rendered back to the site root.
#[derive(Clone, Copy)]
pub struct Links<'a> {
    pub targets: &'a Targets,
    pub root: &'a str,
    /// HTML that many pages repeat, made once per render.
    pub memo: &'a Memo,
}

impl Links<'_> {
    /// Rewrites `entity:`/`article:` destinations to relative URLs. Broken ones were reported
    /// by the link stage and are left as written.
    pub fn rewrite(&self, events: &mut [Event<'_>]) {
        for event in events {
            if let Event::Start(Tag::Link { dest_url, .. }) = event
                && let Some(href) = self.rewritten(dest_url)
            {
                *dest_url = CowStr::from(href);
            }
        }
    }

    /// Where an `entity:`/`article:` destination leads from this page; `None` for other
    /// destinations and broken ones, which stay as written.
    fn rewritten(&self, destination: &str) -> Option<String> {
        match self.targets.resolve(destination) {
            Ok(Some(path)) => Some(concat(&[self.root, &path])),
            _ => None,
        }
    }

    /// A [`linked_line`]'s HTML, as the parser writes it: text as it is (it has nothing to
    /// escape), each link's destination rewritten as [`Links::rewrite`] does and escaped as
    /// pulldown-cmark escapes it.
    fn push_linked_html(&self, html: &mut String, pieces: &[Piece]) {
        for piece in pieces {
            match *piece {
                Piece::Text(text) => html.push_str(text),
                Piece::Link { label, destination } => {
                    html.push_str("<a href=\"");
                    let href = self.rewritten(destination);
                    let href = href.as_deref().unwrap_or(destination);
                    // Writing to a String cannot fail.
                    let _ = pulldown_cmark_escape::escape_href(&mut *html, href);
                    html.push_str("\">");
                    html.push_str(label);
                    html.push_str("</a>");
                }
            }
        }
    }
}

/// Ids gloss gives elements itself; a heading id must not take one of these forms.
const RESERVED: &[&str] = &["a-", "sn-", "snref-", "en-", "main"];

/// Gives every heading without an explicit `{#id}` an id made from its text, unique in the
/// page, so sections can be linked.
pub fn add_heading_ids(events: &mut [Event<'_>]) {
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { id: None, .. }) = &events[i] else {
            continue;
        };
        let text: String = events[i + 1..]
            .iter()
            .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let mut base = crate::slug::slugify(&text);
        if base.is_empty()
            || RESERVED
                .iter()
                .any(|r| base.starts_with(r) || base == r.trim_end_matches('-'))
        {
            base = format!("h-{base}").trim_end_matches('-').to_string();
        }
        let mut id = base.clone();
        let mut n = 1;
        while !used.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
            *slot = Some(CowStr::from(id));
        }
    }
}

/// Shows raw HTML as the text it is written as, for Markdown whose HTML must not reach a page:
/// summaries, notes and descriptions always (YAML values are data, and they reach feeds and
/// previews too), article bodies under `raw_html: false`. The events keep their kinds as far
/// as the reader text is concerned (HTML stays HTML, now escaped; an HTML block becomes a
/// paragraph, also a block), so anchors found on the unescaped text still fit.
pub fn escape_raw_html(events: &mut [Event<'_>]) {
    for event in events {
        // Matched in place: most events are left alone, and moving each out and back cost
        // two copies of an event (72 bytes) for every event of every article.
        let escaped = match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                Event::InlineHtml(marks::text_html(html).into())
            }
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            _ => continue,
        };
        *event = escaped;
    }
}

/// Renders Markdown as block HTML (descriptions, summaries); raw HTML is shown as text.
pub fn block_html(markdown: &str, links: Links) -> String {
    if let Some(line) = crate::markdown::plain_line(markdown) {
        format!("<p>{line}</p>")
    } else if let Some(pieces) = linked_line(markdown) {
        let mut html = String::from("<p>");
        links.push_linked_html(&mut html, &pieces);
        html.push_str("</p>");
        html
    } else {
        parsed_block_html(markdown, links)
    }
}

fn parsed_block_html(markdown: &str, links: Links) -> String {
    let mut events = crate::markdown::parse_events(markdown);
    escape_raw_html(&mut events);
    links.rewrite(&mut events);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html.trim_end().to_string()
}

/// Renders Markdown as phrasing content only, for sidenotes that live inside a paragraph:
/// paragraphs and list items are separated by `<br>`, headings become bold, other block
/// structure is dropped and raw HTML is shown as text.
pub fn inline_html(markdown: &str, links: Links) -> String {
    if let Some(line) = crate::markdown::plain_line(markdown) {
        line.to_string()
    } else if let Some(pieces) = linked_line(markdown) {
        let mut html = String::new();
        links.push_linked_html(&mut html, &pieces);
        html
    } else {
        parsed_inline_html(markdown, links)
    }
}

fn parsed_inline_html(markdown: &str, links: Links) -> String {
    let mut events = crate::markdown::parse_events(markdown);
    escape_raw_html(&mut events);
    links.rewrite(&mut events);
    let mut flat: Vec<Event> = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Start(Tag::Heading { .. }) => flat.push(Event::InlineHtml("<strong>".into())),
            Event::End(TagEnd::Heading(_)) => {
                flat.push(Event::InlineHtml("</strong>".into()));
                flat.push(Event::InlineHtml("<br>".into()));
            }
            Event::Start(Tag::Item) => flat.push(Event::Text("• ".into())),
            Event::Start(Tag::CodeBlock(_)) => flat.push(Event::InlineHtml("<code>".into())),
            Event::End(TagEnd::CodeBlock) => {
                flat.push(Event::InlineHtml("</code>".into()));
                flat.push(Event::InlineHtml("<br>".into()));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow) | Event::Rule => {
                flat.push(Event::InlineHtml("<br>".into()))
            }
            Event::End(TagEnd::TableCell) => flat.push(Event::Text(" ".into())),
            Event::Start(tag) if !is_phrasing(&tag) => {}
            Event::End(tag) if !is_phrasing_end(&tag) => {}
            other => flat.push(other),
        }
    }
    while matches!(flat.last(), Some(Event::InlineHtml(h)) if h.as_ref() == "<br>") {
        flat.pop();
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, flat.into_iter());
    html
}

fn is_phrasing(tag: &Tag) -> bool {
    matches!(
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

fn is_phrasing_end(tag: &TagEnd) -> bool {
    matches!(
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

/// A sentence with the mention in it marked, escaped for HTML.
pub fn sentence_html(sentence: &crate::markdown::sentence::Sentence) -> String {
    let (before, text, after) = (&sentence.before, &sentence.text, &sentence.after);
    let mut html = String::with_capacity(before.len() + text.len() + after.len() + 32);
    marks::push_text_html(&mut html, before);
    html.push_str("<mark>");
    marks::push_text_html(&mut html, text);
    html.push_str("</mark>");
    marks::push_text_html(&mut html, after);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links<'a>(targets: &'a Targets, memo: &'a Memo) -> Links<'a> {
        Links {
            targets,
            root: "../../",
            memo,
        }
    }

    /// Both renderers, shortcuts and all, give what they give through the parser.
    fn assert_renders_as_parsed(text: &str) {
        let (t, m) = (Targets::default(), Memo::default());
        assert_eq!(
            inline_html(text, links(&t, &m)),
            parsed_inline_html(text, links(&t, &m)),
            "{text:?}"
        );
        assert_eq!(
            block_html(text, links(&t, &m)),
            parsed_block_html(text, links(&t, &m)),
            "{text:?}"
        );
    }

    #[test]
    fn plain_lines_render_as_the_parser_renders_them() {
        let mut taken = 0;
        for &text in crate::markdown::PLAIN_LINE_SAMPLES {
            assert_renders_as_parsed(text);
            taken += usize::from(crate::markdown::plain_line(text).is_some());
        }
        assert_eq!(taken, 15, "the shortcut takes the first fifteen samples");
        for &text in crate::markdown::linked::LINKED_LINE_SAMPLES {
            assert_renders_as_parsed(text);
        }
    }

    proptest::proptest! {
        /// Lines of links and near misses render as the parser renders them.
        #[test]
        fn linked_lines_render_as_the_parser_renders_them(
            text in crate::markdown::linked::linked_lines()
        ) {
            assert_renders_as_parsed(&text);
        }
    }

    #[test]
    fn notes_are_flattened_to_phrasing_content() {
        let (t, m) = (Targets::default(), Memo::default());
        assert_eq!(
            inline_html("One *two*.\n\nThree.", links(&t, &m)),
            "One <em>two</em>.<br>Three."
        );
        assert_eq!(inline_html("- a\n- b", links(&t, &m)), "• a<br>• b");
        assert_eq!(
            inline_html("<div>x</div>", links(&t, &m)),
            "&lt;div&gt;x&lt;/div&gt;"
        );
        assert_eq!(
            inline_html("a <img src=x onerror=alert(1)> b", links(&t, &m)),
            "a &lt;img src=x onerror=alert(1)&gt; b"
        );
        assert_eq!(
            block_html(
                "<script>alert(1)</script>\n\nText <b>bold</b>",
                links(&t, &m)
            ),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>\n<p>Text &lt;b&gt;bold&lt;/b&gt;</p>"
        );
    }

    #[test]
    fn headings_get_unique_ids_that_avoid_reserved_ones() {
        let md = "# Kabul talks\n\n## Kabul talks\n\n## A note\n\n## Own {#mine}\n";
        let mut events = crate::markdown::parse_events(md);
        add_heading_ids(&mut events);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        assert!(html.contains("<h1 id=\"kabul-talks\">"), "{html}");
        assert!(html.contains("<h2 id=\"kabul-talks-2\">"), "{html}");
        assert!(html.contains("<h2 id=\"h-a-note\">"), "{html}");
        assert!(html.contains("<h2 id=\"mine\">"), "{html}");
    }
}
