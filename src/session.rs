//! Incremental rebuilds for `watch` and `serve`. A session keeps the last good build — the
//! project, its anchors, the link graph, the templates, and a hash of every file it wrote —
//! and answers a batch of changed files by redoing only what they touch:
//!
//! - an article's text or annotations, when what other pages show of it (its front matter,
//!   its annotations' ids, kinds, entities, dates and tags, how often each is placed) stayed
//!   the same: reload and re-anchor that article, render its page, and the pages that show
//!   an annotation whose values or matched sentences changed (its entities, its tags, the
//!   timeline and home for a dated one, the search index for new values);
//! - one article's annotations changed otherwise — a mention added, removed or moved to
//!   another entity, an event dated, a tag given — its front matter the same: bring the link
//!   graph up to date around it ([`link::update`]) and render its page, the pages showing
//!   the annotations that changed, and those showing what the graph says changed (entities'
//!   counts and co-mentions, related articles, the timeline, tags' counts);
//! - an entity's description, links or aliases: render its page and the pages that show it;
//! - templates: render every page, without re-reading or re-anchoring anything;
//! - static files and media: copy them, nothing else.
//!
//! Anything else (an article added or removed, a changed front matter, an annotation a link
//! points at removed, a tag appearing or going, the site settings, an error) is a full build,
//! which takes the articles whose files did not change as the last build loaded and anchored
//! them ([`crate::reuse`]). Either way the output is byte for byte what a full build writes:
//! the tests compare the two through series of edits, with gloss's templates and with ones
//! printing everything each page is given.

use crate::anchor::{self, ArticleAnchors};
use crate::build::{self, BuildOptions, BuildReport, Rendered};
use crate::diagnostic::{self, Diagnostic};
use crate::error::Result;
use crate::link::{self, Graph};
use crate::linkcheck::{self, SiteIndex};
use crate::load::annotations::Annotation;
use crate::load::{self, Article, Project};
use crate::render::{self, Memo, Output, Page, search, templates::Templates};
use crate::reuse::Reuse;
use crate::timings::Timings;
use crate::watch::Batch;
use crate::watch::classify::Change;
use crate::write::WriteReport;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

/// Rebuilds a project again and again, as cheaply as each change allows.
pub struct Session {
    options: BuildOptions,
    /// The last good build; `None` before the first and after a failed one.
    last: Option<Kept>,
}

/// What a good build leaves for the next one.
struct Kept {
    project: Project,
    anchors: Vec<ArticleAnchors>,
    graph: Graph,
    templates: Templates,
    /// Per article: what other pages depend on (see [`signature`]).
    signatures: Vec<u64>,
    /// The build's warnings (it had no errors).
    diagnostics: Vec<Diagnostic>,
    /// Every file of the output, by path, with a hash of the bytes written there.
    files: HashMap<String, u64>,
    /// Which of those are static files and media.
    assets: HashSet<String>,
    /// What links can reach, to check the links of the pages rendered again.
    index: SiteIndex,
    /// What the render made once for many pages, less what edits changed since.
    memo: Memo,
}

/// How a batch of changes can be rebuilt.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Plan {
    /// Only these articles' files changed (paths relative to the root, `/`-separated, `.md`).
    Articles(BTreeSet<String>),
    Registry,
    Templates,
    Assets,
    Full,
}

/// An article whose annotations changed in ways other pages see, loaded and anchored anew,
/// with what the link graph's update needs.
struct Reannotated {
    index: usize,
    article: Article,
    anchors: ArticleAnchors,
    prepared: link::update::Prepared,
}

/// What the articles path came to. Returned once per rebuild, so its size does not matter.
#[allow(clippy::large_enum_variant)]
enum Partial {
    /// Rebuilt in part (`None`: given up after all, see [`Session::render_and_write`]).
    Rebuilt(Option<BuildReport>),
    /// Other pages see something new of an article: the last build as it was.
    Whole(Kept),
}

