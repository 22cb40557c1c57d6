//! The bundled example: builds clean, deterministically, into exactly the committed `site/`,
//! and every internal link of the output resolves.

use crate::util::{Project, tree};
use scraper::{Html, Selector};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example built from a copy of the repository's `content/` and `templates/`.
fn build_example() -> Project {
    let p = Project::copy_of(repository(), &["content", "templates"]);
    let run = p.gloss(&["build"]).expect(0);
    assert!(
        run.stderr.is_empty(),
        "the example builds without a warning:\n{}",
        run.stderr
    );
    p
}

#[test]
fn the_committed_site_is_the_current_build() {
    let p = build_example();
    let built = tree(&p.path().join("site"));
    let committed = tree(&repository().join("site"));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&built),
        names(&committed),
        "site/ has other files than a build: run `cargo run --release -- build`"
    );
    for ((name, new), (_, old)) in built.iter().zip(&committed) {
        assert!(
            new == old,
            "site/{name} is stale: run `cargo run --release -- build` and commit site/"
        );
    }
}

#[test]
fn builds_are_deterministic() {
    let a = build_example();
    let b = build_example();
    assert_eq!(tree(&a.path().join("site")), tree(&b.path().join("site")));
}

#[test]
fn the_example_is_fully_annotated_and_anchors_cleanly() {
    let p = build_example();
    let run = p
        .gloss(&["check", "--strict", "--format", "json"])
        .expect(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(report["annotations"].as_u64().unwrap() >= 40);
    for anchor in report["anchors"].as_array().unwrap() {
        let status = anchor["status"].as_str().unwrap();
        assert!(status == "exact" || status == "context", "{anchor}");
    }
}

#[test]
fn every_internal_link_of_the_example_resolves() {
    let p = build_example();
    let broken = broken_links(&p.path().join("site"), "/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_internal_link_of_the_fixture_resolves() {
    let p = Project::fixture("briefing");
    p.gloss(&["build"]).expect(0);
    // The fixture's base_url lives under /test/, so its 404 page links from there.
    let broken = broken_links(&p.path().join("site"), "/test/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// Walks every HTML page of a site and returns each `href`/`src` inside the site that points
/// at a missing file or a missing `#fragment`. `root` is the URL path the site is served
/// from, which root-relative links (only the 404 page has them) must start with.
pub fn broken_links(site: &Path, root: &str) -> Vec<String> {
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    let any = Selector::parse("[id]").unwrap();
    let linked = Selector::parse("[href], [src]").unwrap();
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut links: Vec<(PathBuf, String)> = Vec::new();
    for page in &pages {
        let html = Html::parse_document(&std::fs::read_to_string(page).unwrap());
        ids.insert(
            page.clone(),
            html.select(&any)
                .filter_map(|e| e.value().attr("id").map(String::from))
                .collect(),
        );
        for element in html.select(&linked) {
            for attr in ["href", "src"] {
                if let Some(link) = element.value().attr(attr) {
                    links.push((page.clone(), link.to_string()));
                }
            }
        }
    }
    let mut broken = Vec::new();
    for (page, link) in links {
        if link.contains("://") || link.starts_with("mailto:") || link.starts_with("//") {
            continue;
        }
        let (path, fragment) = match link.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (link.as_str(), None),
        };
        // The 404 page is served at any address, so it links from the server root.
        let (base, path) = match path.strip_prefix(root) {
            Some(rest) if path.starts_with('/') => (site.to_path_buf(), rest),
            _ if path.starts_with('/') => {
                broken.push(format!("{link} (outside {root})"));
                continue;
            }
            _ => (page.parent().unwrap().to_path_buf(), path),
        };
        let mut target = if path.is_empty() {
            if link.starts_with('/') {
                site.join("index.html")
            } else {
                page.clone()
            }
        } else {
            normalize(&base.join(path))
        };
        if path.ends_with('/') || target.is_dir() {
            target = target.join("index.html");
        }
        let shown = format!("{} → {link}", page.strip_prefix(site).unwrap().display());
        if !target.starts_with(site) || !target.is_file() {
            broken.push(format!("{shown} (no file)"));
        } else if let Some(fragment) = fragment.filter(|f| !f.is_empty())
            && !ids.get(&target).is_some_and(|ids| ids.contains(fragment))
        {
            broken.push(format!("{shown} (no #{fragment})"));
        }
    }
    broken
}

/// Resolves `..` and `.` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
