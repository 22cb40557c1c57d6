//! Fuzz target: the fuzzy tier alone, in memory: a text, a quote and its context. Checks
//! that whatever it places lies inside the text and within the error limit.
//!
//! Input: text, NUL, quote, NUL, prefix, NUL, suffix (missing parts are absent); the first
//! byte of the text, if a digit, also sets a hint.

#![no_main]

use gloss::anchor::fuzzy::{self, Fuzzy};
use gloss::anchor::select::Query;
use gloss::markdown::fold::{Folded, fold_str};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let body = parts.next().unwrap_or("");
    let quote = fold_str(parts.next().unwrap_or("")).trim().to_string();
    let prefix = parts.next().map(fold_str);
    let suffix = parts.next().map(fold_str);
    let hint = body
        .chars()
        .next()
        .and_then(|c| c.to_digit(10))
        .map(|d| d as usize * 7);
    let folded = Folded::new(&body.chars().collect::<Vec<_>>());
    let chars: Vec<char> = folded.text.chars().collect();
    let query = Query {
        quote,
        prefix,
        suffix,
        occurrence: None,
        hint,
    };
    let limit = fuzzy::max_errors(query.quote.chars().count());
    match fuzzy::search(&folded, &chars, &query) {
        Fuzzy::Found(placed) | Fuzzy::Tie(placed) => {
            for c in placed {
                assert!(c.range.start < c.range.end && c.range.end <= chars.len());
                assert!(c.errors <= limit);
                assert!(c.score <= fuzzy::MAX_SCORE + 1e-9);
                // Every placed range maps back into the reader text.
                let _ = folded.to_reader(&c.range);
            }
        }
        Fuzzy::TooShort | Fuzzy::NoneClose { .. } | Fuzzy::NoSuchOccurrence { .. } => {}
    }
});
