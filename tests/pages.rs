//! Every page kind of DESIGN §3, built from `tests/fixtures/briefing`.

use crate::util::Project;

fn built() -> Project {
    let project = Project::fixture("briefing");
    let run = project.gloss(&["build"]).expect(0);
    assert!(
        run.stdout
            .starts_with("Built 18 pages (2 articles, 7 entities) in "),
        "{}",
        run.stdout
    );
    project
}

#[test]
fn every_page_kind_is_written() {
    let p = built();
    for page in [
        "index.html",
        "articles/2007-03-15-first/index.html",
        "articles/2007-04-01-second/index.html",
        "entities/index.html",
        "entities/csto/index.html",
        "entities/ria-novosti/index.html",
        "timeline/index.html",
        "tags/index.html",
        "tags/csto/index.html",
        "tags/air-defense/index.html",
        "tags/treaties/index.html",
        "404.html",
        "search/index.html",
        "search-index.json",
        "atom.xml",
        "sitemap.xml",
        "static/gloss.css",
        "static/gloss.js",
        "media/note.txt",
    ] {
        assert!(p.exists(&format!("site/{page}")), "missing {page}");
    }
}

#[test]
fn articles_carry_marks_sidenotes_and_relative_cross_links() {
    let html = built().read("site/articles/2007-03-15-first/index.html");
    // A mention links to its entity; `occurrence: all` gives every match its own anchor.
    assert!(html.contains(
        r#"The <a class="mention kind-organization" href="../../entities/csto/" data-annotation="1" id="a-1">CSTO</a> met"#
    ));
    assert!(html.contains(r#"data-annotation="1" id="a-1.2">CSTO</a>"#));
    assert!(html.contains(r#"data-annotation="1" id="a-1.3">CSTO</a>"#));
    // A quote typed with a straight apostrophe, crossing emphasis and a line break.
    assert!(html.contains(
        "<em><a class=\"mention kind-person\" href=\"../../entities/karzai/\" data-annotation=\"3\" id=\"a-3\">Hamid Karzai’s\nadministration</a></em>"
    ));
    // Its note is the third sidenote (numbered in reading order), after the emphasis closes.
    assert!(html.contains(r##"</em><span class="sn"><a class="sn-ref" href="#sn-3" id="snref-3" aria-label="Note 3">3</a>"##));
    let order: Vec<&str> = html
        .match_indices("class=\"sn-ref\" href=\"#sn-")
        .map(|(i, _)| &html[i + 25..i + 32])
        .collect();
    assert!(
        order[0].starts_with("later") && order[1].starts_with("8\"") && order[2].starts_with("3\""),
        "{order:?}"
    );
    // Claims say whom they are attributed to, linked.
    assert!(html.contains(r#"<span class="sn-label">Claim · per <a href="../../entities/ria-novosti/">RIA Novosti</a></span>"#));
    // Curly quotes in the text, straight in the quote.
    assert!(
        html.contains(
            r#"<mark class="note" data-annotation="8" id="a-8">“direct contacts”</mark>"#
        )
    );
    // Whole words first: the mark is on "Russia's", not inside "Russian".
    assert!(html.contains("Russian officials"));
    assert!(html.contains(r#"id="a-7">Russia</a>'s role"#));
    // Cross-links from Markdown, relative to the page.
    assert!(html.contains(r#"href="../../articles/2007-04-01-second/#a-visit""#));
    assert!(html.contains(r#"href="../../entities/nato/">NATO</a>'s own figures"#));
    // Headings get ids.
    assert!(html.contains(r#"<h2 id="background">"#));
}

#[test]
fn entity_pages_list_every_mention_in_its_sentence() {
    let html = built().read("site/entities/csto/index.html");
    for fragment in ["#a-1\"", "#a-1.2\"", "#a-1.3\""] {
        assert!(
            html.contains(&format!("../../articles/2007-03-15-first/{fragment}")),
            "{fragment}"
        );
    }
    assert!(html.contains("../../articles/2007-04-01-second/#a-visit\""));
    assert!(html.contains("The <mark>CSTO</mark> met in Kabul."));
    // Each article's mentions are counted: three in the first, one in the second.
    assert!(html.contains("· 3 passages</p>"), "{html}");
    assert!(html.contains("· 1 passage</p>"), "{html}");
    assert!(html.contains("Later the <mark>CSTO</mark> said “direct contacts” with Hamid Karzai’s administration were opened."));
    // The description's cross-link and the external link.
    assert!(html.contains(r#"href="../../entities/kabul/""#));
    assert!(html.contains("https://en.wikipedia.org/wiki/Collective_Security_Treaty_Organization"));
    // A source's page lists the claims attributed to it and the articles from it.
    let html = built().read("site/entities/ria-novosti/index.html");
    assert!(html.contains("over 40,000 troops"));
    assert!(html.contains("../../articles/2007-03-15-first/#a-troops"));
}

#[test]
fn the_timeline_is_in_date_order_with_readable_spans() {
    let html = built().read("site/timeline/index.html");
    let treaty = html
        .find("Collective Security Treaty signed")
        .expect("the 1992 event");
    let visit = html
        .find("CSTO group visits Kabul")
        .expect("the 2007 event");
    assert!(treaty < visit);
    assert!(html.contains("9–13 March 2007"));
    assert!(html.contains("15 May 1992"));
    assert!(html.contains("../articles/2007-04-01-second/#a-visit"));
}

#[test]
fn tags_collect_articles_and_annotations() {
    let p = built();
    let html = p.read("site/tags/air-defense/index.html");
    assert!(html.contains("Air Defense"));
    assert!(html.contains("../../articles/2007-03-15-first/"));
    let html = p.read("site/tags/treaties/index.html");
    assert!(html.contains("../../articles/2007-03-15-first/#a-treaty-1992"));
    let html = p.read("site/tags/csto/index.html");
    assert!(html.contains("First Report") && html.contains("Second Report"));
}

#[test]
fn home_lists_newest_first_and_links_relatively() {
    let html = built().read("site/index.html");
    let second = html.find("Second Report").expect("second");
    let first = html.find("First Report").expect("first");
    assert!(second < first, "newest first");
    assert!(html.contains(r#"href="articles/2007-03-15-first/""#));
    // The summary's cross-link, relative to the home page.
    assert!(html.contains(r#"<a href="entities/csto/">CSTO</a> looks south."#));
    assert!(html.contains(r#"href="static/gloss.css""#));
}

#[test]
fn feed_and_sitemap_use_absolute_addresses() {
    let p = built();
    let feed = p.read("site/atom.xml");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(feed.contains("https://briefings.example.org/test/articles/2007-04-01-second/"));
    assert!(feed.contains("2007-04-01T00:00:00Z"));
    let sitemap = p.read("site/sitemap.xml");
    assert!(sitemap.contains("<loc>https://briefings.example.org/test/entities/csto/</loc>"));
    assert!(sitemap.contains("<lastmod>2007-03-15</lastmod>"));
}

#[test]
fn no_feed_without_base_url() {
    let p = Project::fixture("briefing");
    p.write("content/site.yaml", "title: No address\n");
    p.gloss(&["build"]).expect(0);
    assert!(!p.exists("site/atom.xml") && !p.exists("site/sitemap.xml"));
    assert!(
        p.read("site/404.html")
            .contains(r#"href="/static/gloss.css""#)
    );
}

#[test]
fn the_404_page_links_from_the_site_path() {
    let html = built().read("site/404.html");
    assert!(html.contains(r#"href="/test/static/gloss.css""#), "{html}");
}

#[test]
fn a_site_path_with_markup_characters_is_escaped_on_the_404_page() {
    let p = Project::fixture("briefing");
    p.write(
        "content/site.yaml",
        "title: T\nbase_url: \"https://example.org/a&b\\\"c/\"\n",
    );
    p.gloss(&["build"]).expect(0);
    let html = p.read("site/404.html");
    assert!(
        html.contains(r#"href="/a&amp;b&quot;c/static/gloss.css""#),
        "{html}"
    );
}

#[test]
fn a_second_build_rewrites_nothing_and_stale_files_go() {
    let p = built();
    let before = crate::util::tree(&p.path().join("site"));
    let modified = |p: &Project| {
        std::fs::metadata(p.path().join("site/index.html"))
            .unwrap()
            .modified()
            .unwrap()
    };
    let first_write = modified(&p);
    p.gloss(&["build"]).expect(0);
    assert_eq!(
        before,
        crate::util::tree(&p.path().join("site")),
        "deterministic"
    );
    assert_eq!(
        first_write,
        modified(&p),
        "an unchanged page is not rewritten"
    );
    std::fs::remove_file(p.path().join("content/articles/sub/2007-04-01-second.md")).unwrap();
    std::fs::remove_file(p.path().join("content/articles/sub/2007-04-01-second.yaml")).unwrap();
    std::fs::write(
        p.path().join("content/articles/2007-03-15-first.md"),
        p.read("content/articles/2007-03-15-first.md").replace(
            "[follow-up](article:2007-04-01-second#a-visit)",
            "follow-up",
        ),
    )
    .unwrap();
    p.gloss(&["build"]).expect(0);
    assert!(!p.exists("site/articles/2007-04-01-second/index.html"));
    assert!(
        !p.exists("site/articles/2007-04-01-second"),
        "empty folders go too"
    );
}