impl Kept {
    /// Takes `found` as the warnings of `files` in place of those from before; the other
    /// files' stand.
    fn rewarn(&mut self, files: &HashSet<String>, mut found: Vec<Diagnostic>) {
        self.diagnostics
            .retain(|d| d.location.as_ref().is_none_or(|l| !files.contains(&l.file)));
        self.diagnostics.append(&mut found);
        diagnostic::sort(&mut self.diagnostics);
        self.diagnostics.dedup();
    }

    /// The articles for the next full build to take as they were.
    fn into_reuse(self) -> Reuse {
        Reuse::new(self.project.articles, self.anchors, &self.diagnostics)
    }
}

impl Session {
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            last: None,
        }
    }

    /// Builds (fully the first time) or rebuilds after `batch`.
    pub fn rebuild(&mut self, batch: Option<&Batch>) -> Result<BuildReport> {
        let started = Instant::now();
        let plan = batch.map_or(Plan::Full, plan);
        let mut reuse = Reuse::default();
        if let Some(kept) = self.last.take() {
            let incremental = match &plan {
                Plan::Articles(paths) => match self.articles(kept, paths)? {
                    Partial::Rebuilt(report) => report,
                    Partial::Whole(kept) => {
                        reuse = kept.into_reuse();
                        None
                    }
                },
                Plan::Registry => self.registry(kept)?,
                Plan::Templates => self.templates(kept)?,
                Plan::Assets => self.assets(kept)?,
                Plan::Full => {
                    reuse = kept.into_reuse();
                    None
                }
            };
            if let Some(mut report) = incremental {
                report.elapsed = started.elapsed();
                return Ok(report);
            }
        }
        let (mut report, rendered) = build::build_rendered(&self.options, &reuse)?;
        if !report.has_errors() {
            self.last = Some(keep(rendered));
        }
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// Edited articles, if other pages see nothing new of them; else the last build back,
    /// untouched, for the full build to take its other articles from.
    fn articles(&mut self, mut kept: Kept, paths: &BTreeSet<String>) -> Result<Partial> {
        let mut timings = Timings::start();
        let root = &self.options.root;
        let mut diagnostics = Vec::new();
        let mut changed = Vec::new();
        for path in paths {
            let Some(index) = kept
                .project
                .articles
                .iter()
                .position(|a| &a.file.name == path)
            else {
                return Ok(Partial::Whole(kept));
            };
            let Some(article) = load::load_article(root, &root.join(path), &mut diagnostics) else {
                return Ok(Partial::Whole(kept));
            };
            let mut used = load::UsedIds::default();
            load::check_article_references(
                &article,
                &kept.project.registry,
                &mut used,
                &mut diagnostics,
            );
            let (anchors, mut found) = anchor::anchor_article(&article);
            diagnostics.append(&mut found);
            let mut checked = link::Checked::default();
            link::check_article_xrefs(&article, &anchors, &kept.graph.targets, &mut checked);
            diagnostics.append(&mut checked.diagnostics);
            kept.graph.linked.extend(checked.linked);
            if signature(&article, &anchors) != kept.signatures[index] {
                let old = &kept.project.articles[index];
                let prepared = (paths.len() == 1
                    && front(old) == front(&article)
                    && !diagnostics.iter().any(Diagnostic::is_error))
                .then(|| link::update::prepare(&kept.graph, &kept.project, index, old, &article))
                .flatten();
                let Some(prepared) = prepared else {
                    return Ok(Partial::Whole(kept));
                };
                timings.lap("load and anchor");
                let edit = Reannotated {
                    index,
                    article,
                    anchors,
                    prepared,
                };
                return self
                    .reannotated(kept, edit, diagnostics, timings)
                    .map(Partial::Rebuilt);
            }
            changed.push((index, article, anchors));
        }
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Ok(Partial::Whole(kept));
        }
        timings.lap("load and anchor");
        let mut files: HashSet<String> = HashSet::new();
        let mut pages = BTreeSet::new();
        for (index, article, anchors) in changed {
            let old = &kept.project.articles[index];
            files.insert(old.file.name.clone());
            files.extend(old.annotations.as_ref().map(|a| a.file.name.clone()));
            files.extend(article.annotations.as_ref().map(|a| a.file.name.clone()));
            pages.insert(Page::Article(index));
            let search_part = search::part_of(&kept.graph.by_date, index).map(Page::SearchPart);
            // The signature is the same, so annotations pair up one to one. Other pages show
            // an annotation's values and the text and sentence of its matches: only those
            // that changed matter.
            let old_anchors = &kept.anchors[index].anchors;
            let pairs = old.annotation_list().iter().zip(old_anchors);
            for (i, (before, before_anchor)) in pairs.enumerate() {
                let after = &article.annotation_list()[i];
                let same_values = same_annotation(before, after);
                if !same_values || !same_matches(before_anchor, &anchors.anchors[i]) {
                    touched_by_annotation(&kept, after, &mut pages);
                }
                if !same_values {
                    pages.extend(search_part.clone());
                }
            }
            let entities = link::entities_of(&kept.project, &article, &anchors);
            if entities != kept.graph.article_entities[index] {
                // The index lists an article's entities in order of first mention.
                pages.extend(search_part.clone());
            }
            kept.graph.article_entities[index] = entities;
            kept.project.articles[index] = article;
            kept.anchors[index] = anchors;
            kept.memo.forget_article(index);
        }
        kept.rewarn(&files, diagnostics);
        timings.lap("link");
        let pages: Vec<Page> = pages.into_iter().collect();
        self.render_and_write(kept, &pages, timings)
            .map(Partial::Rebuilt)
    }

    /// One article whose annotations changed in ways other pages see — a mention added or
    /// removed, an event dated, an annotation inserted — its front matter as it was: the
    /// link graph brought up to date around it ([`link::update`]), and the pages rendered
    /// that show what changed.
    fn reannotated(
        &mut self,
        mut kept: Kept,
        edit: Reannotated,
        diagnostics: Vec<Diagnostic>,
        mut timings: Timings,
    ) -> Result<Option<BuildReport>> {
        let Reannotated {
            index,
            article,
            anchors,
            prepared,
        } = edit;
        let mut pages = BTreeSet::from([Page::Article(index)]);
        pages.extend(search::part_of(&kept.graph.by_date, index).map(Page::SearchPart));
        touched_by_edit(&kept, index, &article, &anchors, &mut pages);
        let old = &kept.project.articles[index];
        // The article's card counts its placed annotations.
        let placed = |anchors: &ArticleAnchors| {
            anchors
                .anchors
                .iter()
                .filter(|a| !a.placed().is_empty())
                .count()
        };
        let card_changed = placed(&kept.anchors[index]) != placed(&anchors);
        let files: HashSet<String> = [&old.annotations, &article.annotations]
            .into_iter()
            .flatten()
            .map(|a| a.file.name.clone())
            .chain([old.file.name.clone()])
            .collect();
        let used_before = used_ids(old, &kept.project.registry);
        kept.signatures[index] = signature(&article, &anchors);
        let old = std::mem::replace(&mut kept.project.articles[index], article);
        kept.anchors[index] = anchors;
        let changed = link::update::article(
            &mut kept.graph,
            &kept.project,
            &kept.anchors,
            index,
            &old,
            prepared,
        );
        kept.memo.forget_article(index);
        pages.extend(changed.related.iter().copied().map(Page::Article));
        pages.extend(changed.co_mentioned.iter().cloned().map(Page::Entity));
        if changed.timeline {
            pages.extend([Page::Timeline, Page::Home]);
        }
        // A tag's count shows on its page, the tag index and home's most used tags.
        for slug in &changed.tags {
            pages.extend([Page::Tag(slug.clone()), Page::Tags, Page::Home]);
        }
        if card_changed {
            // Home lists the newest articles with their counts (other lists show none).
            pages.insert(Page::Home);
        }
        for id in &changed.counted {
            pages.extend(showing_counts(id));
        }
        // Warnings: the article's files' are the new ones; which registry entries nothing
        // uses changes only when the ids the article uses do.
        let used_after = used_ids(&kept.project.articles[index], &kept.project.registry);
        let registry = &kept.project.registry;
        if let Some(file) = &registry.file {
            // An id the article now uses has no warning any more; one it no longer uses
            // gets one if no other article uses it. (The build had no errors, so no typo of
            // an id counts as using it, and a use is an id written.)
            for id in used_after.difference(&used_before) {
                if let Some(entity) = registry.get(id) {
                    let warning = load::unused_entity(file, entity);
                    kept.diagnostics.retain(|d| *d != warning);
                }
            }
            for id in used_before.difference(&used_after) {
                if let Some(entity) = registry.get(id)
                    && !kept.project.articles.iter().any(|a| load::uses(a, id))
                {
                    kept.diagnostics.push(load::unused_entity(file, entity));
                }
            }
        }
        kept.rewarn(&files, diagnostics);
        timings.lap("link");
        let pages: Vec<Page> = pages.into_iter().collect();
        self.render_and_write(kept, &pages, timings)
    }

    /// An edited registry, if only descriptions, links or aliases changed.
    fn registry(&mut self, mut kept: Kept) -> Result<Option<BuildReport>> {
        let mut timings = Timings::start();
        let root = &self.options.root;
        let mut diagnostics = Vec::new();
        let path = root.join("content").join("entities.yaml");
        let Some(file) = load::read_source(root, &path, &mut diagnostics) else {
            return Ok(None);
        };
        let registry = load::registry::parse(file, &mut diagnostics);
        let old = &kept.project.registry;
        let same_shape = registry.complete
            && registry.entities.len() == old.entities.len()
            && registry.entities.iter().all(|(id, e)| {
                old.get(id)
                    .is_some_and(|o| o.name == e.name && o.kind == e.kind)
            });
        if !same_shape || diagnostics.iter().any(Diagnostic::is_error) {
            return Ok(None);
        }
        // Each entity edited, and whether its description is among what changed.
        let edited: Vec<(String, bool)> = registry
            .entities
            .iter()
            .filter_map(|(id, e)| {
                let o = old.get(id);
                let described = o.is_none_or(|o| description(o) != description(e));
                o.is_none_or(|o| !o.same_content(e))
                    .then(|| (id.clone(), described))
            })
            .collect();
        let name = registry.file.as_ref().map(|f| f.name.clone());
        kept.project.registry = registry;
        // Entity descriptions feed previews and the search index everywhere.
        kept.memo = Memo::new(&kept.project);
        // Descriptions may hold cross-links, and warnings point into the file, whose lines
        // may have moved: redo the registry's own checks.
        let mut checked = link::Checked::default();
        link::check_registry_xrefs(&kept.project, &kept.graph.targets, &mut checked);
        kept.graph.linked.extend(checked.linked);
        let mut found = checked.diagnostics;
        load::check_references(&kept.project, &mut found);
        diagnostics.extend(
            found
                .into_iter()
                .filter(|d| d.location.as_ref().map(|l| Some(&l.file)) == Some(name.as_ref())),
        );
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Ok(None);
        }
        kept.diagnostics
            .retain(|d| d.location.as_ref().map(|l| Some(&l.file)) != Some(name.as_ref()));
        kept.diagnostics.append(&mut diagnostics);
        diagnostic::sort(&mut kept.diagnostics);
        kept.diagnostics.dedup();
        timings.lap("load");
        // Names and kinds are as they were, so other pages list the entities as before (as
        // cards: name, kind, counts; an article names its source). What changed — a
        // description, aliases, links — shows on the entity's own page and in the search
        // index's entities, and a description in the previews of the articles mentioning it.
        let mut pages = BTreeSet::from([Page::SearchEntities]);
        for (id, described) in &edited {
            pages.insert(Page::Entity(id.clone()));
            if let Some(links) = kept.graph.entities.get(id).filter(|_| *described) {
                pages.extend(links.mentions.iter().map(|m| Page::Article(m.article)));
            }
        }
        self.render_and_write(kept, &pages.into_iter().collect::<Vec<_>>(), timings)
    }

    /// Edited templates: every page again, nothing re-read but the templates (and the static
    /// files, which live under `templates/` too).
    fn templates(&mut self, mut kept: Kept) -> Result<Option<BuildReport>> {
        let mut timings = Timings::start();
        let (templates, diagnostics) = Templates::load(&self.options.root)?;
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Ok(None);
        }
        kept.templates = templates;
        let Some(assets) = self.copy_assets(&mut kept)? else {
            return Ok(None);
        };
        timings.lap("templates");
        let all = render::all_pages(&link::Site {
            project: &kept.project,
            anchors: &kept.anchors,
            graph: &kept.graph,
        });
        let mut report = self.render_and_write(kept, &all, timings)?;
        if let Some(written) = report.as_mut().and_then(|r| r.written.as_mut()) {
            written.written.extend(assets.written);
            written.removed.extend(assets.removed);
            written.unchanged += assets.unchanged;
        }
        Ok(report)
    }

    /// Changed static files or media: copy them again, remove the ones gone.
    fn assets(&mut self, mut kept: Kept) -> Result<Option<BuildReport>> {
        let mut timings = Timings::start();
        let Some(written) = self.copy_assets(&mut kept)? else {
            return Ok(None);
        };
        timings.lap("write");
        Ok(Some(self.finish(kept, 0, written, timings)))
    }

    /// Copies the static files and media whose bytes changed and removes those gone.
    /// `None` when listing them found a problem (a full build reports it).
    fn copy_assets(&self, kept: &mut Kept) -> Result<Option<WriteReport>> {
        let mut diagnostics = Vec::new();
        let root = &self.options.root;
        let media = root.join("content").join("media");
        kept.project.media = load::list_media(&media, &mut diagnostics, root);
        if !diagnostics.is_empty() {
            return Ok(None);
        }
        let outputs = build::assets(&kept.project)?;
        let new: HashSet<String> = outputs.iter().map(|o| o.path.clone()).collect();
        if kept.assets.difference(&new).next().is_some() {
            // Pages may link to what went: a full build checks them all.
            return Ok(None);
        }
        // Media may hold HTML pages, whose links a full build checks too.
        if !linkcheck::update_and_check(&kept.project, &mut kept.index, &outputs).is_empty() {
            return Ok(None);
        }
        let written = write_changed(&self.options.output, &outputs, &mut kept.files)?;
        kept.assets = new;
        Ok(Some(written))
    }

    /// Renders `pages` with the kept build, writes those whose bytes changed, keeps the build.
    fn render_and_write(
        &mut self,
        mut kept: Kept,
        pages: &[Page],
        mut timings: Timings,
    ) -> Result<Option<BuildReport>> {
        let (outputs, diagnostics) = {
            let site = link::Site {
                project: &kept.project,
                anchors: &kept.anchors,
                graph: &kept.graph,
            };
            render::render_pages(
                &site,
                &kept.templates,
                self.options.live_reload,
                &kept.memo,
                pages,
            )
        };
        if !diagnostics.is_empty() {
            return Ok(None);
        }
        if !linkcheck::update_and_check(&kept.project, &mut kept.index, &outputs).is_empty() {
            // A full build reports it, with everything else.
            return Ok(None);
        }
        timings.lap("render");
        let written = write_changed(&self.options.output, &outputs, &mut kept.files)?;
        timings.lap("write");
        let pages = outputs.iter().filter(|o| o.path.ends_with(".html")).count();
        Ok(Some(self.finish(kept, pages, written, timings)))
    }

    fn finish(
        &mut self,
        kept: Kept,
        pages: usize,
        written: WriteReport,
        timings: Timings,
    ) -> BuildReport {
        let report = BuildReport {
            diagnostics: kept.diagnostics.clone(),
            pages,
            articles: kept.project.articles.len(),
            entities: kept.project.registry.entities.len(),
            written: Some(written),
            elapsed: Default::default(),
            timings,
            orphans: Vec::new(),
        };
        self.last = Some(kept);
        report
    }
}

