//! Builds the view of every page from the linked site.

use super::body;
use super::cards::*;
use super::markdown::{self, Links};
use super::memo::Memo;
use super::views::*;
use crate::link::Site;
use crate::load::annotations::Kind;
use crate::text::concat;
use std::collections::BTreeMap;

/// How many articles the home page and the feed list.
const HOME_ARTICLES: usize = 20;
const HOME_ENTITIES: usize = 12;
const HOME_EVENTS: usize = 8;
const HOME_TAGS: usize = 24;
const FEED_ENTRIES: usize = 50;

pub fn home(site: &Site, links: Links) -> HomePage {
    let mut entities: Vec<EntityCard> = site
        .entities
        .keys()
        .filter_map(|id| entity_card(site, id))
        .filter(|e| e.mentions > 0)
        .collect();
    entities.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then(a.entity.name.cmp(&b.entity.name))
    });
    entities.truncate(HOME_ENTITIES);
    let events = site
        .timeline
        .iter()
        .rev()
        .take(HOME_EVENTS)
        .map(|&r| event_view(site, r, links))
        .collect();
    let mut tags: Vec<TagCard> = site
        .tags
        .keys()
        .filter_map(|slug| tag_card(site, slug))
        .collect();
    tags.sort_by(|a, b| b.count.cmp(&a.count).then(a.tag.slug.cmp(&b.tag.slug)));
    tags.truncate(HOME_TAGS);
    HomePage {
        articles: site
            .by_date
            .iter()
            .take(HOME_ARTICLES)
            .map(|&i| counted_card(site, i, links))
            .collect(),
        entities,
        events,
        tags,
        article_count: site.project.articles.len(),
        entity_count: site.project.registry.entities.len(),
    }
}

pub fn article(site: &Site, index: usize, links: Links) -> ArticlePage {
    let article = &site.project.articles[index];
    let body = body::render(site, index, links);
    // Each card made into a template value once per count shown, for the list and for its
    // kind's group.
    let entities: Vec<(Mentioned, CardValue)> = site.article_entities[index]
        .iter()
        .filter_map(|(id, count)| {
            let entity = site.project.registry.get(id)?;
            let value = entity_card_value(site, id, *count, links.memo)?;
            let mentioned = Mentioned {
                kind: &entity.kind,
                name: &entity.name,
                mentions: *count,
            };
            Some((mentioned, value))
        })
        .collect();
    let (entities, values): (Vec<Mentioned>, Vec<CardValue>) = entities.into_iter().unzip();
    ArticlePage {
        entity_groups: entity_groups(&entities)
            .into_iter()
            .map(|group| EntityGroup {
                kind: group.kind.to_string(),
                label: group.label,
                entities: group.members.iter().map(|&i| values[i].clone()).collect(),
            })
            .collect(),
        entities: values,
        article: counted_card(site, index, links),
        original_url: article.front.url.clone(),
        body_html: body.html,
        notes: body.notes,
        related: site.related[index]
            .iter()
            .map(|&(other, shared)| RelatedView {
                article: article_card(site, other, links),
                shared,
            })
            .collect(),
        extra: article.front.extra.clone(),
        previews_json: previews_json(&previews(site, index, links.memo)),
    }
}

/// Kinds in the order the entity index and article pages show them, with their group
/// headings.
const KINDS: &[(&str, &str)] = &[
    ("person", "People"),
    ("organization", "Organizations"),
    ("place", "Places"),
    ("term", "Terms"),
    ("source", "Sources"),
];

/// The group heading of one of the usual [`KINDS`].
fn kind_label(kind: &str) -> Option<&'static str> {
    KINDS.iter().find(|(k, _)| *k == kind).map(|(_, l)| *l)
}

/// What grouping and ordering an article's entities needs to know of each.
struct Mentioned<'a> {
    kind: &'a str,
    name: &'a str,
    /// In the article.
    mentions: usize,
}

