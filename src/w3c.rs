//! W3C Web Annotation interop: `gloss export --format w3c` writes a project's anchored
//! annotations as a JSON-LD `AnnotationCollection`; `gloss import` reads W3C annotations (one,
//! a list, a collection or page, or a Hypothesis API export) and appends them to an article's
//! annotation file.
//!
//! Selectors are the two the model and Hypothesis share: a `TextQuoteSelector` (the exact
//! text and 32 characters either side) and a `TextPositionSelector` (offsets in Unicode code
//! points of the reader text, the same offsets `gloss check --format json` reports).

use crate::anchor::Haystack;
use crate::anchor::select::{self, Context};
use crate::build::Rendered;
use crate::error::{Error, Result};
use crate::fix::scalar;
use crate::load::annotations::Kind;
use crate::markdown::fold::fold_str;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::Path;

/// Characters of context either side of the quote in a `TextQuoteSelector`.
const CONTEXT: usize = 32;

/// The motivation of each kind (W3C Web Annotation vocabulary).
fn motivation(kind: &Kind) -> &'static str {
    match kind {
        Kind::Mention => "identifying",
        Kind::Term => "describing",
        Kind::Claim => "assessing",
        Kind::Event => "classifying",
        Kind::Note | Kind::Other(_) => "commenting",
    }
}

/// The kind a motivation stands for (what `motivation` does, read back).
fn kind_of(motivation: Option<&str>) -> Kind {
    match motivation.map(|m| m.trim_start_matches("oa:")) {
        Some("identifying") => Kind::Mention,
        Some("describing") => Kind::Term,
        Some("assessing") => Kind::Claim,
        Some("classifying") => Kind::Event,
        _ => Kind::Note,
    }
}

/// The export of every article (or of `only`), as a JSON-LD collection.
pub fn export(rendered: &Rendered, only: Option<&str>) -> Result<Value> {
    let project = &rendered.project;
    if let Some(slug) = only
        && !project.articles.iter().any(|a| a.slug == slug)
    {
        return Err(unknown_article(slug));
    }
    let base = project.config.base_url.as_deref();
    let mut items = Vec::new();
    for (article, found) in project.articles.iter().zip(&rendered.anchors) {
        if only.is_some_and(|slug| slug != article.slug) || article.annotation_list().is_empty() {
            continue;
        }
        let events = crate::markdown::parse(article.body_text());
        let haystack = Haystack::new(article, &events);
        let chars = &haystack.reader.chars;
        let source = match base {
            Some(base) => format!("{base}articles/{}/", article.slug),
            None => format!("urn:gloss:article:{}", article.slug),
        };
        for (annotation, anchor) in article.annotation_list().iter().zip(&found.anchors) {
            for (n, m) in anchor.placed().iter().enumerate() {
                let fragment = match n {
                    0 => annotation.id.clone(),
                    _ => format!("{}.{}", annotation.id, n + 1),
                };
                let id = match base {
                    Some(base) => format!("{base}articles/{}/#a-{fragment}", article.slug),
                    None => format!("urn:gloss:{}:{fragment}", article.slug),
                };
                let prefix: String = chars[m.range.start.saturating_sub(CONTEXT)..m.range.start]
                    .iter()
                    .collect();
                let suffix: String = chars[m.range.end..(m.range.end + CONTEXT).min(chars.len())]
                    .iter()
                    .collect();
                let mut body = Vec::new();
                if let Some(note) = &annotation.note {
                    body.push(json!({"type": "TextualBody", "value": note.value.trim(),
                        "format": "text/markdown", "purpose": "commenting"}));
                }
                for entity in &annotation.entities {
                    let source = match base {
                        Some(base) => format!("{base}entities/{}/", entity.value),
                        None => format!("urn:gloss:entity:{}", entity.value),
                    };
                    body.push(
                        json!({"type": "SpecificResource", "source": source, "purpose": "identifying"}),
                    );
                }
                for tag in &annotation.tags {
                    body.push(json!({"type": "TextualBody", "value": tag, "purpose": "tagging"}));
                }
                let mut item = json!({
                    "@context": "http://www.w3.org/ns/anno.jsonld",
                    "id": id,
                    "type": "Annotation",
                    "motivation": motivation(&annotation.kind),
                    "target": {
                        "source": source,
                        "selector": [
                            {"type": "TextQuoteSelector", "exact": m.text, "prefix": prefix, "suffix": suffix},
                            {"type": "TextPositionSelector", "start": m.range.start, "end": m.range.end},
                        ],
                    },
                });
                if !body.is_empty() {
                    item["body"] = Value::Array(body);
                }
                items.push(item);
            }
        }
    }
    let total = items.len();
    Ok(json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": match base {
            Some(base) => format!("{base}annotations.jsonld"),
            None => "urn:gloss:annotations".to_string(),
        },
        "type": "AnnotationCollection",
        "label": project.config.title,
        "total": total,
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }))
}

