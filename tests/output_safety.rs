//! Output safety (issue 7.2): gloss refuses output folders that are not its own, with a
//! clear error and nothing touched; a failed build — by content errors or by a write that
//! fails half-way — leaves the previous site byte for byte; and nothing outside the output
//! folder is ever deleted or written, links inside it included.

use crate::live::Running;
use crate::util::{Project, tree};
use std::fs;
use std::path::Path;

const ARTICLE: &str = "content/articles/2007-03-15-csto.md";

fn built() -> Project {
    let p = Project::fixture("bad/base");
    p.gloss(&["build"]).expect(0);
    p
}

#[test]
fn refused_output_folders_are_named_with_the_reason_and_left_alone() {
    let p = built();
    p.write("notes/mine.txt", "my own notes\n");
    p.write("a-file", "not a folder\n");
    p.write("elsewhere/content/articles/x.md", "another project\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(".", p.path().join("alias")).unwrap();
    let before = tree(p.path());
    let cases: &[(&str, &str)] = &[
        (
            ".",
            "it holds the project itself; choose a folder such as `site/`",
        ),
        (
            "..",
            "it holds the project itself; choose a folder such as `site/`",
        ),
        (
            "content",
            "it is inside `content/`, which gloss reads; choose a folder outside it, such as `site/`",
        ),
        (
            "content/media/site",
            "it is inside `content/`, which gloss reads; choose a folder outside it, such as `site/`",
        ),
        (
            "site/../content/site",
            "it is inside `content/`, which gloss reads; choose a folder outside it, such as `site/`",
        ),
        (
            "templates/site",
            "it is inside `templates/`, which gloss reads; choose a folder outside it, such as `site/`",
        ),
        (
            "elsewhere",
            "it holds `content/` or `templates/`; choose a folder of its own",
        ),
        (
            "notes",
            "it has files gloss did not write (no `.gloss-site` marker); empty it or choose another folder",
        ),
        ("a-file", "it is a file, not a folder"),
        #[cfg(unix)]
        (
            "alias",
            "it holds the project itself; choose a folder such as `site/`",
        ),
    ];
    for (output, why) in cases {
        let run = p.gloss(&["build", "--output", output]).expect(2);
        assert_eq!(
            run.stderr,
            format!("error: refusing to write the site into `{output}`: {why}\n"),
            "--output {output}"
        );
    }
    assert!(tree(p.path()) == before, "a refused build touched files");
    // The same refusal from `serve` and `watch`, before anything is written.
    let run = p.gloss(&["watch", "--output", "notes"]).expect(2);
    assert!(
        run.stderr
            .contains("refusing to write the site into `notes`"),
        "{}",
        run.stderr
    );
    assert!(tree(p.path()) == before);
}

#[test]
fn a_marker_that_is_a_link_does_not_make_a_folder_gloss_s() {
    let p = built();
    p.write("notes/mine.txt", "my own notes\n");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            p.path().join("site/.gloss-site"),
            p.path().join("notes/.gloss-site"),
        )
        .unwrap();
        let run = p.gloss(&["build", "--output", "notes"]).expect(2);
        assert!(
            run.stderr.contains("no `.gloss-site` marker"),
            "{}",
            run.stderr
        );
        assert_eq!(p.read("notes/mine.txt"), "my own notes\n");
    }
}

#[test]
fn a_build_with_errors_leaves_the_site_byte_identical() {
    let p = built();
    let site = tree(&p.path().join("site"));
    // A new article (new pages) and a change to the old one, then an error elsewhere.
    p.write(
        "content/articles/2007-04-01-next.md",
        "---\ntitle: Next\ndate: 2007-04-01\n---\nText.\n",
    );
    p.write(
        ARTICLE,
        &p.read(ARTICLE).replace("in March", "in early March"),
    );
    p.write("content/site.yaml", "title: [broken\n");
    p.gloss(&["build"]).expect(1);
    assert!(tree(&p.path().join("site")) == site);
}

/// Every folder under `dir`, relative, sorted.
fn folders(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().into())
        .collect();
    found.sort();
    found
}

#[test]
fn a_broken_link_found_after_pages_are_staged_leaves_the_site_as_it_was() {
    // Pages are written to temporary files as they are rendered; links are checked once all
    // are. A broken link must take back every staged file and every folder made for one.
    let p = built();
    let site = p.path().join("site");
    let (files, dirs) = (tree(&site), folders(&site));
    p.write(
        "content/articles/2007-04-01-next.md",
        "---\ntitle: Next\ndate: 2007-04-01\n---\nSee [the map](../../media/missing.png).\n",
    );
    p.write(
        ARTICLE,
        &p.read(ARTICLE).replace("in March", "in early March"),
    );
    let run = p.gloss(&["build"]).expect(1);
    assert!(run.stderr.contains("broken-link"), "{}", run.stderr);
    assert!(tree(&site) == files, "files changed");
    assert_eq!(folders(&site), dirs);
    // A first build that fails the same way leaves no output folder behind.
    let run = p.gloss(&["build", "--output", "fresh"]).expect(1);
    assert!(run.stderr.contains("broken-link"), "{}", run.stderr);
    assert!(!p.exists("fresh"), "a failed first build left its folder");
}

