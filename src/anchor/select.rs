//! The exact tier of anchoring (DESIGN §2, step 2): all matches of the folded quote, then
//! `prefix`/`suffix`, `occurrence` and `hint` choose among them. Pure: folded text in, a
//! decision out; the caller turns decisions into anchors and diagnostics.

use crate::load::annotations::Occurrence;
use crate::markdown::fold::Folded;
use std::ops::Range;

/// An annotation's selector, folded like the text.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub quote: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub occurrence: Option<Occurrence>,
    /// A reader-text offset near which the match is expected.
    pub hint: Option<usize>,
}

/// Why several matches could not be told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ambiguity {
    /// Nothing says which one is meant.
    Several,
    /// `prefix`/`suffix` fit none of them.
    ContextFitsNone,
    /// The hint lies exactly between two of them.
    HintTie,
}

/// What the exact tier decided. Ranges are in folded characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// The quote occurs once (or `occurrence: all` marks every match).
    Exact(Vec<Range<usize>>),
    /// Several matches; context, occurrence or hint chose this one.
    Context(Range<usize>),
    /// The quote occurs once, but its prefix/suffix no longer fit: anchored, with a warning.
    StaleContext(Range<usize>),
    NotFound,
    Ambiguous {
        matches: Vec<Range<usize>>,
        why: Ambiguity,
    },
    /// `occurrence: N` asks for more matches than there are.
    NoSuchOccurrence {
        asked: usize,
        matches: Vec<Range<usize>>,
    },
}

/// An annotation's quote, folded and trimmed as it is matched.
pub fn query_text(annotation: &crate::load::annotations::Annotation) -> String {
    let folded = crate::markdown::fold::fold_str(&annotation.quote.value);
    // Most quotes have nothing to trim: kept, not copied.
    match folded.trim() {
        trimmed if trimmed.len() == folded.len() => folded,
        trimmed => trimmed.to_string(),
    }
}

/// Every place the folded quote occurs. Whole-word matches are preferred: a quote that
/// occurs as a whole word somewhere ignores its occurrences inside longer words.
pub fn find_matches(text: &Folded, quote: &str) -> Vec<Range<usize>> {
    let all = text.find_all(quote);
    let whole: Vec<_> = all
        .iter()
        .filter(|r| text.is_whole_word(r))
        .cloned()
        .collect();
    if whole.is_empty() { all } else { whole }
}

/// Whether the text around a match fits the query's prefix and suffix. Whitespace where the
/// context meets the quote is not significant.
pub fn fits_context(
    text: &Folded,
    range: &Range<usize>,
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> bool {
    let prefix_fits =
        prefix.is_none_or(|p| text.before(range.start).trim_end().ends_with(p.trim_end()));
    let suffix_fits = suffix.is_none_or(|s| {
        text.after(range.end)
            .trim_start()
            .starts_with(s.trim_start())
    });
    prefix_fits && suffix_fits
}

/// Chooses the match(es) an annotation means.
pub fn select(text: &Folded, query: &Query) -> Selection {
    let matches = find_matches(text, &query.quote);
    let has_context = query.prefix.is_some() || query.suffix.is_some();
    let fitting: Vec<Range<usize>> = matches
        .iter()
        .filter(|r| fits_context(text, r, query.prefix.as_deref(), query.suffix.as_deref()))
        .cloned()
        .collect();
    match matches.len() {
        0 => return Selection::NotFound,
        1 => {
            let only = matches[0].clone();
            if let Some(Occurrence::Nth(n)) = query.occurrence
                && n > 1
            {
                return Selection::NoSuchOccurrence { asked: n, matches };
            }
            if has_context && fitting.is_empty() {
                return Selection::StaleContext(only);
            }
            return Selection::Exact(vec![only]);
        }
        _ => {}
    }
    let candidates = if has_context {
        fitting
    } else {
        matches.clone()
    };
    if candidates.is_empty() {
        return Selection::Ambiguous {
            matches,
            why: Ambiguity::ContextFitsNone,
        };
    }
    match query.occurrence {
        Some(Occurrence::All) => return Selection::Exact(candidates),
        Some(Occurrence::Nth(n)) => {
            return match candidates.get(n - 1) {
                Some(chosen) => Selection::Context(chosen.clone()),
                None => Selection::NoSuchOccurrence {
                    asked: n,
                    matches: candidates,
                },
            };
        }
        None => {}
    }
    if candidates.len() == 1 {
        return Selection::Context(candidates[0].clone());
    }
    if let Some(hint) = query.hint {
        return nearest_to_hint(text, candidates, hint);
    }
    Selection::Ambiguous {
        matches: candidates,
        why: Ambiguity::Several,
    }
}

fn nearest_to_hint(text: &Folded, candidates: Vec<Range<usize>>, hint: usize) -> Selection {
    let distance = |r: &Range<usize>| text.to_reader(r).start.abs_diff(hint);
    let best = candidates.iter().map(distance).min().unwrap_or(0);
    let nearest: Vec<_> = candidates
        .iter()
        .filter(|r| distance(r) == best)
        .cloned()
        .collect();
    if nearest.len() == 1 {
        Selection::Context(nearest[0].clone())
    } else {
        Selection::Ambiguous {
            matches: candidates,
            why: Ambiguity::HintTie,
        }
    }
}

/// The shortest context that picks `matches[index]` out of all `matches`: a prefix of whole
/// words (up to eight), else a suffix, else `None` (then only `occurrence` can tell them
/// apart).
pub fn distinguishing_context(
    text: &Folded,
    matches: &[Range<usize>],
    index: usize,
) -> Option<Context> {
    const MAX_WORDS: usize = 8;
    let target = &matches[index];
    let unique = |prefix: Option<&str>, suffix: Option<&str>| {
        matches
            .iter()
            .enumerate()
            .all(|(j, r)| j == index || !fits_context(text, r, prefix, suffix))
    };
    let before: Vec<&str> = text
        .before(target.start)
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect();
    for k in 1..=before.len().min(MAX_WORDS) {
        let prefix = before[before.len() - k..].join(" ");
        if unique(Some(&prefix), None) {
            return Some(Context::Prefix(prefix + " "));
        }
    }
    let after: Vec<&str> = text
        .after(target.end)
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect();
    for k in 1..=after.len().min(MAX_WORDS) {
        let suffix = after[..k].join(" ");
        if unique(None, Some(&suffix)) {
            return Some(Context::Suffix(format!(" {suffix}")));
        }
    }
    None
}

/// A context an author can add to pick one match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    Prefix(String),
    Suffix(String),
}

