//! The write stage: puts the rendered site on disk. Only files whose bytes changed are
//! written; files gloss wrote before that are no longer part of the site are removed. gloss
//! only ever touches a folder it made itself (it leaves a marker file there), and never
//! reaches outside it: links found inside are removed, never followed or written through.
//!
//! A write is all or nothing as far as the file system allows: every changed file is first
//! written to a temporary file beside its place, and only when all of them are on disk are
//! they renamed over the old ones. A write that fails half-way (a full disk, a folder that
//! may not be written) removes its temporary files and leaves the previous site as it was.

use crate::error::{Error, Result};
use crate::fsutil;
use crate::render::Output;
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

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

/// Refuses an output folder gloss must not write into: the project itself or a folder above
/// it, a folder inside `content/` or `templates/` (the site would be read back as sources),
/// a folder holding such folders, a file, or a non-empty folder gloss did not create.
/// Paths are compared after links are resolved, so no spelling (`..`, a link) gets around it.
pub fn check_output(root: &Path, output: &Path) -> Result<()> {
    let (root_real, output_real) = (real_path(root), real_path(output));
    let shown = match output.as_os_str().is_empty() {
        true => ".".to_string(),
        false => output.display().to_string(),
    };
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "refusing to write the site into `{shown}`: {why}"
        )))
    };
    if output_real == root_real || root_real.starts_with(&output_real) {
        return refuse("it holds the project itself; choose a folder such as `site/`");
    }
    for sources in ["content", "templates"] {
        if output_real.starts_with(root_real.join(sources)) {
            return refuse(&format!(
                "it is inside `{sources}/`, which gloss reads; choose a folder outside it, such as `site/`"
            ));
        }
    }
    let Ok(metadata) = fs::metadata(output) else {
        // Nothing there yet: gloss creates it.
        return Ok(());
    };
    if !metadata.is_dir() {
        return refuse("it is a file, not a folder");
    }
    if output_real.join("content").exists() || output_real.join("templates").exists() {
        return refuse("it holds `content/` or `templates/`; choose a folder of its own");
    }
    let is_empty = fs::read_dir(output).is_ok_and(|mut d| d.next().is_none());
    if !is_empty && !is_marked(output) {
        return refuse(&format!(
            "it has files gloss did not write (no `{MARKER}` marker); empty it or choose another folder"
        ));
    }
    Ok(())
}

/// Whether `output` carries gloss's marker: a plain file, not a link to one.
fn is_marked(output: &Path) -> bool {
    output
        .join(MARKER)
        .symlink_metadata()
        .is_ok_and(|m| m.is_file())
}

/// `path` made absolute with every link resolved, also when its last parts do not exist yet:
/// each existing prefix is resolved, so a `..` after it means its real parent.
fn real_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut real = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                real.pop();
            }
            Component::CurDir => {}
            other => {
                real.push(other);
                if let Ok(resolved) = real.canonicalize() {
                    real = resolved;
                }
            }
        }
    }
    real
}

/// Writes `files` into `output`, which [`check_output`] has accepted.
pub fn write(output: &Path, files: &[Output]) -> Result<WriteReport> {
    fsutil::create_dir_all(output)?;
    let mut report = WriteReport {
        removed: remove_intruders(output)?,
        ..WriteReport::default()
    };
    if !is_marked(output) {
        fsutil::write_atomic(&output.join(MARKER), MARKER_TEXT.as_bytes())?;
    }
    // Stage every changed file; only when all are on disk does any take its place.
    let staged: Vec<Result<Option<PathBuf>>> = files.par_iter().map(|f| stage(output, f)).collect();
    let mut temps: Vec<Option<PathBuf>> = Vec::with_capacity(files.len());
    let mut failure = None;
    for result in staged {
        match result {
            Ok(temp) => temps.push(temp),
            Err(e) => {
                temps.push(None);
                failure.get_or_insert(e);
            }
        }
    }
    if let Some(error) = failure {
        discard(&temps);
        return Err(error);
    }
    for (i, (file, temp)) in files.iter().zip(&temps).enumerate() {
        let Some(temp) = temp else {
            report.unchanged += 1;
            continue;
        };
        let path = output.join(&file.path);
        if let Err(source) = fs::rename(temp, &path) {
            discard(&temps[i..]);
            return Err(Error::Write { path, source });
        }
        report.written.push(file.path.clone());
    }
    let keep: HashSet<PathBuf> = files.iter().map(|f| output.join(&f.path)).collect();
    report.removed.extend(remove_stale(output, &keep)?);
    Ok(report)
}

/// Writes `file`'s bytes to a temporary file beside its place, unless its place already holds
/// them (`None`). Clears the way first: a link, file or folder inside the output that stands
/// where a folder or this file must go is gloss's to remove.
fn stage(output: &Path, file: &Output) -> Result<Option<PathBuf>> {
    let path = output.join(&file.path);
    let parent = path.parent().unwrap_or(output);
    make_folders(output, parent)?;
    match path.symlink_metadata() {
        Ok(m) if m.is_file() => {
            if fs::read(&path).is_ok_and(|old| old == file.bytes) {
                return Ok(None);
            }
        }
        Ok(m) if m.is_dir() => remove_tree(&path)?,
        Ok(_) => remove_entry(&path)?,
        Err(_) => {}
    }
    fsutil::write_temp(&path, &file.bytes).map(Some)
}

/// Removes staged temporary files.
fn discard(temps: &[Option<PathBuf>]) {
    for temp in temps.iter().flatten() {
        let _ = fs::remove_file(temp);
    }
}

