//! `gloss check`: every stage but the write, reported for people or, with `--format json`, in
//! the documented machine-readable shape (DESIGN §2) that editors and CI rely on.

use crate::build::{self, Rendered};
use crate::diagnostic::{Diagnostic, JsonDiagnostic, Severity};
use crate::error::Result;
use serde::Serialize;
use std::path::Path;

/// The result of a check.
pub struct CheckReport {
    pub rendered: Rendered,
}

impl CheckReport {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.rendered.diagnostics
    }

    pub fn has_errors(&self) -> bool {
        self.rendered.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The number of annotations in all articles.
    pub fn annotation_count(&self) -> usize {
        self.rendered
            .project
            .articles
            .iter()
            .map(|a| a.annotation_list().len())
            .sum()
    }

    /// The JSON report, one object, keys in the documented order.
    pub fn to_json(&self) -> String {
        let project = &self.rendered.project;
        let mut anchors = Vec::new();
        for (article, found) in project.articles.iter().zip(&self.rendered.anchors) {
            for (annotation, anchor) in article.annotation_list().iter().zip(&found.anchors) {
                anchors.push(JsonAnchor {
                    article: &article.slug,
                    id: &annotation.id,
                    status: anchor.status,
                    matches: anchor
                        .matches
                        .iter()
                        .map(|m| JsonMatch {
                            text: &m.text,
                            start: m.range.start,
                            end: m.range.end,
                            line: m.line,
                            column: m.column,
                            errors: m.errors,
                        })
                        .collect(),
                });
            }
        }
        let report = JsonReport {
            articles: project.articles.len(),
            annotations: self.annotation_count(),
            anchors,
            diagnostics: self
                .rendered
                .diagnostics
                .iter()
                .map(JsonDiagnostic::from)
                .collect(),
        };
        // Serializing plain structs of strings and numbers cannot fail.
        serde_json::to_string(&report).unwrap_or_default()
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    articles: usize,
    annotations: usize,
    anchors: Vec<JsonAnchor<'a>>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonAnchor<'a> {
    article: &'a str,
    id: &'a str,
    status: crate::anchor::Status,
    matches: Vec<JsonMatch<'a>>,
}

#[derive(Serialize)]
struct JsonMatch<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    /// Only on places the fuzzy tier found: the edits between the quote and `text`. Absent
    /// elsewhere, so exact reports keep the shape tools already read.
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<usize>,
}

/// Checks the project at `root`. With `strict`, warnings count as errors.
pub fn check(root: &Path, strict: bool) -> Result<CheckReport> {
    let mut rendered = build::check_project(root)?;
    if strict {
        for d in &mut rendered.diagnostics {
            d.severity = Severity::Error;
        }
    }
    Ok(CheckReport { rendered })
}
