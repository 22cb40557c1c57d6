//! Incremental rebuilds give exactly what a full build gives: `gloss watch` on a copy of the
//! bundled example goes through a series of edits — each kind of change it handles its own
//! way — and after every one its `site/` is compared, byte for byte, with a clean build.

use crate::live::Running;
use crate::util::{Project, tree};
use std::fs;

const SLUG: &str = "2007-03-15-csto-central-asia";

/// One step: a description, and the edit it makes to the project.
type Edit = (&'static str, Box<dyn Fn(&Project)>);

fn replace(file: &'static str, from: &'static str, to: &'static str) -> Box<dyn Fn(&Project)> {
    Box::new(move |p: &Project| {
        let text = p.read(file);
        assert!(text.contains(from), "{file} has no {from:?}");
        p.write(file, &text.replacen(from, to, 1));
    })
}

#[test]
fn every_rebuild_equals_a_clean_build() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = Project::copy_of(repo, &["content", "templates"]);
    let article = Box::leak(format!("content/articles/{SLUG}.md").into_boxed_str()) as &str;
    let annotations = Box::leak(format!("content/articles/{SLUG}.yaml").into_boxed_str()) as &str;
    let mut running = Running::start(p.path(), &["watch"]);
    let total = tree(&p.path().join("site"))
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .count();
    // Saved unchanged: the article's page is rendered again and not written, since the first
    // build's hash of it says its bytes are the same (a build that kept no hashes would
    // rewrite every page it renders).
    p.write(article, &p.read(article));
    let line = running.wait_for_line(|l| l.contains(" changed: "));
    assert!(
        line.contains(" 0 written"),
        "an unchanged save wrote pages: {line}"
    );
    let edits: Vec<(Edit, bool)> = vec![
        // (edit, whether it is one of the cheap paths: fewer pages rendered than the site has)
        (
            (
                "a typo fixed in the text",
                replace(article, "assertively", "assertively and quickly"),
            ),
            true,
        ),
        (
            (
                "a sentence added at the end",
                Box::new(move |p: &Project| {
                    p.write(
                        article,
                        &format!("{}\nA closing sentence.\n", p.read(article)),
                    );
                }),
            ),
            true,
        ),
        (
            (
                "two paragraphs swapped",
                Box::new(move |p: &Project| {
                    let text = p.read(article);
                    let body_at = text[4..].find("\n---\n").unwrap() + 9;
                    let mut paragraphs: Vec<&str> = text[body_at..].split("\n\n").collect();
                    paragraphs.swap(0, 1);
                    p.write(
                        article,
                        &format!("{}{}", &text[..body_at], paragraphs.join("\n\n")),
                    );
                }),
            ),
            true,
        ),
        (
            (
                "an annotation added",
                Box::new(move |p: &Project| {
                    let text = p.read(annotations);
                    p.write(
                        annotations,
                        &text.replacen(
                            "annotations:\n",
                            "annotations:\n  - quote: A closing sentence.\n    note: Added later.\n",
                            1,
                        ),
                    );
                }),
            ),
            false,
        ),
        (
            (
                "a note reworded",
                Box::new(move |p: &Project| {
                    let text = p.read(annotations);
                    let at = text.find("note: ").expect("a note");
                    p.write(
                        annotations,
                        &format!("{}note: Reworded. {}", &text[..at], &text[at + 6..]),
                    );
                }),
            ),
            true,
        ),
        (
            (
                // The event's quote still anchors (a dash folds to `-`), and the timeline, the
                // home page and its entities' pages show the text it now matches.
                "an event's passage retyped",
                replace(article, "Kabul from March 9-13", "Kabul from March 9–13"),
            ),
            true,
        ),
        (
            (
                // Shown on the timeline, the home page and its entities' pages too.
                "an event retitled",
                replace(
                    annotations,
                    "title: CSTO working group visits Kabul",
                    "title: CSTO working group in Kabul",
                ),
            ),
            false,
        ),
        (
            (
                "an entity description edited",
                replace(
                    "content/entities.yaml",
                    "description: ",
                    "description: Edited. ",
                ),
            ),
            true,
        ),
        (
            (
                "a template edited",
                replace(
                    "templates/base.html",
                    "</footer>",
                    "<!-- edited --></footer>",
                ),
            ),
            false,
        ),
        (
            (
                "the stylesheet edited",
                Box::new(|p: &Project| {
                    p.write(
                        "templates/static/gloss.css",
                        &format!("{}\n/* edited */\n", p.read("templates/static/gloss.css")),
                    );
                }),
            ),
            false,
        ),
        (
            (
                "a media folder made",
                Box::new(|p: &Project| {
                    p.write("content/media/readme.txt", "media");
                }),
            ),
            false,
        ),
        (
            (
                "a media file added",
                Box::new(|p: &Project| {
                    p.write("content/media/map.txt", "a map");
                }),
            ),
            true,
        ),
        (
            (
                "the media file removed",
                Box::new(|p: &Project| {
                    fs::remove_file(p.path().join("content/media/map.txt")).unwrap();
                }),
            ),
            false,
        ),
        (
            (
                "the title changed",
                replace(
                    article,
                    "title: The CSTO Moves",
                    "title: The CSTO Now Moves",
                ),
            ),
            false,
        ),
        (
            (
                "an article added",
                Box::new(|p: &Project| {
                    p.write(
                "content/articles/2007-04-02-follow-up.md",
                "---\ntitle: Follow-up\ndate: 2007-04-02\ntags: [csto]\n---\nThe CSTO met again, and [the first report](article:2007-03-15-csto-central-asia) still stands.\n",
            );
                }),
            ),
            false,
        ),
        (
            (
                "the article removed",
                Box::new(|p: &Project| {
                    fs::remove_file(p.path().join("content/articles/2007-04-02-follow-up.md"))
                        .unwrap();
                }),
            ),
            false,
        ),
        (
            (
                "the site title changed",
                replace("content/site.yaml", "title: Central", "title: The Central"),
            ),
            false,
        ),
    ];
    for ((what, edit), cheap) in edits {
        edit(&p);
        let line = running.wait_for_line(|l| l.contains(" changed: "));
        assert!(line.contains(" written"), "{what}: {line}");
        let rendered: usize = line
            .split(" changed: ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{what}: no page count in {line}"));
        if cheap {
            assert!(rendered < total, "{what} rendered the whole site: {line}");
        }
        let clean = p.path().join("clean");
        let _ = fs::remove_dir_all(&clean);
        p.gloss(&["build", "--output", "clean"]).expect(0);
        let (watched, built) = (tree(&p.path().join("site")), tree(&clean));
        let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&watched), names(&built), "{what}: different files");
        for ((name, a), (_, b)) in watched.iter().zip(&built) {
            assert!(a == b, "{what}: {name} differs from a clean build");
        }
    }
}