/// Writes one file of the site (atomically), whatever is there now. For callers that know
/// what is on disk already (`watch` keeps hashes of what it wrote).
pub fn write_one(output: &Path, file: &Output) -> Result<()> {
    let path = output.join(&file.path);
    make_folders(output, path.parent().unwrap_or(output))?;
    match path.symlink_metadata() {
        Ok(m) if m.is_dir() => remove_tree(&path)?,
        // A link is replaced by the rename below, never written through; a pipe too.
        _ => {}
    }
    fsutil::write_atomic(&path, &file.bytes)
}

/// Removes one file of the site (`path` relative to `output`, as in [`Output::path`]); one
/// already gone is fine. A folder left empty is removed too. A link on the way is removed
/// itself: what it points to is not the site's.
pub fn remove(output: &Path, path: &str) -> Result<()> {
    let file = output.join(path);
    if let Some(link) = first_link_below(output, file.parent().unwrap_or(output)) {
        return remove_entry(&link);
    }
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

/// Creates `folder` (inside `output`) and the folders above it, replacing whatever else
/// stands in their place — a link is removed rather than followed, so nothing is ever
/// created or written outside the output folder.
fn make_folders(output: &Path, folder: &Path) -> Result<()> {
    let Ok(relative) = folder.strip_prefix(output) else {
        return fsutil::create_dir_all(folder);
    };
    let mut current = output.to_path_buf();
    for part in relative.components() {
        current.push(part);
        match current.symlink_metadata() {
            Ok(m) if m.is_dir() => continue,
            Ok(_) => remove_entry(&current)?,
            Err(_) => {}
        }
        match fs::create_dir(&current) {
            Ok(()) => {}
            // Another thread made it meanwhile (files are staged in parallel).
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && current.is_dir() => {}
            Err(source) => {
                return Err(Error::Write {
                    path: current,
                    source,
                });
            }
        }
    }
    Ok(())
}

/// The first link among the folders from `output` down to `folder`, if any.
fn first_link_below(output: &Path, folder: &Path) -> Option<PathBuf> {
    let relative = folder.strip_prefix(output).ok()?;
    let mut current = output.to_path_buf();
    for part in relative.components() {
        current.push(part);
        if current.symlink_metadata().is_ok_and(|m| m.is_symlink()) {
            return Some(current);
        }
    }
    None
}

/// Removes a file, link, pipe or socket (never what a link points to); one already gone is
/// fine (files are staged in parallel).
fn remove_entry(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Write {
            path: path.to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Removes a folder of the output and everything in it. `remove_dir_all` does not follow
/// links inside, so only the output's own entries go.
fn remove_tree(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Write {
            path: path.to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Removes every link, pipe, socket or device inside `output`: gloss writes none, and a link
/// written through (or a pipe read) would reach outside the output or hang the build.
fn remove_intruders(output: &Path) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for entry in entries(output) {
        let entry = entry?;
        let kind = entry.file_type();
        if !kind.is_file() && !kind.is_dir() {
            remove_entry(entry.path())?;
            removed.push(relative(output, entry.path()));
        }
    }
    Ok(removed)
}

/// Everything under `output`, links not followed (so nothing outside is ever reached).
fn entries(output: &Path) -> impl Iterator<Item = Result<walkdir::DirEntry>> + '_ {
    walkdir::WalkDir::new(output)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .map(move |entry| {
            entry.map_err(|e| Error::Read {
                path: e.path().unwrap_or(output).to_path_buf(),
                source: e.into(),
            })
        })
}

fn relative(output: &Path, path: &Path) -> String {
    path.strip_prefix(output)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Removes files under `output` that are not in `keep` (and then empty folders). Links are
/// removed, never followed, so nothing outside the output folder is touched.
fn remove_stale(output: &Path, keep: &HashSet<PathBuf>) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    let mut folders = Vec::new();
    for entry in entries(output) {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            folders.push(path.to_path_buf());
        } else if !keep.contains(path) && path != output.join(MARKER) {
            remove_entry(path)?;
            removed.push(relative(output, path));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn output(path: &str, bytes: &str) -> Output {
        Output {
            path: path.into(),
            bytes: bytes.as_bytes().to_vec(),
        }
    }

    #[test]
    fn real_paths_resolve_links_and_dots_of_missing_parts() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir(root.join("project")).unwrap();
        assert_eq!(
            real_path(&root.join("project/a/../site")),
            root.join("project/site")
        );
        assert_eq!(
            real_path(&root.join("project/site/..")),
            root.join("project")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("project"), root.join("link")).unwrap();
            assert_eq!(
                real_path(&root.join("link/new/site")),
                root.join("project/new/site")
            );
        }
    }

    #[test]
    fn write_stages_all_files_before_any_replaces_another() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(
            &out,
            &[output("a/index.html", "old a"), output("b.html", "old b")],
        )
        .unwrap();
        // `c/index.html` cannot be written: a folder named like its temporary file is in
        // the way (as a full disk would be), so nothing of the new build may land.
        let temp = fsutil::temp_path(&out.join("c/index.html"));
        fs::create_dir_all(temp.join("blocker")).unwrap();
        let err = write(
            &out,
            &[
                output("a/index.html", "new a"),
                output("b.html", "new b"),
                output("c/index.html", "new c"),
            ],
        )
        .unwrap_err();
        assert!(err.to_string().contains("c/index.html"), "{err}");
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "old a"
        );
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "old b");
        let leftovers: Vec<_> = walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name().to_string_lossy().ends_with(".tmp") && e.file_type().is_file()
            })
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn files_and_folders_in_the_way_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(
            &out,
            &[
                output("articles", "a file"),
                output("index.html/x", "a folder"),
            ],
        )
        .unwrap();
        let report = write(
            &out,
            &[
                output("articles/a/index.html", "page"),
                output("index.html", "home"),
            ],
        )
        .unwrap();
        assert_eq!(report.written, ["articles/a/index.html", "index.html"]);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "home");
    }
}
