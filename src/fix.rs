//! `gloss check --fix`: the edits to annotation files that make every fuzzy anchor exact
//! again (its `quote` rewritten to the text as it now reads), every ambiguous quote unique (a
//! `prefix` or `suffix` that picks the match its `hint` or its old context points to) and
//! every stale `prefix`/`suffix` fit again.
//!
//! The edits are made on the file's *text*, at the byte ranges the YAML layer reports for each
//! value, so comments, key order, indentation and the other values stay byte for byte as the
//! author wrote them. Every proposed change is checked by running the exact tier on it: a fix
//! that would not anchor the annotation where it is now placed is not offered.

use crate::anchor::select::{self, Context, Query, Selection};
use crate::anchor::{self, Anchor, Haystack, Status};
use crate::build::Rendered;
use crate::error::{Error, Result};
use crate::load::annotations::Annotation;
use crate::markdown::fold::{Folded, fold_str};
use crate::source::{Pos, SourceFile, Spanned};
use crate::text::one_line;
use crate::yaml::{self, Node, Value};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::PathBuf;

/// The fixes of one annotation file.
#[derive(Debug, Clone)]
pub struct FileFix {
    /// The path as diagnostics print it (relative to the project root, `/` separators).
    pub name: String,
    pub path: PathBuf,
    pub before: String,
    pub after: String,
    /// How many annotations the edits fix.
    pub fixed: usize,
}

/// Everything `--fix` found: the files it would change and the annotations it could not fix
/// (with why, as `file:line:col: message` lines).
#[derive(Debug, Clone, Default)]
pub struct Fixes {
    pub files: Vec<FileFix>,
    pub unfixable: Vec<String>,
}

impl Fixes {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.unfixable.is_empty()
    }

    /// All files' changes as one unified diff (`--- a/<path>` / `+++ b/<path>`).
    pub fn diff(&self) -> String {
        self.files
            .iter()
            .map(|f| unified_diff(&f.name, &f.before, &f.after))
            .collect()
    }

    /// Writes every changed file (each replaced by a rename, so a reader never sees half of
    /// it).
    pub fn write(&self) -> Result<()> {
        for file in &self.files {
            let staged = file.path.with_extension("yaml.gloss-fix");
            let failed = |source| Error::Write {
                path: file.path.clone(),
                source,
            };
            std::fs::write(&staged, &file.after).map_err(failed)?;
            std::fs::rename(&staged, &file.path).map_err(failed)?;
        }
        Ok(())
    }
}

/// The fixes for a checked project.
pub fn fixes(rendered: &Rendered) -> Fixes {
    let mut out = Fixes::default();
    for (article, found) in rendered.project.articles.iter().zip(&rendered.anchors) {
        let Some(annotations) = &article.annotations else {
            continue;
        };
        let needs = |a: &Annotation, anchor: &Anchor| {
            matches!(anchor.status, Status::Fuzzy | Status::Ambiguous)
                || (anchor.status == Status::Exact && (a.prefix.is_some() || a.suffix.is_some()))
                || hint_only(a, anchor)
        };
        if !annotations
            .annotations
            .iter()
            .zip(&found.anchors)
            .any(|(a, anchor)| needs(a, anchor))
        {
            continue;
        }
        let events = crate::markdown::parse(article.body_text());
        let haystack = Haystack::new(article, &events);
        let mut edits = Vec::new();
        let mut fixed = 0;
        for (annotation, anchor) in annotations.annotations.iter().zip(&found.anchors) {
            if !needs(annotation, anchor) {
                continue;
            }
            match fix_annotation(&haystack, annotation, anchor) {
                Ok(None) => {}
                Ok(Some(change)) => match change.edits(&annotations.file, annotation) {
                    Some(mut e) => {
                        edits.append(&mut e);
                        fixed += 1;
                    }
                    None => out.unfixable.push(at(
                        &annotations.file,
                        annotation.quote.pos,
                        "cannot find where to add the line in this entry; edit it by hand",
                    )),
                },
                Err(why) => out
                    .unfixable
                    .push(at(&annotations.file, annotation.quote.pos, &why)),
            }
        }
        if edits.is_empty() {
            continue;
        }
        let before = annotations.file.text.clone();
        let after = apply(&before, &mut edits);
        out.files.push(FileFix {
            name: annotations.file.name.clone(),
            path: annotations.file.path.clone(),
            before,
            after,
            fixed,
        });
    }
    out
}

