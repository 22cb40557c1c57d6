//! Every class of content error: the exact message a person reads (file:line:col, the source
//! line, a help line), exit code 1, and the previous site left as it was.

use crate::util::{Project, tree};

/// A valid one-article project.
fn valid() -> Project {
    let p = Project::empty();
    p.write("content/site.yaml", "title: T\n");
    p.write(
        "content/entities.yaml",
        "csto:\n  name: CSTO\n  kind: organization\n",
    );
    p.write(
        "content/articles/a.md",
        "---\ntitle: A\ndate: 2007-03-15\n---\nThe CSTO met.\n",
    );
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - quote: CSTO\n    entity: csto\n",
    );
    p
}

/// Builds, expecting failure, and returns what was printed on stderr.
fn errors(p: &Project) -> String {
    let run = p.gloss(&["build"]).expect(1);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

fn assert_has(stderr: &str, expected: &str) {
    assert!(
        stderr.contains(expected),
        "expected:\n{expected}\n\nin:\n{stderr}"
    );
}

#[test]
fn malformed_yaml_in_annotations() {
    let p = valid();
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - quote: CSTO\n    entity: [csto\n",
    );
    assert_has(
        &errors(&p),
        "error[yaml]: unclosed bracket '['\n --> content/articles/a.yaml:3:13\n  |\n3 |     entity: [csto\n  |             ^\n  \
         = help: close the list with `]` (or the mapping with `}`)\n",
    );
}

#[test]
fn malformed_front_matter_points_into_the_article() {
    let p = valid();
    p.write(
        "content/articles/a.md",
        "---\ntitle: A\ndate: 2007-03-15\ntags: [a, b\n---\nThe CSTO met.\n",
    );
    assert_has(
        &errors(&p),
        "error[yaml]: unclosed bracket '['\n --> content/articles/a.md:4:7\n",
    );
}

#[test]
fn tabs_and_duplicate_keys() {
    let p = valid();
    p.write("content/site.yaml", "title: T\ntitle: U\n");
    p.write("content/entities.yaml", "csto:\n\tname: CSTO\n");
    let stderr = errors(&p);
    assert_has(
        &stderr,
        "error[yaml]: duplicate mapping key `title` is not allowed here\n --> content/site.yaml:2:1\n  |\n2 | title: U\n  | ^\n  = help: `title` is already set on line 1; each key may appear once in a mapping: remove or rename one of them\n",
    );
    assert_has(
        &stderr,
        "error[yaml]: this line is indented with a tab; YAML indents with spaces only\n --> content/entities.yaml:2:1\n",
    );
    assert_has(&stderr, "= help: indent YAML with spaces, not tabs\n");
    // One broken registry does not make every entity reference an error.
    assert!(!stderr.contains("unknown-entity"), "{stderr}");
}

#[test]
fn unknown_fields_suggest_the_known_one() {
    let p = valid();
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - quote: CSTO\n    entitiy: csto\n",
    );
    assert_has(
        &errors(&p),
        "error[unknown-field]: unknown field `entitiy` in annotation 1\n --> content/articles/a.yaml:3:5\n  |\n3 |     entitiy: csto\n  |     ^^^^^^^\n  = help: did you mean `entity`?\n",
    );
    p.write("content/site.yaml", "titel: T\n");
    assert_has(
        &errors(&p),
        "error[unknown-field]: unknown field `titel` in the site settings\n --> content/site.yaml:1:1\n",
    );
}

#[test]
fn wrong_types_and_missing_fields() {
    let p = valid();
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - quote: CSTO\n    occurrence: many\n  - note: no quote here\n  - quote: [a, b]\n",
    );
    let stderr = errors(&p);
    assert_has(
        &stderr,
        "error[wrong-type]: `occurrence` must be a number from 1 or `all`, found text\n --> content/articles/a.yaml:3:17\n",
    );
    assert_has(
        &stderr,
        "error[missing-field]: annotation 2 has no `quote`\n --> content/articles/a.yaml:4:5\n",
    );
    assert_has(
        &stderr,
        "= help: add `quote: the text as a reader sees it`\n",
    );
    assert_has(
        &stderr,
        "error[wrong-type]: `quote` must be text, found a list\n --> content/articles/a.yaml:5:12\n",
    );
}

