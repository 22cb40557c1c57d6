//! Explains anchoring failures: what was looked for, what the text has instead, and the
//! YAML lines that would fix it.

use super::Haystack;
use super::select::{self, Ambiguity, Context, Selection};
use crate::diagnostic::Diagnostic;
use crate::load::annotations::Annotation;
use crate::text::one_line;
use std::fmt::Write;
use std::ops::Range;

/// The diagnostic for a selection, if it needs one.
pub fn diagnose(
    haystack: &Haystack,
    annotation: &Annotation,
    selection: &Selection,
) -> Option<Diagnostic> {
    let file = &haystack.article.annotations.as_ref()?.file;
    let quote = &annotation.quote;
    let d = match selection {
        Selection::Exact(_) | Selection::Context(_) => return None,
        Selection::StaleContext(range) => {
            let (field, pos) = match (&annotation.prefix, &annotation.suffix) {
                (Some(p), _) => ("prefix", p.pos),
                (None, Some(s)) => ("suffix", s.pos),
                (None, None) => return None,
            };
            let m = haystack.to_match(range);
            Diagnostic::warning(
                "stale-context",
                format!(
                    "the quote occurs once, but its `{field}` no longer fits the text around it"
                ),
            )
            .at(file, pos)
            .help(format!(
                "the text around it now reads \"{}[{}]{}\"; update the `{field}` or remove it",
                m.sentence.before, m.text, m.sentence.after
            ))
        }
        Selection::NotFound => Diagnostic::error(
            "orphan",
            format!(
                "quote not found in `{}`: \"{}\"",
                haystack.article.file.name,
                quote.value.trim()
            ),
        )
        .at(file, quote.pos)
        .help(not_found_help(haystack, &select::query_text(annotation))),
        Selection::NoSuchOccurrence { asked, matches } => {
            let pos = annotation.occurrence.as_ref().map_or(quote.pos, |o| o.pos);
            let fitting = if annotation.prefix.is_some() || annotation.suffix.is_some() {
                " that fit its prefix/suffix"
            } else {
                ""
            };
            Diagnostic::error(
                "orphan",
                format!(
                    "`occurrence: {asked}` asks for match {asked}, but the quote has {} match{}{fitting}",
                    matches.len(),
                    if matches.len() == 1 { "" } else { "es" }
                ),
            )
            .at(file, pos)
            .help(choices(haystack, matches))
        }
        Selection::Ambiguous { matches, why } => {
            let message = match why {
                Ambiguity::Several => format!(
                    "the quote \"{}\" occurs {} times",
                    quote.value.trim(),
                    matches.len()
                ),
                Ambiguity::ContextFitsNone => format!(
                    "the quote \"{}\" occurs {} times and its prefix/suffix fits none of them",
                    quote.value.trim(),
                    matches.len()
                ),
                Ambiguity::HintTie => format!(
                    "the quote \"{}\" occurs {} times and its hint is as close to one as to another",
                    quote.value.trim(),
                    matches.len()
                ),
            };
            Diagnostic::error("ambiguous", message)
                .at(file, quote.pos)
                .help(choices(haystack, matches))
        }
    };
    Some(d)
}

/// Lists every match with its position and a line of YAML that picks it.
fn choices(haystack: &Haystack, matches: &[Range<usize>]) -> String {
    let mut help = String::from("it occurs at:");
    for (i, range) in matches.iter().enumerate() {
        let m = haystack.to_match(range);
        let pick = match select::distinguishing_context(&haystack.folded, matches, i) {
            Some(Context::Prefix(p)) => format!("prefix: {}", yaml_string(&p)),
            Some(Context::Suffix(s)) => format!("suffix: {}", yaml_string(&s)),
            None => format!("occurrence: {}", i + 1),
        };
        let _ = write!(
            help,
            "\n  {}:{}  …{}[{}]…  → {pick}",
            m.line,
            m.column,
            tail(&m.sentence.before, 30),
            m.text
        );
    }
    help.push_str(
        "\nadd the line that picks the one you mean, or `occurrence: all` to mark every one",
    );
    help
}

/// What the text has where the quote stops matching: the longest start of the quote that is
/// in the text, and how the text goes on from there.
fn not_found_help(haystack: &Haystack, quote: &str) -> String {
    let chars: Vec<char> = quote.chars().collect();
    let found = |n: usize| {
        let part: String = chars[..n].iter().collect();
        select::find_matches(&haystack.folded, &part)
            .into_iter()
            .next()
    };
    // Binary search the longest prefix that occurs: if n characters occur, so do fewer.
    let (mut low, mut high) = (0, chars.len());
    while low < high {
        let mid = (low + high).div_ceil(2);
        if found(mid).is_some() {
            low = mid
        } else {
            high = mid - 1
        }
    }
    const GENERIC: &str = "quotes match the text as a reader sees it (Markdown removed; spaces, curly quotes and dashes are folded); check the spelling against the article";
    if low < 4.min(chars.len()) || low == 0 {
        return GENERIC.into();
    }
    let Some(range) = found(low) else {
        return GENERIC.into();
    };
    let m = haystack.to_match(&range);
    let reader_end = m.range.end;
    let continues: String = haystack.reader.chars[reader_end..]
        .iter()
        .take(30)
        .collect();
    let continues = one_line(&continues);
    format!(
        "the text has \"{}\" at {}:{}, but then it reads \"{}…\" where the quote has \"{}\"",
        one_line(&m.text),
        m.line,
        m.column,
        continues,
        chars[low..].iter().take(30).collect::<String>()
    )
}

/// A YAML double-quoted string.
pub(super) fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The last `n` characters of a text.
fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}
