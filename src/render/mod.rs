//! The render stage: every page of the site as bytes — Markdown and marks into HTML, views
//! through Tera templates, plus static files, media, the feed and the sitemap.

mod body;
mod cards;
pub mod counts;
pub mod markdown;
pub mod marks;
pub mod memo;
mod pages;
pub mod search;
pub mod templates;
pub mod views;

use crate::diagnostic::Diagnostic;
use crate::link::Site;
use markdown::Links;
use rayon::prelude::*;
use std::path::Path;
use templates::Templates;
use views::SiteView;

pub use body::mark_anchor;
pub use memo::Memo;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A page to render.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
    Home,
    Article(usize),
    Entity(String),
    Entities,
    Timeline,
    Tag(String),
    Tags,
    NotFound,
    /// The search page.
    Search,
    /// `search-index.json`, the list of the search index's parts.
    SearchIndex,
    /// The entities' part of the search index.
    SearchEntities,
    /// Part `n` of the search index's articles and notes.
    SearchPart(usize),
    /// `entity-counts.js`, the entities' site-wide counts.
    EntityCounts,
    /// `atom.xml` (only with a `base_url`).
    Feed,
    /// `sitemap.xml` (only with a `base_url`).
    Sitemap,
}

/// Every page of the site, those that gather most first (the timeline, the sitemap, a tag's
/// or an entity's), the articles last: a parallel render then ends on small pages instead of
/// leaving one core alone with a big one.
pub fn all_pages(site: &Site) -> Vec<Page> {
    let mut pages = vec![
        Page::Timeline,
        Page::Home,
        Page::Entities,
        Page::Tags,
        Page::NotFound,
        Page::Search,
        Page::SearchIndex,
        Page::SearchEntities,
        Page::EntityCounts,
    ];
    if site.project.config.base_url.is_some() {
        pages.extend([Page::Feed, Page::Sitemap]);
    }
    pages.extend((0..search::part_count(site)).map(Page::SearchPart));
    pages.extend(site.tags.keys().cloned().map(Page::Tag));
    pages.extend(site.entities.keys().cloned().map(Page::Entity));
    pages.extend((0..site.project.articles.len()).map(Page::Article));
    pages
}

/// Renders `pages`, in parallel, in their order.
pub fn render_pages(
    site: &Site,
    templates: &Templates,
    live_reload: bool,
    memo: &Memo,
    pages: &[Page],
) -> (Vec<Output>, Vec<Diagnostic>) {
    render_each(site, templates, live_reload, memo, pages, |output| output)
}

/// Renders `pages` in parallel and hands each file to `then` as soon as it is rendered, on the
/// same thread, so a caller that writes or summarizes pages never holds the whole site in
/// memory. Returns what `then` made of each page, in the pages' order.
pub fn render_each<T: Send>(
    site: &Site,
    templates: &Templates,
    live_reload: bool,
    memo: &Memo,
    pages: &[Page],
    then: impl Fn(Output) -> T + Sync,
) -> (Vec<T>, Vec<Diagnostic>) {
    // Made into a template value once: each page's context shares it.
    let view = value(&SiteView {
        title: site.project.config.title.clone(),
        description: site.project.config.description.clone(),
        language: site.project.config.language.clone(),
        base_url: site.project.config.base_url.clone(),
        has_feed: site.project.config.base_url.is_some(),
        live_reload,
    });
    let results: Vec<Result<T, Diagnostic>> = pages
        .par_iter()
        .with_max_len(crate::parallel::PIECE)
        .map(|page| render_job(site, templates, &view, memo, page).map(&then))
        .collect();
    let mut outputs = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(output) => outputs.push(output),
            Err(d) => diagnostics.push(d),
        }
    }
    (outputs, diagnostics)
}

/// Room made for a page before it is rendered: most pages (articles, tags) are this size or a
/// little smaller, so they are written without being copied as they grow.
const PAGE_BYTES: usize = 32 * 1024;

