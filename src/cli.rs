//! The command line: arguments parsed by clap and turned into validated options before any
//! work starts.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// gloss: a static-site generator for annotated briefings.
#[derive(Debug, Parser)]
#[command(name = "gloss", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build {
        /// The project folder (the one holding `content/`).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/site].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Also print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Load, anchor, link and render without writing; report every problem.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// How to report.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Start a new article and its annotation file.
    New {
        /// The article's slug: its file name and address (`2007-03-15-csto-summit`).
        slug: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Start a new project with a small working example.
    Init {
        /// The folder to create (new or empty).
        dir: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}
