//! The search index: one small JSON file, `search-index.json`, that the search page fetches
//! the first time a reader searches. It holds what a reader looks for — articles (title,
//! summary, author, tags, the entities they mention), entities (name, aliases, kind, the
//! first sentence of the description) and notes (their text and the quote they are on) — as
//! plain text, never whole article bodies, so it stays a small fraction of the site.

use crate::link::{AnnotationRef, Site};
use crate::markdown;
use pulldown_cmark::{Event, TagEnd};
use serde::Serialize;

/// One thing the reader can find. Short keys: the index is downloaded.
#[derive(Debug, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    d: Option<String>,
}

/// The index as JSON bytes: articles newest first, then entities, then notes.
pub fn index(site: &Site) -> Vec<u8> {
    let mut entries = Vec::new();
    for &a in &site.by_date {
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
        entries.push(Entry {
            k: "article",
            t: front.title.clone(),
            s: text.join(" · "),
            u: format!("articles/{}/", article.slug),
            d: Some(front.date.to_string()),
        });
    }
    for (id, entity) in &site.project.registry.entities {
        let mut text = vec![entity.kind.clone()];
        text.extend(entity.aliases.iter().cloned());
        text.extend(
            entity
                .description
                .as_ref()
                .map(|d| first_sentence(&plain(&d.value))),
        );
        entries.push(Entry {
            k: "entity",
            t: entity.name.clone(),
            s: text.join(" · "),
            u: format!("entities/{id}/"),
            d: None,
        });
    }
    for &a in &site.by_date {
        let article = &site.project.articles[a];
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
            entries.push(Entry {
                k: "note",
                t: annotation
                    .title
                    .clone()
                    .unwrap_or_else(|| article.front.title.clone()),
                s: format!("{} — “{}”", plain(&note.value), annotation.quote.value),
                u: super::cards::mark_url(site, r),
                d: annotation.date.map(|d| d.to_string()),
            });
        }
    }
    // Serializing plain strings and numbers cannot fail.
    serde_json::to_vec(&entries).unwrap_or_default()
}

/// The text of a Markdown value, markup dropped.
fn plain(markdown: &str) -> String {
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
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
    fn first_sentences_stop_at_the_first_full_stop_followed_by_a_space() {
        assert_eq!(first_sentence("Gen. Ivanov. Second."), "Gen.");
        assert_eq!(first_sentence("No stop"), "No stop");
        assert_eq!(first_sentence("v1.2 shipped. Then"), "v1.2 shipped.");
    }
}
