//! `gloss watch`: build, then rebuild whenever something under `content/` or `templates/`
//! changes. The same loop drives `gloss serve`.

pub mod classify;

use crate::build::{BuildOptions, BuildReport};
use crate::error::{Error, Result};
use crate::session::Session;
use crate::text::{say, tell};
use classify::{Change, classify};
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// How long the file system must stay quiet before a rebuild starts: an editor's save is
/// several events (write a temp file, rename it over, touch metadata) a few ms apart.
const QUIET: Duration = Duration::from_millis(15);
/// The longest a rebuild waits for quiet after the first event, so a steady stream of
/// changes (a `git checkout`, a sync tool) cannot hold it off.
const MAX_WAIT: Duration = Duration::from_millis(100);

/// Watches a project's sources.
pub struct Watcher {
    root: PathBuf,
    inner: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watched: Vec<PathBuf>,
}

/// The relevant changes one debounced burst of events brought.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    /// Changed paths relative to the project root, with what they are.
    pub changes: BTreeMap<PathBuf, Change>,
    /// When the first event of the burst arrived.
    pub first_event: Option<Instant>,
}

impl Batch {
    /// `content/articles/a.md`, or `3 files (article, annotations)`.
    pub fn summary(&self) -> String {
        match self.changes.len() {
            1 => {
                let (path, _) = self.changes.iter().next().expect("one change");
                path.display().to_string()
            }
            n => {
                let mut kinds: Vec<String> =
                    self.changes.values().map(ToString::to_string).collect();
                kinds.sort();
                kinds.dedup();
                format!("{n} files ({})", kinds.join(", "))
            }
        }
    }
}

impl Watcher {
    /// Starts watching `root/content` and `root/templates` (each recursively, when it exists)
    /// and `root` itself, to notice either folder appear.
    pub fn new(root: &Path) -> Result<Watcher> {
        let (tx, events) = channel();
        let inner = notify::recommended_watcher(tx).map_err(|e| watch_error(root, e))?;
        let mut watcher = Watcher {
            root: std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()),
            inner,
            events,
            watched: Vec::new(),
        };
        watcher
            .inner
            .watch(&watcher.root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, e))?;
        watcher.watch_sources()?;
        Ok(watcher)
    }

    /// (Re)watches `content/` and `templates/`: after one is created, or deleted and made
    /// again, the old watch is gone.
    fn watch_sources(&mut self) -> Result<()> {
        for name in ["content", "templates"] {
            let dir = self.root.join(name);
            let _ = self.inner.unwatch(&dir);
            self.watched.retain(|d| d != &dir);
            if dir.is_dir() {
                self.inner
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(|e| watch_error(&dir, e))?;
                self.watched.push(dir);
            }
        }
        Ok(())
    }

    /// The folders being watched recursively, relative to the root, for messages.
    pub fn watched(&self) -> Vec<String> {
        self.watched
            .iter()
            .map(|d| format!("{}/", d.strip_prefix(&self.root).unwrap_or(d).display()))
            .collect()
    }

    /// Blocks until something the build depends on changes, then collects the burst of events
    /// around it. `None` when the watcher stopped.
    pub fn next_batch(&mut self) -> Option<Batch> {
        let mut batch = Batch::default();
        loop {
            let event = match batch.first_event {
                None => self.events.recv().ok()?,
                Some(first) => {
                    let left = MAX_WAIT.saturating_sub(first.elapsed());
                    match self.events.recv_timeout(QUIET.min(left)) {
                        Ok(event) => event,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return None,
                    }
                }
            };
            match event {
                Ok(event) => self.add(&mut batch, &event),
                Err(e) => tell(&format!("warning: watching files: {e}\n")),
            }
        }
        if batch
            .changes
            .iter()
            .any(|(path, change)| *change == Change::Folder && path.components().count() == 1)
            && let Err(e) = self.watch_sources()
        {
            tell(&format!("warning: {e}\n"));
        }
        Some(batch)
    }

    fn add(&self, batch: &mut Batch, event: &notify::Event) {
        // Reading files (as every build does) must not count as a change.
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in &event.paths {
            if let Some(change) = classify(&self.root, path, path.is_dir()) {
                batch.first_event.get_or_insert_with(Instant::now);
                let relative = path.strip_prefix(&self.root).unwrap_or(path);
                batch.changes.insert(relative.to_path_buf(), change);
            }
        }
    }
}

fn watch_error(path: &Path, e: notify::Error) -> Error {
    Error::Usage(format!(
        "cannot watch `{}` for changes: {e}",
        path.display()
    ))
}

/// One line per rebuild: what changed, what was written, how long it took.
pub fn rebuild_line(batch: &Batch, report: &BuildReport) -> String {
    let took = report.elapsed.as_millis();
    let what = batch.summary();
    match &report.written {
        Some(written) => {
            let pages = written
                .written
                .iter()
                .filter(|p| p.ends_with(".html"))
                .count();
            let mut line = format!(
                "{what} changed: {} rendered, {pages} written",
                crate::text::count(report.pages, "page")
            );
            let other = written.written.len() - pages;
            if other > 0 {
                line += &format!(" (and {})", crate::text::count(other, "other file"));
            }
            if !written.removed.is_empty() {
                line += &format!(", {} removed", written.removed.len());
            }
            line + &format!(", in {took} ms")
        }
        None => {
            let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
            format!(
                "{what} changed: {} in {took} ms; the site was left as it was",
                crate::text::count(errors, "error")
            )
        }
    }
}

/// `gloss watch`: builds, then rebuilds on every change until interrupted. `print` shows
/// each build's diagnostics and line.
pub fn watch(
    options: &BuildOptions,
    mut print: impl FnMut(&BuildReport, Option<&str>),
) -> Result<()> {
    let mut watcher = Watcher::new(&options.root)?;
    let mut session = Session::new(options.clone());
    let report = session.rebuild(None)?;
    print(&report, None);
    say(&format!(
        "Watching {} for changes (Ctrl-C to stop)",
        watcher.watched().join(" and ")
    ));
    while let Some(batch) = watcher.next_batch() {
        match session.rebuild(Some(&batch)) {
            Ok(report) => print(&report, Some(&rebuild_line(&batch, &report))),
            Err(e) => tell(&format!("error: {e}\n")),
        }
    }
    Ok(())
}
