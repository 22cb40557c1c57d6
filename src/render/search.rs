//! The search index, which the search page fetches the first time a reader searches. It
//! holds what a reader looks for — articles (title, summary, author, tags, the entities they
//! mention), entities (name, aliases, kind, the first sentence of the description) and notes
//! (their text and the quote they are on) — as plain text, never whole article bodies, so it
//! stays a small fraction of the site.
//!
//! It comes in parts, so that an edit rewrites a small file, not one that grows with the
//! archive: `search-index.json` lists the parts (`{"parts": [...]}`, addresses relative to
//! the site root); `search/entities.json` holds the entities and each `search/part-N.json`
//! the entries of [`PART_ARTICLES`] articles, newest first, then their notes. Every part is
//! an array of entries; the search script puts articles first, then entities, then notes,
//! each in the order of its parts.

use super::Memo;
use crate::link::{AnnotationRef, Site};
use crate::markdown;
use crate::markdown::linked::{Piece, linked_line};
use crate::text::{concat, one_line};
use pulldown_cmark::{Event, TagEnd};
use serde::Serialize;

/// Articles per part: a note edited remakes one part of about this many articles' entries
/// (~260 KB), and a reader's first search fetches one part per this many articles.
pub const PART_ARTICLES: usize = 250;

/// The part that lists the entities.
pub const ENTITIES: &str = "search/entities.json";

/// One thing the reader can find. Short keys: the index is downloaded. Written by [`json`];
/// tests check it against serde_json's writing.
#[derive(Debug)]
#[cfg_attr(test, derive(Serialize))]
struct Entry {
    /// `article`, `entity` or `note`.
    k: &'static str,
    /// What the result is called.
    t: String,
    /// The text searched and shown under the title.
    s: String,
    /// Its address, relative to the site root.
    u: String,
    /// A date to show, when it has one.
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    d: Option<String>,
}

/// How many article parts the site's index has.
pub fn part_count(site: &Site) -> usize {
    site.by_date.len().div_ceil(PART_ARTICLES)
}

/// The part that holds article `article`'s entries.
pub fn part_of(by_date: &[usize], article: usize) -> Option<usize> {
    let position = by_date.iter().position(|&a| a == article)?;
    Some(position / PART_ARTICLES)
}

/// Where article part `part` goes, relative to the site root.
pub fn part_path(part: usize) -> String {
    format!("search/part-{part}.json")
}

/// `search-index.json`: the list of the parts.
pub fn manifest(site: &Site) -> Vec<u8> {
    #[derive(Serialize)]
    struct Manifest {
        parts: Vec<String>,
    }
    let mut parts = vec![ENTITIES.to_string()];
    parts.extend((0..part_count(site)).map(part_path));
    serde_json::to_vec(&Manifest { parts }).unwrap_or_default()
}

/// Article part `part` as JSON bytes: its articles newest first, then their notes. Each
/// article's entries are serialized on their own (and kept in `memo`, so an edit makes only
/// that article's again) and joined into the array.
pub fn part(site: &Site, memo: &Memo, part: usize) -> Vec<u8> {
    let start = (part * PART_ARTICLES).min(site.by_date.len());
    let end = (start + PART_ARTICLES).min(site.by_date.len());
    let per_article: Vec<_> = site.by_date[start..end]
        .iter()
        .map(|&a| memo.search(a, || article_entries(site, a)))
        .collect();
    let own = per_article.iter().map(|e| e.0.as_str());
    let notes = per_article.iter().map(|e| e.1.as_str());
    array(own.chain(notes))
}

/// `search/entities.json`: every entity of the registry, in its order.
pub fn entities(site: &Site) -> Vec<u8> {
    let entries: Vec<String> = site
        .project
        .registry
        .entities
        .iter()
        .map(|(id, entity)| {
            let mut text = vec![entity.kind.clone()];
            text.extend(entity.aliases.iter().cloned());
            text.extend(
                entity
                    .description
                    .as_ref()
                    .map(|d| first_sentence(&plain(&d.value))),
            );
            json(&Entry {
                k: "entity",
                t: entity.name.clone(),
                s: text.join(" · "),
                u: format!("entities/{id}/"),
                d: None,
            })
        })
        .collect();
    array(entries.iter().map(String::as_str))
}

/// A JSON array of already serialized entries (each piece one or more, comma-separated, or
/// empty).
fn array<'a>(pieces: impl Iterator<Item = &'a str> + Clone) -> Vec<u8> {
    let mut out = String::with_capacity(pieces.clone().map(|p| p.len() + 1).sum::<usize>() + 2);
    out.push('[');
    for piece in pieces.filter(|p| !p.is_empty()) {
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(piece);
    }
    out.push(']');
    out.into_bytes()
}

/// Article `a`'s entries: its own, and its notes' (comma-separated, possibly none).
fn article_entries(site: &Site, a: usize) -> (String, String) {
    let article = &site.project.articles[a];
    let front = &article.front;
    let mut text: Vec<String> = Vec::new();
    text.extend(front.summary.as_ref().map(|s| plain(&s.value)));
    text.extend(front.author.clone());
    text.extend(front.tags.iter().cloned());
    text.extend(
        site.article_entities[a]
            .iter()
            .filter_map(|(id, _)| site.project.registry.get(id))
            .map(|e| e.name.clone()),
    );
    let own = json(&Entry {
        k: "article",
        t: front.title.clone(),
        s: text.join(" · "),
        u: concat(&["articles/", &article.slug, "/"]),
        d: Some(front.date.to_string()),
    });
    let mut notes = Vec::new();
    for (i, annotation) in article.annotation_list().iter().enumerate() {
        let Some(note) = &annotation.note else {
            continue;
        };
        let r = AnnotationRef {
            article: a,
            annotation: i,
        };
        if site.anchor(r).placed().is_empty() {
            continue;
        }
        notes.push(json(&Entry {
            k: "note",
            t: annotation
                .title
                .clone()
                .unwrap_or_else(|| article.front.title.clone()),
            s: concat(&[&plain(&note.value), " — “", &annotation.quote.value, "”"]),
            u: super::cards::mark_url(site, r),
            d: annotation.date.map(|d| d.to_string()),
        }));
    }
    (own, notes.join(","))
}

