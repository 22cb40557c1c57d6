//! Cross-links written in Markdown — `entity:id`, `article:slug`, `article:slug#a-id` — checked
//! against the project and turned into relative URLs.

use crate::load::Project;
use crate::text::concat;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// A cross-link target gloss understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target<'a> {
    Entity(&'a str),
    Article {
        slug: &'a str,
        fragment: Option<&'a str>,
    },
}

/// Splits a link destination into a cross-link target, or `None` for ordinary links.
pub fn parse(dest: &str) -> Option<Target<'_>> {
    if let Some(id) = dest.strip_prefix("entity:") {
        return Some(Target::Entity(id));
    }
    let rest = dest.strip_prefix("article:")?;
    let (slug, fragment) = match rest.split_once('#') {
        Some((slug, fragment)) => (slug, Some(fragment)),
        None => (rest, None),
    };
    Some(Target::Article { slug, fragment })
}

/// What cross-links may point at: entity ids, article slugs, and each article's annotation
/// anchors.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Targets {
    entities: HashSet<String>,
    /// False when the registry could not be read: entity links are then not judged.
    entities_known: bool,
    /// Each article's annotation ids (`#a-<id>` on its page).
    articles: HashMap<String, HashSet<String>>,
}

impl Targets {
    pub fn new(project: &Project) -> Self {
        Targets {
            entities: project.registry.entities.keys().cloned().collect(),
            entities_known: project.registry.complete,
            articles: project
                .articles
                .par_iter()
                .map(|a| {
                    let ids = a.annotation_list().iter().map(|n| n.id.clone()).collect();
                    (a.slug.clone(), ids)
                })
                .collect(),
        }
    }

    /// Sets the annotation ids of article `slug` (after an edit of its annotations).
    pub fn set_annotations(&mut self, slug: &str, ids: HashSet<String>) {
        if let Some(known) = self.articles.get_mut(slug) {
            *known = ids;
        }
    }

    /// Checks a destination. `Ok(None)` for an ordinary link, `Ok(Some(path))` with the
    /// root-relative path for a valid cross-link, `Err((message, help))` for a broken one.
    pub fn resolve(&self, dest: &str) -> Result<Option<String>, (String, String)> {
        let Some(target) = parse(dest) else {
            return Ok(None);
        };
        match target {
            Target::Entity(id) => {
                if self.entities.contains(id) || !self.entities_known {
                    Ok(Some(concat(&["entities/", id, "/"])))
                } else {
                    let help = match crate::diagnostic::did_you_mean(
                        id,
                        self.entities.iter().map(String::as_str),
                    ) {
                        Some(near) => format!("did you mean `entity:{near}`?"),
                        None => format!("add `{id}:` to content/entities.yaml, or fix the id"),
                    };
                    Err((format!("link to unknown entity `{id}`"), help))
                }
            }
            Target::Article { slug, fragment } => {
                let Some(anchors) = self.articles.get(slug) else {
                    let help = match crate::diagnostic::did_you_mean(
                        slug,
                        self.articles.keys().map(String::as_str),
                    ) {
                        Some(near) => format!("did you mean `article:{near}`?"),
                        None => "an article's slug is its file name without `.md`".into(),
                    };
                    return Err((format!("link to unknown article `{slug}`"), help));
                };
                match fragment {
                    None => Ok(Some(concat(&["articles/", slug, "/"]))),
                    Some(f) if f.strip_prefix("a-").is_some_and(|id| !anchors.contains(id)) => Err((
                        format!("article `{slug}` has no annotation `{}`", &f[2..]),
                        "`#a-<id>` points at an annotation by its `id`; check the id in that article's .yaml".into(),
                    )),
                    Some(f) => Ok(Some(concat(&["articles/", slug, "/#", f]))),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> Targets {
        let mut t = Targets {
            entities_known: true,
            ..Targets::default()
        };
        t.entities.insert("csto".into());
        t.articles.insert("x".into(), ["kabul".to_string()].into());
        t
    }

    #[test]
    fn resolves_cross_links_and_leaves_others_alone() {
        let t = targets();
        assert_eq!(t.resolve("https://example.org"), Ok(None));
        assert_eq!(t.resolve("entity:csto"), Ok(Some("entities/csto/".into())));
        assert_eq!(t.resolve("article:x"), Ok(Some("articles/x/".into())));
        assert_eq!(
            t.resolve("article:x#a-kabul"),
            Ok(Some("articles/x/#a-kabul".into()))
        );
        assert_eq!(
            t.resolve("article:x#top"),
            Ok(Some("articles/x/#top".into()))
        );
    }

    #[test]
    fn broken_cross_links_say_what_is_missing() {
        let t = targets();
        assert_eq!(
            t.resolve("entity:cstoo").unwrap_err().1,
            "did you mean `entity:csto`?"
        );
        assert!(
            t.resolve("article:y")
                .unwrap_err()
                .0
                .contains("unknown article `y`")
        );
        assert!(
            t.resolve("article:x#a-nope")
                .unwrap_err()
                .0
                .contains("no annotation `nope`")
        );
    }
}
