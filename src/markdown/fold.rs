//! Folding: the forgiving copy of the reader text that quotes are matched against. Whitespace
//! runs become one space and typographic quotes and dashes their plain forms, so a quote typed
//! on a plain keyboard finds text that arrived with curly apostrophes and hard line breaks.
//! Every folded character maps back to a reader-text character.

use std::ops::Range;

/// The folded form of a character beyond ASCII (where only whitespace folds, which
/// [`Folded::new`] handles inline): `None` for characters dropped entirely (invisible soft
/// hyphens and zero-width spaces), `Some(' ')` for whitespace.
fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{00AD}' | '\u{200B}' | '\u{FEFF}' => None,
        '’' | '‘' | '‚' | '‛' => Some('\''),
        '“' | '”' | '„' | '‟' => Some('"'),
        '–' | '—' | '‐' | '‑' | '‒' | '―' | '−' => Some('-'),
        c if c.is_whitespace() => Some(' '),
        c => Some(c),
    }
}

/// Characters [`Folded::new`] takes at a time on its fast path: one bit each in a `u32`.
const CHUNK: usize = u32::BITS as usize;

/// Folds a chunk of characters as if it were plain (ASCII, single whitespace) into `out`, and
/// returns how much of it is: the characters up to the first beyond ASCII or the second of two
/// whitespace characters in a row (`in_space`: whether the one before the chunk was
/// whitespace), and whether the last of those is whitespace. Written without branches on the
/// characters, so that the compiler takes the chunk in vector registers: 1.3 ns a character
/// where one at a time took 2.8 (over the 1,000-article corpus' Markdown).
#[inline(always)]
fn fold_plain(chunk: &[char; CHUNK], in_space: bool, out: &mut [u8; CHUNK]) -> (usize, bool) {
    // Most chunks of prose (four in five over the 1,000-article corpus) are ASCII with
    // single spaces and no line break: they fold to themselves. Telling so takes three
    // reductions, cheaper than the masks below (0.9 ns a character instead of 1.2).
    let mut all = 0u32;
    let mut breaks = false;
    #[allow(clippy::needless_range_loop)]
    for k in 0..CHUNK {
        let c = chunk[k] as u32;
        all |= c;
        breaks |= c.wrapping_sub(9) < 5;
    }
    let mut doubled = in_space & (chunk[0] == ' ');
    for k in 1..CHUNK {
        doubled |= (chunk[k - 1] == ' ') & (chunk[k] == ' ');
    }
    if (all < 0x80) & !breaks & !doubled {
        #[allow(clippy::needless_range_loop)]
        for k in 0..CHUNK {
            out[k] = chunk[k] as u8;
        }
        return (CHUNK, chunk[CHUNK - 1] == ' ');
    }
    let mut wide = 0u32;
    let mut spaces = 0u32;
    // Indexed, and `|` rather than `||`: iterator adapters or a branch here keep the loop
    // out of vector registers (measured: 5 ns a character instead of 1.3).
    #[allow(clippy::needless_range_loop)]
    for k in 0..CHUNK {
        let c = chunk[k] as u32;
        let space = (c == 32) | (c.wrapping_sub(9) < 5);
        wide |= u32::from(c >= 0x80) << k;
        spaces |= u32::from(space) << k;
        out[k] = if space { b' ' } else { c as u8 };
    }
    let stop = wide | (spaces & ((spaces << 1) | u32::from(in_space)));
    let plain = stop.trailing_zeros() as usize;
    (plain, plain > 0 && (spaces >> (plain - 1)) & 1 != 0)
}

/// Folds a quote, prefix or suffix the same way the text is folded.
pub fn fold_str(text: &str) -> String {
    if text.is_ascii() {
        return fold_ascii(text);
    }
    Folded::new(&text.chars().collect::<Vec<_>>()).text
}

