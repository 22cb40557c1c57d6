//! Finds the sentence around a span of reader text, for the mention lists on entity pages.
//! Sentence ends are guessed the way a careful reader would: a full stop followed by a capital
//! ends a sentence, unless it closes an abbreviation such as "Gen." or "St.".

use std::ops::Range;

/// A sentence split around the span it was found for, whitespace collapsed for display.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    pub before: String,
    pub text: String,
    pub after: String,
}

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Apr", "Aug", "Capt", "Co", "Col", "Corp", "Dec", "Dr", "Feb", "Gen", "Gov", "Inc",
    "Jan", "Jr", "Jul", "Jun", "Lt", "Ltd", "Maj", "Mar", "Messrs", "Mr", "Mrs", "Ms", "No", "Nov",
    "Oct", "Pres", "Prof", "Rep", "Rev", "Sen", "Sep", "Sept", "Sgt", "Sr", "St", "vs", "etc",
    "e.g", "i.e", "U.S", "U.N", "U.K",
];

/// Longest context kept on either side of the span; longer sentences are cut at a word with
/// an ellipsis.
const MAX_SIDE: usize = 160;

/// The sentence containing `span` in `chars`.
pub fn around(chars: &[char], span: Range<usize>) -> Sentence {
    let start = sentence_start(chars, span.start);
    let end = sentence_end(chars, span.end.max(span.start));
    Sentence {
        before: trim_left(collapse(&chars[start..span.start]), MAX_SIDE),
        text: collapse(&chars[span.clone()]),
        after: trim_right(collapse(&chars[span.end..end]), MAX_SIDE),
    }
}

fn sentence_start(chars: &[char], from: usize) -> usize {
    let mut i = from;
    while i > 0 {
        let c = chars[i - 1];
        if c == '\n' || (c.is_whitespace() && may_end(chars, i - 1) && ends_sentence(chars, i - 1))
        {
            return i;
        }
        i -= 1;
    }
    0
}

fn sentence_end(chars: &[char], from: usize) -> usize {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '\n' {
            return i;
        }
        if chars[i].is_whitespace() && may_end(chars, i) && ends_sentence(chars, i) {
            return i;
        }
        i += 1;
    }
    chars.len()
}

/// Whether the character before the whitespace at `space` can end a sentence, a terminator
/// or a closing quote or bracket: the test [`ends_sentence`] starts with, made inline first,
/// as the walks to a sentence's ends meet a space every few characters and only a few of
/// those follow one.
#[inline]
fn may_end(chars: &[char], space: usize) -> bool {
    space > 0
        && matches!(
            chars[space - 1],
            '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')' | ']'
        )
}

/// Whether the whitespace at `space` follows the end of a sentence: a terminator (possibly
/// followed by closing quotes or brackets) not closing an abbreviation, and a next word that
/// starts like a sentence.
fn ends_sentence(chars: &[char], space: usize) -> bool {
    let mut j = space;
    while j > 0 && matches!(chars[j - 1], '"' | '\'' | '”' | '’' | ')' | ']') {
        j -= 1;
    }
    if j == 0 || !matches!(chars[j - 1], '.' | '!' | '?') {
        return false;
    }
    let next = chars[space..].iter().find(|c| !c.is_whitespace());
    let starts_sentence =
        next.is_some_and(|c| c.is_uppercase() || c.is_numeric() || "\"“‘'([".contains(*c));
    if !starts_sentence {
        return false;
    }
    if chars[j - 1] != '.' {
        return true;
    }
    let word_start = chars[..j - 1]
        .iter()
        .rposition(|c| c.is_whitespace() || *c == '(')
        .map_or(0, |p| p + 1);
    let word = &chars[word_start..j - 1];
    let initial = word.len() == 1 && word[0].is_uppercase();
    !(initial || is_abbreviation(word))
}

/// Whether `word` is one of [`ABBREVIATIONS`]: this runs at every full stop near an anchored
/// quote. The abbreviations are ASCII and at most six letters long, so a word is first copied
/// into six bytes, which a slice comparison then tells apart by length first.
fn is_abbreviation(word: &[char]) -> bool {
    const LONGEST: usize = 6;
    if word.len() > LONGEST || !word.iter().all(char::is_ascii) {
        return false;
    }
    let mut bytes = [0u8; LONGEST];
    for (byte, &c) in bytes.iter_mut().zip(word) {
        *byte = c as u8;
    }
    let word = &bytes[..word.len()];
    ABBREVIATIONS.iter().any(|a| a.as_bytes() == word)
}

/// `chars` with each whitespace run made one space, kept at the edges too (it separates the
/// parts when they are joined); only whitespace gives nothing.
fn collapse(chars: &[char]) -> String {
    // Most context is ASCII with single spaces, which collapsing leaves as it is: checked and
    // copied in loops the compiler runs many characters at a time.
    let odd = |c: char| !c.is_ascii() || matches!(c, '\t' | '\n' | '\x0b' | '\x0c' | '\r');
    let plain = !chars.iter().fold(false, |any, &c| any | odd(c))
        && !chars
            .iter()
            .zip(chars.iter().skip(1))
            .fold(false, |any, (&a, &b)| any | ((a == ' ') & (b == ' ')));
    if plain {
        let bytes: Vec<u8> = chars.iter().map(|&c| c as u8).collect();
        let out = String::from_utf8(bytes).unwrap_or_default();
        return if out == " " { String::new() } else { out };
    }
    collapse_each(chars)
}

