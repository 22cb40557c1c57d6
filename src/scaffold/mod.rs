//! `gloss new` and `gloss init`: start an article, or a whole project, from a template that
//! builds as it is. Neither ever overwrites a file.

use crate::date::PartialDate;
use crate::error::{Error, Result};
use crate::fsutil;
use std::path::{Path, PathBuf};

/// Creates `content/articles/<slug>.md` and its annotation file; returns their paths.
pub fn new_article(root: &Path, slug: &str, today: PartialDate) -> Result<Vec<PathBuf>> {
    let valid = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        return Err(Error::Usage(format!(
            "`{slug}` cannot be an article slug: use lowercase letters, digits and `-`, e.g. `{}`",
            crate::slug::slugify(slug)
        )));
    }
    let content = root.join("content");
    if !content.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` has no `content/` folder; run `gloss init <dir>` first, or pass `--root <project>`",
            root.display()
        )));
    }
    let articles = content.join("articles");
    if let Some(existing) = find_article(&articles, slug) {
        return Err(Error::Usage(format!(
            "an article named `{slug}` already exists: `{}`",
            existing.display()
        )));
    }
    fsutil::create_dir_all(&articles)?;
    let markdown = articles.join(format!("{slug}.md"));
    let yaml = articles.join(format!("{slug}.yaml"));
    fsutil::write_new(&markdown, &article_template(slug, today))?;
    fsutil::write_new(&yaml, ANNOTATIONS_TEMPLATE)?;
    Ok(vec![markdown, yaml])
}

fn find_article(articles: &Path, slug: &str) -> Option<PathBuf> {
    walkdir::WalkDir::new(articles)
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .find(|p| {
            p.file_stem().is_some_and(|s| s == slug) && p.extension().is_some_and(|e| e == "md")
        })
}

/// A title from a slug: a leading date is dropped and words are capitalized
/// (`2007-03-15-csto-summit` → "Csto Summit").
fn title_from_slug(slug: &str) -> String {
    let words: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
    let is_date = words.len() >= 3
        && words[0].len() == 4
        && words[..3]
            .iter()
            .all(|w| w.bytes().all(|b| b.is_ascii_digit()));
    let words = if is_date { &words[3..] } else { &words[..] };
    let title: Vec<String> = words.iter().map(|w| crate::slug::capitalize(w)).collect();
    if title.is_empty() {
        "Untitled".into()
    } else {
        title.join(" ")
    }
}

fn article_template(slug: &str, today: PartialDate) -> String {
    format!(
        "---\ntitle: {title}\ndate: {date}\nauthor:\nsource:\ntags: []\nsummary: >\n  \
         The analyst's bottom line, in a sentence or two.\n---\n\
         Paste or write the article here, keeping its line breaks and punctuation as they arrived.\n",
        title = title_from_slug(slug),
        date = today.iso(),
    )
}

const ANNOTATIONS_TEMPLATE: &str = "# Annotations: each quotes the text as a reader sees it (see the README).\n\
annotations: []\n\
# - quote: Collective Security Treaty Organization\n\
#   entity: csto              # an id from content/entities.yaml\n\
# - quote: over 40,000 troops\n\
#   kind: claim\n\
#   source: ria-novosti\n\
#   note: Check against ISAF's own figures.\n";

/// The files of a new project: a working example that builds without warnings.
const INIT_FILES: &[(&str, &str)] = &[
    ("content/site.yaml", include_str!("init/site.yaml")),
    ("content/entities.yaml", include_str!("init/entities.yaml")),
    (
        "content/articles/welcome.md",
        include_str!("init/welcome.md"),
    ),
    (
        "content/articles/welcome.yaml",
        include_str!("init/welcome.yaml"),
    ),
];

/// Creates a new project in `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Error::Usage(format!(
            "`{}` is not empty; `gloss init` only starts a project in a new or empty folder",
            dir.display()
        )));
    }
    let mut created = Vec::new();
    for (relative, text) in INIT_FILES {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            fsutil::create_dir_all(parent)?;
        }
        fsutil::write_new(&path, text)?;
        created.push(path);
    }
    Ok(created)
}

/// Today's date in UTC, from the system clock (only for new articles' front matter).
pub fn today() -> PartialDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    civil_from_days(days)
}

/// The calendar date `days` after 1970-01-01 (Howard Hinnant's algorithm for the proleptic
/// Gregorian calendar).
fn civil_from_days(days: i64) -> PartialDate {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    PartialDate {
        year: year as i32,
        month: Some(month as u8),
        day: Some(day as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_days_to_calendar_dates() {
        assert_eq!(civil_from_days(0).iso(), "1970-01-01");
        assert_eq!(civil_from_days(13_587).iso(), "2007-03-15");
        assert_eq!(civil_from_days(11_016).iso(), "2000-02-29");
        assert_eq!(civil_from_days(-1).iso(), "1969-12-31");
    }

    #[test]
    fn titles_come_from_slugs_without_their_date() {
        assert_eq!(title_from_slug("2007-03-15-csto-summit"), "Csto Summit");
        assert_eq!(title_from_slug("kabul-talks"), "Kabul Talks");
        assert_eq!(title_from_slug("2007-03-15"), "Untitled");
    }
}