/// [`fold_str`] of ASCII text, most quotes: there folding only makes each whitespace run one
/// space, done on the bytes without the character array and the map back [`Folded::new`]
/// builds (a build folds every quote, prefix and suffix).
fn fold_ascii(text: &str) -> String {
    // Typed on one line with single spaces, most quotes fold to themselves.
    if !crate::text::has_any(text, *b"\t\n\x0b\x0c\r")
        && memchr::memmem::find(text.as_bytes(), b"  ").is_none()
    {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for b in text.bytes() {
        let space = b == b' ' || (b'\t'..=b'\r').contains(&b);
        if !(space && in_space) {
            out.push(if space { ' ' } else { char::from(b) });
        }
        in_space = space;
    }
    out
}

/// The first place from byte `from` on where `needle` occurs in `hay`; `None` for an empty
/// needle. An ASCII needle (most quotes) is found by its rarest byte (by [`rank`]), looked
/// for with memchr, and compared where it is: a build searches every quote in its article's
/// text, a few kilobytes, where a prepared searcher (`memchr::memmem`) costs more to build
/// for each quote than its search saves. Other needles, whose bytes [`rank`] cannot tell
/// apart, take memmem. A match of valid UTF-8 in valid UTF-8 starts at a character, as a
/// first byte is never a continuation byte.
fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if !needle.is_ascii() {
        return memchr::memmem::find(hay.get(from..)?, needle).map(|at| from + at);
    }
    let (offset, &rare) = needle.iter().enumerate().min_by_key(|&(_, &b)| rank(b))?;
    // The rare byte, between where a match from `from` and one ending with `hay` have it.
    let window = hay.get(from + offset..(hay.len() + offset + 1).checked_sub(needle.len())?)?;
    memchr::memchr_iter(rare, window)
        .map(|at| from + at)
        .find(|&at| hay[at..].starts_with(needle))
}

/// How common ASCII byte `b` is in English prose, roughly: 0 for capitals, digits and
/// punctuation, then by the usual order of letter frequency, the space most common of all.
fn rank(b: u8) -> u8 {
    const RANKS: [u8; 256] = {
        let by_frequency = b"zqxjkvbpygfwmucldrhsnioate ";
        let mut ranks = [0; 256];
        let mut i = 0;
        while i < by_frequency.len() {
            ranks[by_frequency[i] as usize] = i as u8 + 1;
            i += 1;
        }
        ranks
    };
    RANKS[usize::from(b)]
}

/// Folded text with its map back to the reader text.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// Number of folded characters.
    len: usize,
    /// The map back to the reader text, as the points where it jumps: `(folded index, reader
    /// index)`, sorted. From one point to the next, consecutive folded characters stand for
    /// consecutive reader characters; a jump comes only where folding dropped characters
    /// (collapsed whitespace, invisible characters), so an article has a few dozen points
    /// where a table of every character would have thousands of entries.
    jumps: Vec<(usize, usize)>,
    /// For each folded character, its byte offset in `text`; empty while `text` is all ASCII
    /// (most folded text), where a character's offset is its index.
    starts: Vec<usize>,
}

