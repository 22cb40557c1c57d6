//! The messages gloss prints: wording helpers, printing that never panics, and joining
//! text in one allocation.

use std::io::Write;

/// Prints a line to stdout. A closed stdout (`gloss serve | head`) must not bring down a
/// server, so failures are ignored.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Prints to stderr (`text` ends its own lines), ignoring failures like [`say`].
pub fn tell(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The parts joined, in one allocation: `format!` guesses the size from its literal parts and
/// grows the string as arguments come, which shows in a build that makes millions of URLs and
/// ids.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// `1 article`, `2 articles`, `1 entity`, `2 entities`.
pub fn count(n: usize, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(count(1, "page"), "1 page");
        assert_eq!(count(0, "page"), "0 pages");
        assert_eq!(count(2, "entity"), "2 entities");
        assert_eq!(count(1, "entity"), "1 entity");
    }
}