fn at(file: &SourceFile, pos: Pos, message: &str) -> String {
    format!("{}:{}:{}: {message}", file.name, pos.line, pos.column)
}

/// The new values of one annotation's selector fields (`None`: unchanged).
#[derive(Debug, Default, PartialEq)]
struct Change {
    quote: Option<String>,
    prefix: Option<String>,
    suffix: Option<String>,
}

/// What would make one annotation exact (or uniquely chosen) where it is placed now;
/// `Ok(None)` when it needs nothing, `Err` with the reason when nothing safe can be offered.
fn fix_annotation(
    haystack: &Haystack,
    annotation: &Annotation,
    anchor: &Anchor,
) -> std::result::Result<Option<Change>, String> {
    let folded = &haystack.folded;
    let mut query = anchor::query(annotation);
    // A fix must choose its match without the `hint`, an offset any edit above moves.
    query.hint = None;
    let mut change = Change::default();
    // The reader ranges the annotation should end up on.
    let targets: Vec<Range<usize>> = match anchor.status {
        Status::Fuzzy => {
            let texts: Vec<String> = anchor.matches.iter().map(|m| one_line(&m.text)).collect();
            let Some(first) = texts.first() else {
                return Ok(None);
            };
            if texts.iter().any(|t| t != first) {
                return Err(
                    "the quote now reads differently at each place it marks; split it into one annotation per place".into(),
                );
            }
            change.quote = Some(first.clone());
            query.quote = fold_str(first).trim().to_string();
            anchor.matches.iter().map(|m| m.range.clone()).collect()
        }
        Status::Ambiguous => vec![intended(folded, annotation, anchor)?],
        Status::Exact => {
            // Only a stale prefix/suffix needs fixing here: the quote occurs once.
            let Selection::StaleContext(range) = select::select(folded, &query) else {
                return Ok(None);
            };
            vec![folded.to_reader(&range)]
        }
        // A `hint` is an offset: the next edit above the quote moves it. A prefix keeps
        // choosing the same match.
        Status::Context if hint_only(annotation, anchor) => {
            anchor.matches.iter().map(|m| m.range.clone()).collect()
        }
        Status::Context | Status::Orphan => return Ok(None),
    };
    let all = select::find_matches(folded, &query.quote);
    // Context that no longer fits the place it marks is refitted to the text around it.
    if let [target] = targets.as_slice() {
        let Some(range) = all.iter().find(|r| folded.to_reader(r) == *target) else {
            return Err(
                "the text it is placed on now is not found as a whole; edit it by hand".into(),
            );
        };
        if let Some(p) = &annotation.prefix
            && !select::fits_context(folded, range, query.prefix.as_deref(), None)
        {
            let refitted = refit_prefix(folded, range, &p.value);
            query.prefix = Some(fold_str(&refitted));
            change.prefix = Some(refitted);
        }
        if let Some(s) = &annotation.suffix
            && !select::fits_context(folded, range, None, query.suffix.as_deref())
        {
            let refitted = refit_suffix(folded, range, &s.value);
            query.suffix = Some(fold_str(&refitted));
            change.suffix = Some(refitted);
        }
        if !chooses(folded, &query, &targets) {
            // Several places read the same: the shortest context that picks this one.
            let index = all.iter().position(|r| r == range).unwrap_or(0);
            match select::distinguishing_context(folded, &all, index) {
                Some(Context::Prefix(p)) => {
                    query.prefix = Some(fold_str(&p));
                    change.prefix = Some(p);
                }
                Some(Context::Suffix(s)) => {
                    query.suffix = Some(fold_str(&s));
                    change.suffix = Some(s);
                }
                None => {
                    return Err(
                        "no prefix or suffix tells this place from the others; add `occurrence`"
                            .into(),
                    );
                }
            }
        }
    }
    if !chooses(folded, &query, &targets) {
        return Err(
            "no change of quote, prefix or suffix alone anchors it exactly; edit it by hand".into(),
        );
    }
    Ok((change != Change::default()).then_some(change))
}

