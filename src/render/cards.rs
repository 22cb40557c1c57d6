//! Builds the small views other pages list: articles, entities, tags, events, annotations.

use super::body::mark_anchor;
use super::markdown::{self, Links};
use super::memo::Memo;
use super::views::*;
use crate::date::{PartialDate, format_range};
use crate::link::{AnnotationRef, Site};
use crate::text::concat;
use serde_json::value::RawValue;

pub fn date(d: &PartialDate) -> DateView {
    DateView {
        iso: d.iso(),
        display: d.to_string(),
    }
}

/// Article `index`'s card as a template value, made once per way back to the site root (see
/// [`super::Memo`]) and kept between rebuilds by `watch`.
pub fn article_card(site: &Site, index: usize, links: Links) -> CardValue {
    CardValue(links.memo.card(index, links.root, || {
        tera::Value::from_serializable(&card_of(site, index, links))
    }))
}

fn card_of(site: &Site, index: usize, links: Links) -> ArticleCard {
    let article = &site.project.articles[index];
    let front = &article.front;
    ArticleCard {
        slug: article.slug.clone(),
        url: concat(&["articles/", &article.slug, "/"]),
        title: front.title.clone(),
        date: date(&front.date),
        author: front.author.clone(),
        source: front.source.as_ref().map(|s| {
            CardValue(links.memo.source(&s.value, || {
                tera::Value::from_serializable(&source_view(site, &s.value))
            }))
        }),
        summary_html: front
            .summary
            .as_ref()
            .map(|s| markdown::block_html(&s.value, links)),
        tags: front
            .tags
            .iter()
            .filter_map(|t| {
                let made = links.memo.tag(t, || {
                    let tag = tag_card(site, &crate::slug::slugify(t))?.tag;
                    Some(tera::Value::from_serializable(&tag))
                });
                made.map(CardValue)
            })
            .collect(),
    }
}

/// Article `index`'s card with `annotation_count`, the annotations placed in it, as home and
/// its own page show it. Other lists (tags, entities, related articles) show the card alone,
/// so that an annotation added leaves them as they were.
pub fn counted_card(site: &Site, index: usize, links: Links) -> CardValue {
    let card = article_card(site, index, links).0;
    let Some(mut map) = card.clone().into_map() else {
        return CardValue(card);
    };
    let count = site.anchors[index]
        .anchors
        .iter()
        .filter(|a| !a.placed().is_empty())
        .count();
    map.insert("annotation_count".into(), tera::Value::from(count));
    CardValue(tera::Value::from(map))
}

/// Article `index` as annotations and mentions listed elsewhere link to it, as a template
/// value made once per build (an article is listed on the page of every entity it mentions).
pub fn article_ref(site: &Site, index: usize, memo: &Memo) -> CardValue {
    CardValue(memo.article_ref(index, || {
        let article = &site.project.articles[index];
        tera::Value::from_serializable(&ArticleRef {
            title: article.front.title.clone(),
            url: concat(&["articles/", &article.slug, "/"]),
            date: date(&article.front.date),
        })
    }))
}

/// A source as text, with a link when it is a registry entity.
pub fn source_view(site: &Site, source: &str) -> SourceView {
    match site.project.registry.get(source) {
        Some(e) => SourceView {
            name: e.name.clone(),
            url: Some(concat(&["entities/", &e.id, "/"])),
        },
        None => SourceView {
            name: source.to_string(),
            url: None,
        },
    }
}

/// Entity `id`'s card on the page of an article mentioning it `in_article` times, as a
/// template value made once per build for each count: its mentions there and no site-wide
/// count. `None` for an id not in the registry.
pub fn entity_card_value(
    site: &Site,
    id: &str,
    in_article: usize,
    memo: &Memo,
) -> Option<CardValue> {
    let make = || {
        let mut card = entity_card(site, id)?;
        card.mentions = in_article;
        card.articles = None;
        Some(tera::Value::from_serializable(&card))
    };
    memo.entity_card(id, in_article, make).map(CardValue)
}

/// Entity `id` as events and co-mention lists link to it, as a template value made once per
/// build; `None` for an id not in the registry.
pub fn entity_ref(site: &Site, id: &str, memo: &Memo) -> Option<CardValue> {
    let make = || {
        let entity = entity_ref_of(site.project.registry.get(id)?);
        Some(tera::Value::from_serializable(&entity))
    };
    memo.entity_ref(id, make).map(CardValue)
}

fn entity_ref_of(entity: &crate::load::registry::Entity) -> EntityRef {
    EntityRef {
        id: entity.id.clone(),
        name: entity.name.clone(),
        kind: entity.kind.clone(),
        url: concat(&["entities/", &entity.id, "/"]),
    }
}

