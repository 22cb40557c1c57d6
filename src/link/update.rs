//! The link graph brought up to date after one article's annotations changed — its front
//! matter and the set of articles as they were — for `watch` and `serve`. Only what the
//! article takes part in is made again: the entities its annotations name, the co-mentions
//! and related articles its entities touch, its timeline entries and tagged annotations. The
//! result equals [`super::link`]'s on the new project (the tests compare them), and the
//! update says what changed, for the session to render the pages showing it.

use super::related::Index;
use super::tally::Tally;
use super::{
    AnnotationRef, CO_MENTIONED, Graph, MarkRef, RELATED, TagLinks, entities_of, event_key, placed,
};
use crate::anchor::ArticleAnchors;
use crate::load::annotations::Kind;
use crate::load::{Article, Project};
use foldhash::fast::FixedState;
use std::collections::{BTreeSet, HashMap, HashSet};

/// What an update changed in the graph.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changed {
    /// Entities whose site-wide counts changed, which every card of them shows.
    pub counted: BTreeSet<String>,
    /// Entities named beside others than before (or as often): the article's own, named
    /// by annotations the edit may have left alone.
    pub co_mentioned: BTreeSet<String>,
    /// Articles whose related articles changed.
    pub related: BTreeSet<usize>,
    pub timeline: bool,
    /// Tags carried by more or fewer annotations.
    pub tags: BTreeSet<String>,
}

/// What [`prepare`] found an update can be made with.
#[derive(Debug)]
pub struct Prepared {
    /// Each tag the article's annotations carry, before or after, with its links after.
    tags: Vec<(String, TagLinks)>,
}

/// Whether [`article`] can bring `graph` (made for `project`) up to date for article `a`
/// going from `old` to `new`, their front matter the same, and with what. Not when a
/// cross-link points at an annotation id of `old` that is gone (it would break), nor when a
/// tag would appear, go or take another name (a page made or removed, or every card listing
/// the tag changed).
pub fn prepare(
    graph: &Graph,
    project: &Project,
    a: usize,
    old: &Article,
    new: &Article,
) -> Option<Prepared> {
    let ids = |a: &Article| -> HashSet<String> {
        a.annotation_list().iter().map(|n| n.id.clone()).collect()
    };
    let now = ids(new);
    if ids(old)
        .difference(&now)
        .any(|id| graph.linked.contains(&(new.slug.clone(), id.clone())))
    {
        return None;
    }
    let rank = |i: usize| graph.related_index.rank(i);
    let slugs: BTreeSet<String> = [old, new]
        .iter()
        .flat_map(|article| article.annotation_list())
        .flat_map(|n| n.tags.iter().map(|t| crate::slug::slugify(t)))
        .filter(|slug| !slug.is_empty())
        .collect();
    let mut tags = Vec::new();
    for slug in slugs {
        let mut links = graph.tags.get(&slug)?.clone();
        links.annotations.retain(|r| r.article != a);
        // Once per time an annotation carries it, as the full build counts.
        let refs = new.annotation_list().iter().enumerate().flat_map(|(i, n)| {
            n.tags
                .iter()
                .filter(|t| crate::slug::slugify(t) == slug)
                .map(move |_| AnnotationRef {
                    article: a,
                    annotation: i,
                })
        });
        let at = links
            .annotations
            .partition_point(|r| rank(r.article) < rank(a));
        links.annotations.splice(at..at, refs);
        // Its name is its first spelling in date order, front matter before annotations.
        let first = [
            links.articles.first().copied(),
            links.annotations.first().map(|r| r.article),
        ]
        .into_iter()
        .flatten()
        .min_by_key(|&i| rank(i))?;
        let carrier = if first == a {
            new
        } else {
            &project.articles[first]
        };
        if spelling(carrier, &slug) != Some(links.name.as_str()) {
            return None;
        }
        tags.push((slug, links));
    }
    Some(Prepared { tags })
}

/// How `article` first spells the tag of slug `slug`: in its front matter, else in its
/// annotations, in order.
fn spelling<'a>(article: &'a Article, slug: &str) -> Option<&'a str> {
    let annotations = article.annotation_list().iter().flat_map(|n| &n.tags);
    article
        .front
        .tags
        .iter()
        .chain(annotations)
        .find(|t| crate::slug::slugify(t) == slug)
        .map(|t| t.trim())
}

