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
use crate::sync::lock;
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

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

/// A write in progress. Each file is staged — written to a temporary file beside its place,
/// unless its place already holds its bytes — as soon as it is rendered, so the site is never
/// all in memory; only [`Staging::commit`] puts the staged files in their places. Dropped
/// without a commit (the build failed), it removes its temporary files and the folders it
/// made, and the previous site is as it was.
///
/// Into a folder that held nothing there is no previous site to keep: files are written in
/// their places at once (a large site's first build saves a rename per file), and the folder
/// is marked as gloss's from the start, so that one whose first build was cut short (Ctrl-C,
/// a crash) is recognized by the next build, which finishes the job, rather than refused as
/// a folder of unknown files. Dropped without a commit, such a write removes what it wrote.
pub struct Staging {
    output: PathBuf,
    /// The output folder held nothing when the build began, so nothing in it can be stale.
    fresh: bool,
    /// `(path relative to the output, how it was staged)` of each file.
    staged: Mutex<Vec<(String, Staged)>>,
    /// Folders this write made (the output folder first), to remove again if it fails.
    created: Mutex<Vec<PathBuf>>,
    /// Folders known to be in place: made or checked already, so that the thousands of
    /// pages in one section do not each check the section's folder again.
    folders: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

/// How one file was staged.
#[derive(Debug)]
enum Staged {
    /// Its place already held its bytes.
    Unchanged,
    /// Written to this temporary file, to be renamed into place.
    Temp(PathBuf),
    /// Written in its place (in a fresh folder).
    InPlace,
}

impl Staging {
    /// Starts writing into `output`, making the folder if it does not exist.
    pub fn begin(output: &Path) -> Result<Staging> {
        let mut created = Vec::new();
        if output.symlink_metadata().is_err() {
            fsutil::create_dir_all(output)?;
            created.push(output.to_path_buf());
        }
        let fresh = fs::read_dir(output)
            .map_err(|source| Error::Read {
                path: output.to_path_buf(),
                source,
            })?
            .next()
            .is_none();
        if fresh {
            fsutil::write_atomic(&output.join(MARKER), MARKER_TEXT.as_bytes())?;
        }
        Ok(Staging {
            output: output.to_path_buf(),
            fresh,
            staged: Mutex::default(),
            created: Mutex::new(created),
            folders: Mutex::default(),
            committed: false,
        })
    }

    /// Writes `file`'s bytes to a temporary file beside its place, unless its place already
    /// holds them. Clears the way first: a link, file or folder inside the output that stands
    /// where a folder or this file must go is gloss's to remove.
    pub fn stage(&self, file: &Output) -> Result<()> {
        let path = self.output.join(&file.path);
        let parent = path.parent().unwrap_or(&self.output);
        let made = make_folders(&self.output, parent, &self.folders, self.fresh)?;
        if !made.is_empty() {
            lock(&self.created).extend(made);
        }
        // In a folder that held nothing, nothing can stand in the way, and nothing is
        // replaced: the file goes in its place.
        if self.fresh {
            // Listed first, so that a failed write is removed with the rest.
            lock(&self.staged).push((file.path.clone(), Staged::InPlace));
            return fs::write(&path, &file.bytes).map_err(|source| Error::Write { path, source });
        }
        let temp = match path.symlink_metadata().ok() {
            Some(m) if m.is_file() && m.len() == file.bytes.len() as u64 => {
                if fs::read(&path).is_ok_and(|old| old == file.bytes) {
                    Staged::Unchanged
                } else {
                    Staged::Temp(fsutil::write_temp(&path, &file.bytes)?)
                }
            }
            Some(m) if m.is_dir() => {
                remove_tree(&path)?;
                Staged::Temp(fsutil::write_temp(&path, &file.bytes)?)
            }
            Some(m) if !m.is_file() => {
                remove_entry(&path)?;
                Staged::Temp(fsutil::write_temp(&path, &file.bytes)?)
            }
            _ => Staged::Temp(fsutil::write_temp(&path, &file.bytes)?),
        };
        lock(&self.staged).push((file.path.clone(), temp));
        Ok(())
    }

