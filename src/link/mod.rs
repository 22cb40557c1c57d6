//! The link stage: the cross-reference graph of the whole site — who is mentioned where,
//! which articles are related, what happened when, what carries which tag — and the check
//! that every cross-link written in Markdown points somewhere.

pub mod related;
mod tally;
pub mod update;
pub mod xref;

use crate::anchor::ArticleAnchors;
use crate::date::PartialDate;
use crate::diagnostic::Diagnostic;
use crate::load::annotations::{Annotation, Kind};
use crate::load::{Article, Project};
use crate::source::{SourceFile, Spanned};
use foldhash::fast::FixedState;
use pulldown_cmark::{Event, Tag};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use tally::Tally;
use xref::Targets;

/// One placed match of one annotation: article index, annotation index, match index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MarkRef {
    pub article: usize,
    pub annotation: usize,
    pub occurrence: usize,
}

/// An annotation, by article index and annotation index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AnnotationRef {
    pub article: usize,
    pub annotation: usize,
}

/// What the site knows about one entity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityLinks {
    /// Every placed match of an annotation naming the entity, newest article first.
    pub mentions: Vec<MarkRef>,
    /// Dated annotations naming the entity, in date order.
    pub events: Vec<AnnotationRef>,
    /// Claims attributed to the entity (`source: <id>`).
    pub claims: Vec<AnnotationRef>,
    /// Articles whose front-matter `source` is the entity.
    pub articles_from: Vec<usize>,
    /// How many articles mention it.
    pub article_count: usize,
    /// Other entities mentioned in the same articles, with the number of shared articles,
    /// most shared first.
    pub co_mentioned: Vec<(String, usize)>,
}

/// One tag: the articles and annotations carrying it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagLinks {
    /// The tag as first written.
    pub name: String,
    pub articles: Vec<usize>,
    pub annotations: Vec<AnnotationRef>,
}

/// The cross-reference graph: plain indices and ids into a project, owned, so `watch` and
/// `serve` can keep it between rebuilds while the project changes in ways it does not see.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Graph {
    /// Article indices, newest first (ties by slug).
    pub by_date: Vec<usize>,
    pub entities: BTreeMap<String, EntityLinks>,
    /// Per article: the entities it mentions, in order of first mention, with mention counts.
    pub article_entities: Vec<Vec<(String, usize)>>,
    /// Per article: related articles with the number of entities shared, best first
    /// (see [`related`]).
    pub related: Vec<Vec<(usize, usize)>>,
    /// What the related articles were found by, for `watch` to find some again.
    pub related_index: related::Index,
    /// Every placed, dated annotation, in date order.
    pub timeline: Vec<AnnotationRef>,
    /// By tag slug.
    pub tags: BTreeMap<String, TagLinks>,
    pub targets: Targets,
    /// The annotations a cross-link points at (`article:slug#a-id`), as (slug, id), or did
    /// at some point since the last full build: what [`Checked::linked`] found, and added to
    /// by `watch` as links are written.
    pub linked: HashSet<(String, String)>,
}

/// What checking cross-links finds: the broken ones, and the annotations good ones point at.
#[derive(Debug, Default)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    /// The annotations a cross-link points at, as (article slug, annotation id): they
    /// cannot go without every link checked again.
    pub linked: HashSet<(String, String)>,
}

impl Checked {
    /// Checks one destination, noting the annotation it points at.
    fn resolve(&mut self, targets: &Targets, dest: &str) -> Result<(), (String, String)> {
        targets.resolve(dest)?;
        if let Some(xref::Target::Article {
            slug,
            fragment: Some(fragment),
        }) = xref::parse(dest)
            && let Some(id) = fragment.strip_prefix("a-")
        {
            self.linked.insert((slug.to_string(), id.to_string()));
        }
        Ok(())
    }
}

/// The linked site: the project, its anchors, and the graph between them. Immutable; the
/// render stage only reads it. The graph's fields read as the site's own (`site.entities`).
pub struct Site<'p> {
    pub project: &'p Project,
    pub anchors: &'p [ArticleAnchors],
    pub graph: &'p Graph,
}

impl std::ops::Deref for Site<'_> {
    type Target = Graph;

    fn deref(&self) -> &Graph {
        self.graph
    }
}

/// How many related articles an article page lists.
const RELATED: usize = 5;
/// How many co-mentioned entities an entity page lists.
const CO_MENTIONED: usize = 12;

impl<'p> Site<'p> {
    pub fn annotation(&self, r: AnnotationRef) -> (&'p Article, &'p Annotation) {
        let article = &self.project.articles[r.article];
        (article, &article.annotation_list()[r.annotation])
    }

    pub fn anchor(&self, r: AnnotationRef) -> &'p crate::anchor::Anchor {
        &self.anchors[r.article].anchors[r.annotation]
    }
}

