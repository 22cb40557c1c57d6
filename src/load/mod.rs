//! The load stage: reads a project folder into a [`Project`] — site settings, the entity
//! registry, and every article with its annotations — reporting every problem it finds.

pub mod annotations;
pub mod article;
pub mod config;
mod fields;
pub mod registry;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::error::{Error, Result};
use crate::source::SourceFile;
use crate::yaml::SyntaxError;
use annotations::{AnnotationFile, Kind};
use article::FrontMatter;
use config::SiteConfig;
use rayon::prelude::*;
use registry::Registry;
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One article and its annotations.
#[derive(Debug, Clone)]
pub struct Article {
    /// The file stem: the article's URL is `articles/<slug>/`.
    pub slug: String,
    pub file: SourceFile,
    /// The Markdown body's byte range in `file.text`.
    pub body: Range<usize>,
    pub front: FrontMatter,
    pub annotations: Option<AnnotationFile>,
}

impl Article {
    pub fn body_text(&self) -> &str {
        &self.file.text[self.body.clone()]
    }

    pub fn annotation_list(&self) -> &[annotations::Annotation] {
        self.annotations.as_ref().map_or(&[], |a| &a.annotations)
    }
}

/// Everything a project holds, as read from disk.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub registry: Registry,
    /// Sorted by slug.
    pub articles: Vec<Article>,
    /// Files under `content/media/`, relative to it.
    pub media: Vec<PathBuf>,
}