/// One kind's group of the entities an article mentions.
struct Group<'a> {
    kind: &'a str,
    label: String,
    /// Indices into the entities grouped.
    members: Vec<usize>,
}

/// The entities an article mentions, grouped by kind: the usual kinds in [`KINDS`]'s
/// order, then any others alphabetically; in each group the most mentioned first, then by
/// name. (Made here rather than in the template, where sorting and filtering every group
/// cost a twentieth of a build.)
fn entity_groups<'a>(entities: &[Mentioned<'a>]) -> Vec<Group<'a>> {
    let mut kinds: Vec<&str> = entities.iter().map(|e| e.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut order: Vec<&str> = KINDS
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| kinds.contains(k))
        .collect();
    order.extend(kinds.iter().filter(|k| kind_label(k).is_none()));
    order
        .into_iter()
        .map(|kind| {
            let mut members: Vec<usize> = (0..entities.len())
                .filter(|&i| entities[i].kind == kind)
                .collect();
            members.sort_by(|&a, &b| {
                let (a, b) = (&entities[a], &entities[b]);
                b.mentions.cmp(&a.mentions).then_with(|| a.name.cmp(b.name))
            });
            Group {
                kind,
                label: kind_label(kind).map_or_else(|| capitalize(kind), str::to_string),
                members,
            }
        })
        .collect()
}

/// The first letter in upper case, the others in lower case.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.as_str().to_lowercase().chars())
            .collect(),
        None => String::new(),
    }
}

/// The data for an article's mention previews: every entity its mentions link to.
fn previews<'a>(site: &'a Site, index: usize, memo: &'a Memo) -> Previews<'a> {
    let article = &site.project.articles[index];
    let mut entities = BTreeMap::new();
    let mut mentions = BTreeMap::new();
    for (annotation, anchor) in article
        .annotation_list()
        .iter()
        .zip(&site.anchors[index].anchors)
    {
        // Only mentions become links to an entity (body.rs: the first entity named).
        if annotation.kind != Kind::Mention || anchor.placed().is_empty() {
            continue;
        }
        let Some(id) = annotation.entities.first().map(|e| e.value.as_str()) else {
            continue;
        };
        if !entities.contains_key(id) {
            let Some(preview) = memo.preview(id, || entity_preview(site, id)) else {
                continue;
            };
            entities.insert(id, preview);
        }
        mentions.insert(annotation.id.as_str(), id);
    }
    Previews { entities, mentions }
}

