//! The fuzzy tier of anchoring (DESIGN §2, step 3): when a quote of 8 characters or more
//! has no exact match, the places in the folded text within a few edits of it are found,
//! scored like Hypothesis scores them, and one is placed only if it clearly wins. Pure:
//! folded text in, a decision out, like the exact tier.

pub mod explain;
pub mod myers;
mod score;

use super::select::Query;
use crate::load::annotations::Occurrence;
use crate::markdown::fold::Folded;
use myers::Pattern;
use std::ops::Range;

pub use score::{MARGIN, MAX_SCORE};

/// Quotes shorter than this are exact-only: a few edits turn a short quote into too many
/// other words.
pub const MIN_QUOTE: usize = 8;

/// Beyond this many candidates a quote matches nearly everywhere: the rest are not looked
/// for, and unless `occurrence` says which is meant, none is placed.
pub const MAX_CANDIDATES: usize = 64;

/// The most edits a quote of `len` characters may be from the text it is placed on:
/// a quarter of it, and never more than 8.
pub fn max_errors(len: usize) -> usize {
    len.div_ceil(4).min(8)
}

/// A place in the text close to the quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Folded character range.
    pub range: Range<usize>,
    /// Edits between the quote and the text of `range`.
    pub errors: usize,
    /// Out of [`MAX_SCORE`].
    pub score: f64,
}

/// What the fuzzy tier decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Fuzzy {
    /// The quote is shorter than [`MIN_QUOTE`].
    TooShort,
    /// No text is within `limit` edits of the quote.
    NoneClose { limit: usize },
    /// Placed: the clear winner, or with `occurrence` the candidates it names, in text order.
    Found(Vec<Candidate>),
    /// The best candidates are within [`MARGIN`] of each other; best first.
    Tie(Vec<Candidate>),
    /// `occurrence: N` asks for more candidates than there are (listed in text order).
    NoSuchOccurrence {
        asked: usize,
        candidates: Vec<Candidate>,
    },
}

/// Runs the fuzzy tier for a query the exact tier found nowhere. `chars` is `text.text` as
/// characters.
pub fn search(text: &Folded, chars: &[char], query: &Query) -> Fuzzy {
    let quote: Vec<char> = query.quote.chars().collect();
    if quote.len() < MIN_QUOTE {
        return Fuzzy::TooShort;
    }
    let limit = max_errors(quote.len());
    let context = score::Context::new(
        quote.len(),
        query.prefix.as_deref(),
        query.suffix.as_deref(),
        query.hint.map(|h| text.from_reader(h)),
    );
    let mut candidates: Vec<Candidate> = candidates(text, chars, &quote, limit)
        .into_iter()
        .map(|(range, errors)| Candidate {
            score: context.score(chars, &range, errors),
            range,
            errors,
        })
        .collect();
    if candidates.is_empty() {
        return Fuzzy::NoneClose { limit };
    }
    match query.occurrence {
        Some(Occurrence::All) => {
            candidates.sort_by_key(|c| c.range.start);
            Fuzzy::Found(candidates)
        }
        Some(Occurrence::Nth(n)) => {
            candidates.sort_by_key(|c| c.range.start);
            match candidates.get(n.wrapping_sub(1)) {
                Some(chosen) => Fuzzy::Found(vec![chosen.clone()]),
                None => Fuzzy::NoSuchOccurrence {
                    asked: n,
                    candidates,
                },
            }
        }
        None if candidates.len() == MAX_CANDIDATES => {
            sort_by_score(&mut candidates);
            Fuzzy::Tie(candidates)
        }
        None => choose(candidates, context.hint),
    }
}

/// The clear winner, if there is one. Candidates are ranked by score, ties to the earliest;
/// those within [`MARGIN`] of the best are its contenders, and the hint, when given, picks
/// the one nearest to it as it does among exact matches.
fn choose(mut candidates: Vec<Candidate>, hint: Option<usize>) -> Fuzzy {
    sort_by_score(&mut candidates);
    let best = candidates[0].score;
    // A hair below the margin, so that a difference of exactly one point counts despite
    // rounding.
    candidates.retain(|c| best - c.score < MARGIN - 1e-9);
    if candidates.len() == 1 {
        return Fuzzy::Found(candidates);
    }
    if let Some(hint) = hint {
        let distance = |c: &Candidate| c.range.start.abs_diff(hint);
        let nearest = candidates.iter().map(distance).min().unwrap_or(0);
        let mut closest = candidates.iter().filter(|c| distance(c) == nearest);
        if let (Some(only), None) = (closest.next(), closest.next()) {
            return Fuzzy::Found(vec![only.clone()]);
        }
    }
    Fuzzy::Tie(candidates)
}

