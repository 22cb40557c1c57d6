//! Turns free text (tags, headings, kinds) into URL- and anchor-safe names and labels.

/// Lowercase letters and digits, other runs of characters become one `-`. Letters outside
/// ASCII are kept (lowercased), so a Cyrillic tag still has a readable URL.
pub fn slugify(text: &str) -> String {
    // Kinds and most tags are slugs already (`person`, `claim`, `energy-policy`): copied as
    // they are, without the character loop (an article's marks slugify their kinds).
    if is_slug(text) {
        return text.to_string();
    }
    slugify_chars(text)
}

/// [`slugify`], a character at a time.
fn slugify_chars(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    let mut push = |c: char| {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c);
        } else {
            dash = true;
        }
    };
    if text.is_ascii() {
        // Most names and tags: without case tables (pages slugify every tag of every card).
        text.bytes()
            .for_each(|b| push(char::from(b.to_ascii_lowercase())));
    } else {
        text.chars().flat_map(char::to_lowercase).for_each(push);
    }
    slug
}

/// Whether [`slugify`] leaves `text` as it is: lowercase ASCII letters and digits in runs
/// joined by single dashes.
fn is_slug(text: &str) -> bool {
    let bytes = text.as_bytes();
    let inner = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    bytes.first().is_some_and(|&b| inner(b))
        && bytes.last().is_some_and(|&b| inner(b))
        && bytes.iter().all(|&b| inner(b) || b == b'-')
        && memchr::memmem::find(bytes, b"--").is_none()
}

/// The word with its first letter in upper case ("organization" → "Organization").
pub fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{capitalize, slugify};

    #[test]
    fn capitalizes_the_first_letter_only() {
        assert_eq!(capitalize("organization"), "Organization");
        assert_eq!(capitalize("éclair"), "Éclair");
        assert_eq!(capitalize(""), "");
    }

    proptest::proptest! {
        /// The quick copy of a text that is a slug already agrees with the character loop.
        #[test]
        fn the_quick_way_agrees_with_the_character_loop(
            chars in proptest::collection::vec(
                proptest::sample::select(&['a', 'z', '0', '9', '-', '-', 'A', ' ', 'é'][..]),
                0..12,
            ),
        ) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(slugify(&text), super::slugify_chars(&text));
        }
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        assert_eq!(slugify("Air Defense"), "air-defense");
        assert_eq!(slugify("  CSTO / NATO!  "), "csto-nato");
        assert_eq!(slugify("Кыргызстан 2007"), "кыргызстан-2007");
        assert_eq!(slugify("--"), "");
    }
}
