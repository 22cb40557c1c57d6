//! The load stage: reads a project folder into a [`Project`] — site settings, the entity
//! registry, and every article with its annotations — reporting every problem it finds.

pub mod annotations;
pub mod article;
pub mod config;
mod fields;
pub mod registry;
pub(crate) mod urls;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::error::{Error, Result};
use crate::reuse::Reuse;
use crate::source::SourceFile;
use crate::yaml::SyntaxError;
use annotations::{AnnotationFile, Kind};
use article::FrontMatter;
use config::SiteConfig;
use foldhash::fast::FixedState;
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
#[derive(Debug, Clone, Default)]
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
    load_reusing(root, &Reuse::default())
}

/// [`load`], taking from `reuse` each article whose files read as they did.
pub fn load_reusing(root: &Path, reuse: &Reuse) -> Result<(Project, Vec<Diagnostic>)> {
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
    let errors_before = diagnostics.iter().filter(|d| d.is_error()).count();
    let articles = load_articles(root, &content.join("articles"), reuse, &mut diagnostics);
    // An article or annotation file with errors may mention any entity, so none can then be
    // called unused: one broken file must not bring a warning per entity.
    let articles_complete = diagnostics.iter().filter(|d| d.is_error()).count() == errors_before;
    let media = list_media(&content.join("media"), &mut diagnostics, root);
    let project = Project {
        root: root.to_path_buf(),
        config,
        registry,
        articles,
        media,
    };
    if articles_complete {
        check_references(&project, &mut diagnostics);
    } else {
        check_entity_references(&project, &mut diagnostics);
    }
    Ok((project, diagnostics))
}

/// Turns a YAML syntax error into a diagnostic pointing into `file`.
pub(crate) fn syntax_error(file: &SourceFile, e: SyntaxError) -> Diagnostic {
    if let Some(help) = e.help {
        return Diagnostic::error("yaml", e.message)
            .at(file, position(file, e.line, e.column))
            .help(help);
    }
    if e.message.contains("tab") {
        // The parser may stop at the value before the tab-indented line; point at the tab.
        if let Some(offset) = indenting_tab(file, e.line) {
            return Diagnostic::error(
                "yaml",
                "this line is indented with a tab; YAML indents with spaces only",
            )
            .at(file, file.pos(offset, 1))
            .help("indent YAML with spaces, not tabs");
        }
    }
    let d = Diagnostic::error("yaml", e.message.clone()).at(file, position(file, e.line, e.column));
    let help = if d.message.contains("tab") {
        "indent YAML with spaces, not tabs".to_string()
    } else if let Some(key) = duplicate_key(&e.message) {
        match first_key_line(file, e.line, key) {
            Some(first) => format!(
                "`{key}` is already set on line {first}; each key may appear once in a mapping: \
                 remove or rename one of them"
            ),
            None => "each key may appear once in a mapping: remove or rename one of them".into(),
        }
    } else {
        syntax_help(&e.message).into()
    };
    d.help(help)
}

/// Advice for the YAML slips people make most, by the parser's message.
fn syntax_help(message: &str) -> &'static str {
    const HELP: &[(&str, &str)] = &[
        (
            "mapping values are not allowed",
            "a `: ` inside a value starts a new mapping: put the whole value in quotes",
        ),
        (
            "unclosed quote",
            "close the quote before the end of the value, or use the other kind of quotes \
             around text that contains this one",
        ),
        (
            "unclosed bracket",
            "close the list with `]` (or the mapping with `}`)",
        ),
        (
            "did not find expected '-' indicator",
            "list items start with `- `, and the fields of one item line up under each other",
        ),
        (
            "did not find expected key",
            "the lines of one mapping line up under each other: check this line's indentation",
        ),
    ];
    HELP.iter()
        .find(|(start, _)| message.contains(start))
        .map_or(
            "check the YAML syntax on this line and the one before it (indentation, `:` and quotes)",
            |(_, help)| help,
        )
}