/// Whether only the `hint` chose among several matches.
fn hint_only(annotation: &Annotation, anchor: &Anchor) -> bool {
    anchor.status == Status::Context
        && annotation.hint.is_some()
        && annotation.prefix.is_none()
        && annotation.suffix.is_none()
        && annotation.occurrence.is_none()
}

/// Whether the exact tier, given this query, marks exactly `targets` without a warning.
fn chooses(folded: &Folded, query: &Query, targets: &[Range<usize>]) -> bool {
    let chosen = match select::select(folded, query) {
        Selection::Exact(ranges) => ranges,
        Selection::Context(range) => vec![range],
        _ => return false,
    };
    chosen
        .iter()
        .map(|r| folded.to_reader(r))
        .eq(targets.iter().cloned())
}

/// The match an ambiguous annotation means: the one nearest its `hint`, else the one whose
/// surroundings are closest to its old `prefix`/`suffix`.
fn intended(
    folded: &Folded,
    annotation: &Annotation,
    anchor: &Anchor,
) -> std::result::Result<Range<usize>, String> {
    let candidates: Vec<Range<usize>> = anchor.matches.iter().map(|m| m.range.clone()).collect();
    let unique_best = |scores: Vec<usize>| {
        let best = scores.iter().min().copied()?;
        let mut winners = scores.iter().enumerate().filter(|(_, s)| **s == best);
        let (index, _) = winners.next()?;
        winners.next().is_none().then(|| candidates[index].clone())
    };
    if let Some(hint) = &annotation.hint {
        let distances = candidates.iter().map(|r| r.start.abs_diff(hint.value));
        return unique_best(distances.collect()).ok_or_else(|| {
            "its `hint` is as close to one match as to another; move the hint".to_string()
        });
    }
    if annotation.prefix.is_some() || annotation.suffix.is_some() {
        // The old context, compared with what each place has now, in as many characters.
        let prefix = annotation.prefix.as_ref().map(|p| fold_str(&p.value));
        let suffix = annotation.suffix.as_ref().map(|s| fold_str(&s.value));
        let scores = candidates.iter().map(|r| {
            let start = folded.from_reader(r.start);
            let end = folded.from_reader(r.end);
            let before = prefix.as_deref().map_or(0, |p| {
                let text = tail(folded.before(start), p.chars().count());
                strsim::levenshtein(&text, p)
            });
            let after = suffix.as_deref().map_or(0, |s| {
                let text: String = folded.after(end).chars().take(s.chars().count()).collect();
                strsim::levenshtein(&text, s)
            });
            before + after
        });
        return unique_best(scores.collect()).ok_or_else(|| {
            "its prefix/suffix is as close to one match as to another; choose with `prefix:` as `gloss check` suggests".to_string()
        });
    }
    Err(format!(
        "the quote occurs {} times and nothing says which one is meant; add a `prefix` as `gloss check` suggests",
        candidates.len()
    ))
}

/// A prefix of as many words as the old one, taken from the text before `range`.
fn refit_prefix(folded: &Folded, range: &Range<usize>, old: &str) -> String {
    let words = old.split_whitespace().count().max(1);
    let before: Vec<&str> = folded.before(range.start).split_whitespace().collect();
    let mut prefix = before[before.len().saturating_sub(words)..].join(" ");
    if old.ends_with(char::is_whitespace)
        || prefix.chars().last().is_some_and(char::is_alphanumeric)
    {
        prefix.push(' ');
    }
    prefix
}

/// A suffix of as many words as the old one, taken from the text after `range`.
fn refit_suffix(folded: &Folded, range: &Range<usize>, old: &str) -> String {
    let words = old.split_whitespace().count().max(1);
    let after: Vec<&str> = folded
        .after(range.end)
        .split_whitespace()
        .take(words)
        .collect();
    let suffix = after.join(" ");
    if old.starts_with(char::is_whitespace) || suffix.starts_with(char::is_alphanumeric) {
        format!(" {suffix}")
    } else {
        suffix
    }
}

