//! `gloss serve`: pages, types and statuses, live reload after an edit, the error overlay,
//! and requests that try to leave the site.

use crate::live::{PATIENCE, Running, request, send};
use crate::util::Project;
use std::time::Instant;

const ARTICLE: &str = "content/articles/2007-03-15-first.md";
const ANNOTATIONS: &str = "content/articles/2007-03-15-first.yaml";
const PAGE: &str = "/articles/2007-03-15-first/";

fn serve(p: &Project) -> Running {
    Running::start(p.path(), &["serve", "--port", "0"])
}

#[test]
fn serves_pretty_urls_with_types_statuses_and_head() {
    let p = Project::fixture("briefing");
    let server = serve(&p);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body
            .contains(r#"<script src="/__gloss/live.js"></script>"#)
    );
    let page = server.get(PAGE);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("CSTO</a> met in "));
    let bare = server.get(PAGE.trim_end_matches('/'));
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("Location"), Some(PAGE));
    let css = server.get("/static/gloss.css");
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert_eq!(server.get("/media/note.txt").status, 200);
    assert_eq!(
        server.get("/atom.xml").header("Content-Type"),
        Some("application/atom+xml; charset=utf-8")
    );
    assert!(
        server
            .get("/__gloss/live.js")
            .body
            .contains("new EventSource")
    );
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body, serve_file(&server, "404.html"));
    let head = request(&server.address, "HEAD / HTTP/1.1\r\nHost: t\r\n\r\n");
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("Content-Length").map(str::to_string),
        Some(home.body.len().to_string())
    );
    assert!(head.body.is_empty());
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "TRACE"] {
        let r = request(
            &server.address,
            &format!("{method} / HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"),
        );
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("Allow"), Some("GET, HEAD"));
    }
    // Serving builds elsewhere: the project's own `site/` is not created.
    assert!(!p.exists("site"));
}

/// The bytes of an output file as the server has it, through the server.
fn serve_file(server: &Running, path: &str) -> String {
    let file = server.get(&format!("/{path}"));
    assert_eq!(file.status, 200);
    file.body
}

#[test]
fn an_edit_reloads_the_pages_it_changed() {
    let p = Project::fixture("briefing");
    let mut server = serve(&p);
    let mut events = server.events();
    let hello = events.next_named("hello");
    let first_build = hello.data["build"].as_str().unwrap().to_string();
    let text = p.read(ARTICLE);
    p.write(
        ARTICLE,
        &format!("{text}\nA sentence the analyst just added.\n"),
    );
    let started = Instant::now();
    let reload = events.next_named("reload");
    assert!(started.elapsed() < PATIENCE);
    assert_ne!(reload.data["build"].as_str().unwrap(), first_build);
    let paths: Vec<&str> = reload.data["paths"]
        .as_array()
        .expect("the changed pages are listed")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(
        paths.contains(&"articles/2007-03-15-first/index.html"),
        "{paths:?}"
    );
    assert!(!paths.contains(&"timeline/index.html"), "{paths:?}");
    assert!(
        server
            .get(PAGE)
            .body
            .contains("<p>A sentence the analyst just added.</p>")
    );
    let line = server.wait_for_line(|l| l.contains("changed"));
    assert!(
        line.starts_with(&format!("{ARTICLE} changed: "))
            && line.contains(" rendered, 1 written, in "),
        "{line}"
    );
}

