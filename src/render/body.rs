//! An article's body as HTML: its Markdown with every placed annotation marked, and a
//! numbered sidenote after each annotation that has something to say.

use super::markdown::{self, Links};
use super::marks::{self, Span, Style};
use super::views::NoteView;
use crate::date::format_range;
use crate::link::Site;
use crate::load::annotations::{Annotation, Kind};
use crate::text::concat;

/// The rendered body and its notes in margin order (repeated at the end for print).
pub struct Body {
    pub html: String,
    pub notes: Vec<NoteView>,
}

/// The `id` of the first piece of an annotation's `occurrence`-th match (0-based): `a-<id>`
/// for the first, `a-<id>.2`, `a-<id>.3`… for later matches of `occurrence: all`. The dot
/// cannot appear in annotation ids, so these never collide with another annotation's anchor.
pub fn mark_anchor(id: &str, occurrence: usize) -> String {
    if occurrence == 0 {
        concat(&["a-", id])
    } else {
        format!("a-{id}.{}", occurrence + 1)
    }
}

/// Renders article `index` of the site.
pub fn render(site: &Site, index: usize, links: Links) -> Body {
    let article = &site.project.articles[index];
    let annotations = article.annotation_list();
    let anchors = &site.anchors[index].anchors;
    // Notes are numbered in reading order.
    let mut noted: Vec<(usize, usize)> = annotations
        .iter()
        .zip(anchors)
        .enumerate()
        .filter_map(|(i, (_, anchor))| anchor.placed().first().map(|m| (m.range.start, i)))
        .collect();
    noted.sort_unstable();
    let mut notes = Vec::new();
    let mut sidenotes: Vec<Option<String>> = vec![None; annotations.len()];
    for (_, i) in noted {
        let annotation = &annotations[i];
        let Some(inner) = note_content(site, annotation, links) else {
            continue;
        };
        let number = notes.len() + 1;
        let id = concat(&["sn-", &annotation.id]);
        let n = number.to_string();
        sidenotes[i] = Some(concat(&[
            "<span class=\"sn\"><a class=\"sn-ref\" href=\"#",
            &id,
            "\" id=\"snref-",
            &annotation.id,
            "\" aria-label=\"Note ",
            &n,
            "\">",
            &n,
            "</a><span class=\"sidenote\" id=\"",
            &id,
            "\" role=\"note\"><span class=\"sn-num\">",
            &n,
            "</span> ",
            &inner,
            "</span></span>",
        ]));
        notes.push(NoteView {
            number,
            anchor: mark_anchor(&annotation.id, 0),
            id,
            html: inner,
        });
    }
    let styles: Vec<Style> = annotations
        .iter()
        .map(|a| style(site, a, links.root))
        .collect();
    let spans: Vec<Span> = annotations
        .iter()
        .zip(anchors)
        .enumerate()
        .flat_map(|(i, (annotation, anchor))| {
            let sidenote = sidenotes[i].take();
            anchor.placed().iter().enumerate().map(move |(k, m)| Span {
                range: m.range.clone(),
                style: i,
                anchor: mark_anchor(&annotation.id, k),
                sidenote: if k == 0 { sidenote.clone() } else { None },
            })
        })
        .collect();
    let mut events = site.anchors[index].events.take(article.body_text());
    if !site.project.config.raw_html {
        markdown::escape_raw_html(&mut events);
    }
    markdown::add_heading_ids(&mut events);
    links.rewrite(&mut events);
    let events = marks::inject(events, &spans, &styles);
    let mut html = String::with_capacity(article.body.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Body { html, notes }
}

/// How an annotation's pieces look: mentions link to their (first) entity.
fn style(site: &Site, annotation: &Annotation, root: &str) -> Style {
    let entity = annotation
        .entities
        .first()
        .and_then(|e| site.project.registry.get(&e.value));
    match (&annotation.kind, entity) {
        (Kind::Mention, Some(entity)) => Style {
            id: annotation.id.clone(),
            class: concat(&["mention kind-", &crate::slug::slugify(&entity.kind)]),
            href: Some(concat(&[root, "entities/", &entity.id, "/"])),
        },
        _ => Style {
            id: annotation.id.clone(),
            class: crate::slug::slugify(annotation.kind.as_str()),
            href: None,
        },
    }
}

/// What a sidenote says: a label for events, claims and terms, then the note. `None` when
/// there is nothing beyond the mark itself (a plain mention).
pub fn note_content(site: &Site, annotation: &Annotation, links: Links) -> Option<String> {
    let entities = entity_links(site, annotation, links.root);
    let label = match &annotation.kind {
        Kind::Event => {
            let mut label = annotation
                .date
                .map(|d| format_range(&d, annotation.until.as_ref()))
                .unwrap_or_else(|| "Event".into());
            if let Some(title) = &annotation.title {
                label = concat(&[&label, " · ", &marks::text_html(title)]);
            }
            Some(label)
        }
        Kind::Claim => Some(match &annotation.source {
            Some(source) => concat(&[
                "Claim · per ",
                &source_html(site, &source.value, links.root),
            ]),
            None => "Claim".into(),
        }),
        Kind::Term if !entities.is_empty() => Some(concat(&["Term · ", &entities])),
        Kind::Term => Some("Term".into()),
        Kind::Mention if annotation.note.is_some() && !entities.is_empty() => Some(entities),
        Kind::Other(word) if annotation.note.is_some() => {
            Some(marks::text_html(&crate::slug::capitalize(word)))
        }
        _ => None,
    };
    let note = annotation
        .note
        .as_ref()
        .map(|n| markdown::inline_html(&n.value, links));
    // The stylesheet ends a label with a full stop, unless it already ends with one
    // ("Washington, D.C.").
    let class = |label: &str| {
        if ends_with_stop(label) {
            "sn-label sn-stopped"
        } else {
            "sn-label"
        }
    };
    match (label, note) {
        (None, None) => None,
        (Some(label), None) => Some(concat(&[
            "<span class=\"",
            class(&label),
            "\">",
            &label,
            "</span>",
        ])),
        (None, Some(note)) => Some(note),
        (Some(label), Some(note)) => Some(concat(&[
            "<span class=\"",
            class(&label),
            "\">",
            &label,
            "</span> ",
            &note,
        ])),
    }
}

/// Whether the text of an HTML fragment ends with sentence punctuation (tags skipped).
fn ends_with_stop(html: &str) -> bool {
    let mut in_tag = false;
    for c in html.chars().rev() {
        match c {
            '>' => in_tag = true,
            '<' => in_tag = false,
            _ if in_tag || c.is_whitespace() => {}
            _ => return matches!(c, '.' | '!' | '?' | '…'),
        }
    }
    false
}

/// Links to an annotation's entities, by name.
fn entity_links(site: &Site, annotation: &Annotation, root: &str) -> String {
    annotation
        .entities
        .iter()
        .filter_map(|e| site.project.registry.get(&e.value))
        .map(|e| entity_link(root, &e.id, &e.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A source: linked to its entity page when it is an entity id, else plain text.
pub fn source_html(site: &Site, source: &str, root: &str) -> String {
    match site.project.registry.get(source) {
        Some(e) => entity_link(root, &e.id, &e.name),
        None => marks::text_html(source),
    }
}

/// A link to an entity's page, by name.
fn entity_link(root: &str, id: &str, name: &str) -> String {
    concat(&[
        "<a href=\"",
        root,
        "entities/",
        id,
        "/\">",
        &marks::text_html(name),
        "</a>",
    ])
}

#[cfg(test)]
mod tests {
    use super::ends_with_stop;

    #[test]
    fn a_label_that_ends_a_sentence_is_known() {
        assert!(ends_with_stop("<a href=\"x\">Washington, D.C.</a>"));
        assert!(ends_with_stop("Who said it?"));
        assert!(!ends_with_stop("Claim · per <a href=\"x\">RIA Novosti</a>"));
        assert!(!ends_with_stop("9–13 March 2007 · CSTO visits Kabul"));
        // An escaped character ends with `;` but is not punctuation.
        assert!(!ends_with_stop("Claim · per R&amp;"));
    }
}
