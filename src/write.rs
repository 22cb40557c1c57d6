//! The write stage: puts the rendered site on disk. Only files whose bytes changed are
//! written, each atomically; files gloss wrote before that are no longer part of the site are
//! removed. gloss only ever touches a folder it made itself (it leaves a marker file there).

use crate::error::{Error, Result};
use crate::fsutil;
use crate::render::Output;
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The file that marks a folder as gloss's output.
pub const MARKER: &str = ".gloss-site";
const MARKER_TEXT: &str = "This folder is written by gloss: every build replaces its contents.\n\
Put your own files in content/media/ or templates/static/ instead.\n";

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files whose bytes changed (or are new), relative to the output folder, `/`-separated.
    pub written: Vec<String>,
    pub unchanged: usize,
    /// Files removed, relative like `written`.
    pub removed: Vec<String>,
}

/// Refuses an output folder gloss must not write into: the project itself, a folder holding
/// the project's sources, or a non-empty folder gloss did not create.
pub fn check_output(root: &Path, output: &Path) -> Result<()> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root_abs, output_abs) = (absolute(root), absolute(output));
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "refusing to write the site into `{}`: {why}",
            output.display()
        )))
    };
    if output_abs == root_abs || root_abs.starts_with(&output_abs) {
        return refuse("it holds the project itself; choose a folder such as `site/`");
    }
    if output_abs.join("content").exists() || output_abs.join("templates").exists() {
        return refuse("it holds `content/` or `templates/`; choose a folder of its own");
    }
    let is_empty = fs::read_dir(output)
        .map(|mut d| d.next().is_none())
        .unwrap_or(true);
    if output.exists() && !is_empty && !output.join(MARKER).exists() {
        return refuse(&format!(
            "it has files gloss did not write (no `{MARKER}` marker); empty it or choose another folder"
        ));
    }
    Ok(())
}

/// Writes `files` into `output`, which [`check_output`] has accepted.
pub fn write(output: &Path, files: &[Output]) -> Result<WriteReport> {
    fsutil::create_dir_all(output)?;
    let marker = output.join(MARKER);
    if !marker.exists() {
        fsutil::write_atomic(&marker, MARKER_TEXT.as_bytes())?;
    }
    let results: Vec<Result<bool>> = files
        .par_iter()
        .map(|f| write_if_changed(output, f))
        .collect();
    let mut report = WriteReport::default();
    for (file, result) in files.iter().zip(results) {
        if result? {
            report.written.push(file.path.clone());
        } else {
            report.unchanged += 1;
        }
    }
    let keep: HashSet<PathBuf> = files.iter().map(|f| output.join(&f.path)).collect();
    report.removed = remove_stale(output, &keep)?;
    Ok(report)
}

/// Writes one file of the site (atomically), whatever is there now. For callers that know
/// what is on disk already (`watch` keeps hashes of what it wrote).
pub fn write_one(output: &Path, file: &Output) -> Result<()> {
    let path = output.join(&file.path);
    if let Some(parent) = path.parent() {
        fsutil::create_dir_all(parent)?;
    }
    fsutil::write_atomic(&path, &file.bytes)
}

/// Removes one file of the site (`path` relative to `output`, as in [`Output::path`]); one
/// already gone is fine. A folder left empty is removed too.
pub fn remove(output: &Path, path: &str) -> Result<()> {
    let file = output.join(path);
    match fs::remove_file(&file) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => return Err(Error::Write { path: file, source }),
    }
    if let Some(parent) = file.parent().filter(|p| *p != output) {
        // Only succeeds when empty, which is the point.
        let _ = fs::remove_dir(parent);
    }
    Ok(())
}

/// Writes one file unless it already holds these bytes; says whether it wrote.
fn write_if_changed(output: &Path, file: &Output) -> Result<bool> {
    let path = output.join(&file.path);
    if fs::read(&path).is_ok_and(|old| old == file.bytes) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        fsutil::create_dir_all(parent)?;
    }
    fsutil::write_atomic(&path, &file.bytes)?;
    Ok(true)
}

/// Removes files under `output` that are not in `keep` (and then empty folders). Links are
/// removed, never followed, so nothing outside the output folder is touched.
fn remove_stale(output: &Path, keep: &HashSet<PathBuf>) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(output)
        .min_depth(1)
        .follow_links(false)
    {
        let entry = entry.map_err(|e| Error::Read {
            path: e.path().unwrap_or(output).to_path_buf(),
            source: e.into(),
        })?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            folders.push(path.to_path_buf());
        } else if !keep.contains(path) && path != output.join(MARKER) {
            fs::remove_file(path).map_err(|source| Error::Write {
                path: path.to_path_buf(),
                source,
            })?;
            if let Ok(relative) = path.strip_prefix(output) {
                removed.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    // Deepest first, so a folder is empty by the time it is looked at.
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for folder in folders {
        if fs::read_dir(&folder).is_ok_and(|mut d| d.next().is_none()) {
            let _ = fs::remove_dir(&folder);
        }
    }
    Ok(removed)
}