/// Builds the graph and checks cross-links.
pub fn link(project: &Project, anchors: &[ArticleAnchors]) -> (Graph, Vec<Diagnostic>) {
    let targets = Targets::new(project);
    let mut by_date: Vec<usize> = (0..project.articles.len()).collect();
    by_date.sort_by(|&a, &b| {
        let (a, b) = (&project.articles[a], &project.articles[b]);
        b.front.date.cmp(&a.front.date).then(a.slug.cmp(&b.slug))
    });
    // The parts are independent of one another: made side by side. Related articles and
    // co-mentions need each article's entities first, and go on beside the rest.
    let (checked, ((article_entities, (related, index), co), (mut entities, (timeline, tags)))) =
        rayon::join(
            || {
                let mut checked = Checked::default();
                check_xrefs(project, anchors, &targets, &mut checked);
                checked
            },
            || {
                rayon::join(
                    || {
                        let article_entities = article_entities(project, anchors);
                        let (related, co) = rayon::join(
                            || related::related(&article_entities, &by_date, RELATED),
                            || co_mentions(&article_entities),
                        );
                        (article_entities, related, co)
                    },
                    || {
                        rayon::join(
                            || entity_links(project, anchors, &by_date),
                            || {
                                rayon::join(
                                    || timeline(project, anchors),
                                    || tags(project, &by_date),
                                )
                            },
                        )
                    },
                )
            },
        );
    set_co_mentions(&mut entities, co);
    let graph = Graph {
        by_date,
        entities,
        article_entities,
        related,
        related_index: index,
        timeline,
        tags,
        targets,
        linked: checked.linked,
    };
    (graph, checked.diagnostics)
}

/// Placed annotations of an article with their indices.
fn placed<'a>(
    article: &'a Article,
    anchors: &'a ArticleAnchors,
) -> impl Iterator<Item = (usize, &'a Annotation, &'a crate::anchor::Anchor)> + 'a {
    article
        .annotation_list()
        .iter()
        .zip(&anchors.anchors)
        .enumerate()
        .filter(|(_, (_, anchor))| !anchor.placed().is_empty())
        .map(|(i, (annotation, anchor))| (i, annotation, anchor))
}

fn article_entities(project: &Project, anchors: &[ArticleAnchors]) -> Vec<Vec<(String, usize)>> {
    project
        .articles
        .par_iter()
        .zip(anchors)
        .map(|(article, anchors)| entities_of(project, article, anchors))
        .collect()
}

/// The entities one article mentions, in order of first mention, with mention counts.
pub fn entities_of(
    project: &Project,
    article: &Article,
    anchors: &ArticleAnchors,
) -> Vec<(String, usize)> {
    // id → (first position, count); foldhash, not SipHash: every mention of the archive
    // passes here.
    let mut seen: HashMap<&str, (usize, usize), FixedState> = HashMap::default();
    for (_, annotation, anchor) in placed(article, anchors) {
        let first = anchor.placed()[0].range.start;
        for entity in &annotation.entities {
            if project.registry.get(&entity.value).is_none() {
                continue;
            }
            let entry = seen.entry(&entity.value).or_insert((first, 0));
            entry.0 = entry.0.min(first);
            entry.1 += anchor.placed().len();
        }
    }
    let mut list: Vec<_> = seen.into_iter().collect();
    list.sort_by(|a, b| a.1.0.cmp(&b.1.0).then(a.0.cmp(b.0)));
    list.into_iter()
        .map(|(id, (_, count))| (id.to_string(), count))
        .collect()
}

fn entity_links(
    project: &Project,
    anchors: &[ArticleAnchors],
    by_date: &[usize],
) -> BTreeMap<String, EntityLinks> {
    let mut entities: BTreeMap<String, EntityLinks> = project
        .registry
        .entities
        .keys()
        .map(|id| (id.clone(), EntityLinks::default()))
        .collect();
    for &a in by_date {
        let article = &project.articles[a];
        if let Some(links) = article
            .front
            .source
            .as_ref()
            .and_then(|s| entities.get_mut(&s.value))
        {
            links.articles_from.push(a);
        }
        let mut counted: Vec<&str> = Vec::new();
        for (i, annotation, anchor) in placed(article, &anchors[a]) {
            let r = AnnotationRef {
                article: a,
                annotation: i,
            };
            for entity in &annotation.entities {
                let Some(links) = entities.get_mut(&entity.value) else {
                    continue;
                };
                links
                    .mentions
                    .extend((0..anchor.placed().len()).map(|occurrence| MarkRef {
                        article: a,
                        annotation: i,
                        occurrence,
                    }));
                if annotation.date.is_some() {
                    links.events.push(r);
                }
                if !counted.contains(&entity.value.as_str()) {
                    counted.push(&entity.value);
                    links.article_count += 1;
                }
            }
            if annotation.kind == Kind::Claim
                && let Some(links) = annotation
                    .source
                    .as_ref()
                    .and_then(|s| entities.get_mut(&s.value))
            {
                links.claims.push(r);
            }
        }
    }
    for links in entities.values_mut() {
        links.events.sort_by_cached_key(|r| event_key(project, *r));
        links.events.dedup();
    }
    entities
}

