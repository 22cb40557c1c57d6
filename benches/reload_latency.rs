//! `reload-latency`: how long a saved edit takes to reach the browser under `gloss serve` —
//! from the moment a file is written to the moment the reload event arrives on
//! the live-reload stream, the way an open page receives it.
//!
//! ```text
//! cargo run --release --example reload-latency -- --gloss target/release/gloss \
//!     --root <project> [--edits 10] [--edit text|note|annotation|mention|entity]
//! ```
//!
//! `--edit text` (the default) appends a sentence to the first article (alphabetically);
//! `--edit note` rewords the first note of its annotation file instead; `--edit annotation`
//! adds an annotation at the end of that file (the first one's quote and entities, with a
//! note of its own); `--edit mention` adds one naming an entity the file names nowhere yet
//! (the first one's quote, the first such entity of the registry), which changes the
//! article's entities and so its related articles and co-mentions; `--edit entity` rewords
//! the first description in `content/entities.yaml`.
//!
//! Starts `gloss serve --port 0` on the project (its output goes to a temporary folder),
//! subscribes to `/__gloss/events`, then makes the edit `--edits` times — the next time
//! taking it back out — and waits for each reload event. Prints every latency with what
//! `gloss serve` said of that rebuild (pages rendered and written), then the median, min and
//! max. The project is left as it was found.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// What each edit changes.
#[derive(Clone, Copy, PartialEq)]
enum Edit {
    /// A sentence appended to the article.
    Text,
    /// The first note of its annotation file reworded.
    Note,
    /// An annotation added at the end of its annotation file.
    Annotation,
    /// An annotation naming an entity new to the article, added at the end.
    Mention,
    /// The first description of the entity registry reworded.
    Entity,
}

struct Args {
    gloss: PathBuf,
    root: PathBuf,
    edits: usize,
    edit: Edit,
}

fn parse_args() -> Result<Args, String> {
    let mut gloss = None;
    let mut root = None;
    let mut edits = 10;
    let mut edit = Edit::Text;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--gloss" => gloss = Some(PathBuf::from(value()?)),
            "--root" => root = Some(PathBuf::from(value()?)),
            "--edits" => edits = value()?.parse().map_err(|e| format!("--edits: {e}"))?,
            "--edit" => {
                edit = match value()?.as_str() {
                    "text" => Edit::Text,
                    "note" => Edit::Note,
                    "annotation" => Edit::Annotation,
                    "mention" => Edit::Mention,
                    "entity" => Edit::Entity,
                    other => {
                        return Err(format!(
                            "--edit: text, note, annotation, mention or entity, not {other}"
                        ));
                    }
                }
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        gloss: gloss.ok_or("--gloss is required")?,
        root: root.ok_or("--root is required")?,
        edits,
        edit,
    })
}

/// `gloss serve`, killed when dropped.
struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `gloss serve`; returns it, its address, and its lines about rebuilds.
fn start(args: &Args, scratch: &Path) -> Result<(Serve, String, Receiver<String>), String> {
    let mut child = Command::new(&args.gloss)
        .args(["serve", "--port", "0", "--root"])
        .arg(&args.root)
        .env("TMPDIR", scratch)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("start {}: {e}", args.gloss.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let serve = Serve(child);
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        let line = line.map_err(|e| e.to_string())?;
        if let Some((_, rest)) = line.split_once("http://") {
            let address = rest.split('/').next().unwrap_or_default().to_string();
            // Keep reading its lines, so its stdout never fills up.
            let (send, rebuilds) = channel();
            std::thread::spawn(move || {
                for line in lines.map_while(Result::ok) {
                    if line.contains(" changed: ") {
                        let _ = send.send(line);
                    }
                }
            });
            return Ok((serve, address, rebuilds));
        }
    }
    Err("gloss serve stopped before listening".into())
}

