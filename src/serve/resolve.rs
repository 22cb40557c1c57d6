//! Maps a request target to a file of the output folder — and refuses anything that could
//! reach outside it: `..` in any spelling, encoded slashes, backslashes, NUL, absolute URLs,
//! symbolic links that point out.

use std::path::{Path, PathBuf};

/// Where the dev server's own endpoints live; no page of a site can be there (folders
/// starting with `_` are not slugs gloss writes).
pub const EVENTS: &str = "/__gloss/events";
pub const LIVE_SCRIPT: &str = "/__gloss/live.js";

/// The longest request target accepted; real pages are far shorter.
const MAX_TARGET: usize = 2048;

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file inside the output folder (canonical path).
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect, so relative links resolve.
    Redirect(String),
    /// The live-reload event stream.
    Events,
    /// The live-reload script.
    LiveScript,
    /// Nothing there (or nothing a browser may see: hidden files, links out).
    NotFound,
}

/// Why a request target was refused outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadRequest(pub &'static str);

/// Resolves `target` (the request line's second word) against `output`.
pub fn resolve(output: &Path, target: &str) -> Result<Target, BadRequest> {
    if target.len() > MAX_TARGET {
        return Err(BadRequest("the address is too long"));
    }
    // Only origin-form (`/path?query`): no `http://host/…`, no `*`.
    if !target.starts_with('/') || target.starts_with("//") {
        return Err(BadRequest(
            "the address must be a path starting with one `/`",
        ));
    }
    let path = target.split(['?', '#']).next().unwrap_or_default();
    match path {
        EVENTS => return Ok(Target::Events),
        LIVE_SCRIPT => return Ok(Target::LiveScript),
        _ => {}
    }
    let raw_segments: Vec<&str> = path[1..].split('/').collect();
    let mut segments = Vec::with_capacity(raw_segments.len());
    for raw in &raw_segments {
        let segment = percent_decode(raw)?;
        if segment.contains(['/', '\\', '\0']) {
            return Err(BadRequest(
                "the address holds an encoded slash, backslash or NUL",
            ));
        }
        if segment == ".." || segment == "." {
            return Err(BadRequest("the address climbs out of the site"));
        }
        segments.push(segment);
    }
    let (last, folders) = segments
        .split_last()
        .expect("split gives one piece at least");
    if folders.iter().any(String::is_empty) {
        return Err(BadRequest("the address has an empty segment (`//`)"));
    }
    if segments.iter().any(|s| s.starts_with('.')) {
        return Ok(Target::NotFound);
    }
    let mut file = output.to_path_buf();
    file.extend(folders);
    if last.is_empty() {
        file.push("index.html");
    } else if file.join(last).is_dir() {
        file.push(last);
        if !file.join("index.html").is_file() {
            return Ok(Target::NotFound);
        }
        return Ok(Target::Redirect(format!("{path}/")));
    } else {
        file.push(last);
    }
    Ok(inside(output, &file).map_or(Target::NotFound, Target::File))
}

/// `file`, canonical, when it is a regular file inside `output` after every link is followed.
fn inside(output: &Path, file: &Path) -> Option<PathBuf> {
    let root = output.canonicalize().ok()?;
    let real = file.canonicalize().ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

/// Decodes `%XX` escapes; the result must be UTF-8.
fn percent_decode(segment: &str) -> Result<String, BadRequest> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or(BadRequest("the address has a malformed `%` escape"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| BadRequest("the address is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("site/articles/a b")).unwrap();
        fs::write(root.join("site/index.html"), "home").unwrap();
        fs::write(root.join("site/articles/a b/index.html"), "a").unwrap();
        fs::write(root.join("site/.gloss-site"), "marker").unwrap();
        fs::write(root.join("secret.txt"), "secret").unwrap();
        dir
    }

    fn file(dir: &tempfile::TempDir, rel: &str) -> Target {
        Target::File(dir.path().join("site").join(rel).canonicalize().unwrap())
    }

    #[test]
    fn pretty_urls_and_files() {
        let dir = site();
        let out = dir.path().join("site");
        assert_eq!(resolve(&out, "/"), Ok(file(&dir, "index.html")));
        assert_eq!(
            resolve(&out, "/index.html?x=1"),
            Ok(file(&dir, "index.html"))
        );
        assert_eq!(
            resolve(&out, "/articles/a%20b/"),
            Ok(file(&dir, "articles/a b/index.html"))
        );
        assert_eq!(
            resolve(&out, "/articles/a%20b"),
            Ok(Target::Redirect("/articles/a%20b/".into()))
        );
        assert_eq!(resolve(&out, "/nope/"), Ok(Target::NotFound));
        assert_eq!(resolve(&out, "/articles/"), Ok(Target::NotFound));
        assert_eq!(resolve(&out, "/.gloss-site"), Ok(Target::NotFound));
        assert_eq!(resolve(&out, EVENTS), Ok(Target::Events));
        assert_eq!(resolve(&out, LIVE_SCRIPT), Ok(Target::LiveScript));
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        let dir = site();
        let out = dir.path().join("site");
        for target in [
            "/../secret.txt",
            "/articles/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%2Fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/index.html%00.txt",
            "/%zz",
            "/%c0%ae%c0%ae/secret.txt",
            "http://example.org/index.html",
            "//etc/passwd",
            "*",
            "secret.txt",
        ] {
            assert!(resolve(&out, target).is_err(), "{target} was not refused");
        }
        let long = format!("/{}", "a/".repeat(MAX_TARGET));
        assert!(resolve(&out, &long).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn links_pointing_out_of_the_site_are_not_followed() {
        let dir = site();
        let out = dir.path().join("site");
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), out.join("up")).unwrap();
        assert_eq!(resolve(&out, "/leak.txt"), Ok(Target::NotFound));
        assert_eq!(resolve(&out, "/up/secret.txt"), Ok(Target::NotFound));
    }
}