/// The last `n` characters of a text.
fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

/// One replacement in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    range: Range<usize>,
    text: String,
}

impl Change {
    /// The text edits that write this change into the annotation's entry: values replaced
    /// where they are, missing keys added right after the quote. `None` when the entry cannot
    /// be found in the file's YAML (it always can for an entry gloss has read).
    fn edits(&self, file: &SourceFile, annotation: &Annotation) -> Option<Vec<Edit>> {
        let mut edits = Vec::new();
        let mut added = Vec::new();
        if let Some(quote) = &self.quote {
            edits.push(replace_value(file, &annotation.quote, quote));
        }
        for (key, old, new) in [
            ("prefix", &annotation.prefix, &self.prefix),
            ("suffix", &annotation.suffix, &self.suffix),
        ] {
            match (old, new) {
                (_, None) => {}
                (Some(old), Some(new)) => edits.push(replace_value(file, old, new)),
                (None, Some(new)) => added.push((key, new)),
            }
        }
        if !added.is_empty() {
            edits.push(add_keys(file, annotation, &added)?);
        }
        Some(edits)
    }
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    /// `|` or `>`: the span covers the content lines only, after the header.
    Block,
}

fn style(file: &SourceFile, pos: Pos) -> Style {
    match file.text.as_bytes().get(pos.offset) {
        Some(b'\'') => Style::Single,
        Some(b'"') => Style::Double,
        _ => {
            let before = file.text[..pos.offset].trim_end();
            let header = before.rsplit(char::is_whitespace).next().unwrap_or("");
            let is_header = header.starts_with(['|', '>'])
                && header[1..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '+' || c == '-');
            if is_header {
                Style::Block
            } else {
                Style::Plain
            }
        }
    }
}

/// Whether the value sits in a flow mapping (`{quote: …, …}`), where `,` `[` `]` `{` `}`
/// end a plain scalar.
fn in_flow(file: &SourceFile, pos: Pos) -> bool {
    let line_start = file.text[..pos.offset].rfind('\n').map_or(0, |i| i + 1);
    file.text[line_start..pos.offset].contains('{')
}

/// Replaces a scalar value in the style it was written in, when the new value can be written
/// in that style; otherwise double-quoted.
fn replace_value(file: &SourceFile, old: &Spanned<String>, new: &str) -> Edit {
    let pos = old.pos;
    let span = &file.text[pos.offset..pos.offset + pos.len];
    let flow = in_flow(file, pos);
    match style(file, pos) {
        Style::Block if !new.is_empty() && one_line(new) == new => {
            // Keep the header and indentation; replace the content lines, not the blank
            // lines and indentation the span runs on into.
            let content = span.trim_end();
            Edit {
                range: pos.offset..pos.offset + content.len(),
                text: new.to_string(),
            }
        }
        Style::Single if !new.chars().any(char::is_control) => Edit {
            range: pos.offset..pos.offset + pos.len,
            text: format!("'{}'", new.replace('\'', "''")),
        },
        Style::Plain if plain_safe(new, flow) => Edit {
            range: pos.offset..pos.offset + pos.len,
            text: new.to_string(),
        },
        Style::Block => Edit {
            // The header goes too: a double-quoted scalar replaces the whole block.
            range: header_start(file, pos)..pos.offset + span.trim_end().len(),
            text: double_quoted(new),
        },
        _ => Edit {
            range: pos.offset..pos.offset + pos.len,
            text: if plain_safe(new, flow) {
                new.to_string()
            } else {
                double_quoted(new)
            },
        },
    }
}

/// Where a block scalar's `|`/`>` header starts.
fn header_start(file: &SourceFile, pos: Pos) -> usize {
    let before = file.text[..pos.offset].trim_end();
    before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    })
}