#[cfg(test)]
#[allow(
    clippy::single_range_in_vec_init,
    reason = "a list of matches holding one range is what these tests mean"
)]
mod tests {
    use super::*;
    use crate::markdown::fold::fold_str;

    fn text(s: &str) -> Folded {
        Folded::new(&s.chars().collect::<Vec<_>>())
    }

    fn query(quote: &str) -> Query {
        Query {
            quote: fold_str(quote).trim().to_string(),
            ..Query::default()
        }
    }

    const TEXT: &str = "The CSTO met. Later the CSTO said no. Finally the CSTO left.";

    #[test]
    fn one_match_is_exact() {
        assert_eq!(
            select(&text(TEXT), &query("said no")),
            Selection::Exact(vec![29..36])
        );
        assert_eq!(select(&text(TEXT), &query("absent")), Selection::NotFound);
    }

    #[test]
    fn several_matches_need_a_chooser() {
        let t = text(TEXT);
        assert!(matches!(
            select(&t, &query("CSTO")),
            Selection::Ambiguous { ref matches, why: Ambiguity::Several } if matches.len() == 3
        ));
        let q = Query {
            prefix: Some("the".into()),
            ..query("CSTO")
        };
        assert!(matches!(
            select(&t, &q),
            Selection::Ambiguous {
                why: Ambiguity::Several,
                ..
            }
        ));
        let q = Query {
            prefix: Some("Later the ".into()),
            ..query("CSTO")
        };
        assert_eq!(select(&t, &q), Selection::Context(24..28));
        let q = Query {
            suffix: Some(" left".into()),
            ..query("CSTO")
        };
        assert_eq!(select(&t, &q), Selection::Context(50..54));
        let q = Query {
            occurrence: Some(Occurrence::Nth(2)),
            ..query("CSTO")
        };
        assert_eq!(select(&t, &q), Selection::Context(24..28));
        let q = Query {
            occurrence: Some(Occurrence::All),
            ..query("CSTO")
        };
        assert_eq!(select(&t, &q), Selection::Exact(vec![4..8, 24..28, 50..54]));
        let q = Query {
            occurrence: Some(Occurrence::Nth(4)),
            ..query("CSTO")
        };
        assert!(matches!(
            select(&t, &q),
            Selection::NoSuchOccurrence { asked: 4, .. }
        ));
        let q = Query {
            prefix: Some("nowhere".into()),
            ..query("CSTO")
        };
        assert!(matches!(
            select(&t, &q),
            Selection::Ambiguous {
                why: Ambiguity::ContextFitsNone,
                ..
            }
        ));
    }

    #[test]
    fn hint_breaks_ties_unless_it_is_exactly_between() {
        let t = text(TEXT);
        let q = Query {
            hint: Some(40),
            ..query("CSTO")
        };
        assert_eq!(select(&t, &q), Selection::Context(50..54));
        let q = Query {
            hint: Some(14),
            ..query("CSTO")
        };
        assert!(matches!(
            select(&t, &q),
            Selection::Ambiguous {
                why: Ambiguity::HintTie,
                ..
            }
        ));
    }

    #[test]
    fn whole_words_are_preferred_and_stale_context_is_kept() {
        let t = text("Russian troops left Russia.");
        assert_eq!(select(&t, &query("Russia")), Selection::Exact(vec![20..26]));
        assert_eq!(
            select(&t, &query("ussia")).clone(),
            Selection::Ambiguous {
                matches: vec![1..6, 21..26],
                why: Ambiguity::Several
            }
        );
        let q = Query {
            prefix: Some("troops entered ".into()),
            ..query("Russia")
        };
        assert_eq!(select(&t, &q), Selection::StaleContext(20..26));
    }

    #[test]
    fn suggests_the_shortest_context_that_picks_each_match() {
        let t = text(TEXT);
        let m = find_matches(&t, "CSTO");
        assert_eq!(
            distinguishing_context(&t, &m, 0),
            Some(Context::Prefix("The ".into()))
        );
        assert_eq!(
            distinguishing_context(&t, &m, 1),
            Some(Context::Prefix("Later the ".into()))
        );
        assert_eq!(
            distinguishing_context(&t, &m, 2),
            Some(Context::Prefix("Finally the ".into()))
        );
        let t = text("x a x a");
        let m = find_matches(&t, "a");
        assert_eq!(
            distinguishing_context(&t, &m, 0),
            Some(Context::Suffix(" x".into()))
        );
        assert_eq!(
            distinguishing_context(&t, &m, 1),
            Some(Context::Prefix("a x ".into()))
        );
        let t = text("a a");
        let m = find_matches(&t, "a");
        assert_eq!(
            distinguishing_context(&t, &m, 0),
            Some(Context::Suffix(" a".into()))
        );
    }
}
