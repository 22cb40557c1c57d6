//! An article's annotation file (`<stem>.yaml`): quoted spans of its text, each tagged with
//! entities, a note, a claim's source, a date or a term.

use super::fields::{self, Fields};
use crate::date::PartialDate;
use crate::diagnostic::Diagnostic;
use crate::source::{Pos, SourceFile, Spanned};
use crate::yaml::{self, Node, Value};
use foldhash::fast::FixedState;
use std::collections::HashMap;

/// What an annotation says about its span; decides how it is marked and where it is listed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Mention,
    Note,
    Claim,
    Event,
    Term,
    /// Any other word: rendered as a mark with that class.
    Other(String),
}

impl Kind {
    pub fn as_str(&self) -> &str {
        match self {
            Kind::Mention => "mention",
            Kind::Note => "note",
            Kind::Claim => "claim",
            Kind::Event => "event",
            Kind::Term => "term",
            Kind::Other(word) => word,
        }
    }

    fn parse(word: &str) -> Kind {
        match word {
            "mention" => Kind::Mention,
            "note" => Kind::Note,
            "claim" => Kind::Claim,
            "event" => Kind::Event,
            "term" => Kind::Term,
            other => Kind::Other(other.to_string()),
        }
    }
}

/// Which of several matches an annotation means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurrence {
    /// The n-th, 1-based.
    Nth(usize),
    All,
}

/// One annotation, validated on its own (references to entities are checked once the
/// registry is known).
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// `[a-z0-9-]+`: written, or the 1-based position in the file.
    pub id: String,
    /// Where the entry starts (the `-` of the list item).
    pub pos: Pos,
    pub quote: Spanned<String>,
    pub prefix: Option<Spanned<String>>,
    pub suffix: Option<Spanned<String>>,
    pub occurrence: Option<Spanned<Occurrence>>,
    pub hint: Option<Spanned<usize>>,
    pub kind: Kind,
    pub entities: Vec<Spanned<String>>,
    /// Markdown.
    pub note: Option<Spanned<String>>,
    /// An entity id or free text.
    pub source: Option<Spanned<String>>,
    pub date: Option<PartialDate>,
    pub until: Option<PartialDate>,
    pub title: Option<String>,
    pub tags: Vec<String>,
}

/// The annotation file of one article.
#[derive(Debug, Clone)]
pub struct AnnotationFile {
    pub file: SourceFile,
    pub annotations: Vec<Annotation>,
}

pub const FIELDS: &[&str] = &[
    "quote",
    "prefix",
    "suffix",
    "occurrence",
    "hint",
    "id",
    "kind",
    "entity",
    "note",
    "source",
    "date",
    "until",
    "title",
    "tags",
];

/// Reads an annotation file; entries with problems are reported and left out.
pub fn parse(file: SourceFile, diagnostics: &mut Vec<Diagnostic>) -> AnnotationFile {
    let annotations = match yaml::parse(&file, &file.text, 0) {
        Ok(node) => parse_root(&file, &node, diagnostics),
        Err(e) => {
            diagnostics.push(super::syntax_error(&file, e));
            Vec::new()
        }
    };
    AnnotationFile { file, annotations }
}

fn parse_root(
    file: &SourceFile,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Annotation> {
    if node.value == Value::Null {
        return Vec::new();
    }
    let Some(mut fields) = Fields::new(file, node, "an annotation file", diagnostics) else {
        return Vec::new();
    };
    let list = fields.take("annotations");
    fields.deny_unknown(&["annotations"], "an annotation file", diagnostics);
    let items = match list.map(|n| &n.value) {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Seq(items)) => items,
        Some(_) => {
            let list = list.expect("matched Some above");
            diagnostics.push(
                Diagnostic::error(
                    "wrong-type",
                    format!("`annotations` must be a list, found {}", list.type_name()),
                )
                .at(file, list.pos)
                .help("write each annotation as a list item starting with `- quote: …`"),
            );
            return Vec::new();
        }
    };
    // foldhash rather than SipHash: every annotation of a build passes here, and no one
    // chooses these keys to attack the table.
    let mut seen: HashMap<String, Pos, FixedState> =
        HashMap::with_capacity_and_hasher(items.len(), FixedState::default());
    // Sized once: an annotation is a large value, and growing the list copies every one.
    let mut annotations = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let Some(annotation) = parse_annotation(file, index, item, diagnostics) else {
            continue;
        };
        if let Some(first) = seen.get(&annotation.id) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!("annotation id `{}` is used twice", annotation.id),
                )
                .at(file, annotation.pos)
                .help(format!(
                    "the first is at line {}; give this one another `id`",
                    first.line
                )),
            );
            continue;
        }
        seen.insert(annotation.id.clone(), annotation.pos);
        if let Some(note) = &annotation.note {
            super::urls::check_markdown_value(file, note, diagnostics);
        }
        annotations.push(annotation);
    }
    annotations
}

