//! Turns free text (tags, headings, kinds) into URL- and anchor-safe names and labels.

/// Lowercase letters and digits, other runs of characters become one `-`. Letters outside
/// ASCII are kept (lowercased), so a Cyrillic tag still has a readable URL.
pub fn slugify(text: &str) -> String {
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

    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        assert_eq!(slugify("Air Defense"), "air-defense");
        assert_eq!(slugify("  CSTO / NATO!  "), "csto-nato");
        assert_eq!(slugify("Кыргызстан 2007"), "кыргызстан-2007");
        assert_eq!(slugify("--"), "");
    }
}
