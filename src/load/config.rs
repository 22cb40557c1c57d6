//! `content/site.yaml`: the site's title, description, language and public address.

use super::fields::Fields;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::{self, Value};

/// Site-wide settings. Every field has a default, so a project needs no `site.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    pub description: Option<String>,
    pub language: String,
    /// The public address, always ending in `/`; only feeds and the sitemap use it, since
    /// links between pages stay relative.
    pub base_url: Option<String>,
    /// Whether raw HTML in article bodies reaches the pages as HTML (the default: authors are
    /// trusted, as in other generators) or is shown as text (`raw_html: false`, for sites
    /// that take contributions). Summaries, notes and descriptions always show it as text.
    pub raw_html: bool,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Briefing".into(),
            description: None,
            language: "en".into(),
            base_url: None,
            raw_html: true,
        }
    }
}

const FIELDS: &[&str] = &["title", "description", "language", "base_url", "raw_html"];

/// Reads the settings, falling back to defaults for whatever is missing or wrong (the
/// diagnostics say what was wrong).
pub fn parse(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> SiteConfig {
    let mut config = SiteConfig::default();
    let node = match yaml::parse(file, &file.text, 0) {
        Ok(node) => node,
        Err(e) => {
            diagnostics.push(super::syntax_error(file, e));
            return config;
        }
    };
    if node.value == Value::Null {
        return config;
    }
    let Some(mut fields) = Fields::new(file, &node, "the site settings", diagnostics) else {
        return config;
    };
    if let Some(title) = fields.text("title", diagnostics) {
        config.title = title.value;
    }
    config.description = fields.text("description", diagnostics).map(|d| d.value);
    if let Some(language) = fields.text("language", diagnostics) {
        config.language = language.value;
    }
    if let Some(url) = fields.text("base_url", diagnostics) {
        config.base_url = check_base_url(file, url, diagnostics);
    }
    if let Some(node) = fields.take("raw_html") {
        match node.value {
            Value::Bool(allowed) => config.raw_html = allowed,
            _ => diagnostics.push(fields.wrong_type("raw_html", node, "true or false").help(
                "`raw_html: false` shows HTML in articles as text; `true` (the default) keeps it",
            )),
        }
    }
    fields.deny_unknown(FIELDS, "the site settings", diagnostics);
    config
}

fn check_base_url(
    file: &SourceFile,
    url: crate::source::Spanned<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let value = url.value.trim();
    if !(value.starts_with("https://") || value.starts_with("http://")) || value.contains(' ') {
        diagnostics.push(
            Diagnostic::error("base-url", format!("`{value}` is not an absolute http(s) address"))
                .at(file, url.pos)
                .help("write the address the site will be published at, e.g. `base_url: https://briefings.example.org/`"),
        );
        return None;
    }
    let mut value = value.to_string();
    if !value.ends_with('/') {
        value.push('/');
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_text(text: &str) -> (SiteConfig, Vec<Diagnostic>) {
        let file = SourceFile::new(
            Path::new("/p"),
            Path::new("/p/content/site.yaml"),
            text.into(),
        );
        let mut diagnostics = Vec::new();
        (parse(&file, &mut diagnostics), diagnostics)
    }

    #[test]
    fn reads_settings_and_normalises_base_url() {
        let (config, diagnostics) =
            parse_text("title: T\nlanguage: ru\nbase_url: https://x.org/briefs\n");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(config.title, "T");
        assert_eq!(config.language, "ru");
        assert_eq!(config.base_url.as_deref(), Some("https://x.org/briefs/"));
    }

    #[test]
    fn raw_html_is_a_switch_that_defaults_to_on() {
        assert!(parse_text("title: T\n").0.raw_html);
        let (config, diagnostics) = parse_text("raw_html: false\n");
        assert!(diagnostics.is_empty() && !config.raw_html);
        let (config, diagnostics) = parse_text("raw_html: no way\n");
        assert!(config.raw_html);
        assert_eq!(
            diagnostics[0].message,
            "`raw_html` must be true or false, found text"
        );
    }

    #[test]
    fn unknown_fields_get_a_suggestion() {
        let (_, diagnostics) = parse_text("titel: T\nbase_url: example.org\n");
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(diagnostics[0].code, "base-url");
        assert_eq!(
            diagnostics[1].help.as_deref(),
            Some("did you mean `title`?")
        );
    }
}
