//! `reload-latency`: how long a saved edit takes to reach the browser under `gloss serve` —
//! from the moment an article's file is written to the moment the reload event arrives on
//! the live-reload stream, the way an open page receives it.
//!
//! ```text
//! cargo run --release --example reload-latency -- --gloss target/release/gloss \
//!     --root <project> [--edits 10] [--edit text|note]
//! ```
//!
//! `--edit text` (the default) appends a sentence to the article; `--edit note` rewords the
//! first note of its annotation file instead.
//!
//! Starts `gloss serve --port 0` on the project (its output goes to a temporary folder),
//! subscribes to `/__gloss/events`, then edits the first article (alphabetically) `--edits`
//! times — appending a sentence, then the next time taking it back out — and waits for each
//! reload event. Prints every latency and the median, min and max. The project is left as it
//! was found.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

struct Args {
    gloss: PathBuf,
    root: PathBuf,
    edits: usize,
    /// Edit the annotation file's first note rather than the article's text.
    note: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut gloss = None;
    let mut root = None;
    let mut edits = 10;
    let mut note = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--gloss" => gloss = Some(PathBuf::from(value()?)),
            "--root" => root = Some(PathBuf::from(value()?)),
            "--edits" => edits = value()?.parse().map_err(|e| format!("--edits: {e}"))?,
            "--edit" => {
                note = match value()?.as_str() {
                    "text" => false,
                    "note" => true,
                    other => return Err(format!("--edit: text or note, not {other}")),
                }
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        gloss: gloss.ok_or("--gloss is required")?,
        root: root.ok_or("--root is required")?,
        edits,
        note,
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

fn start(args: &Args, scratch: &Path) -> Result<(Serve, String), String> {
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
            // Keep reading its rebuild lines, so its stdout never fills up.
            std::thread::spawn(move || lines.for_each(drop));
            return Ok((serve, address));
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

fn run(args: &Args) -> Result<(), String> {
    let scratch = std::env::temp_dir().join(format!("gloss-latency-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let (_serve, address) = start(args, &scratch)?;
    let mut stream = TcpStream::connect(&address).map_err(|e| e.to_string())?;
    stream
        .write_all(b"GET /__gloss/events HTTP/1.1\r\nHost: bench\r\n\r\n")
        .map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    let mut events = BufReader::new(stream);
    let mut article = first_article(&args.root)?;
    if args.note {
        article.set_extension("yaml");
    }
    let original = std::fs::read_to_string(&article).map_err(|e| e.to_string())?;
    let edited = if args.note {
        if !original.contains("note: ") {
            return Err(format!("{} has no note", article.display()));
        }
        original.replacen("note: ", "note: Reworded for the benchmark. ", 1)
    } else {
        format!("{original}\nOne more sentence for the benchmark.\n")
    };
    // Let the watcher settle after the first build.
    std::thread::sleep(Duration::from_millis(500));
    let mut latencies = Vec::new();
    let mut result = Ok(());
    for i in 0..args.edits {
        let text = if i % 2 == 0 { &edited } else { &original };
        let saved = Instant::now();
        if let Err(e) = std::fs::write(&article, text) {
            result = Err(e.to_string());
            break;
        }
        if let Err(e) = next_reload(&mut events) {
            result = Err(e);
            break;
        }
        let took = saved.elapsed();
        println!("edit {:>2}: {:>7.1} ms", i + 1, took.as_secs_f64() * 1000.0);
        latencies.push(took);
        // Quiet between edits, so each is its own rebuild.
        std::thread::sleep(Duration::from_millis(300));
    }
    std::fs::write(&article, &original).map_err(|e| e.to_string())?;
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
        article.display(),
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
