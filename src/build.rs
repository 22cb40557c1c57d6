//! The whole pipeline: load → anchor → link → render → write, and the same without the
//! write for `gloss check`.

use crate::anchor::{self, ArticleAnchors};
use crate::diagnostic::{self, Diagnostic};
use crate::error::Result;
use crate::link;
use crate::linkcheck::{self, PageLinks, SiteIndex};
use crate::load::{self, Project};
use crate::render::{self, Memo, Output, templates::Templates};
use crate::reuse::Reuse;
use crate::timings::Timings;
use crate::write::{self, Staging, WriteReport};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What `gloss build` needs to know, validated by the command line.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    /// Pages load the dev server's live-reload script (`gloss serve` only).
    pub live_reload: bool,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    /// HTML pages rendered.
    pub pages: usize,
    pub articles: usize,
    pub entities: usize,
    /// `None` when errors kept the build from writing.
    pub written: Option<WriteReport>,
    pub elapsed: Duration,
    pub timings: Timings,
    /// Annotations that found no place in their article.
    pub orphans: Vec<OrphanNote>,
}

/// An annotation whose quote found no place (or too many): `gloss serve` lists it at the end
/// of its article, so the note is not lost from sight while the text is being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrphanNote {
    /// The article page, relative to the output folder (`articles/<slug>/index.html`).
    pub page: String,
    /// `file:line:col` of the annotation's quote.
    pub location: String,
    pub quote: String,
    pub note: Option<String>,
}

/// Every annotation of the project that was not placed.
pub fn orphans(project: &Project, anchors: &[ArticleAnchors]) -> Vec<OrphanNote> {
    let mut orphans = Vec::new();
    for (article, anchors) in project.articles.iter().zip(anchors) {
        let Some(file) = &article.annotations else {
            continue;
        };
        for (annotation, anchor) in file.annotations.iter().zip(&anchors.anchors) {
            if anchor.placed().is_empty() {
                let pos = annotation.quote.pos;
                orphans.push(OrphanNote {
                    page: format!("articles/{}/index.html", article.slug),
                    location: format!("{}:{}:{}", file.file.name, pos.line, pos.column),
                    quote: annotation.quote.value.clone(),
                    note: annotation.note.as_ref().map(|n| n.value.clone()),
                });
            }
        }
    }
    orphans
}