/// The first article, by path.
fn first_article(root: &Path) -> Result<PathBuf, String> {
    let mut found = Vec::new();
    let mut dirs = vec![root.join("content/articles")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found.into_iter().next().ok_or("no article".into())
}

/// Reads the event stream until a `reload` event.
fn next_reload(reader: &mut BufReader<TcpStream>) -> Result<(), String> {
    let mut event = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("the event stream closed".into());
        }
        let line = line.trim_end();
        if let Some(name) = line.strip_prefix("event: ") {
            event = name.to_string();
        } else if line.is_empty() && event == "reload" {
            return Ok(());
        }
    }
}

/// The file to edit, its edited text and its original text.
fn edit_of(args: &Args) -> Result<(PathBuf, String, String), String> {
    let file = match args.edit {
        Edit::Text => first_article(&args.root)?,
        Edit::Note | Edit::Annotation | Edit::Mention => {
            first_article(&args.root)?.with_extension("yaml")
        }
        Edit::Entity => args.root.join("content/entities.yaml"),
    };
    let original =
        std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let edited = match args.edit {
        Edit::Text => Some(format!(
            "{original}\nOne more sentence for the benchmark.\n"
        )),
        Edit::Note => original
            .contains("note: ")
            .then(|| original.replacen("note: ", "note: Reworded for the benchmark. ", 1)),
        Edit::Annotation => with_annotation_added(&original, &[], None),
        Edit::Mention => {
            let registry = args.root.join("content/entities.yaml");
            let registry = std::fs::read_to_string(&registry)
                .map_err(|e| format!("{}: {e}", registry.display()))?;
            let named = entities_named(&original);
            let id = registry
                .lines()
                .filter_map(|line| line.strip_suffix(':'))
                .find(|id| {
                    id.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                        && !named.iter().any(|n| n == id)
                })
                .ok_or("every entity of the registry is an entity of the file's annotations")?;
            with_annotation_added(
                &original,
                &["entity", "kind", "source", "date", "until", "title", "tags"],
                Some(id),
            )
        }
        Edit::Entity => reword_description(&original),
    };
    let edited = edited.ok_or(format!("{} has nothing to reword", file.display()))?;
    Ok((file, edited, original))
}

/// The annotation file with one more annotation at its end: the first one's fields but its
/// `id`, `note` and the fields in `drop` (with what continues them on deeper lines), a note
/// of its own and, given `entity`, that entity. Its place in the file gives it the next free
/// position as its id, so no other id moves.
fn with_annotation_added(file: &str, drop: &[&str], entity: Option<&str>) -> Option<String> {
    let start = file.find("\n  - ")? + 1;
    let rest = &file[start..];
    let end = rest[4..].find("\n  - ").map_or(rest.len(), |at| at + 5);
    let mut fields = Vec::new();
    let mut dropping = false;
    for line in rest[..end].lines() {
        // The entry's first field, at the column of the others.
        let line = line
            .strip_prefix("  - ")
            .map_or(line.to_string(), |f| format!("    {f}"));
        if line.starts_with("     ") {
            if !dropping {
                fields.push(line);
            }
            continue;
        }
        dropping = ["id", "note"]
            .iter()
            .chain(drop)
            .any(|field| line.starts_with(&format!("    {field}:")));
        if !dropping && !line.trim().is_empty() {
            fields.push(line);
        }
    }
    fields.extend(entity.map(|id| format!("    entity: {id}")));
    fields.push("    note: Added for the benchmark.".into());
    let entry = format!("  - {}\n", &fields.join("\n")[4..]);
    let separator = if file.ends_with('\n') { "" } else { "\n" };
    Some(format!("{file}{separator}{entry}"))
}

