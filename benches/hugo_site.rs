//! `hugo-site`: turns a gloss corpus (from `gen-corpus`) into its Hugo twin, a plain Hugo site
//! with the same articles, so that `benches/compare.sh` can time Hugo on the same content.
//!
//! ```text
//! cargo run --release --example hugo-site -- --corpus /tmp/corpus-1000 --out /tmp/hugo-1000
//! hugo --source /tmp/hugo-1000 --destination /tmp/hugo-1000-public
//! ```
//!
//! The twin holds, for every article `content/articles/**/<slug>.md` of the corpus, a page
//! `content/articles/<slug>.md` (so Hugo writes it to `articles/<slug>/index.html`, where gloss
//! writes it too) with Hugo front matter: the article's own `title` and `date` lines, and
//! `tags`: the entity ids its annotation file names. Each entity therefore becomes a Hugo term
//! page (`tags/<id>/index.html`) listing the articles that mention it, Hugo's counterpart of a
//! gloss entity page; `content/tags/<id>/_index.md` gives it the entity's name as its title and
//! makes Hugo write it even for an entity no article mentions, as gloss does. The Markdown body is copied as is, except that gloss's own link schemes
//! (`entity:<id>`, `article:<slug>`) become relative links to the matching Hugo pages, so the
//! twin is a working site rather than one full of dead links.
//!
//! The layouts (`layouts/_default/{baseof,single,list,taxonomy,term}.html`, `layouts/404.html`)
//! are minimal and written for Hugo 0.111 (Debian 12's `hugo`). Outputs are limited to what gloss
//! writes too: HTML pages, one feed for the home page and the sitemap. Hugo's defaults would also
//! write an RSS feed per section and per term; gloss has no such feeds, and letting Hugo write
//! 200 more files would flatter gloss.
//!
//! Only std is used: the corpus format is fixed by `gen-corpus`, so a line scanner that rejects
//! anything unexpected is enough, and a YAML crate would only blur what the twin costs to make.
//! The program is deterministic: the same corpus gives the same twin, byte for byte.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Hugo's site configuration: the taxonomy of entities, and outputs trimmed to gloss's (see the
/// module comment). Naming the taxonomies drops `categories`, which Hugo adds by default.
const CONFIG: &str = r#"baseURL = "https://corpus.example.org/"
languageCode = "en"
title = "Benchmark Corpus"

[taxonomies]
  tag = "tags"

[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]
"#;

/// The shell every page shares.
const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ .Site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a> · <a href="{{ "/articles/" | relURL }}">Articles</a> · <a href="{{ "/tags/" | relURL }}">Entities</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#;

