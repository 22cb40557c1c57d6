//! The `gloss` binary: parses the command line, calls the library, prints diagnostics and maps
//! the outcome to an exit code: 0 ok, 1 content errors, 2 usage or environment errors.

mod cli;

use clap::Parser;
use cli::{Cli, Command, Format};
use gloss::diagnostic::{self, Diagnostic, terminal};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> gloss::error::Result<ExitCode> {
    match command {
        Command::Build {
            root,
            output,
            timings,
        } => {
            let output = output.unwrap_or_else(|| root.join("site"));
            // `./site` reads better as `site` in messages.
            let output = output
                .strip_prefix(".")
                .map(|p| p.to_path_buf())
                .unwrap_or(output);
            let report = gloss::build::build(&gloss::build::BuildOptions {
                root,
                output: output.clone(),
                live_reload: false,
            })?;
            print_diagnostics(&report.diagnostics);
            if report.has_errors() {
                eprintln!(
                    "error: the build failed; `{}` was left as it was",
                    output.display()
                );
                return Ok(ExitCode::from(1));
            }
            println!(
                "Built {} ({}, {}) in {} ms",
                count(report.pages, "page"),
                count(report.articles, "article"),
                count(report.entities, "entity"),
                report.elapsed.as_millis()
            );
            if timings {
                println!("  {}", report.timings);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            root,
            strict,
            format,
        } => {
            let report = gloss::check::check(&root, strict)?;
            match format {
                Format::Json => println!("{}", report.to_json()),
                Format::Text => {
                    print_diagnostics(report.diagnostics());
                    if !report.has_errors() {
                        println!(
                            "Checked {} articles and {} annotations",
                            report.rendered.project.articles.len(),
                            report.annotation_count()
                        );
                    }
                }
            }
            Ok(if report.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::New { slug, root } => {
            for path in gloss::scaffold::new_article(&root, &slug, gloss::scaffold::today())? {
                println!("Created {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => {
            gloss::scaffold::init(&dir)?;
            println!(
                "Created a gloss project in {0}\nNext: cd {0} && gloss build, then open site/index.html",
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints diagnostics to stderr, then a count of them.
fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprint!("{}", terminal::render(d));
    }
    let (errors, warnings) = diagnostic::count(diagnostics);
    if let Some(summary) = terminal::summary(errors, warnings) {
        eprintln!("{summary}");
    }
}

/// `1 article`, `2 articles`, `1 entity`, `2 entities`.
fn count(n: usize, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}