/// Adds `key: value` entries to the annotation's mapping, right after its quote: a new line
/// at the quote key's indentation in a block mapping, `, key: value` in a flow mapping.
fn add_keys(file: &SourceFile, annotation: &Annotation, keys: &[(&str, &String)]) -> Option<Edit> {
    let root = yaml::parse(file, &file.text, 0).ok()?;
    let key = quote_key(&root, annotation.quote.pos.offset)?;
    let value_end = {
        let span = &file.text
            [annotation.quote.pos.offset..annotation.quote.pos.offset + annotation.quote.pos.len];
        annotation.quote.pos.offset + span.trim_end().len()
    };
    if in_flow(file, key.pos) {
        let mut text = String::new();
        for (name, value) in keys {
            let _ = write!(text, ", {name}: {}", scalar(value, true));
        }
        return Some(Edit {
            range: value_end..value_end,
            text,
        });
    }
    let line_start = file.text[..key.pos.offset].rfind('\n').map_or(0, |i| i + 1);
    let indent = " ".repeat(file.text[line_start..key.pos.offset].chars().count());
    let (insert_at, newline, lead) = match file.text[value_end..].find('\n') {
        Some(i) => {
            let at = value_end + i + 1;
            let crlf = file.text[..at].ends_with("\r\n");
            (at, if crlf { "\r\n" } else { "\n" }, "")
        }
        // The quote ends the file without a line break.
        None => (file.text.len(), "\n", "\n"),
    };
    let mut text = String::from(lead);
    for (name, value) in keys {
        let _ = write!(text, "{indent}{name}: {}{newline}", scalar(value, false));
    }
    if !lead.is_empty() {
        text.truncate(text.len() - newline.len());
    }
    Some(Edit {
        range: insert_at..insert_at,
        text,
    })
}

/// The `quote` key of the list entry whose quote value starts at `offset`.
fn quote_key(root: &Node, offset: usize) -> Option<&yaml::Key> {
    let Value::Map(entries) = &root.value else {
        return None;
    };
    let (_, list) = entries.iter().find(|(k, _)| k.name == "annotations")?;
    let Value::Seq(items) = &list.value else {
        return None;
    };
    items.iter().find_map(|item| match &item.value {
        Value::Map(fields) => fields
            .iter()
            .find(|(k, v)| k.name == "quote" && v.pos.offset == offset)
            .map(|(k, _)| k),
        _ => None,
    })
}

/// A value as a YAML scalar: plain when that reads back as the same string, else
/// double-quoted.
pub(crate) fn scalar(value: &str, flow: bool) -> String {
    if plain_safe(value, flow) {
        value.to_string()
    } else {
        double_quoted(value)
    }
}

/// Whether a string, written plain, reads back as that same string.
fn plain_safe(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    const RESERVED: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ];
    !(s.trim() != s
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || first.is_ascii_digit()
        || first == '+'
        || first == '.'
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars().any(|c| {
            c.is_control() || matches!(c, '\u{85}' | '\u{feff}' | '\u{2028}' | '\u{2029}')
        })
        || (flow && s.contains([',', '[', ']', '{', '}']))
        || RESERVED.contains(&s.to_ascii_lowercase().as_str()))
}

/// A YAML double-quoted scalar with every character that needs it escaped.
fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{85}' | '\u{feff}' | '\u{2028}' | '\u{2029}') => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Applies edits (non-overlapping) to a text.
fn apply(text: &str, edits: &mut [Edit]) -> String {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits.iter() {
        out.push_str(&text[at..edit.range.start.max(at)]);
        out.push_str(&edit.text);
        at = at.max(edit.range.end);
    }
    out.push_str(&text[at..]);
    out
}