/// What a rebuild must redo for `batch`.
fn plan(batch: &Batch) -> Plan {
    let kinds: BTreeSet<Change> = batch.changes.values().copied().collect();
    let only = |allowed: &[Change]| kinds.iter().all(|k| allowed.contains(k));
    if kinds.is_empty() {
        Plan::Full
    } else if only(&[Change::Article, Change::Annotations]) {
        Plan::Articles(
            batch
                .changes
                .keys()
                .map(|p| crate::source::display_name(Path::new(""), &p.with_extension("md")))
                .collect(),
        )
    } else if only(&[Change::Registry]) {
        Plan::Registry
    } else if only(&[Change::Template, Change::Static]) {
        Plan::Templates
    } else if only(&[Change::Static, Change::Media]) {
        Plan::Assets
    } else {
        Plan::Full
    }
}

/// The pages besides its article's that show something of an annotation — its values, or the
/// text and sentence of its matches: its entities' pages (mentions, events, claims), its tags'
/// pages, and, for a dated one, the timeline and home's latest events.
fn touched_by_annotation(kept: &Kept, annotation: &Annotation, pages: &mut BTreeSet<Page>) {
    let registry = &kept.project.registry;
    let ids = annotation
        .entities
        .iter()
        .chain(&annotation.source)
        .map(|id| id.value.as_str());
    for id in ids {
        if registry.get(id).is_some() {
            pages.insert(Page::Entity(id.to_string()));
        }
    }
    for tag in &annotation.tags {
        let slug = crate::slug::slugify(tag);
        if kept.graph.tags.contains_key(&slug) {
            pages.insert(Page::Tag(slug));
        }
    }
    if annotation.date.is_some() {
        pages.extend([Page::Timeline, Page::Home]);
    }
}