/// [`collapse`], a character at a time.
fn collapse_each(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut in_space = false;
    for &c in chars {
        let space = c.is_whitespace();
        if !(space && in_space) {
            out.push(if space { ' ' } else { c });
        }
        in_space = space;
    }
    if out == " " {
        out.clear();
    }
    out
}

fn trim_left(mut text: String, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        // Most context: trimmed where it lies rather than copied.
        let lead = text.len() - text.trim_start().len();
        text.drain(..lead);
        return text;
    }
    let tail: String = text.chars().skip(count - max).collect();
    let cut = tail.find(' ').map_or(tail.as_str(), |i| &tail[i..]);
    format!("…{cut}")
}

fn trim_right(mut text: String, max: usize) -> String {
    if text.chars().count() <= max {
        text.truncate(text.trim_end().len());
        return text;
    }
    let head: String = text.chars().take(max).collect();
    let cut = head.rfind(' ').map_or(head.as_str(), |i| &head[..i]);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The quick copy of plain ASCII context collapses as the character loop does.
        #[test]
        fn collapse_agrees_with_the_character_loop(
            chars in proptest::collection::vec(
                proptest::sample::select(&['a', 'B', '.', ' ', ' ', '\n', '\t', '\r', 'é', '\u{a0}'][..]),
                0..24,
            ),
        ) {
            proptest::prop_assert_eq!(collapse(&chars), collapse_each(&chars));
        }
    }

    proptest::proptest! {
        /// The quick test before [`ends_sentence`] never turns away a space it would take.
        #[test]
        fn may_end_holds_wherever_a_sentence_ends(
            chars in proptest::collection::vec(
                proptest::sample::select(&['a', 'T', '1', '.', '!', '?', '"', '\'', '”', '’', ')', ']', '(', ' ', '\n'][..]),
                0..40,
            ),
        ) {
            for space in 0..chars.len() {
                if chars[space].is_whitespace() && ends_sentence(&chars, space) {
                    proptest::prop_assert!(may_end(&chars, space), "{chars:?} at {space}");
                }
            }
        }
    }

    fn sentence(text: &str, quote: &str) -> Sentence {
        let chars: Vec<char> = text.chars().collect();
        let byte = text.find(quote).unwrap();
        let start = text[..byte].chars().count();
        around(&chars, start..start + quote.chars().count())
    }

    #[test]
    fn finds_the_sentence_and_skips_abbreviations() {
        let s = sentence(
            "Stationed in Armenia. Gen. Mikhailov said February 14 that Moscow was  repairing. Next one.",
            "Moscow",
        );
        assert_eq!(s.before, "Gen. Mikhailov said February 14 that ");
        assert_eq!(s.text, "Moscow");
        assert_eq!(s.after, " was repairing.");
    }

    #[test]
    fn abbreviations_are_known_by_their_characters() {
        let chars = |w: &str| w.chars().collect::<Vec<char>>();
        assert!(ABBREVIATIONS.iter().all(|a| a.is_ascii() && a.len() <= 6));
        assert!(ABBREVIATIONS.iter().all(|a| is_abbreviation(&chars(a))));
        for word in ["Gens", "Ge", "", "said", "U.", "Мр", "Dr.", "dr"] {
            assert!(!is_abbreviation(&chars(word)), "{word}");
        }
    }

    proptest::proptest! {
        /// Whitespace runs, ASCII or not, become one space, at the edges too.
        #[test]
        fn collapse_makes_each_whitespace_run_one_space(pieces in proptest::collection::vec(
            proptest::sample::select(&[
                "word", "é", "a.", " ", "  ", "\n", "\t", "\u{a0}", "\u{2009}", "\u{3000}",
            ][..]),
            0..30,
        )) {
            let text = pieces.concat();
            let chars: Vec<char> = text.chars().collect();
            let words: Vec<&str> = text.split_whitespace().collect();
            let expected = if words.is_empty() {
                String::new()
            } else {
                let edge = |c: Option<char>| if c.is_some_and(char::is_whitespace) { " " } else { "" };
                format!("{}{}{}", edge(text.chars().next()), words.join(" "), edge(text.chars().last()))
            };
            proptest::prop_assert_eq!(collapse(&chars), expected);
        }
    }

    #[test]
    fn paragraphs_end_sentences() {
        let s = sentence(
            "First para without stop\nSecond para about St. Petersburg here.",
            "Petersburg",
        );
        assert_eq!(s.before, "Second para about St. ");
        assert_eq!(s.after, " here.");
    }

    #[test]
    fn quotes_after_terminators_and_long_sentences() {
        let s = sentence("He said \"no.\" Then Kabul replied.", "Kabul");
        assert_eq!(s.before, "Then ");
        let long = format!("{} Kabul {}", "word ".repeat(100), "more ".repeat(100));
        let s = sentence(&long, "Kabul");
        assert!(s.before.starts_with('…') && s.after.ends_with('…'));
        assert!(s.before.chars().count() <= MAX_SIDE + 1);
    }
}
