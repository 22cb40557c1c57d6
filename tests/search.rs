//! The search page and its index: what the index holds, and that the page loads it only
//! through its own script.

use crate::util::Project;

#[test]
fn the_index_holds_articles_entities_and_notes_with_their_addresses() {
    let p = Project::fixture("briefing");
    p.gloss(&["build"]).expect(0);
    let index: serde_json::Value =
        serde_json::from_str(&p.read("site/search-index.json")).expect("JSON");
    let entries = index.as_array().expect("an array");
    let find = |kind: &str, title: &str| {
        entries
            .iter()
            .find(|e| e["k"] == kind && e["t"] == title)
            .unwrap_or_else(|| panic!("no {kind} {title} in {index}"))
    };
    let first = find("article", "First Report");
    assert_eq!(first["u"], "articles/2007-03-15-first/");
    assert_eq!(first["d"], "15 March 2007");
    // The summary as plain text, then author, tags, and the entities it mentions.
    let text = first["s"].as_str().unwrap();
    assert!(
        text.starts_with("The CSTO looks south. · A. Writer · "),
        "{text}"
    );
    assert!(text.contains("Hamid Karzai"), "{text}");
    let csto = find("entity", "Collective Security Treaty Organization");
    assert_eq!(csto["u"], "entities/csto/");
    assert!(
        csto["s"]
            .as_str()
            .unwrap()
            .starts_with("organization · CSTO")
    );
    let note = entries
        .iter()
        .find(|e| e["k"] == "note" && e["u"] == "articles/2007-03-15-first/#a-3")
        .expect("the Karzai note");
    assert!(
        note["s"]
            .as_str()
            .unwrap()
            .ends_with("— “Hamid Karzai's administration”")
    );
    // Every address in it is a page of the site.
    for e in entries {
        let url = e["u"].as_str().unwrap();
        let page = url.split('#').next().unwrap();
        assert!(p.exists(&format!("site/{page}index.html")), "{url}");
    }
}

#[test]
fn the_search_page_loads_its_script_and_names_the_index_relatively() {
    let p = Project::fixture("briefing");
    p.gloss(&["build"]).expect(0);
    let page = p.read("site/search/index.html");
    assert!(page.contains(r#"data-index="../search-index.json""#));
    assert!(page.contains(r#"<script src="../static/search.js" defer></script>"#));
    assert!(p.exists("site/static/search.js"));
    // Other pages link to it and never load the index themselves.
    let home = p.read("site/index.html");
    assert!(home.contains(r#"href="search/""#));
    assert!(!home.contains("search-index.json"));
}