#[test]
fn duplicate_ids_and_unknown_entities() {
    let p = valid();
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - id: x\n    quote: CSTO\n    entity: cst\n  - id: x\n    quote: met\n",
    );
    let stderr = errors(&p);
    assert_has(
        &stderr,
        "error[duplicate-id]: annotation id `x` is used twice\n --> content/articles/a.yaml:5:5\n",
    );
    assert_has(
        &stderr,
        "= help: the first is at line 2; give this one another `id`\n",
    );
    assert_has(
        &stderr,
        "error[unknown-entity]: no entity `cst` in the registry\n --> content/articles/a.yaml:4:13\n",
    );
    assert_has(&stderr, "= help: did you mean `csto`?\n");
}

#[test]
fn impossible_dates() {
    let p = valid();
    p.write(
        "content/articles/a.md",
        "---\ntitle: A\ndate: 2007-02-30\n---\nThe CSTO met.\n",
    );
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - quote: CSTO\n    entity: csto\n    date: 2007-13\n",
    );
    let stderr = errors(&p);
    assert_has(
        &stderr,
        "error[bad-date]: `2007-02-30` is not a real date: February 2007 has 28 days\n --> content/articles/a.md:3:7\n  |\n3 | date: 2007-02-30\n  |       ^^^^^^^^^^\n  = help: write the publication date as `date: YYYY-MM-DD`\n",
    );
    assert_has(
        &stderr,
        "error[bad-date]: `2007-13` has no month 13: months run from 01 to 12\n --> content/articles/a.yaml:4:11\n",
    );
}

#[test]
fn front_matter_problems() {
    let p = valid();
    p.write(
        "content/articles/a.md",
        "---\ntitle: A\ndate: 2007-03-15\nThe CSTO met.\n",
    );
    assert_has(
        &errors(&p),
        "error[unclosed-front-matter]: the front matter is never closed\n --> content/articles/a.md:1:1\n  |\n1 | ---\n  | ^^^\n  = help: add a line `---` after the last front-matter key, before the article text\n",
    );
    p.write("content/articles/a.md", "The CSTO met.\n");
    assert_has(
        &errors(&p),
        "error[no-front-matter]: the article has no front matter\n --> content/articles/a.md:1:1\n",
    );
    p.write("content/articles/a.md", "");
    assert_has(
        &errors(&p),
        "error[empty-article]: the article is empty\n --> content/articles/a.md\n",
    );
    p.write(
        "content/articles/a.md",
        "---\ntitel: A\ndate: 2007-03-15\n---\nThe CSTO met.\n",
    );
    assert_has(
        &errors(&p),
        "error[missing-field]: the front matter has no `title`\n --> content/articles/a.md:2:1\n  |\n2 | titel: A\n  | ^\n  = help: `titel` looks like a misspelling of `title`; or add `title: The Article's Title`\n",
    );
}

#[test]
fn files_that_are_not_utf8() {
    let p = valid();
    std::fs::write(
        p.path().join("content/articles/a.md"),
        b"---\ntitle: A\ndate: 2007-03-15\n---\nThe CSTO m\xe9t.\n",
    )
    .unwrap();
    assert_has(
        &errors(&p),
        "error[not-utf8]: the file is not UTF-8 text: it has the byte 0xe9 here\n --> content/articles/a.md:5:11\n  |\n5 | The CSTO m\u{fffd}t.\n  |           ^\n  = help: save the file as UTF-8 (most editors offer this under \"Save with encoding\")\n",
    );
}

#[test]
fn bom_and_crlf_simply_work() {
    let p = valid();
    p.write(
        "content/articles/a.md",
        "\u{feff}---\r\ntitle: A\r\ndate: 2007-03-15\r\n---\r\nThe CSTO\r\nmet.\r\n",
    );
    p.write(
        "content/articles/a.yaml",
        "\u{feff}annotations:\r\n  - quote: CSTO met\r\n    entity: csto\r\n",
    );
    p.gloss(&["build"]).expect(0);
    assert!(
        p.read("site/articles/a/index.html")
            .contains("data-annotation=\"1\" id=\"a-1\">CSTO\nmet</a>")
    );
}