fn parse_annotation(
    file: &SourceFile,
    index: usize,
    node: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Annotation> {
    let what = Numbered(index + 1);
    let mut fields = Fields::new(file, node, &what, diagnostics)?;
    let errors_before = diagnostics.iter().filter(|d| d.is_error()).count();
    let quote = fields.required_text("quote", &what, "the text as a reader sees it", diagnostics);
    let prefix = fields.text("prefix", diagnostics);
    let suffix = fields.text("suffix", diagnostics);
    let occurrence = parse_occurrence(&mut fields, diagnostics);
    let hint = parse_hint(&mut fields, diagnostics);
    let id = parse_id(&mut fields, index, diagnostics);
    let entities = fields.texts("entity", diagnostics);
    let kind = match fields::kind(&mut fields, diagnostics) {
        Some(kind) => Kind::parse(&kind.value),
        None if entities.is_empty() => Kind::Note,
        None => Kind::Mention,
    };
    let note = fields.text("note", diagnostics);
    let source = fields.text("source", diagnostics);
    let errors_before_dates = diagnostics.len();
    let date = parse_date(&mut fields, "date", diagnostics);
    let until = parse_date(&mut fields, "until", diagnostics);
    // A date that was wrong is reported once: the checks across dates would only repeat it
    // ("no date" after "not a real date").
    let dates_ok = diagnostics.len() == errors_before_dates;
    let title = fields.text("title", diagnostics).map(|t| t.value);
    let tags = fields
        .texts("tags", diagnostics)
        .into_iter()
        .map(|t| t.value)
        .collect();
    fields.deny_unknown(FIELDS, &what, diagnostics);
    let quote = quote?;
    let annotation = Annotation {
        id,
        pos: node.pos,
        quote,
        prefix,
        suffix,
        occurrence,
        hint,
        kind,
        entities,
        note,
        source,
        date: date.map(|d| d.value),
        until: until.as_ref().map(|d| d.value),
        title,
        tags,
    };
    check_consistency(
        file,
        &annotation,
        until.map(|u| u.pos),
        dates_ok,
        diagnostics,
    );
    let errors_after = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors_after == errors_before).then_some(annotation)
}

/// "annotation N", the name of an annotation in messages: written out only for one.
struct Numbered(usize);

impl std::fmt::Display for Numbered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "annotation {}", self.0)
    }
}

fn parse_id(fields: &mut Fields, index: usize, diagnostics: &mut Vec<Diagnostic>) -> String {
    match fields.text("id", diagnostics) {
        Some(id) if fields::is_valid_id(&id.value) => id.value,
        Some(id) => {
            diagnostics.push(
                Diagnostic::error(
                    "bad-id",
                    format!("`{}` is not a valid annotation id", id.value),
                )
                .at(fields.file, id.pos)
                .help(fields::id_help(&id.value)),
            );
            (index + 1).to_string()
        }
        None => (index + 1).to_string(),
    }
}

