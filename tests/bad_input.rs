//! The bad-input suite (issue 7): every kind of broken content a person can produce, each one
//! a fixture project under `tests/fixtures/bad/<case>/`. A case builds the good `base`
//! project first, then replaces its `content/` with the case's and builds again, asserting
//! the whole of what gloss prints (`expected.stderr` beside the case: file:line:col, the
//! source line, a help line), exit code 1, no panic, and the first build's site left byte
//! for byte. Inputs that cannot sensibly be committed — a 50 MB article, Markdown nested
//! 10,000 deep, bytes that are not UTF-8, links that loop, unreadable files — are made by
//! the tests here. `GLOSS_BLESS=1 cargo test bad_input` rewrites the `expected.stderr` files
//! after a deliberate change of wording (then read the diff).

use crate::util::{Project, Run, copy_dir, fixtures, tree};
use std::fs;
use std::path::Path;

/// The good project every case starts from.
fn base() -> Project {
    let p = Project::fixture("bad/base");
    p.gloss(&["build"]).expect(0);
    p
}

/// Builds again after `break_it` changed the project: the build fails with exit code 1,
/// without a panic, and the site is exactly what the good build wrote. Returns stderr.
fn fails_keeping_the_site(p: &Project, break_it: impl FnOnce(&Path)) -> String {
    let site = p.path().join("site");
    let before = tree(&site);
    assert!(!before.is_empty());
    break_it(p.path());
    let run = p.gloss(&["build"]);
    assert_no_panic(&run);
    let run = run.expect(1);
    assert!(
        run.stderr
            .ends_with("error: the build failed; `site` was left as it was\n"),
        "{}",
        run.stderr
    );
    assert!(tree(&site) == before, "the failed build changed the site");
    run.stderr
}

fn assert_no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "{}",
        run.stderr
    );
}

/// Runs the committed case `name`: its `content/` replaces the base's, and stderr must be
/// `expected.stderr` exactly.
fn case(name: &str) {
    let dir = fixtures().join("bad").join(name);
    let p = base();
    let stderr = fails_keeping_the_site(&p, |root| {
        fs::remove_dir_all(root.join("content")).expect("remove the good content");
        copy_dir(&dir.join("content"), &root.join("content"));
    });
    let expected_path = dir.join("expected.stderr");
    if std::env::var_os("GLOSS_BLESS").is_some() {
        fs::write(&expected_path, &stderr).expect("bless");
    }
    let expected = fs::read_to_string(&expected_path).expect("expected.stderr");
    assert_eq!(stderr, expected, "case `{name}`");
}

/// One test per committed case, named after its folder.
macro_rules! cases {
    ($($test:ident => $folder:literal,)*) => {$(
        #[test]
        fn $test() {
            case($folder);
        }
    )*};
}

cases! {
    malformed_yaml_in_front_matter => "yaml-front-matter",
    malformed_yaml_in_annotations => "yaml-annotations",
    malformed_yaml_in_the_registry => "yaml-registry",
    malformed_yaml_in_site_settings => "yaml-site",
    tabs_in_yaml_indentation => "tab-indentation",
    unknown_fields_with_did_you_mean => "unknown-field",
    wrong_types => "wrong-type",
    duplicate_annotation_ids => "duplicate-id",
    duplicate_keys_and_entity_ids => "duplicate-key",
    missing_required_fields => "missing-field",
    unknown_entity_reference => "unknown-entity",
    unknown_article_reference => "unknown-article",
    impossible_dates => "impossible-date",
    front_matter_never_closed => "unclosed-front-matter",
    no_front_matter => "no-front-matter",
    empty_article => "empty-article",
    annotation_file_without_article => "annotation-file-without-article",
    two_articles_with_one_slug => "duplicate-slug",
    yaml_alias_bomb => "alias-bomb",
    yaml_nested_too_deep => "yaml-too-deep",
}

const ARTICLE: &str = "content/articles/2007-03-15-csto.md";
const ANNOTATIONS: &str = "content/articles/2007-03-15-csto.yaml";