/// An entity with its site-wide counts; `None` for an id not in the registry.
pub fn entity_card(site: &Site, id: &str) -> Option<EntityCard> {
    let entity = site.project.registry.get(id)?;
    let links = site.entities.get(id);
    Some(EntityCard {
        entity: entity_ref_of(entity),
        mentions: links.map_or(0, |l| l.mentions.len()),
        articles: Some(links.map_or(0, |l| l.article_count)),
    })
}

pub fn tag_card(site: &Site, slug: &str) -> Option<TagCard> {
    let tag = site.tags.get(slug)?;
    Some(TagCard {
        tag: TagRef {
            name: tag.name.clone(),
            slug: slug.to_string(),
            url: concat(&["tags/", slug, "/"]),
        },
        count: tag.articles.len() + tag.annotations.len(),
    })
}

/// The link to an annotation's first mark.
pub fn mark_url(site: &Site, r: AnnotationRef) -> String {
    let (article, annotation) = site.annotation(r);
    concat(&[
        "articles/",
        &article.slug,
        "/#",
        &mark_anchor(&annotation.id, 0),
    ])
}

/// The reader text an annotation covers (its first match), or its quote as written.
fn quote_text(site: &Site, r: AnnotationRef) -> String {
    let (_, annotation) = site.annotation(r);
    site.anchor(r).placed().first().map_or_else(
        || annotation.quote.value.clone(),
        |m| m.sentence.text.clone(),
    )
}

pub fn event_view(site: &Site, r: AnnotationRef, links: Links) -> EventView {
    let (_, annotation) = site.annotation(r);
    let from = annotation.date.unwrap_or(PartialDate {
        year: 0,
        month: None,
        day: None,
    });
    let quote = quote_text(site, r);
    EventView {
        date: DateView {
            iso: from.iso(),
            display: format_range(&from, annotation.until.as_ref()),
        },
        until: annotation.until.as_ref().map(date),
        title: annotation.title.clone().unwrap_or_else(|| quote.clone()),
        quote,
        kind: annotation.kind.as_str().to_string(),
        url: mark_url(site, r),
        article: article_ref(site, r.article, links.memo),
        entities: annotation
            .entities
            .iter()
            .filter_map(|e| entity_ref(site, &e.value, links.memo))
            .collect(),
        note_html: annotation
            .note
            .as_ref()
            .map(|n| markdown::inline_html(&n.value, links)),
    }
}

pub fn annotation_card(site: &Site, r: AnnotationRef, links: Links) -> AnnotationCard {
    let (_, annotation) = site.annotation(r);
    AnnotationCard {
        kind: annotation.kind.as_str().to_string(),
        quote: quote_text(site, r),
        url: mark_url(site, r),
        article: article_ref(site, r.article, links.memo),
        note_html: annotation
            .note
            .as_ref()
            .map(|n| markdown::inline_html(&n.value, links)),
        source: annotation
            .source
            .as_ref()
            .map(|s| source_view(site, &s.value)),
    }
}

/// The first sentence of a Markdown text, as plain text with whitespace collapsed (long ones
/// are cut at a word, with an ellipsis); `None` when it has no text.
pub fn first_sentence(markdown: &str) -> Option<String> {
    let events = crate::markdown::parse(markdown);
    let reader = crate::markdown::reader::ReaderText::new(markdown, &events, 0);
    let sentence = crate::markdown::sentence::around(&reader.chars, 0..0);
    let text = sentence.after.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// The preview of an entity as JSON; `None` for an id not in the registry. Its site-wide
/// counts are not in it but in [`entity_counts`], one file for all pages.
pub fn entity_preview(site: &Site, id: &str) -> Option<Box<RawValue>> {
    let entity = site.project.registry.get(id)?;
    let preview = EntityPreview {
        name: entity.name.clone(),
        kind: entity.kind.clone(),
        about: entity
            .description
            .as_ref()
            .and_then(|d| first_sentence(&d.value)),
    };
    serde_json::value::to_raw_value(&preview).ok()
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn first_sentence_is_plain_text_up_to_the_first_full_stop() {
        assert_eq!(
            first_sentence("The *Russia-led* bloc, founded in\n2002. Its members are six.")
                .as_deref(),
            Some("The Russia-led bloc, founded in 2002.")
        );
        assert_eq!(
            first_sentence("Gen. Ivanov of [the bloc](https://x.org).").as_deref(),
            Some("Gen. Ivanov of the bloc.")
        );
        assert_eq!(
            first_sentence("One paragraph\n\nAnother.").as_deref(),
            Some("One paragraph")
        );
        assert_eq!(first_sentence("  "), None);
    }
}