fn render_job(
    site: &Site,
    templates: &Templates,
    view: &tera::Value,
    memo: &Memo,
    job: &Page,
) -> Result<Output, Diagnostic> {
    let links = |root: &'static str| Links {
        targets: &site.targets,
        root,
        memo,
    };
    let page = |path: String, root: &str, template: &str, data: Option<tera::Value>| {
        let mut context = tera::Context::new();
        context.insert_value("site", view.clone());
        context.insert_value("root", plain_text(root));
        if let Some(data) = data {
            context.insert_value("page", data);
        }
        Ok(Output {
            path,
            bytes: templates.render(template, &context, PAGE_BYTES)?,
        })
    };
    let missing = |what: String| {
        Diagnostic::error(
            "internal",
            format!("{what} vanished while the site was built"),
        )
    };
    match job {
        Page::Home => page(
            "index.html".into(),
            "",
            "home.html",
            Some(value(&pages::home(site, links("")))),
        ),
        Page::Article(i) => {
            let slug = &site.project.articles[*i].slug;
            let data = pages::article(site, *i, links("../../"));
            page(
                format!("articles/{slug}/index.html"),
                "../../",
                "article.html",
                Some(value(&data)),
            )
        }
        Page::Entity(id) => {
            let data = pages::entity(site, id, links("../../"))
                .ok_or_else(|| missing(format!("entity `{id}`")))?;
            page(
                format!("entities/{id}/index.html"),
                "../../",
                "entity.html",
                Some(value(&data)),
            )
        }
        Page::Entities => page(
            "entities/index.html".into(),
            "../",
            "entities.html",
            Some(value(&pages::entities(site))),
        ),
        Page::Timeline => page(
            "timeline/index.html".into(),
            "../",
            "timeline.html",
            Some(value(&pages::timeline(site, links("../")))),
        ),
        Page::Tag(slug) => {
            let data = pages::tag(site, slug, links("../../"))
                .ok_or_else(|| missing(format!("tag `{slug}`")))?;
            page(
                format!("tags/{slug}/index.html"),
                "../../",
                "tag.html",
                Some(value(&data)),
            )
        }
        Page::Tags => page(
            "tags/index.html".into(),
            "../",
            "tags.html",
            Some(value(&pages::tags(site))),
        ),
        // A 404 page is served at whatever address was missing, so relative links cannot work
        // there; it links from the site's own path (from `base_url`, else the server root).
        Page::NotFound => page("404.html".into(), &not_found_root(site), "404.html", None),
        Page::Search => page(
            "search/index.html".into(),
            "../",
            "search.html",
            Some(value(&serde_json::json!({ "search": true }))),
        ),
        Page::SearchIndex => Ok(Output {
            path: "search-index.json".into(),
            bytes: search::manifest(site),
        }),
        Page::SearchEntities => Ok(Output {
            path: search::ENTITIES.into(),
            bytes: search::entities(site),
        }),
        Page::EntityCounts => Ok(Output {
            path: counts::PATH.into(),
            bytes: counts::script(site),
        }),
        Page::SearchPart(part) => Ok(Output {
            path: search::part_path(*part),
            bytes: search::part(site, memo, *part),
        }),
        Page::Feed | Page::Sitemap => {
            let base = site
                .project
                .config
                .base_url
                .as_deref()
                .ok_or_else(|| missing("`base_url`".into()))?;
            if *job == Page::Feed {
                page(
                    "atom.xml".into(),
                    "",
                    "atom.xml",
                    Some(value(&pages::feed(site, base, links("")))),
                )
            } else {
                page(
                    "sitemap.xml".into(),
                    "",
                    "sitemap.xml",
                    Some(value(&pages::sitemap(site, base))),
                )
            }
        }
    }
}

/// `text` as a template value: marked safe when escaping would leave it as it is, as the way
/// back to the site root always does, so the dozens of links on a page skip the escaping.
/// (Tera keeps safety through filters and joins by escaping what is not safe, so a string
/// escaping cannot change behaves the same either way.)
fn plain_text(text: &str) -> tera::Value {
    if crate::text::has_any(text, *b"&<>\"'") {
        tera::Value::from(text)
    } else {
        tera::Value::safe_string(text)
    }
}

fn value<T: serde::Serialize>(data: &T) -> tera::Value {
    tera::Value::from_serializable(data)
}

/// The path of the site root on its server, for the 404 page: `/briefs/` for
/// `base_url: https://x.org/briefs/`, else `/`.
fn not_found_root(site: &Site) -> String {
    site.project
        .config
        .base_url
        .as_deref()
        .and_then(|url| url.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_else(|| "/".into())
}

/// Where a file of `content/media/` goes in the site.
pub fn media_path(relative: &Path) -> String {
    format!(
        "media/{}",
        crate::source::display_name(Path::new(""), relative)
    )
}