#[test]
fn every_committed_case_is_run() {
    let mut folders: Vec<String> = fs::read_dir(fixtures().join("bad"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("expected.stderr").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let source = include_str!("bad_input.rs");
    for folder in folders {
        assert!(
            source.contains(&format!("=> \"{folder}\",")),
            "tests/fixtures/bad/{folder} has no test"
        );
    }
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_simply_work() {
    let dir = fixtures().join("bad").join("bom-and-crlf");
    // Every file of the case starts with a BOM and ends its lines with CRLF (the checkout kept
    // the bytes: see tests/fixtures/bad/.gitattributes).
    for (path, bytes) in tree(&dir) {
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "{path}");
        assert!(bytes.ends_with(b"\r\n"), "{path}");
        assert!(
            !bytes.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'),
            "{path}"
        );
    }
    let good = Project::fixture("bad/base");
    good.gloss(&["build"]).expect(0);
    let p = Project::fixture("bad/bom-and-crlf");
    let run = p.gloss(&["build"]).expect(0);
    assert_eq!(run.stderr, "");
    // Not a byte of the site differs from the one built from LF files without a BOM.
    assert!(tree(&p.path().join("site")) == tree(&good.path().join("site")));
}

#[test]
fn a_file_that_is_not_utf8() {
    let p = base();
    let stderr = fails_keeping_the_site(&p, |root| {
        let mut text = fs::read(root.join(ARTICLE)).unwrap();
        // "Kabul" written in Latin-1 with an accent: `Kábul`.
        let at = text.windows(5).position(|w| w == b"Kabul").unwrap();
        text.splice(at + 1..at + 2, [0xe1]);
        fs::write(root.join(ARTICLE), text).unwrap();
    });
    assert_eq!(
        stderr,
        "error[not-utf8]: the file is not UTF-8 text: it has the byte 0xe1 here\n \
         --> content/articles/2007-03-15-csto.md:6:35\n  |\n\
         6 | The CSTO sent a working group to K\u{fffd}bul in March.\n  \
         |                                   ^\n  \
         = help: save the file as UTF-8 (most editors offer this under \"Save with encoding\")\n\n\
         1 error\nerror: the build failed; `site` was left as it was\n"
    );
}

/// An article at `ARTICLE` whose body is `body`.
fn write_body(root: &Path, body: &str) {
    let text = fs::read_to_string(root.join(ARTICLE)).unwrap();
    let front_end = text.match_indices("---\n").nth(1).unwrap().0 + 4;
    fs::write(root.join(ARTICLE), format!("{}{body}", &text[..front_end])).unwrap();
}

#[test]
fn markdown_nested_ten_thousand_levels_deep_builds() {
    let p = base();
    const DEEP: usize = 10_000;
    let body = format!(
        "The CSTO sent a working group to Kabul in March.\n\n{}quoted deep\n\n{}listed deep\n\n\
         {}emphasised deep{}\n\n{}linked deep{}\n\nIt will report to the [bloc](entity:csto).\n",
        "> ".repeat(DEEP),
        "- ".repeat(DEEP),
        "*a ".repeat(DEEP),
        "*".repeat(DEEP),
        "[".repeat(DEEP),
        "](https://example.org/)".repeat(DEEP),
    );
    write_body(p.path(), &body);
    // Deep notes and descriptions too: they are Markdown, rendered apart from the body.
    let deep_note = format!("\"{}deep note\"", "> ".repeat(DEEP));
    let annotations = p.read(ANNOTATIONS).replace(
        "note: The first visit since 2002.",
        &format!("note: {deep_note}"),
    );
    p.write(
        ANNOTATIONS,
        &format!("{annotations}  - quote: quoted deep\n    note: {deep_note}\n"),
    );
    let entities = p.read("content/entities.yaml").replace(
        "description: A Russia-led military alliance.",
        &format!("description: \"{}deep description\"", "- ".repeat(DEEP)),
    );
    p.write("content/entities.yaml", &entities);
    let run = p.gloss(&["build"]);
    assert_no_panic(&run);
    run.expect(0);
    let page = p.read("site/articles/2007-03-15-csto/index.html");
    assert!(page.ends_with("</html>\n"));
    for text in [
        "quoted deep",
        "listed deep",
        "emphasised deep",
        "linked deep",
        "deep note",
    ] {
        assert!(page.contains(text), "{text}");
    }
    assert!(page.contains("data-annotation=\"3\" id=\"a-3\">quoted deep</mark>"));
    assert!(
        p.read("site/entities/csto/index.html")
            .contains("deep description")
    );
}

#[test]
fn a_fifty_megabyte_article_builds() {
    let p = base();
    let paragraph = "The Russia-led Collective Security Treaty Organization is moving \
                     assertively to expand its strategic influence in Central Asia.\n";
    let mut body = String::from("The CSTO sent a working group to Kabul in March.\n\n");
    while body.len() < 50 * 1024 * 1024 {
        body.push_str(paragraph);
        body.push_str(paragraph);
        body.push('\n');
    }
    body.push_str("It will report to the [bloc](entity:csto) in April.\n");
    write_body(p.path(), &body);
    let run = p.gloss(&["build"]);
    assert_no_panic(&run);
    run.expect(0);
    let page = fs::read(p.path().join("site/articles/2007-03-15-csto/index.html")).unwrap();
    assert!(page.len() > 50 * 1024 * 1024);
    assert!(page.ends_with(b"</html>\n"));
    let head = String::from_utf8_lossy(&page[..page.len().min(64 * 1024)]);
    assert!(head.contains("id=\"a-visit\">sent a working group to Kabul</mark>"));
}

#[cfg(unix)]
#[test]
fn a_link_that_loops_back_under_content() {
    let p = base();
    let stderr = fails_keeping_the_site(&p, |root| {
        let archive = root.join("content/articles/archive");
        fs::create_dir_all(&archive).unwrap();
        std::os::unix::fs::symlink("..", archive.join("again")).unwrap();
        let media = root.join("content/media");
        fs::create_dir_all(&media).unwrap();
        std::os::unix::fs::symlink(&media, media.join("self")).unwrap();
    });
    assert_eq!(
        stderr,
        "error[link-loop]: `content/articles/archive/again` is a link back to `content/articles`, \
         a folder that contains it\n \
         --> content/articles/archive/again\n  \
         = help: following it would never end: remove the link, or point it at a folder outside this one\n\n\
         error[link-loop]: `content/media/self` is a link back to `content/media`, a folder that contains it\n \
         --> content/media/self\n  \
         = help: following it would never end: remove the link, or point it at a folder outside this one\n\n\
         2 errors\nerror: the build failed; `site` was left as it was\n"
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_nothing() {
    let p = base();
    let stderr = fails_keeping_the_site(&p, |root| {
        std::os::unix::fs::symlink(
            "drafts/2007-03-16-gone.md",
            root.join("content/articles/2007-03-16-gone.md"),
        )
        .unwrap();
    });
    assert_eq!(
        stderr,
        "error[unreadable]: `content/articles/2007-03-16-gone.md` is a link to \
         `drafts/2007-03-16-gone.md`, which does not exist\n \
         --> content/articles/2007-03-16-gone.md\n  \
         = help: remove the link or restore its target\n\n\
         1 error\nerror: the build failed; `site` was left as it was\n"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let p = base();
    let path = p.path().join(ANNOTATIONS);
    let stderr = fails_keeping_the_site(&p, |_| {
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(&path).is_ok() {
            // Run as root, which reads any file: make it a link to a file nobody can read
            // from the start instead (reading /proc/self/mem there fails with EIO).
            fs::remove_file(&path).unwrap();
            std::os::unix::fs::symlink("/proc/self/mem", &path).unwrap();
        }
    });
    let privileged = path.is_symlink();
    let (reason, help) = if privileged {
        (
            "input/output error",
            "check that the file is readable, or remove it",
        )
    } else {
        (
            "permission denied",
            "gloss may not read it: give yourself read access (`chmod u+r content/articles/2007-03-15-csto.yaml`)",
        )
    };
    assert_eq!(
        stderr,
        format!(
            "error[unreadable]: could not read `content/articles/2007-03-15-csto.yaml`: {reason}\n \
             --> content/articles/2007-03-15-csto.yaml\n  = help: {help}\n\n\
             1 error\nerror: the build failed; `site` was left as it was\n"
        )
    );
    // Readable again, it builds (and the temporary folder can be removed).
    if !privileged {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn a_pipe_or_a_folder_where_a_file_belongs_is_refused_without_waiting() {
    let p = base();
    let stderr = fails_keeping_the_site(&p, |root| {
        let site_yaml = root.join("content/site.yaml");
        fs::remove_file(&site_yaml).unwrap();
        // Reading a named pipe would wait for a writer forever.
        let made = std::process::Command::new("mkfifo")
            .arg(&site_yaml)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        fs::remove_file(root.join(ANNOTATIONS)).unwrap();
        fs::create_dir(root.join(ANNOTATIONS)).unwrap();
    });
    assert_eq!(
        stderr,
        "error[not-a-file]: `content/articles/2007-03-15-csto.yaml` is a folder\n \
         --> content/articles/2007-03-15-csto.yaml\n  \
         = help: gloss reads this name as a text file: rename or remove what is there\n\n\
         error[not-a-file]: `content/site.yaml` is not a regular file (a pipe, socket or device)\n \
         --> content/site.yaml\n  \
         = help: gloss reads this name as a text file: rename or remove what is there\n\n\
         2 errors\nerror: the build failed; `site` was left as it was\n"
    );
}
