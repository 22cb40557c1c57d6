//! File-system helpers that attach the path to every I/O error, so no bare "No such file or
//! directory" reaches a user, and that write files atomically.

use crate::error::{Error, Result};
use rayon::prelude::*;
use std::fs;
use std::io::Write;
use std::path::Path;

/// A walk of `dir` with each folder's entries in name order. Within one folder the paths
/// share everything up to the name, so comparing whole paths gives the order of walkdir's
/// `sort_by_file_name` without taking both paths apart into components at every comparison
/// (9,000 instructions per file listed, on the main thread, with 200 files to a folder).
pub fn walk_sorted(dir: &Path) -> walkdir::WalkDir {
    walkdir::WalkDir::new(dir).sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
}

/// What [`walk_sorted`] with links followed lists, in its order, each folder directly in `dir`
/// listed on a thread of its own. An archive keeps its articles in a folder per year, and a
/// large build waits for the list before it reads a file: at 10,000 articles, listing the
/// 20,000 files on one thread kept the other core idle for some 40 ms. Links, and errors,
/// are rare but have rules that span folders (a link back to a folder above is a loop, found
/// against the whole walk): where the quick listing meets one, the walk is done again as one.
pub fn walk_sorted_parallel(dir: &Path) -> Vec<walkdir::Result<walkdir::DirEntry>> {
    let top: Vec<_> = walk_sorted(dir).max_depth(1).into_iter().collect();
    let listed: Vec<_> = top
        .into_par_iter()
        .map(|entry| match entry {
            Ok(folder) if folder.depth() == 1 && folder.file_type().is_dir() => {
                let below = walk_sorted(folder.path()).min_depth(1);
                std::iter::once(Ok(folder)).chain(below).collect()
            }
            entry => vec![entry],
        })
        .collect::<Vec<Vec<_>>>()
        .into_iter()
        .flatten()
        .collect();
    let plain = |entry: &walkdir::Result<walkdir::DirEntry>| {
        entry
            .as_ref()
            .is_ok_and(|e| e.depth() == 0 || !e.file_type().is_symlink())
    };
    if listed.iter().all(plain) {
        listed
    } else {
        walk_sorted(dir).follow_links(true).into_iter().collect()
    }
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, so a reader
/// (a browser, a web server) sees either the old file or the new one, never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let error = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let temp = temp_path(path);
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map_err(error)
}

/// Writes `bytes` to the temporary file beside `path` (see [`temp_path`]) and returns its
/// name, for a caller that renames it into place once everything else is ready. On failure
/// nothing is left behind.
pub fn write_temp(path: &Path, bytes: &[u8]) -> Result<std::path::PathBuf> {
    let temp = temp_path(path);
    let result = fs::File::create(&temp).and_then(|mut file| file.write_all(bytes));
    match result {
        Ok(()) => Ok(temp),
        Err(source) => {
            let _ = fs::remove_file(&temp);
            Err(Error::Write {
                path: path.to_path_buf(),
                source,
            })
        }
    }
}

/// Creates a new file, refusing to replace one that exists (for `gloss new` and `init`, which
/// must never overwrite an author's work).
pub fn write_new(path: &Path, text: &str) -> Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })?;
    file.write_all(text.as_bytes())
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
}

/// The temporary name used while writing `path`: hidden, in the same folder (so the rename
/// stays on one file system), and tagged with the process id so two gloss runs never collide.
pub fn temp_path(path: &Path) -> std::path::PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.gloss-{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() {
        let dir = std::env::temp_dir().join(format!("gloss-fsutil-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("page.html");
        write_atomic(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        assert!(write_new(&path, "x").is_err(), "must not overwrite");
        let err = read(&dir.join("missing")).unwrap_err().to_string();
        assert!(err.contains("missing"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