fn parse_occurrence(
    fields: &mut Fields,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Spanned<Occurrence>> {
    let node = fields.take("occurrence")?;
    match &node.value {
        Value::Int(n) if *n >= 1 => Some(Spanned::new(Occurrence::Nth(*n as usize), node.pos)),
        Value::Str(s) if s == "all" => Some(Spanned::new(Occurrence::All, node.pos)),
        _ => {
            diagnostics.push(
                fields
                    .wrong_type("occurrence", node, "a number from 1 or `all`")
                    .help("`occurrence: 2` picks the second match, `occurrence: all` marks every match"),
            );
            None
        }
    }
}

fn parse_hint(fields: &mut Fields, diagnostics: &mut Vec<Diagnostic>) -> Option<Spanned<usize>> {
    let node = fields.take("hint")?;
    match node.value {
        Value::Int(n) if n >= 0 => Some(Spanned::new(n as usize, node.pos)),
        _ => {
            diagnostics.push(fields.wrong_type(
                "hint",
                node,
                "a character offset (a number from 0)",
            ));
            None
        }
    }
}

fn parse_date(
    fields: &mut Fields,
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Spanned<PartialDate>> {
    let text = fields.text(name, diagnostics)?;
    match PartialDate::parse(&text.value) {
        Ok(date) => Some(Spanned::new(date, text.pos)),
        Err(message) => {
            diagnostics.push(
                Diagnostic::error("bad-date", message)
                    .at(fields.file, text.pos)
                    .help(format!(
                        "write `{name}: YYYY`, `{name}: YYYY-MM` or `{name}: YYYY-MM-DD`"
                    )),
            );
            None
        }
    }
}

/// Checks what only makes sense across fields.
fn check_consistency(
    file: &SourceFile,
    a: &Annotation,
    until_pos: Option<Pos>,
    dates_ok: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if a.quote.value.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error("empty-quote", "the quote is empty")
                .at(file, a.quote.pos)
                .help("quote the text this annotation is about, as a reader sees it"),
        );
    }
    if a.kind == Kind::Mention && a.entities.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                "missing-field",
                format!("mention `{}` names no entity", a.id),
            )
            .at(file, a.pos)
            .help("add `entity: <registry id>`, or choose another `kind`"),
        );
    }
    if !dates_ok {
        return;
    }
    match (a.date, a.until, until_pos) {
        (None, Some(_), Some(pos)) => diagnostics.push(
            Diagnostic::error("bad-date", "`until` without `date`")
                .at(file, pos)
                .help("add `date:` for when it began"),
        ),
        (Some(from), Some(until), Some(pos)) if until < from => diagnostics.push(
            Diagnostic::error(
                "bad-date",
                format!(
                    "`until` ({}) is before `date` ({})",
                    until.iso(),
                    from.iso()
                ),
            )
            .at(file, pos)
            .help("swap the two dates"),
        ),
        _ => {}
    }
    if a.kind == Kind::Event && a.date.is_none() {
        diagnostics.push(
            Diagnostic::warning(
                "undated-event",
                format!("event `{}` has no date, so it is not on the timeline", a.id),
            )
            .at(file, a.pos)
            .help("add `date: YYYY-MM-DD` (or YYYY-MM, or YYYY)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_text(text: &str) -> (AnnotationFile, Vec<Diagnostic>) {
        let file = SourceFile::new(
            Path::new("/p"),
            Path::new("/p/content/articles/a.yaml"),
            text.into(),
        );
        let mut diagnostics = Vec::new();
        (parse(file, &mut diagnostics), diagnostics)
    }

    #[test]
    fn reads_every_field_and_defaults_ids_and_kinds() {
        let (file, diagnostics) = parse_text(
            "annotations:\n  - quote: CSTO\n    entity: csto\n    occurrence: all\n  - id: kabul-visit\n    \
             quote: visited\n    kind: event\n    date: 2007-03-09\n    until: 2007-03-13\n    entity: [csto, kabul]\n  \
             - quote: x\n    note: A *note*\n    hint: 40\n    tags: [a, b]\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let a = &file.annotations;
        assert_eq!((a[0].id.as_str(), &a[0].kind), ("1", &Kind::Mention));
        assert_eq!(a[0].occurrence.as_ref().unwrap().value, Occurrence::All);
        assert_eq!(a[1].id, "kabul-visit");
        assert_eq!(a[1].entities.len(), 2);
        assert_eq!(a[1].until.unwrap().iso(), "2007-03-13");
        assert_eq!(
            (a[2].kind.as_str(), a[2].hint.as_ref().unwrap().value),
            ("note", 40)
        );
    }

    #[test]
    fn collects_all_problems_of_a_file() {
        let (file, diagnostics) = parse_text(
            "annotations:\n  - qoute: CSTO\n  - quote: A\n    date: 2007-02-30\n  - quote: B\n    id: x\n  \
             - quote: C\n    id: x\n  - quote: D\n    kind: mention\n  - quote: E\n    occurrence: 0\n",
        );
        let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "missing-field",
                "unknown-field",
                "bad-date",
                "duplicate-id",
                "missing-field",
                "wrong-type"
            ]
        );
        assert_eq!(
            diagnostics[1].help.as_deref(),
            Some("did you mean `quote`?")
        );
        assert_eq!(file.annotations.len(), 1);
    }
}