/// For each entity named beside others, up to [`CO_MENTIONED`] of them with the number of
/// articles naming both, most shared first, then by id.
fn co_mentions(article_entities: &[Vec<(String, usize)>]) -> Vec<(String, Vec<(String, usize)>)> {
    // Entities numbered in order of first appearance; for each, the numbers of the entities
    // named beside it, once per article, then counted entity by entity: sorting every pair
    // of a large archive instead (~900,000 at 10,000 articles) took 30 ms on one thread.
    let mut numbers: HashMap<&str, u32, FixedState> = HashMap::default();
    let mut names: Vec<&str> = Vec::new();
    let mut beside: Vec<Vec<u32>> = Vec::new();
    let mut article: Vec<u32> = Vec::new();
    for list in article_entities {
        article.clear();
        for (id, _) in list {
            let number = *numbers.entry(id).or_insert_with(|| {
                names.push(id);
                beside.push(Vec::new());
                (names.len() - 1) as u32
            });
            article.push(number);
        }
        for &a in &article {
            let others = &mut beside[a as usize];
            others.extend(article.iter().filter(|&&b| b != a));
        }
    }
    beside
        .par_iter()
        .enumerate()
        .filter(|(_, others)| !others.is_empty())
        .map_init(
            || Tally::new(names.len()),
            |tally, (a, others)| {
                for &b in others {
                    tally.add(b as usize);
                }
                let mut list: Vec<(&str, usize)> =
                    tally.drain().map(|(b, count)| (names[b], count)).collect();
                list.sort_unstable_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
                let list = list
                    .into_iter()
                    .take(CO_MENTIONED)
                    .map(|(other, count)| (other.to_string(), count))
                    .collect();
                (names[a].to_string(), list)
            },
        )
        .collect()
}

/// Gives each entity of the registry its [`co_mentions`].
fn set_co_mentions(
    entities: &mut BTreeMap<String, EntityLinks>,
    co: Vec<(String, Vec<(String, usize)>)>,
) {
    for (id, list) in co {
        if let Some(links) = entities.get_mut(&id) {
            links.co_mentioned = list;
        }
    }
}

/// The order of the timeline: by date, then end date, then article and position.
fn event_key(
    project: &Project,
    r: AnnotationRef,
) -> (PartialDate, Option<PartialDate>, String, usize) {
    let annotation = &project.articles[r.article].annotation_list()[r.annotation];
    let date = annotation.date.unwrap_or(PartialDate {
        year: i32::MAX,
        month: None,
        day: None,
    });
    (
        date,
        annotation.until,
        project.articles[r.article].slug.clone(),
        r.annotation,
    )
}

fn timeline(project: &Project, anchors: &[ArticleAnchors]) -> Vec<AnnotationRef> {
    let mut events: Vec<AnnotationRef> = project
        .articles
        .iter()
        .zip(anchors)
        .enumerate()
        .flat_map(|(a, (article, anchors))| {
            placed(article, anchors)
                .filter(|(_, annotation, _)| annotation.date.is_some())
                .map(move |(i, _, _)| AnnotationRef {
                    article: a,
                    annotation: i,
                })
        })
        .collect();
    events.sort_by_cached_key(|r| event_key(project, *r));
    events
}

fn tags(project: &Project, by_date: &[usize]) -> BTreeMap<String, TagLinks> {
    let mut tags: BTreeMap<String, TagLinks> = BTreeMap::new();
    for &a in by_date {
        let article = &project.articles[a];
        for name in &article.front.tags {
            if let Some(links) = tag_entry(&mut tags, name)
                && links.articles.last() != Some(&a)
            {
                links.articles.push(a);
            }
        }
        for (i, annotation) in article.annotation_list().iter().enumerate() {
            for name in &annotation.tags {
                if let Some(links) = tag_entry(&mut tags, name) {
                    links.annotations.push(AnnotationRef {
                        article: a,
                        annotation: i,
                    });
                }
            }
        }
    }
    tags
}

/// The entry of a tag by its slug; the first spelling met names it. `None` for a tag with
/// nothing usable in a URL.
fn tag_entry<'t>(tags: &'t mut BTreeMap<String, TagLinks>, name: &str) -> Option<&'t mut TagLinks> {
    let slug = crate::slug::slugify(name);
    if slug.is_empty() {
        return None;
    }
    let links = tags.entry(slug).or_default();
    if links.name.is_empty() {
        links.name = name.trim().to_string();
    }
    Some(links)
}

