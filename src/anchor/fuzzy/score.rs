//! How good a candidate is, the way the Hypothesis client weighs it: similarity of the
//! quote (50), of the text before it to `prefix` (20), of the text after it to `suffix` (20),
//! and nearness to `hint` (2). Unlike Hypothesis, which takes the top score whatever it is,
//! gloss places a candidate only when it clearly beats the runner-up ([`MARGIN`]).

use super::myers::{self, Pattern};
use std::ops::Range;

const QUOTE_WEIGHT: f64 = 50.0;
const PREFIX_WEIGHT: f64 = 20.0;
const SUFFIX_WEIGHT: f64 = 20.0;
const POSITION_WEIGHT: f64 = 2.0;

/// The best possible score: a perfect quote, context and position.
pub const MAX_SCORE: f64 = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/// How far ahead of the runner-up the best candidate must be to be placed: one point of
/// [`MAX_SCORE`], worth one error in a 50-character quote or in a 20-character prefix.
/// Closer than that, the edit could have happened to either, and gloss does not guess.
pub const MARGIN: f64 = 1.0;

/// What a candidate is scored against, in folded characters.
pub struct Context {
    pub quote_len: usize,
    /// Trimmed where it meets the quote; `None` when absent or blank.
    pub prefix: Option<Vec<char>>,
    pub suffix: Option<Vec<char>>,
    /// A folded offset near which the quote is expected.
    pub hint: Option<usize>,
}

impl Context {
    pub fn new(
        quote_len: usize,
        prefix: Option<&str>,
        suffix: Option<&str>,
        hint: Option<usize>,
    ) -> Context {
        let chars = |s: &str| Some(s.chars().collect::<Vec<_>>()).filter(|c| !c.is_empty());
        Context {
            quote_len,
            prefix: prefix.and_then(|p| chars(p.trim_end())),
            suffix: suffix.and_then(|s| chars(s.trim_start())),
            hint,
        }
    }

    /// The score of a candidate `range` of `text` that is `errors` edits from the quote.
    pub fn score(&self, text: &[char], range: &Range<usize>, errors: usize) -> f64 {
        let quote = 1.0 - errors as f64 / self.quote_len as f64;
        let prefix = self.prefix.as_ref().map_or(1.0, |p| {
            let before = trim_end(&text[..range.start]);
            similarity(p, &before[before.len().saturating_sub(p.len())..])
        });
        let suffix = self.suffix.as_ref().map_or(1.0, |s| {
            let after = trim_start(&text[range.end..]);
            similarity(s, &after[..s.len().min(after.len())])
        });
        let position = self.hint.map_or(1.0, |hint| {
            1.0 - range.start.abs_diff(hint) as f64 / text.len().max(1) as f64
        });
        QUOTE_WEIGHT * quote
            + PREFIX_WEIGHT * prefix
            + SUFFIX_WEIGHT * suffix
            + POSITION_WEIGHT * position
    }
}

/// 1 when `expected` occurs in `window`, falling by the share of its characters that must
/// change to make it occur; 0 for an empty window.
fn similarity(expected: &[char], window: &[char]) -> f64 {
    let errors = myers::distance(&Pattern::new(expected), window);
    1.0 - errors as f64 / expected.len() as f64
}

fn trim_end(text: &[char]) -> &[char] {
    let keep = text.iter().rposition(|&c| c != ' ').map_or(0, |i| i + 1);
    &text[..keep]
}

fn trim_start(text: &[char]) -> &[char] {
    let skip = text.iter().position(|&c| c != ' ').unwrap_or(text.len());
    &text[skip..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn a_perfect_candidate_scores_the_maximum() {
        let text = chars("we had everything before us");
        let context = Context::new(9, Some("everything "), None, Some(18));
        assert_eq!(context.score(&text, &(18..27), 0), MAX_SCORE);
    }

    #[test]
    fn context_counts_by_the_share_of_characters_that_differ() {
        let text = chars("we had everything before us");
        // The window before the candidate is as long as the prefix, "verything": "everyting"
        // needs two edits to occur in it, so the prefix scores 1 - 2/9.
        let context = Context::new(9, Some("everyting"), None, None);
        let expected = 50.0 + 20.0 * (1.0 - 2.0 / 9.0) + 20.0 + 2.0;
        assert!((context.score(&text, &(18..27), 0) - expected).abs() < 1e-9);
        // A suffix at the very end of the text finds nothing to match.
        let context = Context::new(9, None, Some("missing"), None);
        assert_eq!(context.score(&text, &(18..27), 0), MAX_SCORE - 20.0);
    }

    #[test]
    fn blank_context_is_no_context() {
        let context = Context::new(4, Some("  "), Some(""), None);
        assert!(context.prefix.is_none() && context.suffix.is_none());
    }
}
