//! `atom.xml` and `sitemap.xml`, parsed as XML: well-formed, with the elements Atom (RFC 4287)
//! and the sitemap protocol require, every address absolute under `base_url` and naming a page
//! the build wrote, text that survives XML escaping, and the same bytes on every build.

use crate::util::{Project, tree};
use roxmltree::{Document, Node};
use std::path::Path;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled example, built from a copy of `content/` and `templates/`.
fn example() -> Project {
    let p = Project::copy_of(repository(), &["content", "templates"]);
    p.gloss(&["build"]).expect(0);
    p
}

fn parse(text: &str) -> Document<'_> {
    Document::parse(text).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{text}"))
}

/// The one child of `node` named `name` in `ns`; fails when there is none or several.
fn child<'a, 'i>(node: Node<'a, 'i>, ns: &str, name: &str) -> Node<'a, 'i> {
    let found = children(node, ns, name);
    assert_eq!(
        found.len(),
        1,
        "<{}> must have exactly one <{name}>",
        node.tag_name().name()
    );
    found[0]
}

/// The children of `node` named `name` in `ns`.
fn children<'a, 'i>(node: Node<'a, 'i>, ns: &str, name: &str) -> Vec<Node<'a, 'i>> {
    node.children()
        .filter(|n| n.is_element() && n.has_tag_name((ns, name)))
        .collect()
}

fn text<'a>(node: Node<'a, '_>) -> &'a str {
    node.text().unwrap_or("")
}

/// `YYYY-MM-DDThh:mm:ssZ`, the RFC 3339 form gloss writes.
fn is_rfc3339(stamp: &str) -> bool {
    let b = stamp.as_bytes();
    b.len() == 20
        && stamp.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            10 => c == 'T',
            13 | 16 => c == ':',
            19 => c == 'Z',
            _ => c.is_ascii_digit(),
        })
}

/// The file a site address names, relative to the output folder (`x/` → `x/index.html`).
fn page_of(url: &str, base: &str) -> String {
    let path = url
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("{url} is not under base_url {base}"));
    let path = path.split('#').next().unwrap();
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The `href` values of an HTML fragment (a feed summary).
fn hrefs(html: &str) -> Vec<String> {
    let fragment = scraper::Html::parse_fragment(html);
    let a = scraper::Selector::parse("[href], [src]").unwrap();
    fragment
        .select(&a)
        .flat_map(|e| [e.value().attr("href"), e.value().attr("src")])
        .flatten()
        .map(String::from)
        .collect()
}

/// Checks a feed against RFC 4287 and gloss's promises; returns its entries' (title, link).
fn check_feed(site: &Path, base: &str) -> Vec<(String, String)> {
    let xml = std::fs::read_to_string(site.join("atom.xml")).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    let doc = parse(&xml);
    let feed = doc.root_element();
    assert!(
        feed.has_tag_name((ATOM, "feed")),
        "the root is Atom's <feed>"
    );

    // atom:feed: exactly one id, title and updated; an alternate and a self link.
    assert_eq!(text(child(feed, ATOM, "id")), base);
    assert!(!text(child(feed, ATOM, "title")).trim().is_empty());
    let updated = text(child(feed, ATOM, "updated"));
    assert!(is_rfc3339(updated), "feed <updated> {updated}");
    let links = children(feed, ATOM, "link");
    let link = |rel: &str| {
        links
            .iter()
            .find(|l| l.attribute("rel").unwrap_or("alternate") == rel)
            .and_then(|l| l.attribute("href"))
            .unwrap_or_else(|| panic!("the feed has no rel={rel} link"))
            .to_string()
    };
    assert_eq!(link("self"), format!("{base}atom.xml"));
    assert_eq!(link("alternate"), base);
    // Without an author on every entry, the feed itself must have one.
    let feed_author = children(feed, ATOM, "author").first().copied();
    if let Some(author) = feed_author {
        assert!(!text(child(author, ATOM, "name")).trim().is_empty());
    }

    let mut entries = Vec::new();
    let mut newest = String::new();
    let mut previous: Option<String> = None;
    for entry in children(feed, ATOM, "entry") {
        let id = text(child(entry, ATOM, "id"));
        let title = text(child(entry, ATOM, "title")).to_string();
        let updated = text(child(entry, ATOM, "updated")).to_string();
        assert!(is_rfc3339(&updated), "entry <updated> {updated}");
        assert!(!title.trim().is_empty(), "an entry without a title");
        let alternate = children(entry, ATOM, "link")
            .into_iter()
            .find(|l| l.attribute("rel").unwrap_or("alternate") == "alternate")
            .and_then(|l| l.attribute("href"))
            .unwrap_or_else(|| panic!("entry {id} has no alternate link"));
        assert_eq!(id, alternate, "an entry's id is its address");
        assert!(
            site.join(page_of(alternate, base)).is_file(),
            "{alternate} names no page of the build"
        );
        assert!(
            feed_author.is_some() || !children(entry, ATOM, "author").is_empty(),
            "entry {id} has no author and neither has the feed"
        );
        // Newest first; the feed is as new as its newest entry, not as new as the build.
        if let Some(previous) = &previous {
            assert!(*previous >= updated, "entries out of date order");
        }
        if newest.is_empty() {
            newest = updated.clone();
        }
        previous = Some(updated);
        // A summary is escaped HTML whose links are absolute too: feed readers do not all
        // honour xml:base.
        if let Some(summary) = children(entry, ATOM, "summary").first().copied() {
            assert_eq!(summary.attribute("type"), Some("html"));
            for href in hrefs(text(summary)) {
                assert!(
                    href.starts_with(base),
                    "a summary link is not absolute under {base}: {href}"
                );
                assert!(
                    site.join(page_of(&href, base)).is_file(),
                    "{href} is broken"
                );
            }
        }
        entries.push((title, alternate.to_string()));
    }
    if !entries.is_empty() {
        assert_eq!(
            updated, newest,
            "the feed's <updated> is its newest entry's"
        );
    }
    entries
}