impl BuildReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Everything the pipeline produced before writing.
pub struct Rendered {
    pub project: Project,
    pub anchors: Vec<ArticleAnchors>,
    pub graph: link::Graph,
    pub templates: Templates,
    /// What the render made once for many pages.
    pub memo: Memo,
    /// What links in the site can reach.
    pub index: SiteIndex,
    /// The files of the site, kept only by [`render_project`]: a build writes each as soon
    /// as it is rendered, and `check` needs none.
    pub outputs: Vec<Output>,
    /// The path of every file of the site.
    pub files: Vec<String>,
    /// The xxh3 hash of each file's bytes, in the order of `files`, for builds that a later
    /// rebuild compares with (empty for a one-shot [`build`]).
    pub hashes: Vec<u64>,
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Runs every stage but the write: all diagnostics, and the files the site would hold.
pub fn render_project(root: &Path, live_reload: bool) -> Result<Rendered> {
    run(
        root,
        live_reload,
        Destination::Memory,
        true,
        &Reuse::default(),
    )
    .map(|(rendered, _)| rendered)
}

/// Runs every stage but the write, for `check`, `export` and `import`: all diagnostics,
/// without keeping the pages.
pub fn check_project(root: &Path) -> Result<Rendered> {
    run(root, false, Destination::Nowhere, false, &Reuse::default()).map(|(rendered, _)| rendered)
}

/// Where the rendered files go.
enum Destination<'a> {
    /// Dropped once scanned for links.
    Nowhere,
    /// Kept in [`Rendered::outputs`].
    Memory,
    /// Staged into this output folder as they are rendered, if the build has no errors
    /// by then; the caller commits the staging once links are checked.
    Folder(&'a Path),
}

/// What a build keeps of one rendered file.
struct Done {
    path: String,
    hash: Option<u64>,
    links: Option<PageLinks>,
    output: Option<Output>,
}

/// Runs the stages; `hash` keeps the hash of every file (see [`Rendered::hashes`]), and
/// articles whose files read as they did are taken from `reuse`.
fn run(
    root: &Path,
    live_reload: bool,
    to: Destination,
    hash: bool,
    reuse: &Reuse,
) -> Result<(Rendered, Option<Staging>)> {
    let mut timings = Timings::start();
    let (project, mut diagnostics) = load::load_reusing(root, reuse)?;
    timings.lap("load");
    let (anchors, mut found) = anchor::anchor_reusing(&project, reuse);
    diagnostics.append(&mut found);
    timings.lap("anchor");
    let (templates, mut found) = Templates::load(root)?;
    diagnostics.append(&mut found);
    timings.lap("templates");
    let (graph, mut found) = link::link(&project, &anchors);
    diagnostics.append(&mut found);
    timings.lap("link");
    let staging = match to {
        Destination::Folder(output) if !diagnostics.iter().any(Diagnostic::is_error) => {
            Some(Staging::begin(output)?)
        }
        _ => None,
    };
    let keep = matches!(to, Destination::Memory);
    let finish = |output: Output| -> Result<Done> {
        if let Some(staging) = &staging {
            staging.stage(&output)?;
        }
        Ok(Done {
            hash: hash.then(|| xxhash_rust::xxh3::xxh3_64(&output.bytes)),
            links: PageLinks::of(&output),
            path: output.path.clone(),
            output: keep.then_some(output),
        })
    };
    let memo = Memo::new(&project);
    let mut done = Vec::new();
    if !diagnostics.iter().any(|d| d.code == "template") {
        let site = link::Site {
            project: &project,
            anchors: &anchors,
            graph: &graph,
        };
        let pages = render::all_pages(&site);
        let (rendered, mut found) =
            render::render_each(&site, &templates, live_reload, &memo, &pages, finish);
        diagnostics.append(&mut found);
        done = rendered;
    }
    done.extend(assets(&project)?.into_iter().map(&finish));
    timings.lap("render");
    let mut files = Vec::with_capacity(done.len());
    let mut hashes = Vec::with_capacity(if hash { done.len() } else { 0 });
    let mut pages = Vec::with_capacity(done.len());
    let mut outputs = Vec::new();
    for file in done {
        let file = file?;
        files.push(file.path);
        hashes.extend(file.hash);
        pages.extend(file.links);
        outputs.extend(file.output);
    }
    // Links are checked only in a build that would otherwise be written: when something is
    // already wrong, missing pages would only repeat it as broken links.
    let index = if diagnostics.iter().any(Diagnostic::is_error) {
        SiteIndex::default()
    } else {
        let (index, found) = linkcheck::index_and_check(&project, files.clone(), pages);
        diagnostics.extend(found);
        index
    };
    timings.lap("check links");
    diagnostic::sort(&mut diagnostics);
    diagnostics.dedup();
    let rendered = Rendered {
        project,
        anchors,
        graph,
        templates,
        memo,
        index,
        outputs,
        files,
        hashes,
        diagnostics,
        timings,
    };
    Ok((rendered, staging))
}

/// Static files and media, copied as they are.
pub fn assets(project: &Project) -> Result<Vec<Output>> {
    let mut files: Vec<Output> = render::templates::static_files(&project.root)?
        .into_iter()
        .map(|(name, bytes)| Output {
            path: format!("static/{name}"),
            bytes,
        })
        .collect();
    let media_dir = project.root.join("content").join("media");
    for relative in &project.media {
        files.push(Output {
            path: render::media_path(relative),
            bytes: crate::fsutil::read(&media_dir.join(relative))?,
        });
    }
    Ok(files)
}

/// Builds the site once. With errors, nothing is written and the previous site stays as it
/// was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let (report, rendered) = build_and_keep(options, false, &Reuse::default())?;
    // The process ends soon after: the OS takes the pipeline's memory back at once, where
    // dropping it piece by piece (millions of allocations at 10,000 articles) takes a tenth
    // of a second on one core.
    std::mem::forget(rendered);
    Ok(report)
}

/// Builds the site like [`build`], returning what the pipeline produced too, with the hash
/// of every file (which `watch` keeps for its rebuilds); articles whose files read as they
/// did are taken from `reuse`, the last build's.
pub fn build_rendered(options: &BuildOptions, reuse: &Reuse) -> Result<(BuildReport, Rendered)> {
    build_and_keep(options, true, reuse)
}

fn build_and_keep(
    options: &BuildOptions,
    hash: bool,
    reuse: &Reuse,
) -> Result<(BuildReport, Rendered)> {
    let started = Instant::now();
    write::check_output(&options.root, &options.output)?;
    let (mut rendered, staging) = run(
        &options.root,
        options.live_reload,
        Destination::Folder(&options.output),
        hash,
        reuse,
    )?;
    let has_errors = rendered.diagnostics.iter().any(Diagnostic::is_error);
    // Dropped uncommitted, a staging takes its files away again.
    let written = match staging {
        Some(staging) if !has_errors => Some(staging.commit()?),
        _ => None,
    };
    rendered.timings.lap("write");
    let report = BuildReport {
        pages: rendered
            .files
            .iter()
            .filter(|path| path.ends_with(".html"))
            .count(),
        articles: rendered.project.articles.len(),
        entities: rendered.project.registry.entities.len(),
        diagnostics: rendered.diagnostics.clone(),
        written,
        elapsed: started.elapsed(),
        timings: rendered.timings.clone(),
        orphans: orphans(&rendered.project, &rendered.anchors),
    };
    Ok((report, rendered))
}