/// Reads the project at `root`. Fails only when `root` is not a project at all; content
/// problems come back as diagnostics beside the (partial) project.
pub fn load(root: &Path) -> Result<(Project, Vec<Diagnostic>)> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` has no `content/` folder, so it is not a gloss project; \
             run `gloss init <dir>` to start one, or pass `--root <project>`",
            root.display()
        )));
    }
    let mut diagnostics = Vec::new();
    let config = match read_source(root, &content.join("site.yaml"), &mut diagnostics) {
        Some(file) => config::parse(&file, &mut diagnostics),
        None => SiteConfig::default(),
    };
    let registry = match read_source(root, &content.join("entities.yaml"), &mut diagnostics) {
        Some(file) => registry::parse(file, &mut diagnostics),
        None => Registry {
            complete: true,
            ..Registry::default()
        },
    };
    let articles = load_articles(root, &content.join("articles"), &mut diagnostics);
    let media = list_media(&content.join("media"), &mut diagnostics, root);
    let project = Project {
        root: root.to_path_buf(),
        config,
        registry,
        articles,
        media,
    };
    check_references(&project, &mut diagnostics);
    Ok((project, diagnostics))
}

/// Turns a YAML syntax error into a diagnostic pointing into `file`.
pub(crate) fn syntax_error(file: &SourceFile, e: SyntaxError) -> Diagnostic {
    let mut d = Diagnostic::error("yaml", e.message);
    let line_start: usize = file
        .text
        .split_inclusive('\n')
        .take(e.line - 1)
        .map(str::len)
        .sum();
    let line = file.line_text(e.line);
    let offset = line_start
        + line
            .char_indices()
            .nth(e.column - 1)
            .map_or(line.len(), |(i, _)| i);
    d = d.at(file, file.pos(offset, 1));
    let help = if d.message.contains("tab") {
        "indent YAML with spaces, not tabs"
    } else if d.message.contains("duplicate") {
        "each key may appear once in a mapping: remove or rename one of them"
    } else {
        "check the YAML syntax on this line and the one before it (indentation, `:` and quotes)"
    };
    d.help(help)
}

/// Reads a UTF-8 text file, if it exists. Unreadable and non-UTF-8 files are diagnostics.
pub(crate) fn read_source(
    root: &Path,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    if !path.exists() {
        return None;
    }
    let name = crate::source::display_name(root, path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("unreadable", format!("could not read the file: {e}"))
                    .in_file(name)
                    .help("check the file's permissions"),
            );
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(SourceFile::new(root, path, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            diagnostics.push(
                Diagnostic::error("not-utf8", "the file is not UTF-8 text")
                    .in_file(format!("{name}:{line}:{column}"))
                    .help("save the file as UTF-8 (most editors offer this under \"Save with encoding\")"),
            );
            None
        }
    }
}

/// Finds every `.md` article under `articles/` (subfolders included), with the `.yaml`
/// annotation file of the same stem beside it.
fn load_articles(root: &Path, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<Article> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut markdown = Vec::new();
    let mut yaml = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().map(|p| crate::source::display_name(root, p));
                diagnostics.push(
                    Diagnostic::error("unreadable", format!("could not read a folder entry: {e}"))
                        .in_file(path.unwrap_or_else(|| "content/articles".into()))
                        .help("remove the broken link or loop, or fix its permissions"),
                );
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_file() || is_hidden(path) {
            continue;
        }
        match path.extension().and_then(|e| e.to_str()) {
            Some("md") => markdown.push(path.to_path_buf()),
            Some("yaml") => yaml.push(path.to_path_buf()),
            Some("yml") => diagnostics.push(
                Diagnostic::warning(
                    "yml-extension",
                    "annotation files end in `.yaml`; this one is ignored",
                )
                .in_file(crate::source::display_name(root, path))
                .help("rename it to `.yaml`"),
            ),
            _ => {}
        }
    }
    check_orphan_annotation_files(root, &markdown, &yaml, diagnostics);
    let results: Vec<(Option<Article>, Vec<Diagnostic>)> = markdown
        .par_iter()
        .map(|path| {
            let mut diagnostics = Vec::new();
            let article = load_article(root, path, &mut diagnostics);
            (article, diagnostics)
        })
        .collect();
    let mut articles = Vec::new();
    for (article, mut found) in results {
        diagnostics.append(&mut found);
        articles.extend(article);
    }
    check_duplicate_slugs(&mut articles, diagnostics);
    articles
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

pub(crate) fn load_article(
    root: &Path,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Article> {
    let file = read_source(root, path, diagnostics)?;
    let slug = path.file_stem()?.to_string_lossy().into_owned();
    let annotations = read_source(root, &path.with_extension("yaml"), diagnostics)
        .map(|f| annotations::parse(f, diagnostics));
    if !is_valid_slug(&slug) {
        diagnostics.push(
            Diagnostic::error(
                "bad-slug",
                format!("`{slug}` cannot be used in a web address"),
            )
            .in_file(&file.name)
            .help(format!(
                "rename the file (and its .yaml) to letters, digits, `-` and `_`, e.g. `{}.md`",
                crate::slug::slugify(&slug)
            )),
        );
        return None;
    }
    let split = match article::split(&file) {
        Ok(split) => split,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let front = article::parse_front(&file, &split, diagnostics)?;
    Some(Article {
        slug,
        body: split.body,
        file,
        front,
        annotations,
    })
}

fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

fn check_orphan_annotation_files(
    root: &Path,
    markdown: &[PathBuf],
    yaml: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let markdown: HashSet<&PathBuf> = markdown.iter().collect();
    for path in yaml {
        if !markdown.contains(&path.with_extension("md")) {
            diagnostics.push(
                Diagnostic::error("orphan-file", "annotation file without an article")
                    .in_file(crate::source::display_name(root, path))
                    .help("annotations go beside the article they annotate, with the same name: rename it to match its `.md`, or remove it"),
            );
        }
    }
}

fn check_duplicate_slugs(articles: &mut Vec<Article>, diagnostics: &mut Vec<Diagnostic>) {
    articles.sort_by(|a, b| a.slug.cmp(&b.slug).then(a.file.name.cmp(&b.file.name)));
    let mut kept: Vec<Article> = Vec::with_capacity(articles.len());
    for article in articles.drain(..) {
        match kept.last() {
            Some(previous) if previous.slug == article.slug => diagnostics.push(
                Diagnostic::error("duplicate-slug", format!("two articles are named `{}`", article.slug))
                    .in_file(&article.file.name)
                    .help(format!(
                        "`{}` has the same name; every article needs its own file name, since it becomes its address",
                        previous.file.name
                    )),
            ),
            _ => kept.push(article),
        }
    }
    *articles = kept;
}

pub(crate) fn list_media(
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    root: &Path,
) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut media = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(entry) if entry.file_type().is_file() && !is_hidden(entry.path()) => {
                if let Ok(relative) = entry.path().strip_prefix(dir) {
                    media.push(relative.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(e) => diagnostics.push(
                Diagnostic::error("unreadable", format!("could not read a media entry: {e}"))
                    .in_file(e.path().map_or_else(
                        || "content/media".into(),
                        |p| crate::source::display_name(root, p),
                    ))
                    .help("remove the broken link or loop, or fix its permissions"),
            ),
        }
    }
    media
}

/// Checks every entity id an annotation names against the registry, and warns about
/// registry entries nothing uses.
pub(crate) fn check_references(project: &Project, diagnostics: &mut Vec<Diagnostic>) {
    let registry = &project.registry;
    let mut used: HashSet<&str> = HashSet::new();
    for article in &project.articles {
        check_article_references(article, registry, &mut used, diagnostics);
    }
    let Some(file) = &registry.file else { return };
    for (id, entity) in &registry.entities {
        if !used.contains(id.as_str()) {
            diagnostics.push(
                Diagnostic::warning(
                    "unused-entity",
                    format!("no annotation mentions entity `{id}`"),
                )
                .at(file, entity.pos)
                .help("annotate a mention of it in an article, or remove it from the registry"),
            );
        }
    }
}

fn unknown_entity(
    file: &SourceFile,
    entity: &crate::source::Spanned<String>,
/// Checks the entity ids one article uses against the registry, adding them to `used`.
pub(crate) fn check_article_references<'a>(
    article: &'a Article,
    registry: &Registry,
    used: &mut HashSet<&'a str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(source) = &article.front.source {
        used.insert(&source.value);
        warn_near_miss_source(&article.file, source, registry, diagnostics);
    }
    let Some(file) = &article.annotations else {
        return;
    };
    for annotation in &file.annotations {
        for entity in &annotation.entities {
            used.insert(&entity.value);
            if registry.get(&entity.value).is_none() && registry.complete {
                diagnostics.push(unknown_entity(&file.file, entity, registry));
            }
        }
        if let Some(source) = &annotation.source {
            used.insert(&source.value);
            if annotation.kind == Kind::Claim {
                warn_near_miss_source(&file.file, source, registry, diagnostics);
            }
        }
    }
}

    registry: &Registry,
) -> Diagnostic {
    let d = Diagnostic::error(
        "unknown-entity",
        format!("no entity `{}` in the registry", entity.value),
    )
    .at(file, entity.pos);
    match did_you_mean(&entity.value, registry.entities.keys().map(String::as_str)) {
        Some(id) => d.help(format!("did you mean `{id}`?")),
        None => d.help(format!(
            "add `{}:` with a `name:` to content/entities.yaml",
            entity.value
        )),
    }
}

/// A `source` that is not an entity id is shown as text; if it is one letter away from an id,
/// it was probably meant as one.
fn warn_near_miss_source(
    file: &SourceFile,
    source: &crate::source::Spanned<String>,
    registry: &Registry,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let value = source.value.as_str();
    let id_like = crate::load::fields::is_valid_id(value) && value.contains('-');
    if registry.get(value).is_some() || !id_like {
        return;
    }
    if let Some(id) = did_you_mean(value, registry.entities.keys().map(String::as_str)) {
        diagnostics.push(
            Diagnostic::warning(
                "unknown-source",
                format!("source `{value}` is not an entity id, so it is shown as plain text"),
            )
            .at(file, source.pos)
            .help(format!("did you mean `{id}`?")),
        );
    }
}