    /// Puts every staged file in its place, marks the folder as gloss's, and removes what
    /// the site no longer holds (links and pipes included: gloss writes none).
    pub fn commit(mut self) -> Result<WriteReport> {
        let mut staged = std::mem::take(&mut *lock(&self.staged));
        staged.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if !is_marked(&self.output) {
            fsutil::write_atomic(&self.output.join(MARKER), MARKER_TEXT.as_bytes())?;
        }
        let output = &self.output;
        let renamed: Vec<Result<()>> = staged
            .par_iter()
            .filter_map(|(path, staged)| match staged {
                Staged::Temp(temp) => Some((path, temp)),
                _ => None,
            })
            .map(|(path, temp)| {
                let path = output.join(path);
                fs::rename(temp, &path).map_err(|source| Error::Write { path, source })
            })
            .collect();
        if let Some(error) = renamed.into_iter().find_map(Result::err) {
            // What was renamed already stays; the rest goes with the staging.
            *lock(&self.staged) = staged;
            return Err(error);
        }
        self.committed = true;
        let mut report = WriteReport::default();
        for (path, staged) in &staged {
            match staged {
                Staged::Unchanged => report.unchanged += 1,
                Staged::Temp(_) | Staged::InPlace => report.written.push(path.clone()),
            }
        }
        if !self.fresh {
            let keep: HashSet<PathBuf> = staged.iter().map(|(p, _)| output.join(p)).collect();
            report.removed = remove_stale(output, &keep)?;
        }
        Ok(report)
    }
}

impl Drop for Staging {
    /// A staging dropped without a commit: its temporary files go, and the folders it made
    /// (deepest first, and only if they are empty again).
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let staged = std::mem::take(&mut *lock(&self.staged));
        discard(staged.iter().filter_map(|(path, staged)| match staged {
            Staged::Temp(temp) => Some(temp.clone()),
            Staged::InPlace => Some(self.output.join(path)),
            Staged::Unchanged => None,
        }));
        if self.fresh {
            let _ = fs::remove_file(self.output.join(MARKER));
        }
        let mut created = std::mem::take(&mut *lock(&self.created));
        created.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
        for folder in created {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// Removes the files a failed write wrote (a temporary file renamed already is gone, which
/// is fine).
fn discard(files: impl Iterator<Item = PathBuf>) {
    for file in files {
        let _ = fs::remove_file(file);
    }
}

/// Writes one file of the site (atomically), whatever is there now. For callers that know
/// what is on disk already (`watch` keeps hashes of what it wrote).
pub fn write_one(output: &Path, file: &Output) -> Result<()> {
    let path = output.join(&file.path);
    make_folders(
        output,
        path.parent().unwrap_or(output),
        &Mutex::default(),
        false,
    )?;
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
/// created or written outside the output folder. Returns the folders it made. Folders in
/// `known` are taken as in place, and every folder passed is added to it; in a `fresh`
/// output folder (one that held nothing) nothing can stand in the way.
fn make_folders(
    output: &Path,
    folder: &Path,
    known: &Mutex<HashSet<PathBuf>>,
    fresh: bool,
) -> Result<Vec<PathBuf>> {
    let Ok(relative) = folder.strip_prefix(output) else {
        return fsutil::create_dir_all(folder).map(|()| Vec::new());
    };
    let mut made = Vec::new();
    let mut current = output.to_path_buf();
    for part in relative.components() {
        current.push(part);
        if lock(known).contains(&current) {
            continue;
        }
        let in_place = !fresh
            && match current.symlink_metadata() {
                Ok(m) if m.is_dir() => true,
                Ok(_) => {
                    remove_entry(&current)?;
                    false
                }
                Err(_) => false,
            };
        if !in_place {
            match fs::create_dir(&current) {
                Ok(()) => made.push(current.clone()),
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
        lock(known).insert(current.clone());
    }
    Ok(made)
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

/// Removes files under `output` that are not in `keep`, and the folders that leaves empty.
/// Links are removed, never followed, so nothing outside the output folder is touched.
fn remove_stale(output: &Path, keep: &HashSet<PathBuf>) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    let mut folders = Vec::new();
    // Folders that lost an entry: only these can have become empty.
    let mut emptied = HashSet::new();
    for entry in entries(output) {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            folders.push(path.to_path_buf());
        } else if !keep.contains(path) && path != output.join(MARKER) {
            remove_entry(path)?;
            removed.push(relative(output, path));
            emptied.extend(path.parent().map(Path::to_path_buf));
        }
    }
    // Deepest first, so a folder is empty by the time it is looked at.
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for folder in folders {
        if emptied.contains(&folder)
            && fs::read_dir(&folder).is_ok_and(|mut d| d.next().is_none())
            && fs::remove_dir(&folder).is_ok()
        {
            emptied.extend(folder.parent().map(Path::to_path_buf));
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` into `output` as a build does: all of them, or none.
    fn write(output: &Path, files: &[Output]) -> Result<WriteReport> {
        let staging = Staging::begin(output)?;
        files.par_iter().try_for_each(|file| staging.stage(file))?;
        staging.commit()
    }

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
    fn a_first_build_cut_short_is_finished_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        fs::create_dir(&root).unwrap();
        let out = dir.path().join("site");
        let staging = Staging::begin(&out).unwrap();
        staging.stage(&output("a/index.html", "a")).unwrap();
        // The process ends here (killed): no commit, no clean-up.
        std::mem::forget(staging);
        assert!(is_marked(&out), "a fresh folder is marked from the start");
        check_output(&root, &out).expect("the next build may write there");
        let report = write(&out, &[output("b.html", "b")]).unwrap();
        assert_eq!(report.removed, ["a/index.html"]);
        assert!(!out.join("a").exists());
        assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "b");
    }

    #[test]
    fn a_failed_first_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (made, empty) = (dir.path().join("made"), dir.path().join("empty"));
        fs::create_dir(&empty).unwrap();
        for out in [&made, &empty] {
            let staging = Staging::begin(out).unwrap();
            staging.stage(&output("a/b/index.html", "page")).unwrap();
            staging.stage(&output("c.html", "page")).unwrap();
            drop(staging);
        }
        assert!(!made.exists(), "the folder the write made is gone again");
        assert_eq!(
            fs::read_dir(&empty).unwrap().count(),
            0,
            "an empty folder stays empty"
        );
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