/// The pages besides its article's that show something of the annotations an edit of
/// article `index` changed. Annotations are paired by id: one with the same values and the
/// same matches, in the same order among those kept, shows the same wherever it is listed
/// (only its number may have moved, which no page shows); every other one is touched, as
/// it was and as it is.
fn touched_by_edit(
    kept: &Kept,
    index: usize,
    new: &Article,
    new_anchors: &ArticleAnchors,
    pages: &mut BTreeSet<Page>,
) {
    let (old, old_anchors) = (&kept.project.articles[index], &kept.anchors[index]);
    let by_id = |article: &Article| -> HashMap<String, usize> {
        article
            .annotation_list()
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect()
    };
    let (before, after) = (by_id(old), by_id(new));
    let order = |article: &Article, other: &HashMap<String, usize>| -> Vec<String> {
        article
            .annotation_list()
            .iter()
            .map(|a| a.id.clone())
            .filter(|id| other.contains_key(id))
            .collect()
    };
    let in_order = order(old, &after) == order(new, &before);
    let unchanged: HashSet<&str> = new
        .annotation_list()
        .iter()
        .enumerate()
        .filter(|(i, annotation)| {
            in_order
                && before.get(&annotation.id).is_some_and(|&j| {
                    same_annotation(&old.annotation_list()[j], annotation)
                        && same_matches(&old_anchors.anchors[j], &new_anchors.anchors[*i])
                })
        })
        .map(|(_, annotation)| annotation.id.as_str())
        .collect();
    for annotation in old.annotation_list().iter().chain(new.annotation_list()) {
        if !unchanged.contains(annotation.id.as_str()) {
            touched_by_annotation(kept, annotation, pages);
        }
    }
}