fn unknown_article(slug: &str) -> Error {
    Error::Usage(format!(
        "no article `{slug}` in this project; `gloss check` lists the articles, and the slug is the file name without `.md`"
    ))
}

/// One annotation read from W3C JSON, before it is written as YAML.
#[derive(Debug)]
struct Imported {
    exact: String,
    prefix: Option<String>,
    suffix: Option<String>,
    start: Option<usize>,
    note: Option<String>,
    tags: Vec<String>,
    entities: Vec<String>,
    kind: Kind,
    id: Option<String>,
}

/// Imports the annotations in `file` into the article `slug` of the project at `root`;
/// returns how many were added and the annotation file's path.
pub fn import(rendered: &Rendered, file: &Path, slug: &str) -> Result<(usize, std::path::PathBuf)> {
    let article = rendered
        .project
        .articles
        .iter()
        .find(|a| a.slug == slug)
        .ok_or_else(|| unknown_article(slug))?;
    let text = std::fs::read_to_string(file).map_err(|source| Error::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let bad = |what: String| {
        Error::Usage(format!(
            "`{}` is not W3C Web Annotation JSON: {what}; export annotations as JSON-LD (or a Hypothesis API search result) and try again",
            file.display()
        ))
    };
    let json: Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let list = annotations_in(&json);
    if list.is_empty() {
        return Err(bad(
            "it holds no annotations with a TextQuoteSelector".into()
        ));
    }
    let imported: Vec<Imported> = list.iter().filter_map(|a| read_annotation(a)).collect();
    if imported.is_empty() {
        return Err(bad("none of its annotations has a TextQuoteSelector".into()));
    }
    let path = article
        .annotations
        .as_ref()
        .map(|a| a.file.path.clone())
        .unwrap_or_else(|| article.file.path.with_extension("yaml"));
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(Error::Read { path, source }),
    };
    let events = crate::markdown::parse(article.body_text());
    let haystack = Haystack::new(article, &events);
    let mut appended = String::new();
    if existing.trim().is_empty() {
        appended.push_str("annotations:\n");
    } else if !existing.ends_with('\n') {
        appended.push('\n');
    }
    let indent = item_indent(&existing);
    let taken: Vec<&str> = article
        .annotation_list()
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    for a in &imported {
        write_entry(&mut appended, &indent, a, &haystack, &taken);
    }
    let mut out = existing;
    out.push_str(&appended);
    std::fs::write(&path, out).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    Ok((imported.len(), path))
}

