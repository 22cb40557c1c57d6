//! The search page and its index: what the index holds, and that the page loads it only
//! through its own script.

use crate::util::Project;

/// Every entry of the built site's search index: the parts `search-index.json` lists, in its
/// order.
fn read_index(p: &Project) -> Vec<serde_json::Value> {
    let manifest: serde_json::Value =
        serde_json::from_str(&p.read("site/search-index.json")).expect("JSON");
    let mut entries = Vec::new();
    for part in manifest["parts"].as_array().expect("a list of parts") {
        let part = part.as_str().expect("a path");
        let part: serde_json::Value =
            serde_json::from_str(&p.read(&format!("site/{part}"))).expect("JSON");
        entries.extend(part.as_array().expect("an array").iter().cloned());
    }
    entries
}

#[test]
fn the_index_holds_articles_entities_and_notes_with_their_addresses() {
    let p = Project::fixture("briefing");
    p.gloss(&["build"]).expect(0);
    let entries = read_index(&p);
    let index = serde_json::Value::Array(entries.clone());
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

#[test]
fn a_large_archive_s_index_comes_in_parts_and_a_reworded_note_rewrites_one() {
    // One more article than a part holds: two parts, the newest 250 articles in the first.
    let p = Project::empty();
    p.write("content/site.yaml", "title: Archive\n");
    for i in 0..251 {
        p.write(
            &format!("content/articles/report-{i}.md"),
            &format!(
                "---\ntitle: Report {i}\ndate: {}-01-01\n---\nThe council met by the river.\n",
                1800 + i
            ),
        );
    }
    p.write(
        "content/articles/report-250.yaml",
        "annotations:\n  - quote: council met\n    note: First wording.\n",
    );
    let mut running = crate::live::Running::start(p.path(), &["watch"]);
    let manifest: serde_json::Value =
        serde_json::from_str(&p.read("site/search-index.json")).expect("JSON");
    assert_eq!(
        manifest["parts"],
        serde_json::json!([
            "search/entities.json",
            "search/part-0.json",
            "search/part-1.json"
        ])
    );
    let titles: Vec<String> = read_index(&p)
        .iter()
        .filter(|e| e["k"] == "article")
        .map(|e| e["t"].as_str().unwrap().to_string())
        .collect();
    let newest_first: Vec<String> = (0..251).rev().map(|i| format!("Report {i}")).collect();
    assert_eq!(titles, newest_first);
    let first = p.read("site/search/part-0.json");
    assert!(
        first.contains("First wording."),
        "the note is in its article's part"
    );
    assert!(!p.read("site/search/part-1.json").contains("First wording."));
    // A reworded note remakes its article's page and its part of the index, nothing else.
    let second = p.read("site/search/part-1.json");
    p.write(
        "content/articles/report-250.yaml",
        "annotations:\n  - quote: council met\n    note: Second wording.\n",
    );
    let line = running.wait_for_line(|l| l.contains(" changed: "));
    assert!(line.contains(" 1 written (and 1 other file)"), "{line}");
    assert!(
        p.read("site/search/part-0.json")
            .contains("Second wording.")
    );
    assert_eq!(p.read("site/search/part-1.json"), second);
}