/// An entity's description edited renders the pages that show that entity, however the edit
/// moves the entries after it in the file: a longer description and one of the same length
/// render the same pages. (Entries compared with their positions counted every later entity
/// as edited, and a long registry rendered nearly the whole site.)
#[test]
fn an_entity_edit_renders_the_same_pages_whether_or_not_later_entries_move() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = Project::copy_of(repo, &["content", "templates"]);
    let mut running = Running::start(p.path(), &["watch"]);
    let rendered = |running: &mut Running| -> usize {
        let line = running.wait_for_line(|l| l.contains(" changed: "));
        line.split(" changed: ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no page count in {line}"))
    };
    let registry = "content/entities.yaml";
    let first = p.read(registry);
    assert!(
        first.matches("description: ").count() > 10,
        "a long registry"
    );
    // The first entry's description grows by eight bytes: every later entry moves.
    p.write(
        registry,
        &first.replacen("description: ", "description: Edited. ", 1),
    );
    let longer = rendered(&mut running);
    // The same description reworded in place: nothing after it moves.
    p.write(
        registry,
        &p.read(registry).replacen("Edited. ", "Revised ", 1),
    );
    let in_place = rendered(&mut running);
    assert_eq!(
        longer, in_place,
        "a longer description rendered other pages"
    );
    let total = tree(&p.path().join("site"))
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .count();
    assert!(longer < total, "{longer} of {total} pages rendered");
}
