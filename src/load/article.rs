//! An article: YAML front matter between `---` lines, then the Markdown body.

use super::fields::Fields;
use crate::date::PartialDate;
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Spanned};
use crate::yaml;
use std::ops::Range;

/// What the front matter says about an article.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub date: PartialDate,
    pub author: Option<String>,
    /// Free text, or an entity id (then linked).
    pub source: Option<Spanned<String>>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    /// Markdown: the analyst's bottom line.
    pub summary: Option<Spanned<String>>,
    /// Every other key, passed to templates as `page.extra`.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Where the front matter and the body lie in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub front: Range<usize>,
    pub body: Range<usize>,
}

/// Finds the front matter: a first line `---`, then YAML, then a line `---` (or `...`).
/// A leading byte-order mark and CRLF line endings are accepted.
pub fn split(file: &SourceFile) -> Result<Split, Diagnostic> {
    let text = file.text.as_str();
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if text[start..].trim().is_empty() {
        return Err(Diagnostic::error("empty-article", "the article is empty")
            .in_file(&file.name)
            .help("start it with front matter: a line `---`, `title: …`, `date: YYYY-MM-DD`, a line `---`, then the text"));
    }
    let mut lines = line_ranges(text, start);
    let opening = lines.next().filter(|r| is_fence(&text[r.clone()], "---"));
    let Some(opening) = opening else {
        return Err(Diagnostic::error("no-front-matter", "the article has no front matter")
            .at(file, file.pos(start, 1))
            .help("did you forget `---`? Start the file with a line `---`, then `title: …` and `date: YYYY-MM-DD`, then a line `---`"));
    };
    let front_start = opening.end;
    for line in lines {
        let content = &text[line.clone()];
        if is_fence(content, "---") || is_fence(content, "...") {
            return Ok(Split {
                front: front_start..line.start,
                body: line.end..text.len(),
            });
        }
    }
    Err(
        Diagnostic::error("unclosed-front-matter", "the front matter is never closed")
            .at(file, file.pos(opening.start, 3))
            .help("add a line `---` after the last front-matter key, before the article text"),
    )
}

/// Byte ranges of the lines of `text` from `start`, each including its line ending.
fn line_ranges(text: &str, start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i + 1);
        let range = pos..end;
        pos = end;
        Some(range)
    })
}

fn is_fence(line: &str, fence: &str) -> bool {
    line.trim_end() == fence
}

/// Reads the front matter's fields. `None` when the title or date is missing or broken, since
/// an article without them cannot be placed on any page.
pub fn parse_front(
    file: &SourceFile,
    split: &Split,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    let node = match yaml::parse(file, &file.text[split.front.clone()], split.front.start) {
        Ok(node) => node,
        Err(e) => {
            diagnostics.push(super::syntax_error(file, e));
            return None;
        }
    };
    let mut null_map = None;
    let node = if node.value == yaml::Value::Null {
        null_map.insert(yaml::Node {
            value: yaml::Value::Map(Vec::new()),
            pos: file.pos(split.front.start, 0),
        })
    } else {
        &node
    };
    let mut fields = Fields::new(file, node, "the front matter", diagnostics)?;
    let what = "the front matter";
    let title = fields.required_text("title", what, "The Article's Title", diagnostics);
    let date = fields
        .required_text("date", what, "YYYY-MM-DD", diagnostics)
        .and_then(|date| parse_article_date(file, &date, diagnostics));
    let author = fields.text("author", diagnostics).map(|a| a.value);
    let source = fields.text("source", diagnostics);
    let url = fields.text("url", diagnostics).map(|url| {
        super::urls::check_address(file, &url, diagnostics);
        url.value
    });
    let tags = fields
        .texts("tags", diagnostics)
        .into_iter()
        .map(|t| t.value)
        .collect();
    let summary = fields.text("summary", diagnostics);
    let extra = fields
        .unknown()
        .map(|(key, value)| (key.name.clone(), yaml::to_json(value)))
        .collect();
    Some(FrontMatter {
        title: title?.value,
        date: date?,
        author,
        source,
        url,
        tags,
        summary,
        extra,
    })
}

fn parse_article_date(
    file: &SourceFile,
    date: &Spanned<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<PartialDate> {
    match PartialDate::parse(&date.value) {
        Ok(d) if d.is_full() => Some(d),
        Ok(_) => {
            diagnostics.push(
                Diagnostic::error(
                    "bad-date",
                    format!("an article's date needs a day: `{}`", date.value),
                )
                .at(file, date.pos)
                .help("write the full publication date, `date: YYYY-MM-DD`"),
            );
            None
        }
        Err(message) => {
            diagnostics.push(
                Diagnostic::error("bad-date", message)
                    .at(file, date.pos)
                    .help("write the publication date as `date: YYYY-MM-DD`"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(
            Path::new("/p"),
            Path::new("/p/content/articles/a.md"),
            text.into(),
        )
    }

    #[test]
    fn splits_front_matter_with_bom_and_crlf() {
        let f = file("\u{feff}---\r\ntitle: T\r\ndate: 2007-03-15\r\n---\r\nBody\r\n");
        let split = split(&f).unwrap();
        assert_eq!(&f.text[split.body.clone()], "Body\r\n");
        let mut diagnostics = Vec::new();
        let front = parse_front(&f, &split, &mut diagnostics).unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(front.title, "T");
        assert_eq!(front.date.iso(), "2007-03-15");
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_explained() {
        let err = split(&file("Just text\n")).unwrap_err();
        assert_eq!(err.code, "no-front-matter");
        assert!(err.help.unwrap().contains("did you forget `---`"));
        let err = split(&file("---\ntitle: T\nBody\n")).unwrap_err();
        assert_eq!(err.code, "unclosed-front-matter");
        assert_eq!(split(&file(" \n")).unwrap_err().code, "empty-article");
    }

    #[test]
    fn other_keys_become_extra_and_errors_point_into_the_file() {
        let f = file("---\ntitle: T\ndate: 2007-02-30\ndateline: New York\n---\nBody\n");
        let mut diagnostics = Vec::new();
        assert!(parse_front(&f, &split(&f).unwrap(), &mut diagnostics).is_none());
        assert_eq!(diagnostics.len(), 1);
        let loc = diagnostics[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (Some(3), Some(7)));
        let f = file("---\ntitle: T\ndate: 2007-02-28\ndateline: New York\n---\n");
        let front = parse_front(&f, &split(&f).unwrap(), &mut diagnostics).unwrap();
        assert_eq!(front.extra["dateline"], "New York");
    }
}
