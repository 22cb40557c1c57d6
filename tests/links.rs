//! Cross-links written in Markdown: `entity:id`, `article:slug`, `article:slug#a-id`.

use crate::util::Project;

fn project() -> Project {
    let p = Project::empty();
    p.write("content/entities.yaml", "csto:\n  name: CSTO\n  kind: organization\n  description: See [the report](article:b#a-kabul).\n");
    p.write(
        "content/articles/a.md",
        "---\ntitle: A\ndate: 2007-03-15\nsummary: About [the bloc](entity:csto).\n---\nThe [bloc](entity:csto) met; see\n[B](article:b) and [its visit](article:b#a-kabul).\n",
    );
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - quote: bloc\n    note: Also [B](article:b).\n",
    );
    p.write(
        "content/articles/b.md",
        "---\ntitle: B\ndate: 2007-03-16\n---\nThey went to Kabul.\n",
    );
    p.write(
        "content/articles/b.yaml",
        "annotations:\n  - id: kabul\n    quote: Kabul\n",
    );
    p
}

#[test]
fn cross_links_become_relative_urls_everywhere() {
    let p = project();
    p.gloss(&["build"]).expect(0);
    let a = p.read("site/articles/a/index.html");
    assert!(
        a.contains(r#"<a href="../../entities/csto/">"#),
        "body entity link"
    );
    assert!(
        a.contains(r#"<a href="../../articles/b/">B</a>"#),
        "body article link"
    );
    assert!(
        a.contains(r##"<a href="../../articles/b/#a-kabul">its visit</a>"##),
        "annotation link"
    );
    assert!(
        a.contains(r#"Also <a href="../../articles/b/">B</a>."#),
        "note link"
    );
    let home = p.read("site/index.html");
    assert!(
        home.contains(r#"About <a href="entities/csto/">the bloc</a>."#),
        "summary link"
    );
    let entity = p.read("site/entities/csto/index.html");
    assert!(
        entity.contains(r##"See <a href="../../articles/b/#a-kabul">the report</a>."##),
        "description link"
    );
}

#[test]
fn unknown_targets_are_errors_at_their_line() {
    let p = project();
    p.write(
        "content/articles/a.md",
        "---\ntitle: A\ndate: 2007-03-15\n---\nThe [bloc](entity:cstoo) met;\nsee [B](article:c) and [it](article:b#a-kabull).\n",
    );
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - quote: bloc\n    note: Also [B](entity:nato).\n",
    );
    let run = p.gloss(&["build"]).expect(1);
    assert!(run.stderr.contains(
        "error[broken-link]: link to unknown entity `cstoo`\n --> content/articles/a.md:5:5\n  |\n5 | The [bloc](entity:cstoo) met;\n  |     ^^^^^^^^^^^^\n  = help: did you mean `entity:csto`?\n"
    ), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error[broken-link]: link to unknown article `c`\n --> content/articles/a.md:6:5\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("error[broken-link]: article `b` has no annotation `kabull`\n --> content/articles/a.md:6:24\n"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error[broken-link]: link to unknown entity `nato`\n --> content/articles/a.yaml:3:11\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("4 errors"), "{}", run.stderr);
}

#[test]
fn autolinks_in_notes_and_summaries_are_checked_too() {
    // Notes and summaries without `[` or `<` skip the parser; these have only autolinks.
    let p = project();
    p.write(
        "content/articles/a.md",
        "---\ntitle: A\ndate: 2007-03-15\nsummary: About <entity:nothing>.\n---\nThe bloc met.\n",
    );
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - quote: bloc\n    note: Also <article:gone>.\n",
    );
    let run = p.gloss(&["build"]).expect(1);
    assert!(
        run.stderr.contains(
            "error[broken-link]: link to unknown entity `nothing`\n --> content/articles/a.md:4:"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "error[broken-link]: link to unknown article `gone`\n --> content/articles/a.yaml:3:"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn every_link_in_the_output_is_checked_after_rendering() {
    let p = project();
    p.write("content/media/map.png", "png");
    p.write(
        "content/articles/b.md",
        "---\ntitle: B\ndate: 2007-03-16\n---\nThey went to Kabul.\n\nSee [the map](../../media/map.png),\n[the chart](../../media/chart.png) and [a heading](#nowhere).\n",
    );
    // A template's links are checked too.
    p.write(
        "templates/entities.html",
        "<!doctype html><html lang=\"en\"><head><title>x</title></head><body><a href=\"../nowhere/\">x</a></body></html>",
    );
    let run = p.gloss(&["build"]).expect(1);
    assert!(
        run.stderr.contains(
            "error[broken-link]: `articles/b/index.html` links to `../../media/chart.png` (href): no such page or file in the site\n --> content/articles/b.md:8:13\n"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(
        "error[broken-link]: `articles/b/index.html` links to `#nowhere` (href): no element with that id on the page\n --> content/articles/b.md:8:52\n"
    ));
    assert!(
        run.stderr
            .contains("= help: fix the link's address in the article")
    );
    assert!(run.stderr.contains(
        "error[broken-link]: `entities/index.html` links to `../nowhere/` (href): no such page or file in the site\n --> entities/index.html\n"
    ));
    // The overriding template dropped the ids other pages link to: those links break too.
    assert!(run.stderr.contains(
        "`entities/csto/index.html` links to `../../entities/#kind-organization` (href): no element with that id on the page"
    ));
    assert!(!run.stderr.contains("map.png"), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("error[broken-link]").count(),
        4,
        "{}",
        run.stderr
    );
}