impl Folded {
    pub fn new(chars: &[char]) -> Folded {
        let mut jumps = Vec::new();
        let mut in_space = false;
        // Whether characters were dropped since the last one kept: the map back jumps there.
        let mut skipped = true;
        // First while the folded text is ASCII, which it nearly always is (curly quotes and
        // dashes fold to ASCII): one byte per character. This runs over every character of
        // every article, so it takes them a chunk at a time, with room for a whole chunk
        // written past the end of the folded text.
        let mut bytes = vec![0u8; chars.len() + CHUNK];
        let mut len = 0;
        let mut i = 0;
        loop {
            if let Some(chunk) = chars.get(i..i + CHUNK) {
                let chunk = chunk.try_into().expect("a slice of CHUNK characters");
                let mut out = [0u8; CHUNK];
                let (plain, ends_in_space) = fold_plain(chunk, in_space, &mut out);
                if plain > 0 {
                    if skipped {
                        jumps.push((len, i));
                        skipped = false;
                    }
                    // The whole chunk, though only `plain` of it counts: a fixed-size copy.
                    bytes[len..len + CHUNK].copy_from_slice(&out);
                    len += plain;
                    i += plain;
                    in_space = ends_in_space;
                }
                if plain == CHUNK {
                    continue;
                }
            }
            // One character at a time: where the chunk stopped (a whitespace run, a character
            // beyond ASCII) and the last few. No branch on where spaces fall, which is too
            // irregular to predict.
            let Some(&c) = chars.get(i) else { break };
            let f = if c.is_ascii() {
                c as u8
            } else {
                match fold_char(c) {
                    Some(f) if f.is_ascii() => f as u8,
                    Some(_) => break,
                    None => {
                        skipped = true;
                        i += 1;
                        continue;
                    }
                }
            };
            let space = (f == b' ') | (f.wrapping_sub(b'\t') < 5);
            let keep = !(space & in_space);
            if keep & skipped {
                jumps.push((len, i));
                skipped = false;
            }
            skipped |= !keep;
            bytes[len] = f ^ ((f ^ b' ') & 0u8.wrapping_sub(u8::from(space)));
            len += usize::from(keep);
            in_space = space;
            i += 1;
        }
        bytes.truncate(len);
        let mut folded = Folded {
            text: String::from_utf8(bytes).expect("only ASCII bytes were written"),
            len,
            jumps,
            starts: Vec::new(),
        };
        if i == chars.len() {
            return folded;
        }
        // From the first character that folds to more than one byte on, the general way.
        folded.starts.reserve(chars.len());
        folded.starts.extend(0..folded.text.len());
        for (i, &c) in chars.iter().enumerate().skip(i) {
            let f = if c.is_ascii() { Some(c) } else { fold_char(c) };
            let Some(f) = f.filter(|&f| !(in_space && matches!(f, '\t'..='\r' | ' '))) else {
                skipped = true;
                continue;
            };
            let space = matches!(f, '\t'..='\r' | ' ');
            in_space = space;
            if skipped {
                folded.jumps.push((folded.len, i));
                skipped = false;
            }
            folded.len += 1;
            folded.starts.push(folded.text.len());
            folded.text.push(if space { ' ' } else { f });
        }
        folded
    }

    /// Number of folded characters.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The reader-text character folded character `index` stands for.
    fn origin(&self, index: usize) -> usize {
        let jump = self.jumps.partition_point(|&(f, _)| f <= index) - 1;
        let (folded, reader) = self.jumps[jump];
        reader + (index - folded)
    }

    /// Every place `needle` (already folded) occurs, as folded character ranges. Overlapping
    /// matches count: "aa" occurs twice in "aaa".
    pub fn find_all(&self, needle: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        let needle_chars = needle.chars().count();
        let mut from = 0;
        while let Some(at) = find_from(self.text.as_bytes(), needle.as_bytes(), from) {
            let start = self.char_at_byte(at);
            found.push(start..start + needle_chars);
            // Resume one character later, so overlapping matches are found too.
            from = self.byte_at_char(start + 1);
        }
        found
    }

    fn char_at_byte(&self, byte: usize) -> usize {
        if self.starts.is_empty() {
            return byte;
        }
        self.starts.binary_search(&byte).unwrap_or_else(|i| i)
    }

    fn byte_at_char(&self, index: usize) -> usize {
        if self.starts.is_empty() {
            return index.min(self.text.len());
        }
        self.starts.get(index).copied().unwrap_or(self.text.len())
    }

    /// The folded text before a folded character index.
    pub fn before(&self, index: usize) -> &str {
        &self.text[..self.byte_at_char(index)]
    }

    /// The folded text from a folded character index on.
    pub fn after(&self, index: usize) -> &str {
        &self.text[self.byte_at_char(index)..]
    }

    /// Whether a match begins and ends at word boundaries: no letter or digit of the match
    /// touches a letter or digit outside it ("Russia" inside "Russian" does not).
    pub fn is_whole_word(&self, range: &Range<usize>) -> bool {
        let inner = &self.text[self.byte_at_char(range.start)..self.byte_at_char(range.end)];
        let first_word = inner.chars().next().is_some_and(char::is_alphanumeric);
        let last_word = inner.chars().next_back().is_some_and(char::is_alphanumeric);
        let before_word = self
            .before(range.start)
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let after_word = self
            .after(range.end)
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        !(first_word && before_word || last_word && after_word)
    }

