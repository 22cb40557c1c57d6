//! Answers one request: a file of the output folder (with the error overlay while the last
//! build failed), the site's 404 page, a redirect, or the live-reload endpoints.

use super::Shared;
use super::resolve::{BadRequest, Target, resolve};
use std::io::Cursor;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// The live-reload script, served at [`super::resolve::LIVE_SCRIPT`].
const LIVE_JS: &str = include_str!("live.js");

/// Handles `request` completely. Errors writing to the client are the client's (it went
/// away) and are ignored.
pub fn respond(shared: &Shared, request: Request) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = text(405, "only GET and HEAD are served here\n")
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let target = resolve(&shared.output, request.url());
    let response = match target {
        Err(BadRequest(why)) => text(400, &format!("bad request: {why}\n")),
        Ok(Target::Events) => {
            if *request.method() == Method::Head {
                text(200, "").with_header(header("Content-Type", "text/event-stream"))
            } else {
                let build = shared.state().build.clone();
                shared.events.subscribe(request.into_writer(), &build);
                return;
            }
        }
        Ok(Target::LiveScript) => bytes(200, LIVE_JS.as_bytes().to_vec(), "application/javascript"),
        Ok(Target::Redirect(to)) => {
            text(301, &format!("moved to {to}\n")).with_header(header("Location", &to))
        }
        Ok(Target::File(path)) => match std::fs::read(&path) {
            Ok(body) => {
                let relative = path
                    .strip_prefix(&shared.canonical_output)
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                page(shared, 200, &relative, body, content_type(&relative))
            }
            Err(_) => not_found(shared),
        },
        Ok(Target::NotFound) => not_found(shared),
    };
    let _ = request.respond(response);
}

/// The site's own `404.html` with status 404, or a bare page before there is one.
fn not_found(shared: &Shared) -> Response<Cursor<Vec<u8>>> {
    let body = std::fs::read(shared.output.join("404.html")).unwrap_or_else(|_| {
        b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title>\
          </head><body><main><h1>Not found</h1></main></body></html>"
            .to_vec()
    });
    page(shared, 404, "404.html", body, "text/html; charset=utf-8")
}

/// A file's response; HTML gets the overlay while the last build failed.
fn page(
    shared: &Shared,
    status: u16,
    relative: &str,
    body: Vec<u8>,
    content_type: &str,
) -> Response<Cursor<Vec<u8>>> {
    let state = shared.state();
    let body = match (&state.overlay, content_type.starts_with("text/html")) {
        (Some(overlay), true) => overlay
            .apply(relative, &String::from_utf8_lossy(&body))
            .into_bytes(),
        _ => body,
    };
    bytes(status, body, content_type)
}

fn bytes(status: u16, body: Vec<u8>, content_type: &str) -> Response<Cursor<Vec<u8>>> {
    Response::from_data(body)
        // The whole body is in memory: always say its length rather than send chunks past
        // 32 KiB (tiny_http's default), so a client can tell a cut-off answer from a whole one.
        .with_chunked_threshold(usize::MAX)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        // Always fresh: the files change under the browser's feet.
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn text(status: u16, body: &str) -> Response<Cursor<Vec<u8>>> {
    bytes(
        status,
        body.as_bytes().to_vec(),
        "text/plain; charset=utf-8",
    )
}

fn header(name: &str, value: &str) -> Header {
    // Names are literals here and values come from paths we produced or checked, all ASCII
    // without line breaks; a value that is not would be replaced rather than sent.
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|()| Header::from_bytes(name.as_bytes(), &b"-"[..]).expect("ASCII"))
}

/// The `Content-Type` of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match (path, extension.to_ascii_lowercase().as_str()) {
        ("atom.xml", _) => "application/atom+xml; charset=utf-8",
        (_, "html" | "htm") => "text/html; charset=utf-8",
        (_, "css") => "text/css; charset=utf-8",
        (_, "js" | "mjs") => "application/javascript; charset=utf-8",
        (_, "json") => "application/json",
        (_, "xml") => "application/xml; charset=utf-8",
        (_, "txt" | "md") => "text/plain; charset=utf-8",
        (_, "csv") => "text/csv; charset=utf-8",
        (_, "svg") => "image/svg+xml",
        (_, "png") => "image/png",
        (_, "jpg" | "jpeg") => "image/jpeg",
        (_, "gif") => "image/gif",
        (_, "webp") => "image/webp",
        (_, "avif") => "image/avif",
        (_, "ico") => "image/x-icon",
        (_, "pdf") => "application/pdf",
        (_, "woff") => "font/woff",
        (_, "woff2") => "font/woff2",
        (_, "ttf") => "font/ttf",
        (_, "otf") => "font/otf",
        (_, "mp3") => "audio/mpeg",
        (_, "mp4") => "video/mp4",
        (_, "webm") => "video/webm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/gloss.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("media/MAP.PNG"), "image/png");
        assert_eq!(content_type("media/data.bin"), "application/octet-stream");
    }
}
