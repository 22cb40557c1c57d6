//! Hostile content (issue 7.3): `<script>`, quotes that would end an attribute, event
//! handlers and `javascript:`/`data:` addresses in every field an author writes. The output is
//! parsed, not searched: no page, feed or overlay may hold a script, an event handler or a
//! script address that came from the content, and the hostile text must still be there, as
//! text. Raw HTML in an article's body passes by default (authors are trusted) and is shown
//! as text with `raw_html: false`; unsafe addresses are refused with an error at their place.

use crate::live::Running;
use crate::util::{Project, tree};
use scraper::{ElementRef, Html, Selector};

/// What an attacker would inject; each carries `XSS` so a leak can be recognised.
const SCRIPT: &str = r#"<script>alert("XSS")</script>"#;

fn hostile(raw_html: bool) -> Project {
    let p = Project::empty();
    p.write(
        "content/site.yaml",
        &format!(
            "title: 'Site {SCRIPT} \"><img src=x onerror=alert(\"XSS\")>'\n\
             description: \"Desc </title><script>alert('XSS')</script>\"\n\
             language: 'en\" onload=\"alert(\"XSS\")'\n\
             base_url: https://example.org/briefs/\n\
             raw_html: {raw_html}\n"
        ),
    );
    p.write(
        "content/entities.yaml",
        &format!(
            "csto:\n  name: 'CSTO {SCRIPT}'\n  kind: organization\n  \
             aliases: ['<b>CSTO</b>']\n  \
             description: 'Bloc {SCRIPT} <img src=\"https://example.org/x.png\" onerror=\"alert(''XSS'')\"> [site](https://example.org/)'\n  \
             links:\n    '\"><script>alert(\"XSS\")</script>': 'https://example.org/?q=\"><script>alert(XSS)</script>'\n\
             kabul:\n  name: Kabul\n  kind: place\n"
        ),
    );
    p.write(
        "content/articles/2007-03-15-hostile.md",
        &format!(
            "---\ntitle: 'Title {SCRIPT} \"quoted\" ''single'''\ndate: 2007-03-15\n\
             author: '\"><img src=x onerror=alert(\"XSS\")>'\nsource: '{SCRIPT}'\n\
             url: 'https://example.org/a?b=\"><script>alert(XSS)</script>'\n\
             tags: ['{SCRIPT}', 'x\" onclick=\"alert(XSS)']\n\
             summary: 'Summary {SCRIPT} <a href=\"javascript:alert(XSS)\">raw</a>'\n\
             dateline: '{SCRIPT}'\n---\n\
             The CSTO sent a working group to Kabul.\n\n\
             <script>alert(\"XSS body\")</script>\n\n\
             Inline <img src=\"https://example.org/x.png\" onerror=\"alert('XSS body')\"> and <a href=\"javascript:alert('XSS body')\">raw</a>.\n"
        ),
    );
    p.write(
        "content/articles/2007-03-15-hostile.yaml",
        &format!(
            "annotations:\n  - quote: CSTO\n    entity: csto\n    \
             note: 'Note {SCRIPT} <img src=\"https://example.org/x.png\" onerror=\"alert(''XSS'')\">'\n  \
             - id: visit\n    quote: sent a working group to Kabul\n    kind: event\n    \
             date: 2007-03-09\n    title: 'Visit {SCRIPT}'\n    source: '\"><script>alert(XSS)</script>'\n    \
             entity: [csto, kabul]\n    tags: ['\"><b>XSS</b>']\n    note: 'Visit note {SCRIPT}'\n  \
             - quote: Kabul\n    kind: claim\n    note: '<style>body{{display:none}}</style>'\n"
        ),
    );
    p
}

/// The one event handler gloss writes itself: the overlay's Hide button.
const OWN_HANDLER: &str = "this.parentNode.hidden=true";

