//! The errors that stop gloss before content is even looked at: files that cannot be read or
//! written, a folder that is not a project, a bad command line. Problems *in* the content are
//! [`Diagnostic`](crate::diagnostic::Diagnostic)s instead, collected so one run shows them all.

use std::io;
use std::path::PathBuf;

/// An environment or usage error. `main` maps every variant to exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("could not read `{}`: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("could not write `{}`: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("{0}")]
    Usage(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