/// The pages showing entity `id`'s site-wide counts: its own, the entity index, home (the
/// most mentioned), and the counts the mention previews read. (Events and "mentioned
/// alongside" lists link to entities without counts; article pages show only their own.)
fn showing_counts(id: &str) -> [Page; 4] {
    [
        Page::Entity(id.to_string()),
        Page::Entities,
        Page::Home,
        Page::EntityCounts,
    ]
}

/// The entity and source ids an article names.
fn used_ids(article: &Article, registry: &crate::load::registry::Registry) -> BTreeSet<String> {
    let mut used = load::UsedIds::default();
    load::check_article_references(article, registry, &mut used, &mut Vec::new());
    used.into_iter().map(str::to_string).collect()
}

/// Whether two anchorings of an annotation show the same elsewhere: the text and the
/// sentence of each match.
fn same_matches(a: &anchor::Anchor, b: &anchor::Anchor) -> bool {
    let (a, b) = (a.placed(), b.placed());
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.text == y.text && x.sentence == y.sentence)
}

/// An entity's description, wherever in the registry it is written.
fn description(entity: &crate::load::registry::Entity) -> Option<&str> {
    entity.description.as_ref().map(|d| d.value.as_str())
}

/// Whether two annotations hold the same values, wherever in their file they are written.
fn same_annotation(a: &Annotation, b: &Annotation) -> bool {
    let value = |s: &Option<crate::source::Spanned<String>>| s.as_ref().map(|s| s.value.clone());
    a.id == b.id
        && a.quote.value == b.quote.value
        && value(&a.prefix) == value(&b.prefix)
        && value(&a.suffix) == value(&b.suffix)
        && a.occurrence.as_ref().map(|o| o.value) == b.occurrence.as_ref().map(|o| o.value)
        && a.hint.as_ref().map(|h| h.value) == b.hint.as_ref().map(|h| h.value)
        && a.kind == b.kind
        && a.entities
            .iter()
            .map(|e| &e.value)
            .eq(b.entities.iter().map(|e| &e.value))
        && value(&a.note) == value(&b.note)
        && value(&a.source) == value(&b.source)
        && a.date == b.date
        && a.until == b.until
        && a.title == b.title
        && a.tags == b.tags
}