/// Problems in one HTML document (or fragment): scripts that are not the site's own, event
/// handler attributes, script or data addresses, and elements the content tried to add.
/// Every hostile input carries `XSS`, which tells an inline script from the content apart
/// from the templates' own.
fn leaks(html: &Html) -> Vec<String> {
    let mut found = Vec::new();
    for element in html.root_element().descendent_elements() {
        let name = element.value().name();
        for (attr, value) in element.value().attrs() {
            if attr.starts_with("on") && value != OWN_HANDLER {
                found.push(format!("<{name} {attr}={value:?}>"));
            }
            let cleaned: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let is_address = matches!(
                attr,
                "href" | "src" | "action" | "formaction" | "xlink:href"
            );
            let bad_scheme = cleaned.starts_with("javascript:")
                || cleaned.starts_with("vbscript:")
                || (cleaned.starts_with("data:") && !cleaned.starts_with("data:image/"));
            if is_address && bad_scheme {
                found.push(format!("<{name} {attr}={value:?}>"));
            }
        }
        match name {
            "script" => found.extend(script_problem(element)),
            "img" | "iframe" | "object" | "embed" | "style" | "base" | "form"
                if element.html().contains("XSS")
                    || element.inner_html().contains("display:none") =>
            {
                found.push(element.html());
            }
            _ => {}
        }
    }
    found
}

/// A script is the site's own when it loads gloss's files, holds JSON data that parses (so
/// nothing broke out of it), or is inline code that did not come from the content.
fn script_problem(script: ElementRef) -> Option<String> {
    if let Some(src) = script.attr("src") {
        let own = [
            "static/gloss.js",
            "static/search.js",
            "entity-counts.js",
            "/__gloss/live.js",
        ]
        .iter()
        .any(|f| src.ends_with(f));
        return (!own).then(|| script.html());
    }
    let text: String = script.text().collect();
    if script.attr("type") == Some("application/json") {
        return serde_json::from_str::<serde_json::Value>(&text)
            .is_err()
            .then(|| script.html());
    }
    text.contains("XSS").then(|| script.html())
}

/// Every leak in every HTML page of `site`, by page.
fn leaks_in_site(site: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in tree(site) {
        if path.ends_with(".html") {
            let html = Html::parse_document(&String::from_utf8_lossy(&bytes));
            for leak in leaks(&html) {
                found.push(format!("{path}: {leak}"));
            }
        }
    }
    found
}

fn text_of(html: &Html, selector: &str) -> String {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .flat_map(|e| e.text())
        .collect::<String>()
}

const PAGE: &str = "site/articles/2007-03-15-hostile/index.html";

#[test]
fn hostile_text_is_escaped_in_every_page_and_kept_as_text() {
    let p = hostile(false);
    let run = p.gloss(&["build"]).expect(0);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    let found = leaks_in_site(&p.path().join("site"));
    assert!(found.is_empty(), "{found:#?}");
    // The counts script holds one JSON object, whatever the ids hold.
    let counts = p.read("site/entity-counts.js");
    let json = counts
        .split_once(" = ")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
        .unwrap_or_default();
    let parsed: serde_json::Value = serde_json::from_str(json).expect(&counts);
    assert!(parsed["csto"][1].as_u64() > Some(0), "{counts}");
    // Nothing was dropped: the hostile text reads as written.
    let page = Html::parse_document(&p.read(PAGE));
    assert!(text_of(&page, "title").contains(&format!("Title {SCRIPT} \"quoted\" 'single'")));
    assert!(text_of(&page, "main").contains("<script>alert(\"XSS body\")</script>"));
    assert!(
        text_of(&page, "main")
            .contains("<img src=\"https://example.org/x.png\" onerror=\"alert('XSS body')\">")
    );
    assert!(text_of(&page, "main").contains(&format!("Note {SCRIPT}")));
    let entity = Html::parse_document(&p.read("site/entities/csto/index.html"));
    assert!(text_of(&entity, "h1").contains(&format!("CSTO {SCRIPT}")));
    assert!(text_of(&entity, "main").contains(&format!("Bloc {SCRIPT}")));
    // Attributes kept their quotes inside them: the language is one (odd) value.
    let html = Selector::parse("html").unwrap();
    let root = page.select(&html).next().unwrap();
    assert_eq!(root.attr("lang"), Some("en\" onload=\"alert(\"XSS\")"));
}