    /// The reader-text range a folded range stands for.
    pub fn to_reader(&self, range: &Range<usize>) -> Range<usize> {
        assert!(
            range.start < range.end && range.end <= self.len,
            "a folded range within the text"
        );
        self.origin(range.start)..self.origin(range.end - 1) + 1
    }

    /// The folded index of the first folded character at or after a reader offset.
    pub fn from_reader(&self, reader_index: usize) -> usize {
        // The last jump at or before the offset; past it, folded characters follow the
        // reader text one for one until the next jump (or the end).
        let after = self.jumps.partition_point(|&(_, r)| r <= reader_index);
        let Some(&(folded, reader)) = after.checked_sub(1).map(|j| &self.jumps[j]) else {
            return 0;
        };
        let run_end = self.jumps.get(after).map_or(self.len, |&(f, _)| f);
        (folded + (reader_index - reader)).min(run_end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> Folded {
        Folded::new(&s.chars().collect::<Vec<_>>())
    }

    #[test]
    fn folds_whitespace_quotes_and_dashes() {
        let f = folded("Karzai’s  “direct\ncontacts” – 1979–89\u{a0}x\u{ad}y");
        assert_eq!(f.text, "Karzai's \"direct contacts\" - 1979-89 xy");
        assert_eq!(
            fold_str("Hamid Karzai's\n  administration "),
            "Hamid Karzai's administration "
        );
    }

    #[test]
    fn maps_folded_ranges_back_to_reader_ranges() {
        let text = "Channel\n\n   2006 anti-drug";
        let f = folded(text);
        let found = f.find_all(&fold_str("Channel 2006"));
        assert_eq!(found.len(), 1);
        let r = f.to_reader(&found[0]);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[r].iter().collect::<String>(), "Channel\n\n   2006");
    }

    #[test]
    fn finds_overlapping_matches_and_judges_word_boundaries() {
        let f = folded("aaa Russian Russia");
        assert_eq!(f.find_all("aa"), [0..2, 1..3]);
        let russia = f.find_all("Russia");
        assert_eq!(russia.len(), 2);
        assert!(!f.is_whole_word(&russia[0]));
        assert!(f.is_whole_word(&russia[1]));
    }

    #[test]
    fn offsets_hold_before_and_after_the_first_character_of_several_bytes() {
        let f = folded("ab ab é ab");
        assert_eq!(f.find_all("ab"), [0..2, 3..5, 8..10]);
        assert_eq!(f.find_all("é ab"), vec![6..10]);
        assert_eq!(f.before(6), "ab ab ");
        assert_eq!(f.after(6), "é ab");
        assert!(f.is_whole_word(&(6..7)));
        let ascii = folded("ab ab");
        assert_eq!(ascii.find_all("ab"), [0..2, 3..5]);
        assert_eq!(ascii.after(3), "ab");
        assert_eq!(ascii.after(9), "");
    }

    /// Checks the folded text and both maps of `text` against a table of every character,
    /// built the slow way, one character at a time.
    fn agrees_with_a_table(text: &str) {
        let chars: Vec<char> = text.chars().collect();
        // Which reader character each folded character stands for.
        let mut table = Vec::new();
        let mut expected = String::new();
        let mut in_space = false;
        for (i, &c) in chars.iter().enumerate() {
            let f = if c.is_ascii() { Some(c) } else { fold_char(c) };
            let Some(f) = f else { continue };
            let space = f.is_whitespace();
            if !(space && in_space) {
                table.push(i);
                expected.push(if space { ' ' } else { f });
            }
            in_space = space;
        }
        let f = Folded::new(&chars);
        assert_eq!(f.text, expected);
        assert_eq!(f.len(), table.len(), "{text:?}");
        assert_eq!(f.len(), f.text.chars().count(), "{text:?}");
        for (k, &o) in table.iter().enumerate() {
            assert_eq!(f.to_reader(&(k..k + 1)), o..o + 1, "{text:?} at {k}");
        }
        if !table.is_empty() {
            assert_eq!(
                f.to_reader(&(0..table.len())),
                table[0]..table[table.len() - 1] + 1
            );
        }
        for r in 0..chars.len() + 2 {
            let expected = table.partition_point(|&o| o < r);
            assert_eq!(f.from_reader(r), expected, "{text:?} from {r}");
        }
    }

    #[test]
    fn the_map_back_agrees_with_a_table_of_every_character() {
        let texts = [
            "",
            " ",
            "plain",
            "  lead and trail  ",
            "a\n\n  b \t c",
            "soft\u{ad}hyphen and zero\u{200b}width\u{feff}",
            "\u{ad}\u{ad}x\u{ad}",
            "Karzai’s  “direct\ncontacts” – 1979–89\u{a0}\u{a0}x",
            "Мир  — Երևան 👍🏽\u{3000}\u{3000}end ",
            // Into the general way in the middle of a run of spaces, and of dropped characters.
            "ab \u{a0} é  x",
            "x\u{ad} \u{3000}Ω  y\u{200b}",
            "a  \u{ad}\u{ad}  é\u{ad}\u{ad}b",
            // Longer than a chunk: whitespace runs, curly quotes and dropped characters just
            // before, on and after a chunk's edge (every 32 characters).
            "The treasury approved the fund\n  and the council’s plan\u{ad} to end it, sharply\n\n.",
            "0123456789012345678901234567890 \n12345678901234567890123456789’ 0123456789",
            "01234567890123456789012345678901  x",
            // A chunk of plain text that ends in a space, and one that starts with another.
            "0123456789012345678901234567890  abcdefghijklmnopqrstuvwxyzabcdefghijklmnop",
        ];
        for text in texts {
            agrees_with_a_table(text);
        }
    }

    proptest::proptest! {
        /// Texts of several chunks, of pieces that stop the fast path (whitespace runs, curly
        /// quotes, dropped and wide characters) among plain words, wherever they fall.
        #[test]
        fn long_texts_agree_with_a_table(pieces in proptest::collection::vec(
            proptest::sample::select(&[
                "word", "a", "text ", " ", "  ", "\n", "\t\n ", "’", "“q”", "–", "\u{ad}",
                "\u{200b}", "é", "Ω", "\u{a0}", "\u{3000}", "👍🏽", ".",
            ][..]),
            0..120,
        )) {
            agrees_with_a_table(&pieces.concat());
        }
    }

    proptest::proptest! {
        /// The ASCII shortcut of [`fold_str`] folds as the general way does.
        #[test]
        fn ascii_quotes_fold_as_the_text_does(pieces in proptest::collection::vec(
            proptest::sample::select(&[
                "word", "a", "text ", " ", "  ", "\n", "\t\n ", "\r", "\x0b\x0c", "'q'", "-",
                ".", "\"",
            ][..]),
            0..60,
        )) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(fold_ascii(&text), folded(&text).text);
        }
    }