/// The byte offset of a 1-based line and character column.
fn position(file: &SourceFile, line: usize, column: usize) -> crate::source::Pos {
    let line_start: usize = file
        .text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let text = file.line_text(line);
    let offset = line_start
        + text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| i);
    file.pos(offset, 1)
}

/// The offset of the first tab in the indentation of `line` or the two lines after it (the
/// parser reports some tabs at the value they interrupt).
fn indenting_tab(file: &SourceFile, line: usize) -> Option<usize> {
    (line..line + 3).find_map(|n| {
        let text = file.line_text(n);
        let indent = &text[..text.len() - text.trim_start_matches([' ', '\t']).len()];
        let column = indent.find('\t')?;
        Some(position(file, n, 1).offset + column)
    })
}

/// The key a "duplicate mapping key `k`" message names.
fn duplicate_key(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("duplicate mapping key `")?;
    rest.split('`').next()
}

/// The line before `line` where `key:` first appears at the same indentation: the first of
/// two duplicate keys.
fn first_key_line(file: &SourceFile, line: usize, key: &str) -> Option<usize> {
    let indent = |text: &str| text.len() - text.trim_start().len();
    let at = indent(file.line_text(line));
    (1..line).find(|&n| {
        let text = file.line_text(n);
        indent(text) == at
            && text
                .trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.starts_with(':'))
    })
}

/// Reads a UTF-8 text file, if it exists. Unreadable and non-UTF-8 files are diagnostics, and
/// so is anything that is not a regular file: reading a named pipe would wait forever.
pub(crate) fn read_source(
    root: &Path,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    // Opening follows links, so a link to a file is read and a dangling one is reported.
    let (metadata, file) = match open_source(path) {
        Ok(opened) => opened,
        Err(_) if path.symlink_metadata().is_err() => return None,
        Err(e) => {
            diagnostics.push(unreadable(root, path, &e));
            return None;
        }
    };
    let Some(file) = file else {
        let name = crate::source::display_name(root, path);
        let what = if metadata.is_dir() {
            "a folder"
        } else {
            "not a regular file (a pipe, socket or device)"
        };
        diagnostics.push(
            Diagnostic::error("not-a-file", format!("`{name}` is {what}"))
                .in_file(name)
                .help("gloss reads this name as a text file: rename or remove what is there"),
        );
        return None;
    };
    use std::io::Read;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // Through `take`: `File`'s own `read_to_end` would ask the file system for the size again.
    if let Err(e) = file.take(u64::MAX).read_to_end(&mut bytes) {
        diagnostics.push(unreadable(root, path, &e));
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(SourceFile::new(root, path, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let bad = bytes.get(valid).copied().unwrap_or_default();
            // Shown with the bad bytes replaced, which keeps every offset before them.
            let shown = SourceFile::new(root, path, String::from_utf8_lossy(&bytes).into_owned());
            diagnostics.push(
                Diagnostic::error(
                    "not-utf8",
                    format!("the file is not UTF-8 text: it has the byte 0x{bad:02x} here"),
                )
                .at(&shown, shown.pos(valid, 1))
                .help(
                    "save the file as UTF-8 (most editors offer this under \"Save with encoding\")",
                ),
            );
            None
        }
    }
}

/// What a source file is and, when it is a regular file, the file opened for reading. Opening
/// a named pipe for reading waits for a writer, so on Unix the file is opened non-blocking
/// (which changes nothing for a regular file) and asked what it is once open: one file-system
/// lookup instead of two for each of the tens of thousands of files of a large project.
/// Elsewhere it is asked first.
fn open_source(path: &Path) -> std::io::Result<(std::fs::Metadata, Option<std::fs::File>)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)?;
        let metadata = file.metadata()?;
        let file = metadata.is_file().then_some(file);
        Ok((metadata, file))
    }
    #[cfg(not(unix))]
    {
        let metadata = std::fs::metadata(path)?;
        let file = match metadata.is_file() {
            true => Some(std::fs::File::open(path)?),
            false => None,
        };
        Ok((metadata, file))
    }
}