#[test]
fn raw_html_in_bodies_passes_by_default_and_nowhere_else() {
    let p = hostile(true);
    p.gloss(&["build"]).expect(0);
    // The article page has the body's own script, its image with a handler and its raw
    // link; every other page, field and file is clean.
    let site = p.path().join("site");
    let article = Html::parse_document(&p.read(PAGE));
    let found = leaks(&article);
    // The script, the image (its handler, then the element), the link.
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found.iter().all(|l| l.contains("XSS body")), "{found:#?}");
    let script = Selector::parse("main script:not([type]):not([src])").unwrap();
    assert_eq!(
        article
            .select(&script)
            .map(|s| s.inner_html())
            .collect::<Vec<_>>(),
        ["alert(\"XSS body\")"]
    );
    let others = leaks_in_site(&site);
    assert!(
        others
            .iter()
            .all(|l| l.starts_with("articles/2007-03-15-hostile/index.html:")),
        "{others:#?}"
    );
}

#[test]
fn feeds_and_sitemaps_are_well_formed_and_carry_no_markup_from_content() {
    for raw_html in [true, false] {
        let p = hostile(raw_html);
        p.gloss(&["build"]).expect(0);
        let atom = p.read("site/atom.xml");
        let feed = roxmltree::Document::parse(&atom).expect("atom.xml is XML");
        let title = feed
            .descendants()
            .find(|n| n.has_tag_name("entry"))
            .and_then(|e| e.children().find(|n| n.has_tag_name("title")))
            .and_then(|t| t.text())
            .unwrap();
        assert!(title.contains(SCRIPT), "{title}");
        for summary in feed.descendants().filter(|n| n.has_tag_name("summary")) {
            // type="html": the text is HTML a feed reader renders.
            let html = Html::parse_fragment(summary.text().unwrap_or_default());
            let found = leaks(&html);
            assert!(found.is_empty(), "{found:#?}");
            assert!(text_of(&html, "p").contains(&format!("Summary {SCRIPT}")));
        }
        let sitemap = p.read("site/sitemap.xml");
        let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is XML");
        for loc in doc.descendants().filter(|n| n.has_tag_name("loc")) {
            let loc = loc.text().unwrap();
            assert!(loc.starts_with("https://example.org/briefs/"), "{loc}");
            assert!(!loc.contains(['<', '>', '"', ' ']), "{loc}");
        }
    }
}