    proptest::proptest! {
        /// The rare-byte search finds what a plain search does, from any start, among texts
        /// and needles of a few letters (rare and common), spaces and wide characters.
        #[test]
        fn searches_find_what_a_plain_search_finds(
            hay in proptest::collection::vec(
                proptest::sample::select(&["a", "e", "Q", "z", " ", "é", "aQ", "za"][..]),
                0..40,
            ),
            needle in proptest::collection::vec(
                proptest::sample::select(&["a", "e", "Q", "z", " ", "é"][..]),
                0..4,
            ),
            from in 0usize..50,
        ) {
            let (hay, needle) = (hay.concat(), needle.concat());
            let plain = (!needle.is_empty())
                .then(|| {
                    (from..=hay.len().saturating_sub(needle.len()))
                        .find(|&at| hay.as_bytes()[at..].starts_with(needle.as_bytes()))
                })
                .flatten();
            proptest::prop_assert_eq!(find_from(hay.as_bytes(), needle.as_bytes(), from), plain);
        }
    }

    #[test]
    fn handles_non_latin_scripts_and_emoji() {
        let f = folded("Мир — Երևան 👍🏽 end");
        let found = f.find_all(&fold_str("Երևան 👍🏽"));
        assert_eq!(found.len(), 1);
        assert_eq!(f.to_reader(&found[0]), 6..14);
    }
}