/// JSON that can sit inside a `<script>` element: `<`, `>` and `&` only occur in strings
/// there, where `\u003c`, `\u003e` and `\u0026` mean the same, so `</script>` or `<!--` in
/// a description cannot end the element early.
fn previews_json(previews: &Previews) -> String {
    if previews.mentions.is_empty() {
        return String::new();
    }
    let json = serde_json::to_string(previews).expect("previews serialize");
    if !crate::text::has_any(&json, *b"<>&") {
        return json;
    }
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

pub fn entity(site: &Site, id: &str, links: Links) -> Option<EntityPage> {
    let entity = site.project.registry.get(id)?;
    let graph = site.entities.get(id)?;
    let mut mentions: Vec<MentionGroup> = Vec::new();
    // The article of the last group, whose mentions follow one another.
    let mut last_article = None;
    for m in &graph.mentions {
        let r = crate::link::AnnotationRef {
            article: m.article,
            annotation: m.annotation,
        };
        let (article, annotation) = site.annotation(r);
        let Some(found) = site.anchor(r).placed().get(m.occurrence) else {
            continue;
        };
        let view = MentionView {
            kind: annotation.kind.as_str().to_string(),
            url: concat(&[
                "articles/",
                &article.slug,
                "/#",
                &body::mark_anchor(&annotation.id, m.occurrence),
            ]),
            sentence_html: markdown::sentence_html(&found.sentence),
            note_html: annotation
                .note
                .as_ref()
                .map(|n| markdown::inline_html(&n.value, links)),
        };
        match mentions.last_mut() {
            Some(group) if last_article == Some(m.article) => {
                group.mentions.push(view);
                group.count += 1;
            }
            _ => mentions.push(MentionGroup {
                article: article_ref(site, m.article, links.memo),
                mentions: vec![view],
                count: 1,
            }),
        }
        last_article = Some(m.article);
    }
    Some(EntityPage {
        entity: entity_card(site, id)?,
        aliases: entity.aliases.clone(),
        description_html: entity
            .description
            .as_ref()
            .map(|d| markdown::block_html(&d.value, links)),
        links: entity
            .links
            .iter()
            .map(|(label, url)| LinkView {
                label: label.clone(),
                url: url.clone(),
            })
            .collect(),
        mentions,
        events: graph
            .events
            .iter()
            .map(|&r| event_view(site, r, links))
            .collect(),
        claims: graph
            .claims
            .iter()
            .map(|&r| annotation_card(site, r, links))
            .collect(),
        co_mentioned: graph
            .co_mentioned
            .iter()
            .filter_map(|(other, _)| entity_ref(site, other, links.memo))
            .collect(),
        articles_from: graph
            .articles_from
            .iter()
            .map(|&i| article_card(site, i, links))
            .collect(),
    })
}

pub fn entities(site: &Site) -> EntitiesPage {
    let mut by_kind: BTreeMap<String, Vec<EntityCard>> = BTreeMap::new();
    for id in site.entities.keys() {
        if let Some(card) = entity_card(site, id) {
            by_kind
                .entry(card.entity.kind.clone())
                .or_default()
                .push(card);
        }
    }
    let rank = |kind: &str| {
        KINDS
            .iter()
            .position(|(k, _)| *k == kind)
            .unwrap_or(KINDS.len())
    };
    let mut groups: Vec<KindGroup> = by_kind
        .into_iter()
        .map(|(kind, mut entities)| {
            entities.sort_by_cached_key(|e| (e.entity.name.to_lowercase(), e.entity.id.clone()));
            let label =
                kind_label(&kind).map_or_else(|| crate::slug::capitalize(&kind), str::to_string);
            KindGroup {
                kind,
                label,
                entities,
            }
        })
        .collect();
    groups.sort_by(|a, b| rank(&a.kind).cmp(&rank(&b.kind)).then(a.kind.cmp(&b.kind)));
    EntitiesPage { groups }
}

pub fn timeline(site: &Site, links: Links) -> TimelinePage {
    let mut years: Vec<YearGroup> = Vec::new();
    for &r in &site.timeline {
        let event = event_view(site, r, links);
        let year = site.annotation(r).1.date.map_or(0, |d| d.year).to_string();
        match years.last_mut() {
            Some(group) if group.year == year => group.events.push(event),
            _ => years.push(YearGroup {
                year,
                events: vec![event],
            }),
        }
    }
    TimelinePage { years }
}

pub fn tag(site: &Site, slug: &str, links: Links) -> Option<TagPage> {
    let tag = site.tags.get(slug)?;
    Some(TagPage {
        tag: tag_card(site, slug)?,
        articles: tag
            .articles
            .iter()
            .map(|&i| article_card(site, i, links))
            .collect(),
        annotations: tag
            .annotations
            .iter()
            .filter(|&&r| !site.anchor(r).placed().is_empty())
            .map(|&r| annotation_card(site, r, links))
            .collect(),
    })
}

pub fn tags(site: &Site) -> TagsPage {
    let mut tags: Vec<TagCard> = site
        .tags
        .keys()
        .filter_map(|slug| tag_card(site, slug))
        .collect();
    tags.sort_by_cached_key(|t| (t.tag.name.to_lowercase(), t.tag.slug.clone()));
    TagsPage { tags }
}

/// The feed: the newest articles, addresses absolute, also inside summaries (feed readers do
/// not all resolve relative links against `xml:base`).
pub fn feed(site: &Site, base_url: &str, links: Links) -> FeedPage {
    let links = Links {
        root: base_url,
        ..links
    };
    let stamp = |d: &crate::date::PartialDate| format!("{}T00:00:00Z", d.iso());
    let entries: Vec<FeedEntry> = site
        .by_date
        .iter()
        .take(FEED_ENTRIES)
        .map(|&i| {
            let article = &site.project.articles[i];
            FeedEntry {
                title: article.front.title.clone(),
                url: format!("{base_url}articles/{}/", article.slug),
                updated: stamp(&article.front.date),
                author: article.front.author.clone(),
                summary_html: article
                    .front
                    .summary
                    .as_ref()
                    .map(|s| markdown::block_html(&s.value, links)),
            }
        })
        .collect();
    FeedPage {
        url: base_url.to_string(),
        updated: entries
            .first()
            .map_or_else(|| "1970-01-01T00:00:00Z".into(), |e| e.updated.clone()),
        entries,
    }
}

pub fn sitemap(site: &Site, base_url: &str) -> SitemapPage {
    let url = |path: &str, lastmod: Option<String>| SitemapUrl {
        loc: format!("{base_url}{path}"),
        lastmod,
    };
    let mut urls = vec![
        url("", None),
        url("entities/", None),
        url("timeline/", None),
        url("tags/", None),
    ];
    urls.extend(site.by_date.iter().map(|&i| {
        let a = &site.project.articles[i];
        url(&format!("articles/{}/", a.slug), Some(a.front.date.iso()))
    }));
    urls.extend(
        site.entities
            .keys()
            .map(|id| url(&format!("entities/{id}/"), None)),
    );
    urls.extend(
        site.tags
            .keys()
            .map(|slug| url(&format!("tags/{slug}/"), None)),
    );
    SitemapPage { urls }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentioned_entities_group_by_kind_most_mentioned_first() {
        let card = |name: &'static str, kind: &'static str, mentions: usize| Mentioned {
            kind,
            name,
            mentions,
        };
        let entities = [
            card("Zed", "vessel", 1),
            card("Kabul", "place", 2),
            card("Bea", "person", 1),
            card("Ada", "person", 1),
            card("CSTO", "organization", 4),
            card("Cy", "person", 3),
            card("Ark", "ARTIFACT", 1),
        ];
        let groups = entity_groups(&entities);
        let shown: Vec<(&str, Vec<&str>)> = groups
            .iter()
            .map(|g| {
                let names = g.members.iter().map(|&i| entities[i].name).collect();
                (g.label.as_str(), names)
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("People", vec!["Cy", "Ada", "Bea"]),
                ("Organizations", vec!["CSTO"]),
                ("Places", vec!["Kabul"]),
                // Other kinds after the usual ones, alphabetically, named as Tera's
                // `capitalize` would.
                ("Artifact", vec!["Ark"]),
                ("Vessel", vec!["Zed"]),
            ]
        );
        assert_eq!(groups[3].kind, "ARTIFACT");
    }

    #[test]
    fn preview_json_cannot_close_its_script_element() {
        let preview = serde_json::value::to_raw_value(&EntityPreview {
            name: "A </script><!-- & B".into(),
            kind: "term".into(),
            about: None,
        })
        .unwrap();
        let entities = BTreeMap::from([("x", preview.as_ref())]);
        let mentions = BTreeMap::from([("1", "x")]);
        let json = previews_json(&Previews { entities, mentions });
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["entities"]["x"]["name"], "A </script><!-- & B");
        assert_eq!(back["mentions"]["1"], "x");
    }

    #[test]
    fn no_mentions_no_preview_data() {
        let empty = Previews {
            entities: BTreeMap::new(),
            mentions: BTreeMap::new(),
        };
        assert_eq!(previews_json(&empty), "");
    }
}