#[test]
fn unsafe_addresses_are_refused_where_they_are_written() {
    let p = Project::empty();
    p.write("content/site.yaml", "title: T\n");
    p.write(
        "content/entities.yaml",
        "csto:\n  name: CSTO\n  description: See [this](vbscript:msgbox).\n  \
         links:\n    wiki: ' JavaScript:alert(1)'\n    site: https://example.org/\n",
    );
    p.write(
        "content/articles/a.md",
        "---\ntitle: A\ndate: 2007-03-15\nurl: javascript:alert(1)\n\
         summary: A [tricky](java&#115;cript:alert(1)) summary.\n---\n\
         The CSTO met. [Click](javascript:alert(document.cookie)) and\n\
         ![a pixel](data:image/png;base64,iVBORw0KGgo=) is fine.\n",
    );
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - quote: CSTO\n    entity: csto\n    \
         note: |\n      A [page](data:text/html,<script>alert(1)</script>).\n",
    );
    let run = p.gloss(&["build"]).expect(1);
    let script = "  = help: such an address runs code in the reader's browser when clicked: link to \
                  an http(s) address instead, or remove the link\n\n";
    let expected = [
        "error[unsafe-link]: a `javascript:` address is not allowed here: `javascript:alert(1)`\n \
         --> content/articles/a.md:4:6\n  |\n4 | url: javascript:alert(1)\n  |      ^^^^^^^^^^^^^^^^^^^\n",
        script,
        // An entity in the address is decoded, as a browser would.
        "error[unsafe-link]: a link to a `javascript:` address is not allowed: `javascript:alert(1)`\n \
         --> content/articles/a.md:5:12\n  |\n5 | summary: A [tricky](java&#115;cript:alert(1)) summary.\n  \
         |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n",
        script,
        "error[unsafe-link]: a link to a `javascript:` address is not allowed: \
         `javascript:alert(document.cookie)`\n --> content/articles/a.md:7:15\n  |\n\
         7 | The CSTO met. [Click](javascript:alert(document.cookie)) and\n  \
         |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n",
        script,
        // The image's `data:image/png` source is fine.
        "error[unsafe-link]: a link to a `data:` address is not allowed: \
         `data:text/html,<script>alert(1)</script>`\n --> content/articles/a.yaml:5:9\n  |\n\
         5 |       A [page](data:text/html,<script>alert(1)</script>).\n  \
         |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  \
         = help: a `data:` address opens a document hidden in the link itself: put the file in \
         content/media/ and link to it there (images may use `data:image/…`)\n\n",
        "error[unsafe-link]: a link to a `vbscript:` address is not allowed: `vbscript:msgbox`\n \
         --> content/entities.yaml:3:20\n  |\n3 |   description: See [this](vbscript:msgbox).\n  \
         |                    ^^^^^^^^^^^^^^^^^^^^^^^\n",
        script,
        "error[unsafe-link]: a `javascript:` address is not allowed here: ` JavaScript:alert(1)`\n \
         --> content/entities.yaml:5:11\n  |\n5 |     wiki: ' JavaScript:alert(1)'\n  \
         |           ^^^^^^^^^^^^^^^^^^^^^^\n",
        script,
        "6 errors\nerror: the build failed; `site` was left as it was\n",
    ]
    .concat();
    assert_eq!(run.stderr, expected);
    assert!(!p.exists("site"));
}

#[test]
fn kinds_that_are_not_one_word_are_refused() {
    let p = hostile(false);
    p.write(
        "content/entities.yaml",
        &p.read("content/entities.yaml").replace(
            "kind: organization",
            "kind: 'organization\" onclick=\"alert(1)'",
        ),
    );
    let run = p.gloss(&["build"]).expect(1);
    assert!(
        run.stderr.starts_with(
            "error[bad-kind]: `organization\" onclick=\"alert(1)` is not one word\n \
             --> content/entities.yaml:3:9\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("  = help: a kind is one word of letters, digits and `-`: try `kind: organization-onclick-alert-1`\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_error_overlay_escapes_what_the_content_says() {
    let p = hostile(false);
    let mut server = Running::start(p.path(), &["serve", "--port", "0"]);
    let annotations = "content/articles/2007-03-15-hostile.yaml";
    let good = p.read(annotations);
    // An unknown entity id and an orphaned quote and note, all hostile: the overlay quotes
    // the ids in its messages and lists the orphan's quote and note.
    p.write(
        annotations,
        &format!(
            "{good}  - quote: '<img src=x onerror=alert(\"XSS\")> nowhere'\n    \
             note: 'Lost {SCRIPT}'\n  - quote: Kabul\n    entity: '{SCRIPT}'\n"
        ),
    );
    server.wait_for_line(|l| l.contains("the site was left as it was"));
    let served = server.get("/articles/2007-03-15-hostile/");
    assert_eq!(served.status, 200);
    let page = Html::parse_document(&served.body);
    let overlay = text_of(&page, "#gloss-overlay");
    assert!(
        overlay.contains(&format!("no entity `{SCRIPT}`")),
        "{overlay}"
    );
    let orphans = text_of(&page, "#gloss-orphans");
    assert!(orphans.contains(&format!("Lost {SCRIPT}")), "{orphans}");
    assert!(
        orphans.contains("<img src=x onerror=alert(\"XSS\")> nowhere"),
        "{orphans}"
    );
    let found = leaks(&page);
    assert!(found.is_empty(), "{found:#?}");
}