/// Checks a sitemap; returns its addresses.
fn check_sitemap(site: &Path, base: &str) -> Vec<String> {
    let xml = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    let doc = parse(&xml);
    let urlset = doc.root_element();
    assert!(
        urlset.has_tag_name((SITEMAP, "urlset")),
        "the root is <urlset>"
    );
    let mut locs = Vec::new();
    for url in children(urlset, SITEMAP, "url") {
        let loc = text(child(url, SITEMAP, "loc")).to_string();
        assert!(loc.starts_with(base), "{loc} is not under base_url {base}");
        assert!(
            site.join(page_of(&loc, base)).is_file(),
            "{loc} names no page"
        );
        if let Some(lastmod) = children(url, SITEMAP, "lastmod").first().copied() {
            let date = text(lastmod);
            assert!(
                date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
                "lastmod {date} is not a W3C date"
            );
        }
        locs.push(loc);
    }
    let mut unique = locs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), locs.len(), "the sitemap repeats an address");
    // Every page of content is listed: not the 404 page (served at any address) nor the
    // search page (it has no content of its own).
    for (file, _) in tree(site) {
        if file.ends_with(".html") && file != "404.html" && file != "search/index.html" {
            let url = format!("{base}{}", file.trim_end_matches("index.html"));
            assert!(locs.contains(&url), "the sitemap misses {url}");
        }
    }
    locs
}

#[test]
fn the_example_feed_is_valid_atom_with_absolute_addresses() {
    let p = example();
    let entries = check_feed(&p.path().join("site"), "https://briefings.example.org/");
    assert_eq!(
        entries,
        vec![(
            "The CSTO Moves Quickly To Bolster Its Security Role In Central Asia".to_string(),
            "https://briefings.example.org/articles/2007-03-15-csto-central-asia/".to_string()
        )]
    );
}

#[test]
fn the_example_sitemap_lists_every_page_absolutely() {
    let p = example();
    let locs = check_sitemap(&p.path().join("site"), "https://briefings.example.org/");
    assert!(locs.contains(&"https://briefings.example.org/".to_string()));
    assert!(locs.contains(&"https://briefings.example.org/entities/csto/".to_string()));
    assert!(locs.contains(&"https://briefings.example.org/tags/csto/".to_string()));
}

#[test]
fn a_site_under_a_path_keeps_that_path_in_every_address() {
    let p = Project::fixture("briefing");
    p.gloss(&["build"]).expect(0);
    let site = p.path().join("site");
    let base = "https://briefings.example.org/test/";
    let entries = check_feed(&site, base);
    // The fixture's two articles, newest first.
    let links: Vec<&str> = entries.iter().map(|(_, link)| link.as_str()).collect();
    assert_eq!(
        links,
        [
            "https://briefings.example.org/test/articles/2007-04-01-second/",
            "https://briefings.example.org/test/articles/2007-03-15-first/"
        ]
    );
    check_sitemap(&site, base);
}