/// Makes `folder` impossible to write into, also for root (who ignores permissions): the
/// immutable attribute where the file system has it. Returns false when neither works.
#[cfg(unix)]
fn lock(folder: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(folder, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = folder.join(".probe");
    if fs::write(&probe, "").is_err() {
        return true;
    }
    let _ = fs::remove_file(&probe);
    std::process::Command::new("chattr")
        .arg("+i")
        .arg(folder)
        .status()
        .is_ok_and(|s| s.success())
        && fs::write(&probe, "").is_err()
}

#[cfg(unix)]
fn unlock(folder: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::process::Command::new("chattr")
        .arg("-i")
        .arg(folder)
        .status();
    let _ = fs::set_permissions(folder, fs::Permissions::from_mode(0o755));
}

#[cfg(unix)]
#[test]
fn a_write_that_fails_half_way_leaves_the_site_byte_identical() {
    let p = built();
    let site = p.path().join("site");
    let before = tree(&site);
    // Every page changes (the site title is on each), and a new article needs a new folder
    // in `articles/`, which cannot be written: the build stops at the write.
    p.write(
        "content/site.yaml",
        "title: A New Title\nbase_url: https://example.org/briefs/\n",
    );
    p.write(
        "content/articles/2007-04-01-next.md",
        "---\ntitle: Next\ndate: 2007-04-01\n---\nText.\n",
    );
    let articles = site.join("articles");
    if !lock(&articles) {
        unlock(&articles);
        eprintln!("skipped: cannot make a folder unwritable here");
        return;
    }
    let run = p.gloss(&["build"]);
    unlock(&articles);
    let run = run.expect(2);
    assert!(
        run.stderr
            .starts_with("error: could not write `site/articles/2007-04-01-next`: "),
        "{}",
        run.stderr
    );
    // Not one page of the new build, and no temporary file, reached the site.
    assert!(tree(&site) == before);
    // Once the folder can be written again, the build goes through.
    p.gloss(&["build"]).expect(0);
    assert!(p.read("site/index.html").contains("A New Title"));
}

#[cfg(unix)]
#[test]
fn links_inside_the_output_are_removed_never_followed() {
    use std::os::unix::fs::symlink;
    let p = built();
    let site = p.path().join("site");
    // Outside the site: files nobody may touch.
    p.write("precious/keep.txt", "keep me\n");
    p.write(
        "precious/articles/2007-03-15-csto/index.html",
        "not the site's\n",
    );
    p.write("precious.html", "mine\n");
    let outside = |p: &Project| {
        (
            tree(&p.path().join("precious")),
            fs::read(p.path().join("precious.html")).unwrap(),
        )
    };
    let before = outside(&p);
    // A link to a folder outside, a folder gloss writes replaced by a link out, a page
    // replaced by a link to a file outside, and a link where a stale file would be.
    symlink(p.path().join("precious"), site.join("extra")).unwrap();
    fs::rename(site.join("articles"), p.path().join("old-articles")).unwrap();
    symlink(p.path().join("precious"), site.join("articles")).unwrap();
    fs::remove_file(site.join("index.html")).unwrap();
    symlink(p.path().join("precious.html"), site.join("index.html")).unwrap();
    symlink(p.path().join("precious/keep.txt"), site.join("stale.txt")).unwrap();
    p.write(
        ARTICLE,
        &p.read(ARTICLE).replace("in March", "in early March"),
    );
    p.gloss(&["build"]).expect(0);
    assert_eq!(outside(&p), before, "something outside the site changed");
    for link in ["extra", "articles", "index.html", "stale.txt"] {
        assert!(!site.join(link).is_symlink(), "{link} is still a link");
    }
    assert!(!site.join("extra").exists() && !site.join("stale.txt").exists());
    assert!(
        p.read("site/articles/2007-03-15-csto/index.html")
            .contains("in early March")
    );
    assert!(p.read("site/index.html").contains("The CSTO Looks South"));
    // The site is exactly what a build into an empty folder gives.
    let fresh = built();
    fresh.write(ARTICLE, &p.read(ARTICLE));
    fresh.gloss(&["build"]).expect(0);
    assert!(tree(&site) == tree(&fresh.path().join("site")));
}

#[cfg(unix)]
#[test]
fn a_pipe_inside_the_output_neither_hangs_nor_survives() {
    let p = built();
    let pipe = p.path().join("site/index.html");
    fs::remove_file(&pipe).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    p.gloss(&["build"]).expect(0);
    assert!(p.read("site/index.html").contains("The CSTO Looks South"));
}

#[cfg(unix)]
#[test]
fn watch_never_writes_through_a_link_either() {
    use std::os::unix::fs::symlink;
    let p = built();
    p.write("precious/keep.txt", "keep me\n");
    let before = tree(&p.path().join("precious"));
    let mut watch = Running::start(p.path(), &["watch"]);
    // While watching: the article's folder becomes a link out, then the article changes, so
    // the incremental rebuild writes (only) that page.
    let page = p.path().join("site/articles/2007-03-15-csto");
    fs::remove_dir_all(&page).unwrap();
    symlink(p.path().join("precious"), &page).unwrap();
    p.write(
        ARTICLE,
        &p.read(ARTICLE).replace("in March", "in early March"),
    );
    watch.wait_for_line(|l| l.starts_with(&format!("{ARTICLE} changed")));
    drop(watch);
    assert!(tree(&p.path().join("precious")) == before);
    assert!(!page.is_symlink());
    assert!(
        p.read("site/articles/2007-03-15-csto/index.html")
            .contains("in early March")
    );
}