/// Best first, ties to the earliest.
fn sort_by_score(candidates: &mut [Candidate]) {
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.range.start.cmp(&b.range.start))
    });
}

/// Every place within `limit` edits of the quote, as non-overlapping ranges with their error
/// counts, fewest errors first, then in text order.
fn candidates(
    text: &Folded,
    chars: &[char],
    quote: &[char],
    limit: usize,
) -> Vec<(Range<usize>, usize)> {
    let forward = Pattern::new(quote);
    let reversed: Vec<char> = quote.iter().rev().copied().collect();
    let reversed = Pattern::new(&reversed);
    // As (errors, end), sorted: fewest errors first, then in text order.
    let mut ends: Vec<(usize, usize)> = myers::ends(&forward, chars, limit)
        .into_iter()
        .map(|(end, errors)| (errors, end))
        .collect();
    ends.sort_unstable();
    // Every alignment with at most `limit` errors is at least this long, so an end this
    // close after a candidate's start belongs to an alignment that overlaps it.
    let shortest = quote.len().saturating_sub(limit);
    let mut found: Vec<(Range<usize>, usize)> = Vec::new();
    for &(errors, end) in &ends {
        if found.len() == MAX_CANDIDATES {
            break;
        }
        let covered = |r: &Range<usize>| r.start < end && end < r.end + shortest;
        if found.iter().any(|(r, _)| covered(r)) {
            continue;
        }
        // The same place often has several alignments with as few errors, ending within
        // `errors` characters of each other: all are weighed before one is kept. `ends` is
        // sorted, so they are found by bisection.
        let from = ends.partition_point(|&p| p < (errors, end));
        let to = ends.partition_point(|&p| p <= (errors, end + errors));
        let options = ends[from..to]
            .iter()
            .flat_map(|&(_, e)| {
                myers::starts(&reversed, chars, e, errors)
                    .into_iter()
                    .map(move |s| s..e)
            })
            .filter(|r| !found.iter().any(|(f, _)| overlaps(f, r)));
        if let Some(best) = best_alignment(text, chars, quote.len(), options) {
            found.push((best, errors));
        }
    }
    found
}

/// Among alignments with equally few errors, the one a reader would draw: not starting or
/// ending on a space, then on word boundaries, then as long as the quote (substitutions
/// before insertions: "commodo cites" is "commodo vitae", not "commodo vitae,"), then the
/// earliest.
fn best_alignment(
    text: &Folded,
    chars: &[char],
    quote_len: usize,
    options: impl Iterator<Item = Range<usize>>,
) -> Option<Range<usize>> {
    let key = |r: &Range<usize>| {
        let trimmed = chars[r.start] != ' ' && chars[r.end - 1] != ' ';
        (
            trimmed,
            text.is_whole_word(r),
            std::cmp::Reverse(r.len().abs_diff(quote_len)),
            std::cmp::Reverse(r.start),
        )
    };
    options.max_by_key(key)
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod cases;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_close_to_too_many_places_is_placed_nowhere() {
        let text = "Kabul-1 Kabul-2 ".repeat(50);
        let folded = Folded::new(&text.chars().collect::<Vec<_>>());
        let chars: Vec<char> = folded.text.chars().collect();
        let query = |occurrence| Query {
            quote: "Kabul-0x".into(),
            occurrence,
            ..Query::default()
        };
        match search(&folded, &chars, &query(None)) {
            Fuzzy::Tie(tied) => assert_eq!(tied.len(), MAX_CANDIDATES),
            other => panic!("expected a tie, got {other:?}"),
        }
        // Unless the author says which one.
        match search(&folded, &chars, &query(Some(Occurrence::Nth(3)))) {
            Fuzzy::Found(one) => assert_eq!(one[0].range.start, 16),
            other => panic!("expected the third, got {other:?}"),
        }
    }
}