#[test]
fn a_broken_file_shows_the_overlay_on_the_last_good_pages_until_fixed() {
    let p = Project::fixture("briefing");
    let mut server = serve(&p);
    let mut events = server.events();
    events.next_named("hello");
    let good = p.read(ANNOTATIONS);
    p.write(
        ANNOTATIONS,
        &good.replacen("  - quote: CSTO", "  - quote: [CSTO", 1),
    );
    let reload = events.next_named("reload");
    assert!(reload.data["paths"].is_null(), "every page must reload");
    let page = server.get(PAGE);
    assert_eq!(page.status, 200);
    // The last good page, with the errors over it.
    assert!(page.body.contains("CSTO</a> met in "));
    assert!(
        page.body
            .contains(r#"<div id="gloss-overlay" role="alertdialog""#)
    );
    assert!(
        page.body.contains(&format!("{ANNOTATIONS}:3:11")),
        "{}",
        page.body
    );
    assert!(page.body.contains("= help:"));
    // Every page, the 404 page included.
    assert!(server.get("/").body.contains("gloss-overlay"));
    assert!(server.get("/nowhere/").body.contains("gloss-overlay"));
    server.wait_for_line(|l| l.contains("the site was left as it was"));
    // Fixed: the overlay goes.
    p.write(ANNOTATIONS, &good);
    let reload = events.next_named("reload");
    assert!(reload.data["paths"].is_null());
    let page = server.get(PAGE);
    assert!(!page.body.contains("gloss-overlay"));
    assert!(page.body.contains("CSTO</a> met in "));
}

#[test]
fn notes_that_lost_their_place_are_listed_at_the_end_of_their_article() {
    let p = Project::fixture("briefing");
    let server = serve(&p);
    let mut events = server.events();
    events.next_named("hello");
    let text = p.read(ARTICLE);
    p.write(
        ARTICLE,
        &text.replace("NATO keeps over 40,000 troops", "NATO keeps many troops"),
    );
    events.next_named("reload");
    let page = server.get(PAGE).body;
    let orphans = page
        .find(r#"<section id="gloss-orphans""#)
        .expect("orphans listed");
    assert!(orphans < page.find("</main>").unwrap());
    assert!(
        page[orphans..].contains("<q>over 40,000 troops</q>"),
        "{page}"
    );
    assert!(page[orphans..].contains(ANNOTATIONS));
    assert!(!server.get("/").body.contains(r#"id="gloss-orphans""#));
}

#[test]
fn requests_for_anything_outside_the_site_are_refused() {
    let p = Project::fixture("briefing");
    p.write("secret.txt", "do not serve");
    let server = serve(&p);
    #[cfg(unix)]
    {
        let output = server_output(&p);
        std::os::unix::fs::symlink(p.path().join("secret.txt"), output.join("leak.txt")).unwrap();
        assert_eq!(server.get("/leak.txt").status, 404);
    }
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/index.html%00",
        "//etc/passwd",
        "http://127.0.0.1/../secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
    ] {
        let r = request(
            &server.address,
            &format!("GET {target} HTTP/1.1\r\nHost: t\r\n\r\n"),
        );
        assert!(r.status == 400 || r.status == 404, "{target}: {}", r.status);
        assert!(!r.body.contains("do not serve"), "{target}");
    }
    // Nonsense instead of a request gets nothing from the site, and the server goes on.
    let garbage = send(&server.address, b"\x00\x01\x02 not http\r\n\r\n");
    assert!(!String::from_utf8_lossy(&garbage).contains("do not serve"));
    assert_eq!(server.get("/").status, 200);
}

/// Where `serve` builds for the project (under the `TMPDIR` the harness gave it).
#[cfg(unix)]
fn server_output(p: &Project) -> std::path::PathBuf {
    std::fs::read_dir(p.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|d| {
            d.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("gloss-serve-"))
        })
        .expect("serve's output folder")
}

#[test]
fn a_taken_port_is_named_with_a_free_one() {
    let p = Project::fixture("briefing");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = p.gloss(&["serve", "--port", &port]).expect(2);
    assert!(
        run.stderr
            .contains(&format!("port {port} on 127.0.0.1 is taken")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("is free: `gloss serve --port "),
        "{}",
        run.stderr
    );
}

#[test]
fn only_served_pages_load_the_live_reload_script() {
    let p = Project::fixture("briefing");
    p.gloss(&["build"]).expect(0);
    for (path, _) in crate::util::tree(&p.path().join("site")) {
        if path.ends_with(".html") {
            assert!(
                !p.read(&format!("site/{path}")).contains("__gloss"),
                "{path}"
            );
        }
    }
}

#[test]
fn a_restarted_server_announces_a_new_build_so_pages_reload() {
    let p = Project::fixture("briefing");
    let first = serve(&p);
    let port = first.address.rsplit(':').next().unwrap().to_string();
    let before = first.events().next_named("hello").data["build"].clone();
    drop(first);
    // The same port again, as after Ctrl-C and a new `gloss serve`; pages reconnect there.
    let second = Running::start(p.path(), &["serve", "--port", &port]);
    let after = second.events().next_named("hello").data["build"].clone();
    assert!(before.is_string() && after.is_string());
    assert_ne!(before, after);
}