/// Checks every cross-link: in article bodies (collected by the anchor stage), summaries,
/// notes and entity descriptions.
fn check_xrefs(
    project: &Project,
    anchors: &[ArticleAnchors],
    targets: &Targets,
    checked: &mut Checked,
) {
    let found: Vec<Checked> = project
        .articles
        .par_iter()
        .zip(anchors)
        .map(|(article, anchors)| {
            let mut found = Checked::default();
            check_article_xrefs(article, anchors, targets, &mut found);
            found
        })
        .collect();
    for mut found in found {
        checked.diagnostics.append(&mut found.diagnostics);
        checked.linked.extend(found.linked);
    }
    check_registry_xrefs(project, targets, checked);
}

/// Checks the cross-links in entity descriptions.
pub fn check_registry_xrefs(project: &Project, targets: &Targets, checked: &mut Checked) {
    if let Some(file) = &project.registry.file {
        for entity in project.registry.entities.values() {
            if let Some(description) = &entity.description {
                check_fragment(file, description, targets, checked);
            }
        }
    }
}

/// Checks the cross-links of one article: its body, its summary, its notes.
pub fn check_article_xrefs(
    article: &Article,
    anchors: &ArticleAnchors,
    targets: &Targets,
    checked: &mut Checked,
) {
    for (dest, offset) in &anchors.xrefs {
        if let Err((message, help)) = checked.resolve(targets, dest) {
            let pos = article.file.pos(*offset, dest.len());
            checked.diagnostics.push(
                Diagnostic::error("broken-link", message)
                    .at(&article.file, pos)
                    .help(help),
            );
        }
    }
    if let Some(summary) = &article.front.summary {
        check_fragment(&article.file, summary, targets, checked);
    }
    if let Some(file) = &article.annotations {
        for annotation in &file.annotations {
            if let Some(note) = &annotation.note {
                check_fragment(&file.file, note, targets, checked);
            }
        }
    }
}

/// Checks the cross-links of a Markdown value written in YAML; problems point at the value.
fn check_fragment(
    file: &SourceFile,
    markdown: &Spanned<String>,
    targets: &Targets,
    checked: &mut Checked,
) {
    // Every link starts with `[` or `<` (an autolink): most notes and summaries have
    // neither and need no parser.
    if memchr::memchr2(b'[', b'<', markdown.value.as_bytes()).is_none() {
        return;
    }
    // Read as the parser goes: only link starts matter, and the events are not kept.
    for event in pulldown_cmark::Parser::new_ext(&markdown.value, crate::markdown::options()) {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && let Err((message, help)) = checked.resolve(targets, &dest_url)
        {
            checked.diagnostics.push(
                Diagnostic::error("broken-link", message)
                    .at(file, markdown.pos)
                    .help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn co_mentions_are_counted_by_shared_articles_most_first_then_by_id() {
        let article = |ids: &[&str]| -> Vec<(String, usize)> {
            ids.iter().map(|id| (id.to_string(), 1)).collect()
        };
        let articles = [
            article(&["nato", "csto", "kabul"]),
            article(&["csto", "kabul"]),
            article(&["csto", "nato", "unknown"]),
            article(&["kabul"]),
        ];
        let mut entities: BTreeMap<String, EntityLinks> = ["csto", "kabul", "nato", "lonely"]
            .iter()
            .map(|id| (id.to_string(), EntityLinks::default()))
            .collect();
        set_co_mentions(&mut entities, co_mentions(&articles));
        let co = |id: &str| entities[id].co_mentioned.clone();
        let pairs = |list: &[(&str, usize)]| -> Vec<(String, usize)> {
            list.iter().map(|&(id, n)| (id.to_string(), n)).collect()
        };
        assert_eq!(
            co("csto"),
            pairs(&[("kabul", 2), ("nato", 2), ("unknown", 1)])
        );
        assert_eq!(co("kabul"), pairs(&[("csto", 2), ("nato", 1)]));
        assert_eq!(
            co("nato"),
            pairs(&[("csto", 2), ("kabul", 1), ("unknown", 1)])
        );
        assert!(co("lonely").is_empty());
        assert!(!entities.contains_key("unknown"));
        // At most CO_MENTIONED others are kept.
        let many: Vec<String> = (0..CO_MENTIONED + 5).map(|i| format!("e{i:02}")).collect();
        let names: Vec<&str> = many.iter().map(String::as_str).collect();
        let mut entities: BTreeMap<String, EntityLinks> =
            [("e00".to_string(), EntityLinks::default())].into();
        set_co_mentions(&mut entities, co_mentions(&[article(&names)]));
        assert_eq!(entities["e00"].co_mentioned.len(), CO_MENTIONED);
        assert_eq!(entities["e00"].co_mentioned[0], ("e01".to_string(), 1));
    }
}
