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
                let shown = loc.source_line.replace('\t', " ");
                let _ = writeln!(out, "{line} | {shown}");
                // Tabs were shown as one space each, so counting characters aligns the caret.
                let caret_pad = " ".repeat(column.saturating_sub(1));
                let visible = loc.source_line.chars().count();
                let width = loc.width.min(visible.saturating_sub(column - 1).max(1));
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
}