/// A file that exists but cannot be read, in words that say what to do.
fn unreadable(root: &Path, path: &Path, error: &std::io::Error) -> Diagnostic {
    let name = crate::source::display_name(root, path);
    let d = Diagnostic::error(
        "unreadable",
        format!("could not read `{name}`: {}", io_reason(error)),
    )
    .in_file(&name);
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => d.help(format!(
            "gloss may not read it: give yourself read access (`chmod u+r {name}`)"
        )),
        std::io::ErrorKind::NotFound => d.help(
            "it is a link to a file that does not exist: remove the link or restore its target",
        ),
        _ => d.help("check that the file is readable, or remove it"),
    }
}

/// The reason of an I/O error without Rust's "(os error 13)" suffix, starting in lowercase to
/// follow a colon.
fn io_reason(error: &std::io::Error) -> String {
    let text = error.to_string();
    let text = text.split(" (os error").next().unwrap_or(&text);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text.to_string(),
    }
}

/// A problem walking a folder (`content/articles/`, `content/media/`): a link that loops back
/// to a folder containing it, a dangling link, a folder that may not be read.
fn walk_error(root: &Path, folder: &Path, error: &walkdir::Error) -> Diagnostic {
    let name = |p: &Path| crate::source::display_name(root, p);
    let at = error.path().unwrap_or(folder);
    if let Some(ancestor) = error.loop_ancestor() {
        return Diagnostic::error(
            "link-loop",
            format!(
                "`{}` is a link back to `{}`, a folder that contains it",
                name(at),
                name(ancestor)
            ),
        )
        .in_file(name(at))
        .help("following it would never end: remove the link, or point it at a folder outside this one");
    }
    let reason = error
        .io_error()
        .map_or_else(|| error.to_string(), io_reason);
    let broken_link = error
        .io_error()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        && at
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
    if broken_link {
        let target = std::fs::read_link(at)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        return Diagnostic::error(
            "unreadable",
            format!(
                "`{}` is a link to `{target}`, which does not exist",
                name(at)
            ),
        )
        .in_file(name(at))
        .help("remove the link or restore its target");
    }
    Diagnostic::error(
        "unreadable",
        format!("could not read `{}`: {reason}", name(at)),
    )
    .in_file(name(at))
    .help("check the folder's permissions, or remove it")
}

/// Finds every `.md` article under `articles/` (subfolders included), with the `.yaml`
/// annotation file of the same stem beside it.
fn load_articles(
    root: &Path,
    dir: &Path,
    reuse: &Reuse,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Article> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut markdown = Vec::new();
    let mut yaml = Vec::new();
    for entry in crate::fsutil::walk_sorted_parallel(dir) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diagnostics.push(walk_error(root, dir, &e));
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
        .with_max_len(crate::parallel::PIECE)
        .map(|path| {
            let mut diagnostics = Vec::new();
            let article = load_article_reusing(root, path, reuse, &mut diagnostics);
            (article, diagnostics)
        })
        .collect();
    // Sized once: an article is hundreds of bytes, and a growing list copied them all again
    // at every doubling, on one thread, while the others waited.
    let mut articles = Vec::with_capacity(results.len());
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
    load_article_reusing(root, path, &Reuse::default(), diagnostics)
}

