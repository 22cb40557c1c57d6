//! Articles an earlier build loaded and anchored, handed to the next full build of the same
//! project: `watch` falls back to a full build for most edits that other pages see (an
//! annotation added, a title changed), and reading, parsing and anchoring the thousands of
//! articles the edit did not touch was a third of it. An article is taken as it was when both
//! its files read exactly as they did, since loading and anchoring one looks at nothing else.

use crate::anchor::ArticleAnchors;
use crate::diagnostic::Diagnostic;
use crate::load::Article;
use crate::source::SourceFile;
use foldhash::fast::FixedState;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// The articles on offer, by the name of their Markdown file. Empty for a first build.
#[derive(Default)]
pub struct Reuse {
    entries: HashMap<String, Entry, FixedState>,
}

/// One article: taken by the load, then its anchors by the anchoring. Locks rather than
/// ownership, as both stages take articles from many threads; each entry is taken once.
struct Entry {
    article: Mutex<Option<Article>>,
    /// Taken only after the article was: anchors fit only the text they were made on.
    anchors: Mutex<Option<ArticleAnchors>>,
}

impl Reuse {
    /// Offers the articles of a good build with their anchors, but those with a diagnostic in
    /// either of their files: a diagnostic came from their loading or anchoring, or from a
    /// later stage that runs again, and the first kind would be lost with the article.
    pub fn new(
        articles: Vec<Article>,
        anchors: Vec<ArticleAnchors>,
        diagnostics: &[Diagnostic],
    ) -> Reuse {
        let noted: HashSet<&str, FixedState> = diagnostics
            .iter()
            .filter_map(|d| d.location.as_ref().map(|l| l.file.as_str()))
            .collect();
        let entries = articles
            .into_iter()
            .zip(anchors)
            .filter(|(article, _)| {
                let annotations = article.annotations.as_ref().map(|a| a.file.name.as_str());
                !noted.contains(article.file.name.as_str())
                    && annotations.is_none_or(|name| !noted.contains(name))
            })
            .map(|(article, anchors)| {
                let name = article.file.name.clone();
                let entry = Entry {
                    article: Mutex::new(Some(article)),
                    anchors: Mutex::new(Some(anchors)),
                };
                (name, entry)
            })
            .collect();
        Reuse { entries }
    }

    /// The earlier article of `markdown` and `annotations` (its `.yaml`, if it has one), if
    /// both read exactly as they did then.
    pub fn article(
        &self,
        markdown: &SourceFile,
        annotations: Option<&SourceFile>,
    ) -> Option<Article> {
        let entry = self.entries.get(&markdown.name)?;
        let mut slot = crate::sync::lock(&entry.article);
        let same = slot.as_ref().is_some_and(|old| {
            old.file.text == markdown.text
                && old.annotations.as_ref().map(|a| &a.file.text) == annotations.map(|a| &a.text)
        });
        if same { slot.take() } else { None }
    }

    /// The anchors of `article`, if it was taken from here.
    pub fn anchors(&self, article: &Article) -> Option<ArticleAnchors> {
        let entry = self.entries.get(&article.file.name)?;
        if crate::sync::lock(&entry.article).is_some() {
            return None;
        }
        crate::sync::lock(&entry.anchors).take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{anchor, load};
    use std::fs;
    use std::path::Path;

    fn write(root: &Path, relative: &str, text: &str) {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// A project of three articles: `a` annotated, `b` not, `c` with a quote found only
    /// fuzzily (a warning in its annotation file).
    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let article = |title: &str| {
            format!(
                "---\ntitle: {title}\ndate: 2007-03-15\n---\nThe CSTO met in Kabul from March 9-13.\n"
            )
        };
        write(root, "content/articles/a.md", &article("A"));
        write(
            root,
            "content/articles/a.yaml",
            "annotations:\n  - quote: Kabul\n    note: N.\n",
        );
        write(root, "content/articles/b.md", &article("B"));
        write(root, "content/articles/c.md", &article("C"));
        write(
            root,
            "content/articles/c.yaml",
            "annotations:\n  - quote: The CSTO met in Kabol\n",
        );
        dir
    }

    /// The names of the articles still on offer.
    fn left(reuse: &Reuse) -> Vec<&str> {
        let mut left: Vec<&str> = reuse
            .entries
            .iter()
            .filter(|(_, entry)| crate::sync::lock(&entry.article).is_some())
            .map(|(name, _)| name.as_str())
            .collect();
        left.sort_unstable();
        left
    }

    /// Loads and anchors the project at `root` as a build does, taking from `reuse`.
    fn build(root: &Path, reuse: &Reuse) -> (load::Project, Vec<ArticleAnchors>, Vec<Diagnostic>) {
        let (project, mut diagnostics) = load::load_reusing(root, reuse).unwrap();
        let (anchors, mut found) = anchor::anchor_reusing(&project, reuse);
        diagnostics.append(&mut found);
        (project, anchors, diagnostics)
    }

    #[test]
    fn articles_whose_files_read_the_same_are_taken_with_their_anchors() {
        let dir = project();
        let root = dir.path();
        let (project, anchors, diagnostics) = build(root, &Reuse::default());
        let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["fuzzy"]);
        let reuse = Reuse::new(project.articles, anchors, &diagnostics);
        // `c` has a warning, which only loading and anchoring it again can give.
        assert_eq!(
            left(&reuse),
            ["content/articles/a.md", "content/articles/b.md"]
        );

        // `b` is edited; `a` reads the same.
        write(
            root,
            "content/articles/b.md",
            "---\ntitle: B2\ndate: 2007-03-15\n---\nText.\n",
        );
        let (project, anchors, diagnostics) = build(root, &reuse);
        assert_eq!(left(&reuse), ["content/articles/b.md"]);
        // The anchors went with `a`; none are left to give.
        let a = &project.articles[0];
        assert_eq!(a.file.name, "content/articles/a.md");
        assert!(reuse.anchors(a).is_none());
        assert_eq!(anchors[0].anchors.len(), 1);
        assert_eq!(anchors[0].anchors[0].placed().len(), 1);
        // `b` as it now reads, and `c`'s warning again.
        assert_eq!(project.articles[1].front.title, "B2");
        let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["fuzzy"]);
    }

    #[test]
    fn an_article_is_not_taken_when_its_annotations_changed_appeared_or_went() {
        let dir = project();
        let root = dir.path();
        let first = || {
            let (project, anchors, diagnostics) = build(root, &Reuse::default());
            Reuse::new(project.articles, anchors, &diagnostics)
        };
        // `a`'s annotations changed, `b`'s appeared.
        for name in ["a", "b"] {
            let reuse = first();
            let annotations = "annotations:\n  - quote: CSTO\n";
            write(root, &format!("content/articles/{name}.yaml"), annotations);
            build(root, &reuse);
            assert_eq!(left(&reuse), [format!("content/articles/{name}.md")]);
        }

        let reuse = first();
        fs::remove_file(root.join("content/articles/a.yaml")).unwrap();
        let (project, anchors, _) = build(root, &reuse);
        assert_eq!(left(&reuse), ["content/articles/a.md"]);
        assert!(project.articles[0].annotations.is_none());
        assert!(anchors[0].anchors.is_empty());
    }
}
