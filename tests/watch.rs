//! `gloss watch`: rebuilds on real edits — saves in place, atomic renames, new folders,
//! deletions, a `templates/` folder made later — and ignores editors' temp files.

use crate::live::Running;
use crate::util::Project;
use std::fs;

const ARTICLE: &str = "content/articles/2007-03-15-first.md";
const PAGE: &str = "site/articles/2007-03-15-first/index.html";

fn watch(p: &Project) -> Running {
    let running = Running::start(p.path(), &["watch"]);
    assert!(p.exists(PAGE), "the first build ran");
    running
}

fn changed(running: &mut Running) -> String {
    running.wait_for_line(|l| l.contains(" changed: "))
}

#[test]
fn editor_junk_is_ignored_and_an_atomic_save_rebuilds() {
    let p = Project::fixture("briefing");
    let mut running = watch(&p);
    for junk in [
        "content/articles/.2007-03-15-first.md.swp",
        "content/articles/.2007-03-15-first.md.swx",
        "content/articles/2007-03-15-first.md~",
        "content/articles/4913",
        "content/articles/#2007-03-15-first.md#",
        "content/articles/.#2007-03-15-first.md",
        "content/articles/2007-03-15-first.md___jb_tmp___",
        "content/articles/2007-03-15-first.md___jb_old___",
        "content/articles/2007-03-15-first.md.kate-swp",
        "content/.DS_Store",
    ] {
        p.write(junk, "junk");
    }
    // Then an editor's atomic save: the new text goes to a temp file renamed over the old.
    let text = p.read(ARTICLE);
    p.write(
        "content/articles/.2007-03-15-first.md.tmp",
        &format!("{text}\nSaved atomically.\n"),
    );
    fs::rename(
        p.path().join("content/articles/.2007-03-15-first.md.tmp"),
        p.path().join(ARTICLE),
    )
    .unwrap();
    // The first rebuild is the save's, and it names only the article.
    let line = changed(&mut running);
    assert!(line.starts_with(&format!("{ARTICLE} changed: ")), "{line}");
    assert!(line.contains(" rendered, 1 written, in "), "{line}");
    assert!(p.read(PAGE).contains("<p>Saved atomically.</p>"));
}

#[test]
fn new_folders_new_files_and_deletions_are_picked_up() {
    let p = Project::fixture("briefing");
    let mut running = watch(&p);
    p.write(
        "content/articles/2008/2008-01-02-later.md",
        "---\ntitle: Later\ndate: 2008-01-02\n---\nA later report.\n",
    );
    running.wait_for_line(|l| l.contains(" changed: "));
    // The new folder and its file may arrive as one burst or two: wait for the page.
    wait_until(&mut running, || {
        p.exists("site/articles/2008-01-02-later/index.html")
    });
    fs::remove_file(p.path().join("content/articles/2008/2008-01-02-later.md")).unwrap();
    wait_until(&mut running, || {
        !p.exists("site/articles/2008-01-02-later/index.html")
    });
}

#[test]
fn a_templates_folder_made_after_the_start_is_watched() {
    let p = Project::fixture("briefing");
    let mut running = watch(&p);
    assert!(!p.exists("templates"));
    fs::create_dir(p.path().join("templates")).unwrap();
    changed(&mut running);
    p.write(
        "templates/404.html",
        "<!doctype html><html lang=\"en\"><head><title>Gone</title></head><body>Gone fishing</body></html>",
    );
    wait_until(&mut running, || {
        p.read("site/404.html").contains("Gone fishing")
    });
}

#[test]
fn a_broken_build_leaves_the_site_and_the_watcher_running() {
    let p = Project::fixture("briefing");
    let mut running = watch(&p);
    let before = p.read(PAGE);
    let annotations = "content/articles/2007-03-15-first.yaml";
    let good = p.read(annotations);
    p.write(annotations, "annotations: [");
    let line = changed(&mut running);
    assert!(line.ends_with("; the site was left as it was"), "{line}");
    assert_eq!(p.read(PAGE), before);
    p.write(annotations, &good);
    p.write(ARTICLE, &format!("{}\nBack in order.\n", p.read(ARTICLE)));
    wait_until(&mut running, || p.read(PAGE).contains("Back in order."));
}

/// Reads rebuild lines until `done` holds (each rebuild is a chance for it to).
fn wait_until(running: &mut Running, mut done: impl FnMut() -> bool) {
    for _ in 0..10 {
        if done() {
            return;
        }
        changed(running);
    }
    assert!(done(), "not done after 10 rebuilds");
}
