//! Which file-system events matter: a pure function from a changed path to the kind of change,
//! with editors' swap, backup and temp files ignored.

use std::fmt;
use std::path::{Component, Path};

/// What a changed path is to the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// An article's Markdown.
    Article,
    /// An article's annotation file.
    Annotations,
    /// `content/entities.yaml`.
    Registry,
    /// `content/site.yaml`.
    Config,
    /// A file under `content/media/`.
    Media,
    /// A template under `templates/`.
    Template,
    /// A file under `templates/static/`.
    Static,
    /// A folder appeared or vanished under `content/` or `templates/` (or one of those two
    /// folders itself): anything in it may have changed.
    Folder,
    /// An article-like file gloss warns about (a `.yml` beside an article).
    Other,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Change::Article => "article",
            Change::Annotations => "annotations",
            Change::Registry => "registry",
            Change::Config => "site.yaml",
            Change::Media => "media",
            Change::Template => "template",
            Change::Static => "static file",
            Change::Folder => "folder",
            Change::Other => "misnamed file",
        })
    }
}

/// Classifies a changed `path` of the project at `root`; `None` when the build does not
/// depend on it. `is_dir` tells a folder from a file where the caller knows (a deleted path
/// cannot be asked).
pub fn classify(root: &Path, path: &Path, is_dir: bool) -> Option<Change> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = relative
        .components()
        .map(|c| match c {
            Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (&top, rest) = parts.split_first()?;
    let name = *parts.last()?;
    if rest.iter().any(|part| part.starts_with('.')) || is_editor_junk(name) {
        return None;
    }
    if is_dir || rest.is_empty() {
        return matches!(top, "content" | "templates").then_some(Change::Folder);
    }
    let extension = Path::new(name).extension().and_then(|e| e.to_str());
    match (top, rest) {
        ("content", ["site.yaml"]) => Some(Change::Config),
        ("content", ["entities.yaml"]) => Some(Change::Registry),
        ("content", ["media", ..]) => Some(Change::Media),
        // Nothing else under `articles/` is read: an editor's or `sed -i`'s temp file is not
        // a change (a folder renamed in is caught by `is_dir` above).
        ("content", ["articles", ..]) => match extension {
            Some("md") => Some(Change::Article),
            Some("yaml") => Some(Change::Annotations),
            Some("yml") => Some(Change::Other),
            _ => None,
        },
        ("templates", ["static", ..]) => Some(Change::Static),
        ("templates", _) => Some(Change::Template),
        _ => None,
    }
}

/// Files editors write beside the one being edited, which never belong to the site: vim's
/// swap files and its `4913` write test, backups (`x~`), emacs's autosaves (`#x#`) and locks
/// (`.#x`), JetBrains' safe-write temp files, kate's swap files, macOS's `.DS_Store`, and
/// other hidden files.
pub fn is_editor_junk(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swo",
            ".swx",
            ".swpx",
            ".kate-swp",
            ".tmp",
            ".crdownload",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
        || name.contains("___jb_tmp___")
        || name.contains("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str) -> Option<Change> {
        classify(Path::new("/p"), Path::new(path), false)
    }

    #[test]
    fn content_files_are_classified_by_place_and_extension() {
        assert_eq!(change("/p/content/articles/a.md"), Some(Change::Article));
        assert_eq!(
            change("/p/content/articles/2007/a.yaml"),
            Some(Change::Annotations)
        );
        assert_eq!(change("/p/content/articles/a.yml"), Some(Change::Other));
        assert_eq!(change("/p/content/articles/sedX4a9Qz"), None);
        assert_eq!(change("/p/content/notes.txt"), None);
        assert_eq!(change("/p/content/entities.yaml"), Some(Change::Registry));
        assert_eq!(change("/p/content/site.yaml"), Some(Change::Config));
        assert_eq!(change("/p/content/media/map.png"), Some(Change::Media));
        assert_eq!(change("/p/templates/article.html"), Some(Change::Template));
        assert_eq!(
            change("/p/templates/static/gloss.css"),
            Some(Change::Static)
        );
    }

    #[test]
    fn editor_temp_swap_and_backup_files_are_ignored() {
        for junk in [
            "/p/content/articles/.a.md.swp",
            "/p/content/articles/.a.md.swx",
            "/p/content/articles/a.md.swp",
            "/p/content/articles/a.md~",
            "/p/content/articles/4913",
            "/p/content/articles/#a.md#",
            "/p/content/articles/.#a.md",
            "/p/content/articles/a.md___jb_tmp___",
            "/p/content/articles/a.md___jb_old___",
            "/p/content/articles/a.md.kate-swp",
            "/p/content/.DS_Store",
            "/p/templates/.base.html.swp",
            "/p/content/articles/.hidden/a.md",
        ] {
            assert_eq!(change(junk), None, "{junk}");
        }
    }

    #[test]
    fn paths_outside_content_and_templates_are_ignored() {
        assert_eq!(change("/p/site/index.html"), None);
        assert_eq!(change("/p/README.md"), None);
        assert_eq!(change("/p/target/debug/gloss"), None);
        assert_eq!(change("/elsewhere/content/articles/a.md"), None);
        assert_eq!(change("/p"), None);
    }

    #[test]
    fn folders_appearing_or_vanishing_count() {
        let root = Path::new("/p");
        assert_eq!(
            classify(root, Path::new("/p/content/articles/2008"), true),
            Some(Change::Folder)
        );
        assert_eq!(change("/p/templates"), Some(Change::Folder));
        assert_eq!(change("/p/content"), Some(Change::Folder));
        assert_eq!(classify(root, Path::new("/p/site"), true), None);
    }
}