/// One entry as JSON, as serde_json writes it: it read every string a byte at a time to
/// escape it, where nearly all have nothing to escape and are copied as they are here.
fn json(entry: &Entry) -> String {
    let texts = entry.t.len() + entry.s.len() + entry.u.len();
    let mut out = String::with_capacity(texts + 48);
    out.push_str("{\"k\":");
    push_json_string(&mut out, entry.k);
    out.push_str(",\"t\":");
    push_json_string(&mut out, &entry.t);
    out.push_str(",\"s\":");
    push_json_string(&mut out, &entry.s);
    out.push_str(",\"u\":");
    push_json_string(&mut out, &entry.u);
    if let Some(date) = &entry.d {
        out.push_str(",\"d\":");
        push_json_string(&mut out, date);
    }
    out.push('}');
    out
}

/// `text` as a JSON string: quoted, and escaped by serde_json when it holds a quote, a
/// backslash or a control character (tested sixteen bytes at a time, which the compiler
/// does at once).
fn push_json_string(out: &mut String, text: &str) {
    let special = |block: &[u8]| {
        block.iter().fold(false, |any, &b| {
            any | (b < 0x20) | (b == b'"') | (b == b'\\')
        })
    };
    let blocks = text.as_bytes().chunks_exact(16);
    let rest = blocks.remainder();
    if blocks.into_iter().any(special) || special(rest) {
        // Serializing a string cannot fail.
        out.push_str(&serde_json::to_string(text).unwrap_or_default());
    } else {
        out.push('"');
        out.push_str(text);
        out.push('"');
    }
}

/// The text of a Markdown value, markup dropped.
fn plain(markdown: &str) -> String {
    let text = if let Some(line) = crate::markdown::plain_line(markdown) {
        line.to_string()
    } else if let Some(pieces) = linked_line(markdown) {
        pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => *text,
                Piece::Link { label, .. } => label,
            })
            .collect()
    } else {
        parsed_plain(markdown)
    };
    one_line(&text)
}

/// The text of `markdown`, blocks separated by spaces.
fn parsed_plain(markdown: &str) -> String {
    let mut text = String::new();
    for (event, _) in markdown::parse(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            // Blocks end in a space, so paragraphs do not run together; inline ends do not.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Up to the first sentence end (`. `, `! `, `? `), or the whole text.
fn first_sentence(text: &str) -> String {
    let end = text
        .match_indices(['.', '!', '?'])
        .map(|(i, _)| i + 1)
        .find(|&i| text[i..].starts_with(' '))
        .unwrap_or(text.len());
    text[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_text() {
        assert_eq!(
            plain("The *bloc* met [in Kabul](entity:kabul).\n\nThen `left`."),
            "The bloc met in Kabul. Then left."
        );
    }

    #[test]
    fn plain_lines_give_the_parsers_text() {
        let samples = crate::markdown::PLAIN_LINE_SAMPLES.iter();
        for &text in samples.chain(crate::markdown::linked::LINKED_LINE_SAMPLES) {
            let parsed = parsed_plain(text);
            let parsed = one_line(&parsed);
            assert_eq!(plain(text), parsed, "{text:?}");
        }
    }

    proptest::proptest! {
        /// Entries are written as serde_json writes them, whatever their strings hold
        /// (quotes, backslashes, control characters, wide characters, at any place).
        #[test]
        fn entries_are_written_as_serde_json_writes_them(
            texts in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(
                        &[
                            "a", "word ", "\"", "\\", "\n", "\u{1}", "\u{1f}", " ", "\u{7f}", "é",
                            "“", "/",
                        ][..],
                    ),
                    0..24,
                ),
                4,
            ),
            dated in proptest::bool::ANY,
        ) {
            let texts: Vec<String> = texts.iter().map(|pieces| pieces.concat()).collect();
            let entry = Entry {
                k: "note",
                t: texts[0].clone(),
                s: texts[1].clone(),
                u: texts[2].clone(),
                d: dated.then(|| texts[3].clone()),
            };
            proptest::prop_assert_eq!(json(&entry), serde_json::to_string(&entry).unwrap());
        }
    }

    proptest::proptest! {
        /// Lines of links and near misses give the parser's text.
        #[test]
        fn linked_lines_give_the_parsers_text(text in crate::markdown::linked::linked_lines()) {
            proptest::prop_assert_eq!(plain(&text), one_line(&parsed_plain(&text)));
        }
    }

    #[test]
    fn first_sentences_stop_at_the_first_full_stop_followed_by_a_space() {
        assert_eq!(first_sentence("Gen. Ivanov. Second."), "Gen.");
        assert_eq!(first_sentence("No stop"), "No stop");
        assert_eq!(first_sentence("v1.2 shipped. Then"), "v1.2 shipped.");
    }
}
