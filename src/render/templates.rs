//! The Tera templates: built-ins embedded in the binary, each replaced by a project's
//! `templates/` file of the same name; and the static files pages need.

use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::source::SourceFile;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use tera::{Context, ErrorKind, Tera};

/// The built-in templates, by name.
const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("entity.html", include_str!("../../templates/entity.html")),
    (
        "entities.html",
        include_str!("../../templates/entities.html"),
    ),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    ("tag.html", include_str!("../../templates/tag.html")),
    ("tags.html", include_str!("../../templates/tags.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
];

/// The built-in static files, copied to `static/`.
const BUILT_IN_STATIC: &[(&str, &[u8])] = &[
    (
        "gloss.css",
        include_bytes!("../../templates/static/gloss.css"),
    ),
    (
        "gloss.js",
        include_bytes!("../../templates/static/gloss.js"),
    ),
    (
        "search.js",
        include_bytes!("../../templates/static/search.js"),
    ),
];

/// The loaded templates, and the sources they came from (for error positions).
pub struct Templates {
    tera: Tera,
    sources: Vec<SourceFile>,
    /// The longest page each template has made so far, in bytes: the room the next one
    /// starts with. Tag and entity pages grow with the archive (near a megabyte at 10,000
    /// articles), and a page that outgrows its buffer is copied at each doubling.
    longest: HashMap<String, AtomicUsize>,
}

impl Templates {
    /// Loads the built-ins, then the project's `templates/*.html` and `*.xml`, which replace
    /// built-ins of the same name (or add templates the others can include or extend).
    pub fn load(root: &Path) -> Result<(Templates, Vec<Diagnostic>)> {
        let mut sources: Vec<SourceFile> = BUILT_IN
            .iter()
            .map(|(name, text)| {
                SourceFile::new(
                    Path::new(""),
                    Path::new(&format!("(built-in) {name}")),
                    text.to_string(),
                )
            })
            .collect();
        let mut names: Vec<String> = BUILT_IN.iter().map(|(n, _)| n.to_string()).collect();
        let mut diagnostics = Vec::new();
        let dir = root.join("templates");
        if dir.is_dir() {
            for entry in crate::fsutil::walk_sorted(&dir).max_depth(1) {
                let Ok(entry) = entry else { continue };
                let path = entry.path();
                let is_template = matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("html" | "xml")
                );
                if !entry.file_type().is_file() || !is_template {
                    continue;
                }
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let Some(file) = crate::load::read_source(root, path, &mut diagnostics) else {
                    continue;
                };
                match names.iter().position(|n| *n == name) {
                    Some(i) => sources[i] = file,
                    None => {
                        names.push(name);
                        sources.push(file);
                    }
                }
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let templates = names
            .iter()
            .zip(&sources)
            .map(|(n, f)| (n.as_str(), f.text.as_str()));
        if let Err(e) = tera.add_raw_templates(templates) {
            diagnostics.push(template_error(&names, &sources, &e));
        }
        let longest = names
            .into_iter()
            .map(|n| (n, AtomicUsize::new(0)))
            .collect();
        let templates = Templates {
            tera,
            sources,
            longest,
        };
        Ok((templates, diagnostics))
    }

    /// Renders a template with a context into bytes (UTF-8: Tera writes only text), with
    /// room from the start for `expected` bytes or the template's longest page so far, so a
    /// large page is not copied as it grows.
    pub fn render(
        &self,
        name: &str,
        context: &Context,
        expected: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let longest = self.longest.get(name);
        let room = longest.map_or(0, |l| l.load(Ordering::Relaxed));
        let mut out = Vec::with_capacity(expected.max(room));
        self.tera.render_to(name, context, &mut out).map_err(|e| {
            let names: Vec<String> = self.sources.iter().map(template_name).collect();
            template_error(&names, &self.sources, &e)
        })?;
        if let Some(longest) = longest {
            longest.fetch_max(out.len(), Ordering::Relaxed);
        }
        Ok(out)
    }
}

fn template_name(file: &SourceFile) -> String {
    file.path
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .trim_start_matches("(built-in) ")
                .to_string()
        })
        .unwrap_or_default()
}

/// A Tera error as a diagnostic, pointing into the template where Tera says.
fn template_error(names: &[String], sources: &[SourceFile], e: &tera::Error) -> Diagnostic {
    let report = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let Some(report) = report else {
        return Diagnostic::error("template", e.to_string())
            .in_file("templates")
            .help("check the template named in the message");
    };
    let d = Diagnostic::error("template", report.message().to_string()).help(
        "fix the template; `gloss` documents the variables each page gets in src/render/views.rs",
    );
    match names.iter().position(|n| n == report.filename()) {
        Some(i) => {
            let file = &sources[i];
            let span = report.span();
            let offset = span.range.start.min(file.text.len());
            d.at(file, file.pos(offset, span.range.len().max(1)))
        }
        None => d.in_file(format!("templates/{}", report.filename())),
    }
}

/// The static files: built-ins, then everything under the project's `templates/static/`
/// (replacing built-ins of the same name). Paths are relative to `static/`.
pub fn static_files(root: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files: Vec<(String, Vec<u8>)> = BUILT_IN_STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let dir = root.join("templates").join("static");
    if dir.is_dir() {
        for entry in crate::fsutil::walk_sorted(&dir).follow_links(true) {
            let entry = entry.map_err(|e| crate::error::Error::Read {
                path: e.path().unwrap_or(&dir).to_path_buf(),
                source: e.into(),
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let name = crate::source::display_name(&dir, entry.path());
            let bytes = crate::fsutil::read(entry.path())?;
            match files.iter_mut().find(|(n, _)| *n == name) {
                Some(file) => file.1 = bytes,
                None => files.push((name, bytes)),
            }
        }
    }
    files.sort();
    Ok(files)
}
