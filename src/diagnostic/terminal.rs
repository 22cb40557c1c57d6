//! Renders diagnostics for a terminal, in the shape rustc made familiar: severity and code,
//! the message, `--> file:line:col`, the source line with a caret, and a `help:` line.

use super::{Diagnostic, Severity};
use std::fmt::Write;

/// Renders one diagnostic as text, ending with a blank line.
pub fn render(d: &Diagnostic) -> String {
    let mut out = String::new();
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{severity}[{}]: {}", d.code, d.message);
    let gutter = d
        .location
        .as_ref()
        .and_then(|l| l.line)
        .map_or(1, |line| line.to_string().len());
    let pad = " ".repeat(gutter);
    if let Some(loc) = &d.location {
        match (loc.line, loc.column) {
            (Some(line), Some(column)) => {
                let _ = writeln!(out, "{pad}--> {}:{line}:{column}", loc.file);
                let _ = writeln!(out, "{pad} |");
                let (shown, caret_at) = excerpt(&loc.source_line, column);
                let _ = writeln!(out, "{line} | {shown}");
                // Tabs were shown as one space each, so counting characters aligns the caret.
                let caret_pad = " ".repeat(caret_at);
                let visible = shown.chars().count();
                let width = loc.width.min(visible.saturating_sub(caret_at).max(1));
                let _ = writeln!(out, "{pad} | {caret_pad}{}", "^".repeat(width));
            }
            _ => {
                let _ = writeln!(out, "{pad}--> {}", loc.file);
            }
        }
    }
    if let Some(help) = &d.help {
        let mut lines = help.lines();
        if let Some(first) = lines.next() {
            let _ = writeln!(out, "{pad} = help: {first}");
        }
        for line in lines {
            let _ = writeln!(out, "{pad}         {line}");
        }
    }
    out.push('\n');
    out
}

/// The longest source line shown whole; longer ones (minified or generated files, a
/// 10,000-bracket line) are cut to a window around the column, so one diagnostic can never
/// flood a terminal or the browser overlay.
const MAX_EXCERPT: usize = 100;

/// The source line as shown (tabs as spaces, cut to [`MAX_EXCERPT`] characters around the
/// 1-based `column`, with `…` where it was cut) and the 0-based character the caret goes under.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let at = column.saturating_sub(1);
    if chars.len() <= MAX_EXCERPT {
        return (chars.into_iter().collect(), at);
    }
    let start = at
        .saturating_sub(MAX_EXCERPT / 2)
        .min(chars.len() - MAX_EXCERPT);
    let end = start + MAX_EXCERPT;
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, at - start + usize::from(start > 0))
}

/// The closing line of a run: how many errors and warnings there were.
pub fn summary(errors: usize, warnings: usize) -> Option<String> {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => None,
        (0, w) => Some(plural(w, "warning")),
        (e, 0) => Some(plural(e, "error")),
        (e, w) => Some(format!("{}, {}", plural(e, "error"), plural(w, "warning"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use std::path::Path;

    #[test]
    fn renders_like_rustc() {
        let file = SourceFile::new(
            Path::new("/p"),
            Path::new("/p/content/a.yaml"),
            "annotations:\n  - quote: CSTO\n".into(),
        );
        let d = Diagnostic::error("ambiguous", "the quote occurs 2 times")
            .at(&file, file.pos(file.text.find("CSTO").unwrap(), 4))
            .help("add a prefix\nor an occurrence");
        assert_eq!(
            render(&d),
            "error[ambiguous]: the quote occurs 2 times\n \
             --> content/a.yaml:2:12\n  |\n2 |   - quote: CSTO\n  |            ^^^^\n  \
             = help: add a prefix\n          or an occurrence\n\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("note: {}x{}", "[".repeat(5000), "]".repeat(5000));
        let file = SourceFile::new(Path::new("/p"), Path::new("/p/a.yaml"), line.clone());
        let x = line.find('x').unwrap();
        let shown = render(&Diagnostic::error("yaml", "deep").at(&file, file.pos(x, 1)));
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[1], " --> a.yaml:1:5007");
        assert!(lines[3].starts_with("1 | …[[[") && lines[3].ends_with("]]]…"));
        assert!(lines[3].chars().count() < 110, "{}", lines[3]);
        // The caret still points at the `x`.
        let caret = lines[4].chars().position(|c| c == '^').unwrap();
        assert_eq!(lines[3].chars().nth(caret), Some('x'));
        // Near the end of a line, the window ends with it.
        let file = SourceFile::new(Path::new("/p"), Path::new("/p/a.yaml"), line.clone());
        let end = render(&Diagnostic::error("yaml", "e").at(&file, file.pos(line.len() - 1, 1)));
        let lines: Vec<&str> = end.lines().collect();
        assert!(lines[3].ends_with("]]]") && !lines[3].ends_with('…'));
        assert_eq!(lines[4].chars().last(), Some('^'));
    }
}
