//! Diagnostics: problems found in a project, collected as values along the pipeline and
//! rendered once — in the terminal ([`terminal`]) or as JSON (`gloss check --format json`).

pub mod terminal;

use crate::source::{Pos, SourceFile};
use serde::Serialize;

/// How bad a problem is. Errors stop a build from writing; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a problem is: always a file, usually a line and column in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The source line, for the excerpt under the message.
    pub source_line: String,
    /// How many characters the caret underlines (at least one).
    pub width: usize,
}

/// One problem, with what a person needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable kebab-case name (`ambiguous`, `orphan`, `unknown-field`, …) tools can match on.
    pub code: &'static str,
    pub message: String,
    /// Boxed: most code passes diagnostics around in `Result`s, which should stay small.
    pub location: Option<Box<Location>>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Points the diagnostic at `pos` in `file`, with the caret under the characters it covers.
    pub fn at(mut self, file: &SourceFile, pos: Pos) -> Self {
        let source_line = file.line_text(pos.line).to_string();
        let end = (pos.offset + pos.len).min(file.text.len());
        let covered = file
            .text
            .get(pos.offset..end)
            .map_or(1, |s| s.lines().next().unwrap_or("").chars().count());
        self.location = Some(Box::new(Location {
            file: file.name.clone(),
            line: Some(pos.line),
            column: Some(pos.column),
            width: covered.max(1),
            source_line,
        }));
        self
    }

    /// Points the diagnostic at a whole file, when no line applies (an unreadable file, a
    /// duplicate name).
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.location = Some(Box::new(Location {
            file: file.into(),
            line: None,
            column: None,
            source_line: String::new(),
            width: 1,
        }));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics the way people read them: by file, then line, then column; problems
/// without a file first. Makes output stable however the parallel stages finished.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|l| (l.file.clone(), l.line, l.column))
        };
        key(a)
            .cmp(&key(b))
            .then(a.severity.cmp(&b.severity))
            .then(a.message.cmp(&b.message))
    });
}

/// Counts errors and warnings.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

/// The machine-readable form of a diagnostic, exactly the shape DESIGN §2 documents.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub severity: Severity,
    pub code: &'a str,
    pub file: Option<&'a str>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: &'a str,
    pub hint: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            severity: d.severity,
            code: d.code,
            file: d.location.as_ref().map(|l| l.file.as_str()),
            line: d.location.as_ref().and_then(|l| l.line),
            column: d.location.as_ref().and_then(|l| l.column),
            message: &d.message,
            hint: d.help.as_deref(),
        }
    }
}

/// "Did you mean …?" for a misspelt name: the closest candidate, if it is close enough to be a
/// plausible typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_close_names_only() {
        let fields = ["quote", "prefix", "suffix", "entity"];
        assert_eq!(did_you_mean("qoute", fields), Some("quote"));
        assert_eq!(did_you_mean("entitiy", fields), Some("entity"));
        assert_eq!(did_you_mean("colour", fields), None);
    }
}