/// Lines of a text, each with its line ending.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// A unified diff of two texts, three lines of context, `git apply` and `patch` compatible.
/// The texts differ only in a few places, so the common lines at both ends are trimmed per
/// hunk by a plain longest-common-subsequence over the lines in between.
pub fn unified_diff(name: &str, before: &str, after: &str) -> String {
    const CONTEXT: usize = 3;
    let old = lines(before);
    let new = lines(after);
    let ops = diff_lines(&old, &new);
    // Indices into `ops` of the changes, grouped into hunks.
    let changed: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| !matches!(op, Op::Same(..)))
        .map(|(i, _)| i)
        .collect();
    if changed.is_empty() {
        return String::new();
    }
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for &i in &changed {
        match groups.last_mut() {
            Some((_, end)) if i <= *end + 2 * CONTEXT + 1 => *end = i,
            _ => groups.push((i, i)),
        }
    }
    for (first, last) in groups {
        let start = first.saturating_sub(CONTEXT);
        let end = (last + CONTEXT + 1).min(ops.len());
        let (old_start, new_start) = ops[..start].iter().fold((0, 0), |(o, n), op| match op {
            Op::Same(..) => (o + 1, n + 1),
            Op::Removed(_) => (o + 1, n),
            Op::Added(_) => (o, n + 1),
        });
        let slice = &ops[start..end];
        let old_len = slice
            .iter()
            .filter(|op| !matches!(op, Op::Added(_)))
            .count();
        let new_len = slice
            .iter()
            .filter(|op| !matches!(op, Op::Removed(_)))
            .count();
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            range_header(old_start, old_len),
            range_header(new_start, new_len)
        );
        for op in slice {
            let (mark, line) = match op {
                Op::Same(line, _) => (' ', *line),
                Op::Removed(line) => ('-', *line),
                Op::Added(line) => ('+', *line),
            };
            out.push(mark);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// `start,len` of a hunk header, 1-based (an empty range names the line before it).
fn range_header(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{len}", start + 1),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op<'a> {
    Same(&'a str, &'a str),
    Removed(&'a str),
    Added(&'a str),
}

/// A line diff: the common head and tail, and an LCS table over the middle (small: fixes
/// touch a few lines).
fn diff_lines<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<Op<'a>> {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let a = &old[head..old.len() - tail];
    let b = &new[head..new.len() - tail];
    let mut ops: Vec<Op> = old[..head].iter().map(|l| Op::Same(l, l)).collect();
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push(Op::Same(a[i], b[j]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // Removed lines first, as diff(1) and git print them.
            ops.push(Op::Removed(a[i]));
            i += 1;
        } else {
            ops.push(Op::Added(b[j]));
            j += 1;
        }
    }
    ops.extend(old[old.len() - tail..].iter().map(|l| Op::Same(l, l)));
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_as_written() {
        assert_eq!(scalar("Hamid Karzai", false), "Hamid Karzai");
        assert_eq!(scalar("days, the ", false), "\"days, the \"");
        assert_eq!(scalar("a, b", true), "\"a, b\"");
        assert_eq!(scalar("yes", false), "\"yes\"");
        assert_eq!(scalar("2007", false), "\"2007\"");
        assert_eq!(scalar("key: v", false), "\"key: v\"");
        assert_eq!(
            double_quoted("a \"b\" \\ \u{1}"),
            "\"a \\\"b\\\" \\\\ \\u0001\""
        );
    }

    #[test]
    fn diffs_are_unified_with_context() {
        let before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
        let after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\nnew\n12\n";
        assert_eq!(
            unified_diff("x.yaml", before, after),
            "--- a/x.yaml\n+++ b/x.yaml\n@@ -2,11 +2,12 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n 9\n 10\n 11\n+new\n 12\n"
        );
        // Six unchanged lines between changes join their hunks, as in `diff -u`; seven do not.
        let before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n";
        let after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\nnew\n13\n";
        assert_eq!(
            unified_diff("x.yaml", before, after),
            "--- a/x.yaml\n+++ b/x.yaml\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n@@ -10,4 +10,5 @@\n 10\n 11\n 12\n+new\n 13\n"
        );
        assert_eq!(unified_diff("x", "a\n", "a\n"), "");
    }

    #[test]
    fn edits_apply_in_order() {
        let mut edits = vec![
            Edit {
                range: 4..5,
                text: "X".into(),
            },
            Edit {
                range: 0..0,
                text: ">".into(),
            },
        ];
        assert_eq!(apply("abcdef", &mut edits), ">abcdXf");
    }
}