/// The annotations a JSON document holds, whatever container it uses.
fn annotations_in(json: &Value) -> Vec<&Value> {
    match json {
        Value::Array(items) => items.iter().flat_map(annotations_in).collect(),
        Value::Object(map) => {
            // A Hypothesis API search result: {"total", "rows": [...]}.
            if let Some(rows) = map.get("rows") {
                return annotations_in(rows);
            }
            if let Some(items) = map.get("items") {
                return annotations_in(items);
            }
            if let Some(first) = map.get("first")
                && first.is_object()
            {
                return annotations_in(first);
            }
            if map.contains_key("target") {
                return vec![json];
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// A value that may be one object or a list of them, as a list.
fn one_or_many(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(one) => vec![one],
    }
}

fn str_of<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn read_annotation(a: &Value) -> Option<Imported> {
    let mut imported = Imported {
        exact: String::new(),
        prefix: None,
        suffix: None,
        start: None,
        note: None,
        tags: Vec::new(),
        entities: Vec::new(),
        kind: Kind::Note,
        id: None,
    };
    let selectors = one_or_many(a.get("target"))
        .into_iter()
        .flat_map(|t| one_or_many(t.get("selector")));
    for selector in selectors {
        match str_of(selector, "type") {
            Some("TextQuoteSelector") if imported.exact.is_empty() => {
                imported.exact = str_of(selector, "exact")?.to_string();
                imported.prefix = str_of(selector, "prefix").map(str::to_string);
                imported.suffix = str_of(selector, "suffix").map(str::to_string);
            }
            Some("TextPositionSelector") if imported.start.is_none() => {
                imported.start = selector
                    .get("start")
                    .and_then(Value::as_u64)
                    .map(|s| s as usize);
            }
            _ => {}
        }
    }
    if imported.exact.trim().is_empty() {
        return None;
    }
    let motivation = one_or_many(a.get("motivation"))
        .first()
        .and_then(|m| m.as_str());
    imported.kind = kind_of(motivation);
    // Hypothesis: the note in `text`, tags in `tags`.
    if let Some(text) = str_of(a, "text").filter(|t| !t.trim().is_empty()) {
        imported.note = Some(text.to_string());
    }
    for tag in one_or_many(a.get("tags")) {
        imported.tags.extend(tag.as_str().map(str::to_string));
    }
    for body in one_or_many(a.get("body")) {
        let purpose = str_of(body, "purpose");
        match (str_of(body, "type"), purpose) {
            (Some("TextualBody"), Some("tagging")) => imported
                .tags
                .extend(str_of(body, "value").map(str::to_string)),
            (Some("TextualBody") | None, _) if imported.note.is_none() => {
                imported.note = str_of(body, "value").map(str::to_string)
            }
            (Some("SpecificResource"), _) => {
                if let Some(entity) = str_of(body, "source").and_then(entity_id) {
                    imported.entities.push(entity);
                }
            }
            _ => {}
        }
    }
    // An id gloss wrote (`…#a-<id>` or `urn:gloss:<slug>:<id>`) comes back as the id.
    imported.id = str_of(a, "id")
        .and_then(|id| {
            id.rsplit_once("#a-").map(|(_, f)| f).or_else(|| {
                id.strip_prefix("urn:gloss:")
                    .and_then(|r| r.rsplit_once(':'))
                    .map(|(_, f)| f)
            })
        })
        .filter(|id| {
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        .map(str::to_string);
    Some(imported)
}

/// The entity id of an address gloss exports for an entity.
fn entity_id(source: &str) -> Option<String> {
    if let Some(id) = source.strip_prefix("urn:gloss:entity:") {
        return Some(id.to_string());
    }
    let rest = source.trim_end_matches('/');
    let (before, id) = rest.rsplit_once('/')?;
    before.ends_with("/entities").then(|| id.to_string())
}

/// The indentation of the file's list items (`  - `), or two spaces.
fn item_indent(text: &str) -> String {
    text.lines()
        .find(|l| l.trim_start().starts_with("- "))
        .map(|l| l[..l.len() - l.trim_start().len()].to_string())
        .unwrap_or_else(|| "  ".to_string())
}

/// Writes one entry: the quote, a prefix or suffix only when the quote occurs more than once
/// (the shortest that picks the place the selectors point to), the rest as given.
fn write_entry(out: &mut String, indent: &str, a: &Imported, haystack: &Haystack, taken: &[&str]) {
    let quote = a.exact.trim();
    let pad = format!("{indent}  ");
    let _ = writeln!(out, "{indent}- quote: {}", scalar(quote, false));
    let folded = &haystack.folded;
    let all = select::find_matches(folded, &fold_str(quote));
    if all.len() > 1 {
        // The place meant: at the given position, else where the given context fits.
        let index = a
            .start
            .and_then(|start| all.iter().position(|r| folded.to_reader(r).start == start))
            .or_else(|| {
                let prefix = a.prefix.as_deref().map(fold_str);
                let suffix = a.suffix.as_deref().map(fold_str);
                let fits: Vec<usize> = (0..all.len())
                    .filter(|&i| {
                        select::fits_context(folded, &all[i], prefix.as_deref(), suffix.as_deref())
                    })
                    .collect();
                (fits.len() == 1).then(|| fits[0])
            });
        match index.and_then(|i| select::distinguishing_context(folded, &all, i)) {
            Some(Context::Prefix(p)) => {
                let _ = writeln!(out, "{pad}prefix: {}", scalar(&p, false));
            }
            Some(Context::Suffix(s)) => {
                let _ = writeln!(out, "{pad}suffix: {}", scalar(&s, false));
            }
            None => {
                if let Some(i) = index {
                    let _ = writeln!(out, "{pad}occurrence: {}", i + 1);
                }
            }
        }
    }
    if let Some(id) = &a.id
        && !taken.contains(&id.as_str())
        && id.parse::<usize>().is_err()
    {
        let _ = writeln!(out, "{pad}id: {id}");
    }
    let default_kind = if a.entities.is_empty() {
        Kind::Note
    } else {
        Kind::Mention
    };
    if a.kind != default_kind {
        let _ = writeln!(out, "{pad}kind: {}", a.kind.as_str());
    }
    match a.entities.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(out, "{pad}entity: {}", scalar(one, false));
        }
        many => {
            let list: Vec<String> = many.iter().map(|e| scalar(e, true)).collect();
            let _ = writeln!(out, "{pad}entity: [{}]", list.join(", "));
        }
    }
    if let Some(note) = &a.note {
        let _ = writeln!(out, "{pad}note: {}", scalar(note.trim(), false));
    }
    if !a.tags.is_empty() {
        let list: Vec<String> = a.tags.iter().map(|t| scalar(t, true)).collect();
        let _ = writeln!(out, "{pad}tags: [{}]", list.join(", "));
    }
}
