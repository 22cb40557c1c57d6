//! `gloss init` makes a project that builds clean; `gloss new` starts an article that does too.

use crate::util::{Project, gloss_in};

#[test]
fn init_then_build_then_new_then_build() {
    let p = Project::empty();
    let run = p.gloss(&["init", "brief"]).expect(0);
    assert!(run.stdout.contains("Created a gloss project in brief"));
    let dir = p.path().join("brief");
    let run = gloss_in(&dir, &["build"]).expect(0);
    assert!(
        run.stderr.is_empty(),
        "the example has no warnings: {}",
        run.stderr
    );
    assert!(run.stdout.starts_with("Built "));
    let run = gloss_in(&dir, &["new", "2007-03-15-csto-summit"]).expect(0);
    assert!(
        run.stdout
            .contains("content/articles/2007-03-15-csto-summit.md")
    );
    let article =
        std::fs::read_to_string(dir.join("content/articles/2007-03-15-csto-summit.md")).unwrap();
    assert!(article.starts_with("---\ntitle: Csto Summit\ndate: "));
    gloss_in(&dir, &["build"]).expect(0);
    assert!(
        dir.join("site/articles/2007-03-15-csto-summit/index.html")
            .exists()
    );
}

#[test]
fn neither_ever_overwrites() {
    let p = Project::empty();
    p.write("brief/notes.txt", "mine");
    let run = p.gloss(&["init", "brief"]).expect(2);
    assert!(run.stderr.contains("is not empty"));
    assert_eq!(p.read("brief/notes.txt"), "mine");
    p.gloss(&["init", "fresh"]).expect(0);
    let dir = p.path().join("fresh");
    let run = gloss_in(&dir, &["new", "welcome"]).expect(2);
    assert!(
        run.stderr
            .contains("an article named `welcome` already exists"),
        "{}",
        run.stderr
    );
    let run = gloss_in(&dir, &["new", "Bad Slug"]).expect(2);
    assert!(
        run.stderr
            .contains("use lowercase letters, digits and `-`, e.g. `bad-slug`"),
        "{}",
        run.stderr
    );
}