/// Brings `graph`, made for the project with article `a` as `old`, up to date for
/// `project` and `anchors`, where only that article's annotations (or its text) changed, as
/// [`prepare`] found it can.
pub fn article(
    graph: &mut Graph,
    project: &Project,
    anchors: &[ArticleAnchors],
    a: usize,
    old: &Article,
    prepared: Prepared,
) -> Changed {
    let article = &project.articles[a];
    let mut changed = Changed::default();
    // Places in date order, as the graph's related-articles index keeps them.
    let rank = |i: usize| graph.related_index.rank(i);
    let entities = entities_of(project, article, &anchors[a]);
    let before: BTreeSet<String> = graph.article_entities[a]
        .iter()
        .map(|(id, _)| id.clone())
        .collect();
    let after: BTreeSet<String> = entities.iter().map(|(id, _)| id.clone()).collect();
    graph.article_entities[a] = entities;

    // Every entity either version names, in a mention or as a claim's source.
    let named = |article: &Article| -> Vec<String> {
        article
            .annotation_list()
            .iter()
            .flat_map(|n| {
                n.entities
                    .iter()
                    .map(|e| e.value.clone())
                    .chain(n.source.as_ref().map(|s| s.value.clone()))
            })
            .collect()
    };
    let ids: BTreeSet<String> = named(old).into_iter().chain(named(article)).collect();
    for id in &ids {
        let Some(links) = graph.entities.get_mut(id) else {
            continue;
        };
        let counts = (links.mentions.len(), links.article_count);
        links.mentions.retain(|m| m.article != a);
        links.events.retain(|r| r.article != a);
        links.claims.retain(|r| r.article != a);
        let (mut mentions, mut claims) = (Vec::new(), Vec::new());
        for (i, annotation, anchor) in placed(article, &anchors[a]) {
            let r = AnnotationRef {
                article: a,
                annotation: i,
            };
            // Once per time the annotation names it, as the full build does.
            for _ in annotation.entities.iter().filter(|e| &e.value == id) {
                mentions.extend((0..anchor.placed().len()).map(|occurrence| MarkRef {
                    article: a,
                    annotation: i,
                    occurrence,
                }));
                if annotation.date.is_some() {
                    links.events.push(r);
                }
            }
            if annotation.kind == Kind::Claim
                && annotation.source.as_ref().is_some_and(|s| &s.value == id)
            {
                claims.push(r);
            }
        }
        // Mentions and claims go in date order of their articles.
        let at = links
            .mentions
            .partition_point(|m| rank(m.article) < rank(a));
        links.mentions.splice(at..at, mentions);
        let at = links.claims.partition_point(|r| rank(r.article) < rank(a));
        links.claims.splice(at..at, claims);
        links.events.sort_by_cached_key(|r| event_key(project, *r));
        links.events.dedup();
        links.article_count = links.article_count + usize::from(after.contains(id))
            - usize::from(before.contains(id));
        if (links.mentions.len(), links.article_count) != counts {
            changed.counted.insert(id.clone());
        }
    }

    // Whom the article's entities are named beside, and which articles share them, change
    // only when the set of its entities does.
    if before != after {
        graph.related_index.renamed(a, &before, &after);
        let index = &graph.related_index;
        for id in before.union(&after) {
            let list = co_mentioned(index, &graph.article_entities, id);
            if let Some(links) = graph.entities.get_mut(id)
                && links.co_mentioned != list
            {
                links.co_mentioned = list;
                changed.co_mentioned.insert(id.clone());
            }
        }
        let mut candidates = BTreeSet::from([a]);
        for id in before.symmetric_difference(&after) {
            candidates.extend(index.near(id, a));
        }
        let mut tally = Tally::new(graph.by_date.len());
        for b in candidates {
            let list = index.related(b, &graph.article_entities, &mut tally, RELATED);
            if graph.related[b] != list {
                graph.related[b] = list;
                changed.related.insert(b);
            }
        }
    }

    // The timeline, in date order.
    let timeline = graph.timeline.clone();
    graph.timeline.retain(|r| r.article != a);
    for (i, annotation, _) in placed(article, &anchors[a]) {
        if annotation.date.is_none() {
            continue;
        }
        let r = AnnotationRef {
            article: a,
            annotation: i,
        };
        let key = event_key(project, r);
        let at = graph
            .timeline
            .partition_point(|&x| event_key(project, x) < key);
        graph.timeline.insert(at, r);
    }
    changed.timeline = graph.timeline != timeline;

    for (slug, links) in prepared.tags {
        if let Some(was) = graph.tags.insert(slug.clone(), links)
            && was.annotations.len() != graph.tags[&slug].annotations.len()
        {
            changed.tags.insert(slug);
        }
    }

    graph.targets.set_annotations(
        &article.slug,
        article
            .annotation_list()
            .iter()
            .map(|n| n.id.clone())
            .collect(),
    );
    changed
}

