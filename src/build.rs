//! The whole pipeline: load → anchor → link → render → write, and the same without the
//! write for `gloss check`.

use crate::anchor::{self, ArticleAnchors};
use crate::diagnostic::{self, Diagnostic};
use crate::error::Result;
use crate::link;
use crate::linkcheck::{self, SiteIndex};
use crate::load::{self, Project};
use crate::render::{self, Output, templates::Templates};
use crate::timings::Timings;
use crate::write::{self, WriteReport};
use std::path::PathBuf;
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
    /// What links in the site can reach.
    pub index: SiteIndex,
    pub outputs: Vec<Output>,
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Runs every stage but the write: all diagnostics, and the files the site would hold.
pub fn render_project(root: &std::path::Path, live_reload: bool) -> Result<Rendered> {
    let mut timings = Timings::start();
    let (project, mut diagnostics) = load::load(root)?;
    timings.lap("load");
    let (anchors, mut found) = anchor::anchor(&project);
    diagnostics.append(&mut found);
    timings.lap("anchor");
    let (templates, mut found) = Templates::load(root)?;
    diagnostics.append(&mut found);
    timings.lap("templates");
    let mut outputs = Vec::new();
    let (graph, mut found) = link::link(&project, &anchors);
    diagnostics.append(&mut found);
    timings.lap("link");
    if !diagnostics.iter().any(|d| d.code == "template") {
        let site = link::Site {
            project: &project,
            anchors: &anchors,
            graph: &graph,
        };
        let (pages, mut found) = render::render(&site, &templates, live_reload);
        diagnostics.append(&mut found);
        outputs = pages;
    }
    outputs.extend(assets(&project)?);
    timings.lap("render");
    // Links are checked only in a build that would otherwise be written: when something is
    // already wrong, missing pages would only repeat it as broken links.
    let index = if diagnostics.iter().any(Diagnostic::is_error) {
        SiteIndex::default()
    } else {
        let (index, found) = linkcheck::index_and_check(&project, &outputs);
        diagnostics.extend(found);
        index
    };
    timings.lap("check links");
    diagnostic::sort(&mut diagnostics);
    diagnostics.dedup();
    Ok(Rendered {
        project,
        anchors,
        graph,
        templates,
        index,
        outputs,
        diagnostics,
        timings,
    })
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

/// Builds the site. With errors, nothing is written and the previous site stays as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    build_rendered(options).map(|(report, _)| report)
}

/// [`build`], also returning what the pipeline produced (which `watch` keeps).
pub fn build_rendered(options: &BuildOptions) -> Result<(BuildReport, Rendered)> {
    let started = Instant::now();
    write::check_output(&options.root, &options.output)?;
    let mut rendered = render_project(&options.root, options.live_reload)?;
    let has_errors = rendered.diagnostics.iter().any(Diagnostic::is_error);
    let written = if has_errors {
        None
    } else {
        Some(write::write(&options.output, &rendered.outputs)?)
    };
    rendered.timings.lap("write");
    let report = BuildReport {
        pages: rendered
            .outputs
            .iter()
            .filter(|o| o.path.ends_with(".html"))
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
