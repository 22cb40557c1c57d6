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
        /// Also print how long each stage took, how many cores it kept busy, and the memory
        /// held after it (Linux).
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
        /// Print, as a unified diff, the edits to annotation files that make fuzzy anchors
        /// exact again and ambiguous quotes unique.
        #[arg(long)]
        fix: bool,
        /// With `--fix`: apply the edits to the files instead of printing them.
        #[arg(long, requires = "fix")]
        write: bool,
    },
    /// Build, then rebuild on every change under `content/` and `templates/`.
    Watch {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/site].
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Build, watch, and serve the site locally; open pages reload after every rebuild.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: a folder of its own under the system's temp
        /// folder, so the project's `site/` is left alone].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The port to listen on (0: any free one) [default: 4000, or the next free one].
        #[arg(long)]
        port: Option<u16>,
        /// The address to listen on; anything but loopback shares your drafts with the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the desktop's browser.
        #[arg(long)]
        open: bool,
    },
    /// Start a new article and its annotation file.
    New {
        /// The article's slug: its file name and address (`2007-03-15-csto-summit`).
        slug: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write the project's annotations in another format (W3C Web Annotation JSON-LD) to
    /// stdout.
    Export {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Only this article's annotations.
        #[arg(long)]
        article: Option<String>,
    },
    /// Append W3C Web Annotations (or a Hypothesis API export) to an article's annotation
    /// file.
    Import {
        /// The JSON file to read.
        file: PathBuf,
        /// The article the annotations are about.
        #[arg(long)]
        article: String,
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

/// Formats `gloss export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A W3C Web Annotation `AnnotationCollection` (JSON-LD).
    W3c,
}