/// A project whose titles, names and summaries are full of what XML must escape.
fn awkward() -> Project {
    let p = Project::empty();
    p.write(
        "content/site.yaml",
        "title: 'Arms & \"Allies\" <Briefing>'\ndescription: Q&A — ‘quotes’ & <tags>\nbase_url: https://x.example.org/a&b/\n",
    )
    .write(
        "content/entities.yaml",
        "r-and-d:\n  name: R&D <Directorate>\n  kind: organization\n",
    )
    .write(
        "content/articles/2008-01-02-tom-and-jerry.md",
        "---\ntitle: 'Tom & Jerry: <b>not</b> bold, \"quoted\" ]]> done'\nauthor: O'Brien & Søn\ndate: 2008-01-02\nsummary: 'Fish & chips < [R&D](entity:r-and-d) > ]]>'\n---\nThe R&D people met.\n",
    )
    .write(
        "content/articles/2008-01-02-tom-and-jerry.yaml",
        "annotations:\n  - quote: R&D\n    entity: r-and-d\n",
    );
    p
}

#[test]
fn text_that_xml_must_escape_survives_exactly() {
    let p = awkward();
    let run = p.gloss(&["build"]).expect(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let site = p.path().join("site");
    let base = "https://x.example.org/a&b/";
    let entries = check_feed(&site, base);
    assert_eq!(
        entries[0].0,
        "Tom & Jerry: <b>not</b> bold, \"quoted\" ]]> done"
    );
    let xml = p.read("site/atom.xml");
    let doc = parse(&xml);
    let feed = doc.root_element();
    assert_eq!(
        text(child(feed, ATOM, "title")),
        "Arms & \"Allies\" <Briefing>"
    );
    assert_eq!(
        text(child(feed, ATOM, "subtitle")),
        "Q&A — ‘quotes’ & <tags>"
    );
    let entry = child(feed, ATOM, "entry");
    assert_eq!(
        text(child(child(entry, ATOM, "author"), ATOM, "name")),
        "O'Brien & Søn"
    );
    // The summary is HTML, escaped once for XML: its text reads as written, and its entity
    // link points at the entity page.
    let summary = text(child(entry, ATOM, "summary"));
    let html = scraper::Html::parse_fragment(summary);
    let words: String = html.root_element().text().collect();
    assert_eq!(words.trim(), "Fish & chips < R&D > ]]>");
    assert_eq!(
        hrefs(summary),
        ["https://x.example.org/a&b/entities/r-and-d/"]
    );
    check_sitemap(&site, base);
}

#[test]
fn feed_and_sitemap_are_byte_identical_across_builds() {
    let a = example();
    let b = example();
    for file in ["site/atom.xml", "site/sitemap.xml"] {
        assert_eq!(a.read(file), b.read(file), "{file} differs between builds");
    }
    // Nothing in them comes from the clock: the feed is dated by its newest article.
    let feed = a.read("site/atom.xml");
    assert!(feed.contains("<updated>2007-03-15T00:00:00Z</updated>"));
    assert_eq!(feed.matches("<updated>").count(), 2);
}

#[test]
fn the_feed_holds_the_fifty_newest_articles() {
    let p = Project::empty();
    p.write(
        "content/site.yaml",
        "title: Many\nbase_url: https://many.example.org\n",
    );
    for day in 1..=60 {
        let date = format!("2009-{:02}-{:02}", 1 + (day - 1) / 28, 1 + (day - 1) % 28);
        p.write(
            &format!("content/articles/{date}-report.md"),
            &format!("---\ntitle: Report {day}\ndate: {date}\n---\nText {day}.\n"),
        );
    }
    p.gloss(&["build"]).expect(0);
    let site = p.path().join("site");
    // base_url gains its trailing slash.
    let entries = check_feed(&site, "https://many.example.org/");
    assert_eq!(entries.len(), 50);
    assert_eq!(entries[0].0, "Report 60");
    assert_eq!(entries[49].0, "Report 11");
    // The sitemap has them all.
    let locs = check_sitemap(&site, "https://many.example.org/");
    assert_eq!(locs.iter().filter(|l| l.contains("/articles/")).count(), 60);
}
