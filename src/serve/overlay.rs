//! The error overlay: while the last build failed, every page is served as it was last built,
//! with the errors on top of it and, on an article, the notes that lost their place.

use crate::build::OrphanNote;
use crate::diagnostic::{Diagnostic, terminal};
use std::collections::HashMap;

/// What a failed build adds to the pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overlay {
    /// The error panel, shown on every page.
    panel: String,
    /// Per article page (output path): its unplaced notes.
    orphans: HashMap<String, String>,
}

impl Overlay {
    /// The overlay for a build that failed with `diagnostics` (warnings are left to the
    /// terminal) and left `orphans` unplaced.
    pub fn new(diagnostics: &[Diagnostic], orphans: &[OrphanNote]) -> Overlay {
        let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
        let listed: String = errors
            .iter()
            .map(|d| format!("<pre>{}</pre>\n", escape(terminal::render(d).trim_end())))
            .collect();
        let mut overlay =
            Overlay::from_message(&crate::text::count(errors.len(), "error"), &listed);
        for orphan in orphans {
            let list = overlay.orphans.entry(orphan.page.clone()).or_default();
            list.push_str(&format!(
                "<li><q>{}</q> <span class=\"gloss-where\">{}</span>{}</li>\n",
                escape(&orphan.quote),
                escape(&orphan.location),
                orphan
                    .note
                    .as_ref()
                    .map(|n| format!("<br>{}", escape(n)))
                    .unwrap_or_default()
            ));
        }
        overlay
    }

    /// The overlay for a build that could not run at all (say, the output folder vanished).
    pub fn failure(message: &str) -> Overlay {
        Overlay::from_message("a problem", &format!("<pre>{}</pre>\n", escape(message)))
    }

    fn from_message(what: &str, body: &str) -> Overlay {
        let panel = format!(
            "<div id=\"gloss-overlay\" role=\"alertdialog\" aria-modal=\"false\" \
             aria-labelledby=\"gloss-overlay-title\">\n<style>{STYLE}</style>\n\
             <h2 id=\"gloss-overlay-title\">gloss: the last build stopped on {what}</h2>\n\
             <p>This page is the last good build. Fix the files below and save: the page \
             reloads by itself.</p>\n{body}\
             <button type=\"button\" onclick=\"this.parentNode.hidden=true\">Hide</button>\n</div>\n"
        );
        Overlay {
            panel,
            orphans: HashMap::new(),
        }
    }

    /// `html` (the page at output path `page`) with the overlay added: the panel before
    /// `</body>`, the page's orphaned notes before `</main>`.
    pub fn apply(&self, page: &str, html: &str) -> String {
        let mut html = html.to_string();
        if let Some(list) = self.orphans.get(page) {
            let section = format!(
                "<section id=\"gloss-orphans\" aria-labelledby=\"gloss-orphans-title\">\
                 <style>{STYLE}</style><h2 id=\"gloss-orphans-title\">Notes that lost their \
                 place</h2>\n<ul>\n{list}</ul></section>\n"
            );
            insert_before(&mut html, "</main>", &section);
        }
        insert_before(&mut html, "</body>", &self.panel);
        html
    }
}

/// Inserts `what` before the last `tag`, or at the end when there is none.
fn insert_before(html: &mut String, tag: &str, what: &str) {
    let at = html.rfind(tag).unwrap_or(html.len());
    html.insert_str(at, what);
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // pulldown-cmark-escape writes into a String without failing.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Scoped to the overlay's own ids, so a site's stylesheet and the overlay leave each other
/// alone.
const STYLE: &str = "#gloss-overlay{position:fixed;inset:1rem 1rem auto 1rem;max-height:80vh;\
overflow:auto;z-index:2147483647;background:#fff8f6;color:#3b0a00;border:2px solid #b3261e;\
border-radius:6px;padding:1rem 1.25rem;font:15px/1.45 system-ui,sans-serif;\
box-shadow:0 6px 24px rgba(0,0,0,.3)}#gloss-overlay h2{margin:0 0 .5rem;font-size:1.1rem}\
#gloss-overlay pre{white-space:pre-wrap;font:13px/1.4 ui-monospace,monospace;background:#fff;\
color:#1d1b1a;border:1px solid #e0c0b8;padding:.5rem .75rem;overflow:auto}\
#gloss-overlay button{font:inherit;padding:.25rem .75rem}\
#gloss-orphans{border-top:2px dashed #b3261e;margin-top:2rem;padding-top:1rem}\
#gloss-orphans .gloss-where{font-family:ui-monospace,monospace;font-size:.85em}";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;

    #[test]
    fn errors_and_orphans_are_escaped_and_placed() {
        let diagnostics = vec![
            Diagnostic::error("yaml", "bad <script>alert(1)</script>")
                .in_file("content/articles/a.yaml")
                .help("fix & save"),
            Diagnostic::warning("unused", "only a warning"),
        ];
        let orphans = vec![OrphanNote {
            page: "articles/a/index.html".into(),
            location: "content/articles/a.yaml:3:12".into(),
            quote: "the <b>quote</b>".into(),
            note: Some("a \"note\"".into()),
        }];
        let overlay = Overlay::new(&diagnostics, &orphans);
        let page = "<html><body><main><p>text</p></main><footer></footer></body></html>";
        let html = overlay.apply("articles/a/index.html", page);
        assert!(html.contains("stopped on 1 error"));
        assert!(html.contains("bad &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("content/articles/a.yaml"));
        assert!(html.contains("fix &amp; save"));
        assert!(!html.contains("only a warning"));
        assert!(!html.contains("<script>"));
        let orphans_at = html.find("id=\"gloss-orphans\"").unwrap();
        assert!(orphans_at < html.find("</main>").unwrap());
        assert!(html.contains("<q>the &lt;b&gt;quote&lt;/b&gt;</q>"));
        assert!(html.contains("a &quot;note&quot;"));
        assert!(html.find("id=\"gloss-overlay\"").unwrap() > html.find("</footer>").unwrap());
        // Other pages get the panel but not this article's notes.
        let other = overlay.apply("index.html", page);
        assert!(other.contains("id=\"gloss-overlay\"") && !other.contains("id=\"gloss-orphans\""));
    }
}