fn load_article_reusing(
    root: &Path,
    path: &Path,
    reuse: &Reuse,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Article> {
    let file = read_source(root, path, diagnostics)?;
    let yaml = read_source(root, &path.with_extension("yaml"), diagnostics);
    if let Some(article) = reuse.article(&file, yaml.as_ref()) {
        return Some(article);
    }
    let slug = path.file_stem()?.to_string_lossy().into_owned();
    let annotations = yaml.map(|f| annotations::parse(f, diagnostics));
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
    // The body's links are checked where it is parsed anyway: `anchor::anchor_article`.
    if let Some(summary) = &front.summary {
        urls::check_markdown_value(&file, summary, diagnostics);
    }
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
    // By their bytes, hashed with foldhash: hashing a `Path` splits it into components,
    // which took a serial 7 ms at 10,000 articles. Both lists come from one walk, so a path
    // is written one way.
    let markdown: HashSet<&std::ffi::OsStr, FixedState> =
        markdown.iter().map(|p| p.as_os_str()).collect();
    for path in yaml {
        if !markdown.contains(path.with_extension("md").as_os_str()) {
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
    // In place: the list is moved only where an article is dropped.
    articles.dedup_by(|article, previous| {
        let duplicate = article.slug == previous.slug;
        if duplicate {
            diagnostics.push(
                Diagnostic::error("duplicate-slug", format!("two articles are named `{}`", article.slug))
                    .in_file(&article.file.name)
                    .help(format!(
                        "`{}` has the same name; every article needs its own file name, since it becomes its address",
                        previous.file.name
                    )),
            );
        }
        duplicate
    });
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
    for entry in crate::fsutil::walk_sorted(dir).follow_links(true) {
        match entry {
            Ok(entry) if entry.file_type().is_file() && !is_hidden(entry.path()) => {
                if let Ok(relative) = entry.path().strip_prefix(dir) {
                    media.push(relative.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(e) => diagnostics.push(walk_error(root, dir, &e)),
        }
    }
    media
}

/// Checks every entity id an annotation names against the registry, and warns about
/// registry entries nothing uses.
pub(crate) fn check_references(project: &Project, diagnostics: &mut Vec<Diagnostic>) {
    let used = check_entity_references(project, diagnostics);
    let registry = &project.registry;
    let Some(file) = &registry.file else { return };
    for (id, entity) in registry.entities.iter() {
        if !used.contains(id.as_str()) {
            diagnostics.push(unused_entity(file, entity));
        }
    }
}

/// The warning for a registry entry no article or annotation names.
pub(crate) fn unused_entity(file: &SourceFile, entity: &registry::Entity) -> Diagnostic {
    Diagnostic::warning(
        "unused-entity",
        format!("no annotation mentions entity `{}`", entity.id),
    )
    .at(file, entity.pos)
    .help("annotate a mention of it in an article, or remove it from the registry")
}

/// Whether an article names `id` as its source, or an annotation of it names it as an entity
/// or a source: what [`check_article_references`] counts as a use, typos of ids aside.
pub(crate) fn uses(article: &Article, id: &str) -> bool {
    article.front.source.as_ref().is_some_and(|s| s.value == id)
        || article.annotation_list().iter().any(|a| {
            a.entities.iter().any(|e| e.value == id)
                || a.source.as_ref().is_some_and(|s| s.value == id)
        })
}

/// The entity and source ids the articles name (to warn about registry entries none does).
/// Hashed with foldhash rather than SipHash: a build adds every mention's id, a hundred
/// thousand at 10,000 articles.
pub(crate) type UsedIds<'a> = HashSet<&'a str, FixedState>;

/// Checks every entity id an annotation names against the registry; returns the ids used.
fn check_entity_references<'a>(
    project: &'a Project,
    diagnostics: &mut Vec<Diagnostic>,
) -> UsedIds<'a> {
    // In parallel: each run of articles gathers its own set and diagnostics, joined in the
    // articles' order.
    let (used, mut found) = project
        .articles
        .par_iter()
        .fold(
            || (UsedIds::default(), Vec::new()),
            |(mut used, mut found), article| {
                check_article_references(article, &project.registry, &mut used, &mut found);
                (used, found)
            },
        )
        .reduce(
            || (UsedIds::default(), Vec::new()),
            |(mut used, mut found), (more, mut more_found)| {
                used.extend(more);
                found.append(&mut more_found);
                (used, found)
            },
        );
    diagnostics.append(&mut found);
    used
}

/// Checks the entity ids one article uses against the registry, adding them to `used`.
pub(crate) fn check_article_references<'a>(
    article: &'a Article,
    registry: &'a Registry,
    used: &mut UsedIds<'a>,
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
                // The entity a typo was meant as is not unused: one slip, one message.
                let keys = registry.entities.keys().map(String::as_str);
                used.extend(did_you_mean(&entity.value, keys));
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

fn unknown_entity(
    file: &SourceFile,
    entity: &crate::source::Spanned<String>,
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
