//! `floor`: the least work a generator must do to publish a gloss corpus, the lower bound that
//! `benches/compare.sh` measures gloss against.
//!
//! ```text
//! cargo run --release --example floor -- --root /tmp/corpus-1000 --out /tmp/floor-1000
//! ```
//!
//! For every article `content/articles/**/<slug>.md` it reads the file, takes the `title` and
//! `date` lines of the front matter, renders the body with pulldown-cmark (the version and the
//! options gloss uses), puts the HTML into a trivial Tera 2 template and writes
//! `<out>/articles/<slug>/index.html`, in parallel across articles with rayon, as gloss does.
//! Nothing else: no YAML parsing, no annotations, no anchoring, no cross-references, no other
//! pages, no atomic or skip-if-unchanged writes. Whatever gloss spends beyond this is the price
//! of its features, which is what the gloss/floor CPU ratio shows.
//!
//! It prints `Wrote N pages to DIR in T ms` to stderr.

use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use pulldown_cmark::{Options, Parser};
use tera::{Context, Tera};

/// As small as a valid page can be; the `.html` name turns Tera's autoescaping on for the title,
/// and `safe` lets the rendered body through unescaped.
const TEMPLATE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><article>
<h1>{{ title }}</h1>
<p><time>{{ date }}</time></p>
{{ body | safe }}
</article></body>
</html>
"#;

/// gloss's Markdown options (src/markdown/mod.rs): CommonMark plus tables, footnotes,
/// strikethrough and heading ids; kept equal so both parse exactly the same way.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

struct Args {
    root: PathBuf,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut root = None;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{arg} needs a value"))
        };
        match arg.as_str() {
            "--root" => root = Some(value()?),
            "--out" => out = Some(value()?),
            "-h" | "--help" => return Err(String::new()),
            _ => return Err(format!("unknown argument `{arg}`")),
        }
    }
    Ok(Args {
        root: root.ok_or("--root DIR is required")?,
        out: out.ok_or("--out DIR is required")?,
    })
}

fn main() -> ExitCode {
    let started = Instant::now();
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("usage: floor --root CORPUS --out DIR");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(pages) => {
            eprintln!(
                "Wrote {pages} pages to {} in {} ms",
                args.out.display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<usize, String> {
    let mut tera = Tera::new();
    tera.add_raw_template("article.html", TEMPLATE)
        .map_err(|e| format!("template: {e}"))?;

    // Listing the folder is sequential, as in gloss; the per-article work is parallel.
    let mut sources = Vec::new();
    for entry in walkdir::WalkDir::new(args.root.join("content/articles")) {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            sources.push(entry.into_path());
        }
    }
    let articles = args.out.join("articles");
    sources
        .par_iter()
        .map(|source| publish(&tera, source, &articles))
        .collect::<Result<Vec<()>, String>>()?;
    Ok(sources.len())
}

/// Reads, renders and writes one article.
fn publish(tera: &Tera, source: &Path, articles: &Path) -> Result<(), String> {
    let error = |e: &dyn std::fmt::Display| format!("{}: {e}", source.display());
    let markdown = fs::read_to_string(source).map_err(|e| error(&e))?;
    let (front, body) = split_front_matter(&markdown).ok_or_else(|| error(&"no front matter"))?;

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(body, options()));

    let mut context = Context::new();
    context.insert("title", field(front, "title"));
    context.insert("date", field(front, "date"));
    context.insert("body", &html);
    let page = tera
        .render("article.html", &context)
        .map_err(|e| error(&e))?;

    let slug = source
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or_else(|| error(&"not a UTF-8 file name"))?;
    let dir = articles.join(slug);
    fs::create_dir_all(&dir).map_err(|e| error(&e))?;
    fs::write(dir.join("index.html"), page).map_err(|e| error(&e))
}

/// The front matter (without its `---` lines) and the Markdown body after it.
fn split_front_matter(markdown: &str) -> Option<(&str, &str)> {
    let rest = markdown.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some((&rest[..end + 1], &rest[end + 5..]))
}

/// The value of a one-line `key: value` of the front matter, without surrounding quotes. Not a
/// YAML parser: escapes inside quotes stay as written, which is fine for a lower bound.
fn field<'a>(front: &'a str, key: &str) -> &'a str {
    front
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .map(|value| value.trim().trim_matches('"'))
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_reads_fields() {
        let md = "---\ntitle: \"A: B\"\ndate: 2010-01-02\n---\nBody *text*.\n";
        let (front, body) = split_front_matter(md).unwrap();
        assert_eq!(field(front, "title"), "A: B");
        assert_eq!(field(front, "date"), "2010-01-02");
        assert_eq!(field(front, "author"), "");
        assert_eq!(body, "Body *text*.\n");
        assert!(split_front_matter("Body only").is_none());
    }
}
