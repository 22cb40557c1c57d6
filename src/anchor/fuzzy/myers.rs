//! Bit-parallel edit distance (Myers 1999, in the blocked form of Hyyrö 2003): how many
//! insertions, deletions and substitutions separate a pattern from the text ending at each
//! position, 64 pattern characters per machine word, so a pass over a text of n characters
//! costs O(n·⌈m/64⌉) whatever the number of errors allowed. Characters are Unicode scalar
//! values: "😊" is one character, as everywhere in gloss.
//!
//! Written here rather than taken from a crate: the crates that do this are built for DNA
//! (a four-letter alphabet, bytes) or for comparing two whole strings, and the anchor stage
//! needs search over `char`s with both ends of each match.

use std::collections::HashMap;

const WORD: usize = 64;

/// A pattern prepared for searching: for each of its characters, the rows where it occurs.
pub struct Pattern {
    len: usize,
    blocks: usize,
    symbols: HashMap<char, usize>,
    /// `blocks` words per symbol: bit `i` of word `b` is set when `pattern[b * 64 + i]` is
    /// that symbol.
    peq: Vec<u64>,
}

/// Where an alignment may begin: anywhere in the text (a search), or only at its first
/// character (the distance to each prefix of the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Begin {
    Anywhere,
    First,
}

/// One way the pattern lies in the text: `start..end` in characters, with `errors` edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alignment {
    pub start: usize,
    pub end: usize,
    pub errors: usize,
}

impl Pattern {
    pub fn new(pattern: &[char]) -> Pattern {
        let blocks = pattern.len().div_ceil(WORD);
        let mut symbols = HashMap::new();
        let mut peq = Vec::new();
        for (row, &c) in pattern.iter().enumerate() {
            let symbol = *symbols.entry(c).or_insert_with(|| {
                peq.extend(std::iter::repeat_n(0, blocks));
                peq.len() / blocks - 1
            });
            peq[symbol * blocks + row / WORD] |= 1 << (row % WORD);
        }
        Pattern {
            len: pattern.len(),
            blocks,
            symbols,
            peq,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The match bits of one text character in block `b`: none for a character the pattern
    /// does not contain.
    fn eq(&self, c: char, b: usize) -> u64 {
        self.symbols
            .get(&c)
            .map_or(0, |&s| self.peq[s * self.blocks + b])
    }

    /// Feeds the text to the automaton, calling `visit(i, d)` after each character `i` with
    /// the distance `d` of the best alignment that ends just after it. Stops when `visit`
    /// returns false.
    fn run(
        &self,
        text: impl Iterator<Item = char>,
        begin: Begin,
        mut visit: impl FnMut(usize, usize) -> bool,
    ) {
        if self.is_empty() {
            return;
        }
        // Column 0 of the DP: row i holds i, so every vertical difference is +1.
        let mut pv = vec![!0u64; self.blocks];
        let mut mv = vec![0u64; self.blocks];
        let last_row = (self.len - 1) % WORD;
        // Row 0 is 0 everywhere when a match may begin anywhere, and the column number when
        // it must begin at the first character: that is the horizontal difference entering
        // the first block.
        let top = match begin {
            Begin::Anywhere => 0,
            Begin::First => 1,
        };
        let mut score = self.len;
        for (i, c) in text.enumerate() {
            let mut carry = top;
            for b in 0..self.blocks {
                let row = if b + 1 == self.blocks {
                    last_row
                } else {
                    WORD - 1
                };
                carry = step(&mut pv[b], &mut mv[b], self.eq(c, b), carry, row);
            }
            score = score.wrapping_add_signed(isize::from(carry));
            if !visit(i, score) {
                return;
            }
        }
    }
}

/// Advances one block of the DP by one text character. `pv`/`mv` hold the block's vertical
/// differences (+1/-1 bits), `carry` is the horizontal difference entering at its top row,
/// and the result is the horizontal difference leaving at `row`, its last row.
fn step(pv: &mut u64, mv: &mut u64, eq: u64, carry: i8, row: usize) -> i8 {
    let carry_minus = u64::from(carry < 0);
    let carry_plus = u64::from(carry > 0);
    let xv = eq | *mv;
    // A -1 entering from above lets a match run start at the top row.
    let eq = eq | carry_minus;
    let xh = (((eq & *pv).wrapping_add(*pv)) ^ *pv) | eq;
    let ph = *mv | !(xh | *pv);
    let mh = *pv & xh;
    let out = if ph >> row & 1 == 1 {
        1
    } else if mh >> row & 1 == 1 {
        -1
    } else {
        0
    };
    let ph = ph << 1 | carry_plus;
    let mh = mh << 1 | carry_minus;
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    out
}

/// Every end position (exclusive) where some alignment of the pattern has at most `max`
/// errors, with the fewest errors of an alignment ending there.
pub fn ends(pattern: &Pattern, text: &[char], max: usize) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    pattern.run(text.iter().copied(), Begin::Anywhere, |i, d| {
        if d <= max {
            found.push((i + 1, d));
        }
        true
    });
    found
}

/// The fewest errors of any alignment of the pattern in the text: the pattern's length when
/// the text is empty (every character deleted).
pub fn distance(pattern: &Pattern, text: &[char]) -> usize {
    let mut best = pattern.len();
    pattern.run(text.iter().copied(), Begin::Anywhere, |_, d| {
        best = best.min(d);
        best > 0
    });
    best
}

/// Where alignments that end at `end` with exactly `errors` errors begin, nearest first.
/// `reversed` is the pattern read backwards: the text is read backwards from `end`, so
/// every alignment is pinned to `end` and its length found.
pub fn starts(reversed: &Pattern, text: &[char], end: usize, errors: usize) -> Vec<usize> {
    let mut found = Vec::new();
    // No alignment with `errors` errors is longer than the pattern plus `errors` insertions.
    let reach = (reversed.len() + errors).min(end);
    let backwards = text[end - reach..end].iter().rev().copied();
    reversed.run(backwards, Begin::First, |i, d| {
        if d == errors {
            found.push(end - (i + 1));
        }
        true
    });
    found
}

/// The closest alignments of the pattern in the text: every end where the fewest errors
/// (at most `max`) are reached, each with its earliest start. This is what approximate
/// search libraries return and what the public test vectors describe.
pub fn closest(pattern: &[char], text: &[char], max: usize) -> Vec<Alignment> {
    let forward = Pattern::new(pattern);
    let found = ends(&forward, text, max);
    let Some(fewest) = found.iter().map(|&(_, d)| d).min() else {
        return Vec::new();
    };
    let reversed: Vec<char> = pattern.iter().rev().copied().collect();
    let reversed = Pattern::new(&reversed);
    found
        .into_iter()
        .filter(|&(_, d)| d == fewest)
        .filter_map(|(end, errors)| {
            let start = starts(&reversed, text, end, errors).into_iter().min()?;
            Some(Alignment { start, end, errors })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The textbook dynamic programme (Sellers 1980): the distance of the best alignment
    /// ending after each text character. The bit-parallel search must agree with it.
    fn naive_ends(pattern: &[char], text: &[char]) -> Vec<usize> {
        let m = pattern.len();
        let mut column: Vec<usize> = (0..=m).collect();
        let mut out = Vec::new();
        for &c in text {
            let mut diagonal = column[0];
            column[0] = 0;
            for i in 1..=m {
                let above = column[i];
                let cost = usize::from(pattern[i - 1] != c);
                column[i] = (diagonal + cost).min(above + 1).min(column[i - 1] + 1);
                diagonal = above;
            }
            out.push(column[m]);
        }
        out
    }

    fn levenshtein(a: &[char], b: &[char]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, &x) in a.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, &y) in b.iter().enumerate() {
                let above = row[j + 1];
                row[j + 1] = (diagonal + usize::from(x != y))
                    .min(above + 1)
                    .min(row[j] + 1);
                diagonal = above;
            }
        }
        row[b.len()]
    }

