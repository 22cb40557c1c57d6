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

/// Folds a quote, prefix or suffix the same way the text is folded.
pub fn fold_str(text: &str) -> String {
    Folded::new(&text.chars().collect::<Vec<_>>()).text
}

/// Folded text with its map back to the reader text.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// For each folded character, the reader-text character it stands for.
    origin: Vec<usize>,
    /// For each folded character, its byte offset in `text`; empty while `text` is all ASCII
    /// (most folded text), where a character's offset is its index.
    starts: Vec<usize>,
}

impl Folded {
    pub fn new(chars: &[char]) -> Folded {
        let mut folded = Folded {
            text: String::with_capacity(chars.len()),
            origin: Vec::with_capacity(chars.len()),
            starts: Vec::new(),
        };
        let mut in_space = false;
        let mut ascii = true;
        for (i, &c) in chars.iter().enumerate() {
            // The common case first, kept branch-light: this loop runs once per character of
            // every article and was 5 % of a large build.
            if c.is_ascii() {
                let whitespace = matches!(c, '\t'..='\r' | ' ');
                if whitespace && in_space {
                    continue;
                }
                in_space = whitespace;
                folded.origin.push(i);
                if !ascii {
                    folded.starts.push(folded.text.len());
                }
                folded.text.push(if whitespace { ' ' } else { c });
                continue;
            }
            let Some(f) = fold_char(c) else { continue };
            if f == ' ' {
                if in_space {
                    continue;
                }
                in_space = true;
            } else {
                in_space = false;
            }
            folded.origin.push(i);
            if ascii && !f.is_ascii() {
                // Until now every character was one byte.
                ascii = false;
                folded.starts.reserve(chars.len());
                folded.starts.extend(0..folded.text.len());
            }
            if !ascii {
                folded.starts.push(folded.text.len());
            }
            folded.text.push(f);
        }
        folded
    }

    /// Number of folded characters.
    pub fn len(&self) -> usize {
        self.origin.len()
    }

    pub fn is_empty(&self) -> bool {
        self.origin.is_empty()
    }

    /// Every place `needle` (already folded) occurs, as folded character ranges. Overlapping
    /// matches count: "aa" occurs twice in "aaa".
    pub fn find_all(&self, needle: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        if needle.is_empty() {
            return found;
        }
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let needle_chars = needle.chars().count();
        let mut from = 0;
        while let Some(i) = finder.find(&self.text.as_bytes()[from..]) {
            let start = self.char_at_byte(from + i);
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
        let start = self.origin[range.start];
        let end = self.origin[range.end - 1] + 1;
        start..end
    }

    /// The folded index of the first folded character at or after a reader offset.
    pub fn from_reader(&self, reader_index: usize) -> usize {
        self.origin.partition_point(|&o| o < reader_index)
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

    #[test]
    fn handles_non_latin_scripts_and_emoji() {
        let f = folded("Мир — Երևան 👍🏽 end");
        let found = f.find_all(&fold_str("Երևան 👍🏽"));
        assert_eq!(found.len(), 1);
        assert_eq!(f.to_reader(&found[0]), 6..14);
    }
}