/// Up to [`CO_MENTIONED`] entities named beside `id` with the number of articles naming
/// both, most shared first, then by id: [`super::co_mentions`] for one entity.
fn co_mentioned(
    index: &Index,
    article_entities: &[Vec<(String, usize)>],
    id: &str,
) -> Vec<(String, usize)> {
    let mut counts: HashMap<&str, usize, FixedState> = HashMap::default();
    for b in index.articles_naming(id) {
        for (other, _) in &article_entities[b] {
            if other != id {
                *counts.entry(other).or_default() += 1;
            }
        }
    }
    let mut list: Vec<(&str, usize)> = counts.into_iter().collect();
    list.sort_unstable_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    list.into_iter()
        .take(CO_MENTIONED)
        .map(|(other, count)| (other.to_string(), count))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{anchor, load};
    use std::fmt::Write as _;
    use std::fs;
    use std::path::Path;

    const TEXT: &str = "Kabul met Moscow in Tashkent. The CSTO and NATO talked in Beijing.\n";
    const ENTITIES: [(&str, &str); 6] = [
        ("Kabul", "kabul"),
        ("Moscow", "moscow"),
        ("Tashkent", "tashkent"),
        ("CSTO", "csto"),
        ("NATO", "nato"),
        ("Beijing", "beijing"),
    ];

    /// A small deterministic generator (xorshift), so a failure can be replayed.
    struct Dice(u64);

    impl Dice {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// One annotation with id `id` naming entity `e` of [`ENTITIES`]: a plain mention, a
    /// dated event (naming it twice, as a slip may), a claim whose source is another
    /// entity, or a tagged mention.
    fn annotation(id: &str, e: usize, shape: usize, day: usize) -> String {
        let (quote, entity) = ENTITIES[e];
        let mut text = format!("  - id: {id}\n    quote: {quote}\n");
        if shape == 1 {
            let _ = writeln!(text, "    entity: [{entity}, {entity}]");
        } else {
            let _ = writeln!(text, "    entity: {entity}");
        }
        match shape {
            1 => {
                let _ = write!(text, "    kind: event\n    date: 2007-03-{:02}\n", day + 1);
            }
            2 => {
                let source = ENTITIES[(e + 1) % ENTITIES.len()].1;
                let _ = write!(text, "    kind: claim\n    source: {source}\n");
            }
            // A tag others carry, one only this article does, the first spelled otherwise.
            3 => text += "    tags: [energy]\n",
            4 => text += "    tags: [water]\n",
            5 => text += "    tags: [Energy]\n",
            _ => {}
        }
        text
    }

    fn write(root: &Path, relative: &str, text: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn linked(root: &Path) -> (Project, Vec<ArticleAnchors>, Graph) {
        let (project, diagnostics) = load::load(root).unwrap();
        assert!(!diagnostics.iter().any(|d| d.is_error()), "{diagnostics:?}");
        let (anchors, _) = anchor::anchor(&project);
        let (graph, _) = super::super::link(&project, &anchors);
        (project, anchors, graph)
    }

    /// 130 articles over a few days, each naming the CSTO (more than two related-article
    /// windows' worth) and some others; then one article's annotations are edited again and
    /// again — mentions added, inserted first, removed, re-pointed at another entity, dated,
    /// claimed — and after each edit the updated graph must equal the one made from scratch.
    #[test]
    fn an_updated_graph_equals_the_one_made_from_scratch() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let mut registry = String::new();
        for (quote, id) in ENTITIES {
            let _ = writeln!(registry, "{id}:\n  name: {quote}\n  kind: place");
        }
        write(root, "content/entities.yaml", &registry);
        let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
        for n in 0..130 {
            // The edited article is the newest: its spelling of a tag names it.
            let day = if n == 64 { 9 } else { dice.below(9) };
            let front = format!(
                "---\ntitle: Article {n}\ndate: 2007-03-{:02}\n---\n",
                day + 1
            );
            write(
                root,
                &format!("content/articles/a{n:03}.md"),
                &(front + TEXT),
            );
            let mut yaml = String::from("annotations:\n");
            yaml += &annotation(&format!("c{n}"), 3, 0, 0);
            if n % 3 == 0 {
                yaml += "    tags: [energy]\n";
            }
            if n == 64 {
                // A tag only it carries, which its first edit takes away.
                yaml += "  - quote: Tashkent\n    tags: [water]\n";
            }
            for k in 0..dice.below(3) {
                yaml += &annotation(&format!("x{n}-{k}"), dice.below(6), dice.below(3), day);
            }
            write(root, &format!("content/articles/a{n:03}.yaml"), &yaml);
        }
        let (mut project, _, mut graph) = linked(root);
        let edited = "content/articles/a064.yaml";
        let a = project
            .articles
            .iter()
            .position(|x| x.file.name == "content/articles/a064.md")
            .unwrap();
        // Kept from edit to edit: (id, entity, shape, day), and a tagged one that stays.
        let mut list: Vec<(String, usize, usize, usize)> = Vec::new();
        let mut seen = Changed::default();
        let mut refused = 0;
        for step in 0..40 {
            match dice.below(5) {
                // A mention re-pointed at another entity, or made an event.
                0 if !list.is_empty() => {
                    let i = dice.below(list.len());
                    list[i].1 = dice.below(6);
                    list[i].2 = dice.below(6);
                }
                // One removed (no link points into the article).
                4 if !list.is_empty() => {
                    list.remove(dice.below(list.len()));
                }
                // A new one first, or anywhere.
                choice => {
                    let at = if choice == 1 {
                        0
                    } else {
                        dice.below(list.len() + 1)
                    };
                    let new = (
                        format!("s{step}"),
                        dice.below(6),
                        dice.below(6),
                        dice.below(9),
                    );
                    list.insert(at, new);
                }
            }
            let mut yaml = String::from("annotations:\n");
            for (id, e, shape, day) in &list {
                yaml += &annotation(id, *e, *shape, *day);
            }
            yaml += "  - id: tagged\n    quote: Beijing\n    tags: [energy]\n";
            write(root, edited, &yaml);
            let (fresh, anchors, expected) = linked(root);
            let old = &project.articles[a];
            let Some(prepared) = prepare(&graph, &project, a, old, &fresh.articles[a]) else {
                // Only a tag appearing, going or renamed stops an update here.
                let tags = |g: &Graph| -> Vec<(String, String)> {
                    g.tags
                        .iter()
                        .map(|(s, t)| (s.clone(), t.name.clone()))
                        .collect()
                };
                assert!(tags(&graph) != tags(&expected), "step {step}");
                refused += 1;
                graph = expected;
                project = fresh;
                continue;
            };
            let changed = article(&mut graph, &fresh, &anchors, a, old, prepared);
            assert!(graph == expected, "step {step}: the graphs differ");
            seen.counted.extend(changed.counted);
            seen.related.extend(changed.related);
            seen.timeline |= changed.timeline;
            seen.tags.extend(changed.tags);
            seen.co_mentioned.extend(changed.co_mentioned);
            project = fresh;
        }
        // The series went through every part of the update.
        assert!(seen.counted.len() >= 4, "{seen:?}");
        assert!(seen.related.len() >= 10, "{seen:?}");
        assert!(seen.timeline, "{seen:?}");
        assert!(seen.tags.contains("energy"), "{seen:?}");
        assert!(seen.co_mentioned.len() >= 4, "{seen:?}");
        assert!((1..=20).contains(&refused), "{refused} refused of 40");
    }

    /// An annotation id may go unless a link points at it. (Tags are the random series'.)
    #[test]
    fn an_annotation_a_link_points_at_cannot_go() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "content/entities.yaml",
            "kabul:\n  name: Kabul\n  kind: place\n",
        );
        write(
            root,
            "content/articles/a.md",
            &format!("---\ntitle: A\ndate: 2007-03-01\n---\n{TEXT}"),
        );
        let versions = [
            "annotations:\n  - id: one\n    quote: Kabul\n",
            "annotations:\n  - id: two\n    quote: Kabul\n  - id: one\n    quote: Kabul\n",
            "annotations:\n  - id: two\n    quote: Kabul\n",
        ];
        let load = |yaml: &str| {
            write(root, "content/articles/a.yaml", yaml);
            load::load(root).unwrap().0
        };
        let [one, both, two] = versions.map(load);
        let linked_to = |slug: &str, id: &str| Graph {
            linked: HashSet::from([(slug.to_string(), id.to_string())]),
            ..Graph::default()
        };
        let can = |graph: &Graph, old: &Project, new: &Project| {
            prepare(graph, old, 0, &old.articles[0], &new.articles[0]).is_some()
        };
        let unlinked = Graph::default();
        let linked = linked_to("a", "one");
        assert!(can(&unlinked, &one, &both) && can(&linked, &one, &both));
        assert!(can(&unlinked, &both, &two));
        assert!(!can(&linked, &both, &two), "`one` went, and is linked to");
        // Links to another annotation, or to another article's `one`, do not matter.
        assert!(can(&linked_to("a", "two"), &both, &two));
        assert!(can(&linked_to("b", "one"), &both, &two));
    }
}
