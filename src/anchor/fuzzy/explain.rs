//! What the fuzzy tier tells an author: where a quote was placed although the text changed,
//! what the text reads now and the YAML line that makes the anchor exact again; or why no
//! close text could be chosen.

use super::{Candidate, Fuzzy};
use crate::anchor::Haystack;
use crate::anchor::explain::yaml_string;
use crate::diagnostic::Diagnostic;
use crate::load::annotations::Annotation;
use crate::text::one_line;
use std::fmt::Write;

/// The diagnostic for a fuzzy decision; `None` when the quote was too short or nothing was
/// close (the exact tier's not-found error says it better).
pub fn diagnose(haystack: &Haystack, annotation: &Annotation, fuzzy: &Fuzzy) -> Option<Diagnostic> {
    let file = &haystack.article.annotations.as_ref()?.file;
    let article = &haystack.article.file.name;
    let quote = annotation.quote.value.trim();
    let d = match fuzzy {
        Fuzzy::TooShort | Fuzzy::NoneClose { .. } => return None,
        Fuzzy::Found(placed) => {
            let first = haystack.to_match(&placed.first()?.range);
            let now = one_line(&first.text);
            let more = match placed.len() {
                1 => String::new(),
                2 => " (and at 1 more place)".to_string(),
                n => format!(" (and at {} more places)", n - 1),
            };
            let errors = placed[0].errors;
            Diagnostic::warning(
                "fuzzy",
                format!(
                    "quote \"{}\" is no longer in `{article}` exactly; anchored where the text now reads \"{now}\"{more}",
                    one_line(quote)
                ),
            )
            .at(file, annotation.quote.pos)
            .help(format!(
                "the text is at {article}:{}:{}, {errors} edit{} from the quote; to anchor it exactly again, write\n  quote: {}",
                first.line,
                first.column,
                if errors == 1 { "" } else { "s" },
                yaml_string(&now)
            ))
        }
        Fuzzy::Tie(candidates) => Diagnostic::error(
            "orphan",
            format!("quote not found in `{article}`: \"{}\"", one_line(quote)),
        )
        .at(file, annotation.quote.pos)
        .help(format!(
            "{}{} places are about as close to it, so none was chosen:{}\nwrite the quote as the text reads where you mean it (and a `prefix` if that text occurs more than once)",
            candidates.len(),
            if candidates.len() == super::MAX_CANDIDATES { " or more" } else { "" },
            places(haystack, candidates)
        )),
        Fuzzy::NoSuchOccurrence { asked, candidates } => {
            let pos = annotation.occurrence.as_ref().map_or(annotation.quote.pos, |o| o.pos);
            Diagnostic::error(
                "orphan",
                format!(
                    "`occurrence: {asked}` asks for match {asked}, but the quote is not in `{article}` exactly and only {} place{} {} close to it",
                    candidates.len(),
                    if candidates.len() == 1 { "" } else { "s" },
                    if candidates.len() == 1 { "is" } else { "are" },
                ),
            )
            .at(file, pos)
            .help(format!(
                "the close places are:{}\nwrite the quote as the text reads there",
                places(haystack, candidates)
            ))
        }
    };
    Some(d)
}

/// One line per candidate (the first ten): where it is, what it reads, how far from the
/// quote.
fn places(haystack: &Haystack, candidates: &[Candidate]) -> String {
    const SHOWN: usize = 10;
    let mut out = String::new();
    for c in candidates.iter().take(SHOWN) {
        let m = haystack.to_match(&c.range);
        let _ = write!(
            out,
            "\n  {}:{}  \"{}\"  ({} edit{})",
            m.line,
            m.column,
            one_line(&m.text),
            c.errors,
            if c.errors == 1 { "" } else { "s" }
        );
    }
    if candidates.len() > SHOWN {
        let _ = write!(out, "\n  … and {} more", candidates.len() - SHOWN);
    }
    out
}