    /// A deterministic stream of pseudo-random characters from a small alphabet, so that
    /// near-matches are frequent.
    fn random_text(seed: &mut u64, len: usize, alphabet: &[char]) -> Vec<char> {
        (0..len)
            .map(|_| {
                *seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                alphabet[(*seed >> 33) as usize % alphabet.len()]
            })
            .collect()
    }

    #[test]
    fn agrees_with_the_textbook_algorithm_across_block_sizes() {
        let alphabet = chars("ab cé😊");
        let mut seed = 7;
        for m in [1, 2, 5, 63, 64, 65, 127, 128, 129, 200] {
            for _ in 0..4 {
                let pattern = random_text(&mut seed, m, &alphabet);
                let text = random_text(&mut seed, 300, &alphabet);
                let fast: Vec<usize> = {
                    let mut all = Vec::new();
                    Pattern::new(&pattern).run(text.iter().copied(), Begin::Anywhere, |_, d| {
                        all.push(d);
                        true
                    });
                    all
                };
                assert_eq!(fast, naive_ends(&pattern, &text), "m = {m}");
            }
        }
    }

    #[test]
    fn starts_are_the_beginnings_of_alignments_with_that_many_errors() {
        let alphabet = chars("abc ");
        let mut seed = 11;
        for m in [3, 8, 40, 70] {
            let pattern = random_text(&mut seed, m, &alphabet);
            let text = random_text(&mut seed, 160, &alphabet);
            let reversed: Vec<char> = pattern.iter().rev().copied().collect();
            let reversed = Pattern::new(&reversed);
            for (end, errors) in ends(&Pattern::new(&pattern), &text, m / 3) {
                let found = starts(&reversed, &text, end, errors);
                assert!(!found.is_empty(), "an end has a start");
                for start in 0..end {
                    let d = levenshtein(&pattern, &text[start..end]);
                    assert!(d >= errors, "the end's distance is the best");
                    assert_eq!(found.contains(&start), d == errors, "{start}..{end}");
                }
            }
        }
    }

    #[test]
    fn distance_is_the_best_alignment_anywhere() {
        assert_eq!(
            distance(&Pattern::new(&chars("later")), &chars("Many years later")),
            0
        );
        assert_eq!(
            distance(&Pattern::new(&chars("lather")), &chars("years later")),
            1
        );
        assert_eq!(distance(&Pattern::new(&chars("abc")), &[]), 3);
    }
}