/// A hash of everything about an article that pages other than its own and those
/// [`touched_by_annotation`] lists can show, or that the link graph is made of: when it is unchanged, the graph is too.
fn signature(article: &Article, anchors: &ArticleAnchors) -> u64 {
    use std::fmt::Write as _;
    let mut text = front(article);
    for (annotation, anchor) in article.annotation_list().iter().zip(&anchors.anchors) {
        let _ = write!(
            text,
            "{}\u{0}{:?}\u{0}{:?}\u{0}{:?}\u{0}{:?}\u{0}{:?}\u{0}{:?}\u{0}{:?}\u{0}{}\u{0}",
            annotation.id,
            annotation.kind,
            annotation
                .entities
                .iter()
                .map(|e| &e.value)
                .collect::<Vec<_>>(),
            annotation.source.as_ref().map(|s| &s.value),
            annotation.date,
            annotation.until,
            annotation.title,
            annotation.tags,
            anchor.placed().len(),
        );
    }
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// An article's slug and front matter, as other pages can show them.
fn front(article: &Article) -> String {
    let front = &article.front;
    format!(
        "{}\u{0}{}\u{0}{:?}\u{0}{:?}\u{0}{:?}\u{0}{:?}\u{0}{:?}\u{0}{:?}\u{0}{:?}\u{0}",
        article.slug,
        front.title,
        front.date,
        front.author,
        front.source.as_ref().map(|s| &s.value),
        front.url,
        front.tags,
        front.summary.as_ref().map(|s| &s.value),
        front.extra,
    )
}

/// What a full build leaves for the next rebuild.
fn keep(rendered: Rendered) -> Kept {
    let signatures = rendered
        .project
        .articles
        .iter()
        .zip(&rendered.anchors)
        .map(|(a, anchors)| signature(a, anchors))
        .collect();
    let assets = rendered
        .files
        .iter()
        .filter(|path| path.starts_with("static/") || path.starts_with("media/"))
        .cloned()
        .collect();
    let files = rendered.files.into_iter().zip(rendered.hashes).collect();
    Kept {
        project: rendered.project,
        anchors: rendered.anchors,
        graph: rendered.graph,
        templates: rendered.templates,
        signatures,
        diagnostics: rendered.diagnostics,
        files,
        assets,
        index: rendered.index,
        memo: rendered.memo,
    }
}

/// Writes the outputs whose bytes differ from what `files` says is on disk, and records them.
fn write_changed(
    output: &Path,
    outputs: &[Output],
    files: &mut HashMap<String, u64>,
) -> Result<WriteReport> {
    let mut report = WriteReport::default();
    let changed: Vec<(&Output, u64)> = outputs
        .iter()
        .map(|o| (o, xxhash_rust::xxh3::xxh3_64(&o.bytes)))
        .filter(|(o, hash)| files.get(&o.path) != Some(hash))
        .collect();
    report.unchanged = outputs.len() - changed.len();
    for (o, hash) in changed {
        crate::write::write_one(output, o)?;
        files.insert(o.path.clone(), hash);
        report.written.push(o.path.clone());
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::classify::Change;
    use std::fs;

    /// Whether an entity is unused follows its mentions through edits rebuilt in part: the
    /// warnings of each rebuild are a clean build's.
    #[test]
    fn unused_entity_warnings_follow_the_mentions() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |relative: &str, text: &str| {
            let path = root.join(relative);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        write(
            "content/entities.yaml",
            "kabul:\n  name: Kabul\n  kind: place\nmoscow:\n  name: Moscow\n  kind: place\n",
        );
        let article = |title: &str| {
            format!("---\ntitle: {title}\ndate: 2007-03-01\n---\nKabul met Moscow.\n")
        };
        write("content/articles/a.md", &article("A"));
        write("content/articles/b.md", &article("B"));
        let kabul = "  - quote: Kabul\n    entity: kabul\n";
        let moscow = "  - quote: Moscow\n    entity: moscow\n";
        write("content/articles/b.yaml", &format!("annotations:\n{kabul}"));
        let options = |output: &str| BuildOptions {
            root: root.to_path_buf(),
            output: root.join(output),
            live_reload: false,
        };
        let mut session = Session::new(options("site"));
        let unused = |report: &BuildReport| -> Vec<String> {
            report
                .diagnostics
                .iter()
                .filter(|d| d.code == "unused-entity")
                .map(|d| d.message.clone())
                .collect()
        };
        write(
            "content/articles/a.yaml",
            &format!("annotations:\n{kabul}{moscow}"),
        );
        let first = session.rebuild(None).unwrap();
        assert!(unused(&first).is_empty());
        let batch = Batch {
            changes: [("content/articles/a.yaml".into(), Change::Annotations)].into(),
            first_event: None,
        };
        // Moscow's only mention goes, and comes back; Kabul's goes from one of two articles.
        for (annotations, expected) in [
            (
                kabul.to_string(),
                vec!["no annotation mentions entity `moscow`"],
            ),
            (format!("{moscow}{kabul}"), vec![]),
            (moscow.to_string(), vec![]),
        ] {
            write(
                "content/articles/a.yaml",
                &format!("annotations:\n{annotations}"),
            );
            let report = session.rebuild(Some(&batch)).unwrap();
            assert!(report.pages < first.pages, "rebuilt in full: {annotations}");
            let clean = build::build(&options("clean")).unwrap();
            assert_eq!(unused(&report), expected, "{annotations}");
            assert_eq!(report.diagnostics, clean.diagnostics, "{annotations}");
        }
    }
}