/// An article: title, date, body, and links to its entities' term pages.
const SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ .Content }}
</article>
<section>
<h2>Mentioned</h2>
<ul>
{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>
{{ end }}</ul>
</section>
{{ end }}
"#;

/// The home page and the `articles` section: their pages, newest first (Hugo's default order).
const LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
{{ end }}
"#;

/// `/tags/`: every entity with the number of articles that mention it.
const TAXONOMY: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
"#;

/// `/tags/<id>/`: the articles that mention one entity.
const TERM: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
{{ end }}
"#;

/// gloss writes a 404 page; so does the twin.
const NOT_FOUND: &str = r#"{{ define "main" }}
<h1>Not found</h1>
<p><a href="{{ "/" | relURL }}">Home</a></p>
{{ end }}
"#;

/// What the command line asked for.
struct Args {
    corpus: PathBuf,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut corpus = None;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = |args: &mut dyn Iterator<Item = String>| {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{arg} needs a value"))
        };
        match arg.as_str() {
            "--corpus" => corpus = Some(value(&mut args)?),
            "--out" => out = Some(value(&mut args)?),
            "-h" | "--help" => return Err(String::new()),
            _ => return Err(format!("unknown argument `{arg}`")),
        }
    }
    Ok(Args {
        corpus: corpus.ok_or("--corpus DIR is required")?,
        out: out.ok_or("--out DIR is required")?,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!(
                "usage: hugo-site --corpus DIR --out DIR   (DIR for --out must be new or empty)"
            );
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<String, String> {
    let articles_dir = args.corpus.join("content/articles");
    let mut sources = Vec::new();
    collect_markdown(&articles_dir, &mut sources)?;
    if sources.is_empty() {
        return Err(format!("no articles under {}", articles_dir.display()));
    }
    // Sorted so that the twin, and any error message, is the same on every run.
    sources.sort();

    // Like gen-corpus, refuse to mix the twin with whatever a folder already holds.
    if args.out.exists()
        && fs::read_dir(&args.out)
            .map_err(|e| format!("{}: {e}", args.out.display()))?
            .next()
            .is_some()
    {
        return Err(format!("{} is not empty", args.out.display()));
    }
    let content = args.out.join("content/articles");
    let layouts = args.out.join("layouts/_default");
    for dir in [&content, &layouts] {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    write(&args.out.join("hugo.toml"), CONFIG)?;
    for (name, text) in [
        ("baseof.html", BASEOF),
        ("single.html", SINGLE),
        ("list.html", LIST),
        ("taxonomy.html", TAXONOMY),
        ("term.html", TERM),
    ] {
        write(&layouts.join(name), text)?;
    }
    write(&args.out.join("layouts/404.html"), NOT_FOUND)?;
    write(&content.join("_index.md"), "---\ntitle: Articles\n---\n")?;
    let tags_dir = args.out.join("content/tags");
    fs::create_dir_all(&tags_dir).map_err(|e| format!("{}: {e}", tags_dir.display()))?;
    write(&tags_dir.join("_index.md"), "---\ntitle: Entities\n---\n")?;

    // A term page for every registry entity, titled with its name, as gloss writes a page for
    // every entity; the name line is copied verbatim, so its YAML quoting carries over.
    let registry = args.corpus.join("content/entities.yaml");
    let entities = fs::read_to_string(&registry)
        .map_err(|e| format!("{}: {e}", registry.display()))
        .and_then(|yaml| entity_names(&yaml).map_err(|e| format!("{}: {e}", registry.display())))?;
    for (id, name) in &entities {
        let dir = tags_dir.join(id);
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        write(
            &dir.join("_index.md"),
            &format!("---\ntitle: {name}\n---\n"),
        )?;
    }

    let mut all_tags: BTreeSet<String> = entities.into_iter().map(|(id, _)| id).collect();
    let mut slugs = BTreeSet::new();
    for source in &sources {
        let slug = source
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| format!("{}: not a UTF-8 file name", source.display()))?;
        if !slugs.insert(slug.to_owned()) {
            return Err(format!("two articles have the slug `{slug}`"));
        }
        let markdown =
            fs::read_to_string(source).map_err(|e| format!("{}: {e}", source.display()))?;
        let annotations = source.with_extension("yaml");
        let tags = match fs::read_to_string(&annotations) {
            Ok(yaml) => entity_ids(&yaml).map_err(|e| format!("{}: {e}", annotations.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeSet::new(),
            Err(e) => return Err(format!("{}: {e}", annotations.display())),
        };
        let page = twin_page(&markdown, &tags).map_err(|e| format!("{}: {e}", source.display()))?;
        write(&content.join(format!("{slug}.md")), &page)?;
        all_tags.extend(tags);
    }
    // compare.sh reads this to know how many term pages Hugo must write.
    write(
        &args.out.join(".twin"),
        &format!("articles={} tags={}\n", slugs.len(), all_tags.len()),
    )?;
    Ok(format!(
        "Wrote the Hugo twin of {} articles ({} tags) to {}",
        slugs.len(),
        all_tags.len(),
        args.out.display()
    ))
}

/// Every `*.md` file under `dir`, at any depth.
fn collect_markdown(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            collect_markdown(&path, found)?;
        } else if path.extension().is_some_and(|ext| ext == "md") {
            found.push(path);
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The registry's entities as `(id, name)`, `name` being the YAML scalar as written. gen-corpus
/// writes each entity as an `id:` line at column 0 followed by indented fields.
fn entity_names(yaml: &str) -> Result<Vec<(String, String)>, String> {
    let mut entities: Vec<(String, String)> = Vec::new();
    let mut current: Option<&str> = None;
    for (index, line) in yaml.lines().enumerate() {
        if let Some(id) = line.strip_suffix(':').filter(|id| is_id(id)) {
            current = Some(id);
        } else if let Some(name) = line.strip_prefix("  name: ") {
            let id = current
                .take()
                .ok_or(format!("line {}: a name outside an entity", index + 1))?;
            entities.push((id.to_owned(), name.trim().to_owned()));
        }
    }
    if entities.is_empty() {
        return Err("no entities found".to_owned());
    }
    Ok(entities)
}

/// The entity ids an annotation file names in its `entity:` fields (`entity: id` or
/// `entity: [id, id]`, the two forms gen-corpus writes). Anything else on such a line is an
/// error, so that a change in the generator's output cannot silently drop tags.
fn entity_ids(yaml: &str) -> Result<BTreeSet<String>, String> {
    let mut ids = BTreeSet::new();
    for (index, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let Some(value) = trimmed.strip_prefix("entity:") else {
            continue;
        };
        let value = value.trim();
        let list = value
            .strip_prefix('[')
            .and_then(|v| v.strip_suffix(']'))
            .unwrap_or(value);
        for id in list.split(',').map(str::trim) {
            if !is_id(id) {
                return Err(format!(
                    "line {}: cannot read entity id `{id}` in `{}`",
                    index + 1,
                    line.trim()
                ));
            }
            ids.insert(id.to_owned());
        }
    }
    Ok(ids)
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The twin of one article: Hugo front matter (its `title` and `date` lines verbatim, so YAML
/// quoting carries over as written, and the tags) and the body with gloss links rewritten.
fn twin_page(markdown: &str, tags: &BTreeSet<String>) -> Result<String, String> {
    let rest = markdown
        .strip_prefix("---\n")
        .ok_or("no front matter (the file must start with `---`)")?;
    let end = rest
        .find("\n---\n")
        .ok_or("front matter is not closed by a `---` line")?;
    let (front, body) = (&rest[..end + 1], &rest[end + 5..]);
    let line = |key: &str| {
        front
            .lines()
            .find(|l| l.strip_prefix(key).is_some_and(|v| v.starts_with(':')))
            .ok_or(format!("front matter has no `{key}`"))
    };
    let mut page = String::with_capacity(markdown.len() + 256);
    page.push_str("---\n");
    page.push_str(line("title")?);
    page.push('\n');
    page.push_str(line("date")?);
    page.push('\n');
    let list: Vec<&str> = tags.iter().map(String::as_str).collect();
    let _ = writeln!(page, "tags: [{}]", list.join(", "));
    page.push_str("---\n");
    rewrite_links(body, &mut page)?;
    Ok(page)
}

/// Copies `body` into `out`, turning `](entity:<id>)` into a link to the term page and
/// `](article:<slug>[#a-id])` into a link to the article page, both relative to an article's
/// address `articles/<slug>/` (as in gloss, links are relative). Hugo knows no anchors for
/// annotations, so the fragment is kept only to stay close to the original.
fn rewrite_links(body: &str, out: &mut String) -> Result<(), String> {
    let mut rest = body;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..at + 2]);
        rest = &rest[at + 2..];
        let (prefix, target) = if let Some(r) = rest.strip_prefix("entity:") {
            ("../../tags/", r)
        } else if let Some(r) = rest.strip_prefix("article:") {
            ("../", r)
        } else {
            continue;
        };
        let id_len = target
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .ok_or("a link target runs to the end of the file")?;
        let (id, after) = target.split_at(id_len);
        if id.is_empty() || !(after.starts_with(')') || after.starts_with('#')) {
            let shown: String = rest.chars().take(40).collect();
            return Err(format!("cannot read the link target `{shown}`"));
        }
        out.push_str(prefix);
        out.push_str(id);
        out.push('/');
        rest = after;
    }
    out.push_str(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_entity_forms_and_nothing_else() {
        let yaml = "annotations:\n  - quote: A\n    entity: csto\n  - quote: B\n    entity: [csto, kabul]\n    note: \"entity: not-a-key\"\n";
        let ids: Vec<String> = entity_ids(yaml).unwrap().into_iter().collect();
        assert_eq!(ids, ["csto", "kabul"]);
        assert!(entity_ids("    entity: \"quoted\"\n").is_err());
    }

    #[test]
    fn reads_registry_names() {
        let yaml = "# comment\n\nport-belano:\n  name: Port Belano\n  kind: place\n  description: \"x: y\"\n\nkessel:\n  name: \"Kessel: Ledger\"\n";
        let entities = entity_names(yaml).unwrap();
        assert_eq!(
            entities,
            [
                ("port-belano".to_owned(), "Port Belano".to_owned()),
                ("kessel".to_owned(), "\"Kessel: Ledger\"".to_owned())
            ]
        );
        assert!(entity_names("  name: orphan\n").is_err());
        assert!(entity_names("# empty\n").is_err());
    }

    #[test]
    fn front_matter_and_links() {
        let md = "---\ntitle: \"A: B\"\nauthor: X\ndate: 2010-01-02\ntags: [a]\n---\nSee [the\nboard](entity:grain-board), [earlier](article:2009-01-01-x-1#a-ev) and [web](https://example.org/).\n";
        let tags = BTreeSet::from(["grain-board".to_owned(), "port".to_owned()]);
        let page = twin_page(md, &tags).unwrap();
        assert_eq!(
            page,
            "---\ntitle: \"A: B\"\ndate: 2010-01-02\ntags: [grain-board, port]\n---\nSee [the\nboard](../../tags/grain-board/), [earlier](../2009-01-01-x-1/#a-ev) and [web](https://example.org/).\n"
        );
        assert!(twin_page("no front matter", &tags).is_err());
        assert!(twin_page("---\ntitle: x\n---\nbody", &tags).is_err());
    }
}