#[test]
fn orphan_files_and_duplicate_slugs() {
    let p = valid();
    p.write("content/articles/lost.yaml", "annotations: []\n");
    p.write(
        "content/articles/sub/a.md",
        "---\ntitle: Other A\ndate: 2007-03-16\n---\nText.\n",
    );
    let stderr = errors(&p);
    assert_has(
        &stderr,
        "error[orphan-file]: annotation file without an article\n --> content/articles/lost.yaml\n  = help: annotations go beside the article they annotate, with the same name: rename it to match its `.md`, or remove it\n",
    );
    assert_has(
        &stderr,
        "error[duplicate-slug]: two articles are named `a`\n --> content/articles/sub/a.md\n",
    );
}

#[test]
fn template_errors_name_the_template_and_line() {
    let p = valid();
    p.write(
        "templates/article.html",
        "<!doctype html>\n<title>{{ page.article.title }</title>\n",
    );
    let stderr = errors(&p);
    assert_has(&stderr, "error[template]: ");
    assert_has(&stderr, " --> templates/article.html:2:");
}

#[test]
fn all_problems_are_reported_in_one_run() {
    let p = valid();
    p.write("content/site.yaml", "titel: T\n");
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - quote: CSTO\n    entity: cst\n  - quote: absent\n",
    );
    p.write("content/articles/b.md", "---\ntitle: B\n---\nNo date.\n");
    let stderr = errors(&p);
    for code in ["unknown-field", "unknown-entity", "orphan", "missing-field"] {
        assert_has(&stderr, &format!("error[{code}]"));
    }
    assert_has(&stderr, "\n4 errors");
}

#[test]
fn a_failed_build_leaves_the_previous_site_byte_identical() {
    let p = valid();
    p.gloss(&["build"]).expect(0);
    let before = tree(&p.path().join("site"));
    p.write(
        "content/articles/a.md",
        // Text that is nowhere near the quote: "The CSTO left." would now be a fuzzy match.
        "---\ntitle: A changed\ndate: 2007-03-15\n---\nNothing happened.\n",
    );
    p.write(
        "content/articles/a.yaml",
        "annotations:\n  - quote: CSTO met\n",
    );
    let stderr = errors(&p);
    assert_has(
        &stderr,
        "error: the build failed; `site` was left as it was\n",
    );
    assert_eq!(before, tree(&p.path().join("site")));
}

#[test]
fn warnings_do_not_fail_a_build_unless_strict() {
    let p = valid();
    p.write(
        "content/entities.yaml",
        "csto:\n  name: CSTO\n  kind: organization\nnato:\n  name: NATO\n",
    );
    let run = p.gloss(&["build"]).expect(0);
    assert_has(
        &run.stderr,
        "warning[unused-entity]: no annotation mentions entity `nato`\n --> content/entities.yaml:4:1\n",
    );
    p.gloss(&["check"]).expect(0);
    let run = p.gloss(&["check", "--strict"]).expect(1);
    assert_has(&run.stderr, "error[unused-entity]");
}

#[test]
fn usage_and_environment_errors_exit_2() {
    let p = Project::empty();
    let run = p.gloss(&["build"]).expect(2);
    assert_has(
        &run.stderr,
        "has no `content/` folder, so it is not a gloss project; run `gloss init <dir>` to start one, or pass `--root <project>`",
    );
    p.gloss(&["build", "--bogus"]).expect(2);
    p.gloss(&[]).expect(2);
    let p = valid();
    p.write("site/precious.txt", "not gloss's");
    let run = p.gloss(&["build"]).expect(2);
    assert_has(
        &run.stderr,
        "refusing to write the site into `site`: it has files gloss did not write",
    );
    assert_eq!(p.read("site/precious.txt"), "not gloss's");
    let run = p.gloss(&["build", "--output", "."]).expect(2);
    assert_has(&run.stderr, "it holds the project itself");
}