/// The ids an annotation file gives as entities (`entity: id`, `entity: [a, b]`, or a list
/// on the lines below), as written: enough for the files gloss and gen-corpus write.
fn entities_named(file: &str) -> Vec<String> {
    let mut named = Vec::new();
    let mut listing = false;
    for line in file.lines() {
        let field = line.trim_start().trim_start_matches("- ");
        if let Some(value) = field.strip_prefix("entity:") {
            let value = value.trim().trim_start_matches('[').trim_end_matches(']');
            named.extend(
                value
                    .split(',')
                    .map(|id| id.trim().to_string())
                    .filter(|id| !id.is_empty()),
            );
            listing = value.is_empty();
        } else if listing && line.trim_start().starts_with("- ") && line.starts_with("      ") {
            named.push(line.trim_start()[2..].trim().to_string());
        } else {
            listing = false;
        }
    }
    named
}

/// The registry with its first one-line description (plain or double-quoted) reworded.
fn reword_description(registry: &str) -> Option<String> {
    const KEY: &str = "description: ";
    let mut at = 0;
    let insert = registry.split_inclusive('\n').find_map(|line| {
        let start = at;
        at += line.len();
        let (indent, value) = line.split_once(KEY)?;
        let value_at = start + indent.len() + KEY.len();
        match value.as_bytes().first()? {
            _ if !indent.trim().is_empty() => None,
            b'"' => Some(value_at + 1),
            c if c.is_ascii_alphanumeric() => Some(value_at),
            _ => None,
        }
    })?;
    let (before, after) = registry.split_at(insert);
    Some(format!("{before}Reworded for the benchmark. {after}"))
}

fn run(args: &Args) -> Result<(), String> {
    let scratch = std::env::temp_dir().join(format!("gloss-latency-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let (_serve, address, rebuilds) = start(args, &scratch)?;
    let mut stream = TcpStream::connect(&address).map_err(|e| e.to_string())?;
    stream
        .write_all(b"GET /__gloss/events HTTP/1.1\r\nHost: bench\r\n\r\n")
        .map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    let mut events = BufReader::new(stream);
    let (file, edited, original) = edit_of(args)?;
    // Let the watcher settle after the first build.
    std::thread::sleep(Duration::from_millis(500));
    let mut latencies = Vec::new();
    let mut result = Ok(());
    for i in 0..args.edits {
        let text = if i % 2 == 0 { &edited } else { &original };
        let saved = Instant::now();
        if let Err(e) = std::fs::write(&file, text) {
            result = Err(e.to_string());
            break;
        }
        if let Err(e) = next_reload(&mut events) {
            result = Err(e);
            break;
        }
        let took = saved.elapsed();
        // gloss prints its line once the rebuild is written, about when it sends the event.
        // A rebuild with errors writes nothing: the edit measured nothing then.
        let said = match rebuilds.recv_timeout(Duration::from_secs(5)) {
            Ok(line) if line.ends_with("the site was left as it was") => {
                result = Err(format!("the edit broke the build: {line}"));
                break;
            }
            Ok(line) => line
                .split_once(" changed: ")
                .map_or(line.clone(), |(_, r)| r.into()),
            Err(_) => {
                result = Err("gloss serve said nothing of the rebuild in 5 s".into());
                break;
            }
        };
        println!(
            "edit {:>2}: {:>7.1} ms  {said}",
            i + 1,
            took.as_secs_f64() * 1000.0
        );
        latencies.push(took);
        // Quiet between edits, so each is its own rebuild.
        std::thread::sleep(Duration::from_millis(300));
    }
    std::fs::write(&file, &original).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&scratch);
    result?;
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let n = latencies.len();
    let median = if n % 2 == 1 {
        ms(latencies[n / 2])
    } else {
        (ms(latencies[n / 2 - 1]) + ms(latencies[n / 2])) / 2.0
    };
    println!(
        "save → reload event over {n} edits of {}: median {median:.1} ms (min {:.1}, max {:.1})",
        file.display(),
        ms(latencies[0]),
        ms(latencies[n - 1])
    );
    Ok(())
}

fn main() -> ExitCode {
    match parse_args().and_then(|args| run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("reload-latency: {e}");
            ExitCode::from(1)
        }
    }
}
