//! The `gloss` binary: parses the command line, calls the library, prints diagnostics and maps
//! the outcome to an exit code: 0 ok, 1 content errors, 2 usage or environment errors.

mod allocator;
mod cli;

/// mimalloc instead of the system allocator: a build allocates and frees millions of small
/// strings across threads (views, HTML pieces), where it measured faster (see the commit).
#[global_allocator]
static ALLOCATOR: allocator::Mimalloc = allocator::Mimalloc;

use clap::Parser;
use cli::{Cli, Command, Format};
use gloss::diagnostic::{self, Diagnostic, terminal};
use gloss::text::{count, say, tell};
use std::path::{Path, PathBuf};
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
            let output = output_or_site(&root, output);
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
            println!("{}", built_line(&report));
            if timings {
                println!("  {}", report.timings);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            root,
            strict,
            format: _,
            fix: true,
            write,
        } => check_fix(&root, strict, write),
        Command::Check {
            root,
            strict,
            format,
            ..
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
        Command::Watch { root, output } => {
            let output = output_or_site(&root, output);
            gloss::watch::watch(
                &gloss::build::BuildOptions {
                    root,
                    output,
                    live_reload: false,
                },
                print_build,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            root,
            output,
            port,
            bind,
            open,
        } => {
            let output = output.unwrap_or_else(|| gloss::serve::default_output(&root));
            gloss::serve::serve(
                &gloss::serve::ServeOptions {
                    root,
                    output,
                    bind,
                    port: port.unwrap_or(DEFAULT_PORT),
                    port_given: port.is_some(),
                    open,
                },
                print_build,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New { slug, root } => {
            for path in gloss::scaffold::new_article(&root, &slug, gloss::scaffold::today())? {
                println!("Created {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            root,
            format: cli::ExportFormat::W3c,
            article,
        } => {
            let rendered = gloss::build::check_project(&root)?;
            let json = gloss::w3c::export(&rendered, article.as_deref())?;
            say(&serde_json::to_string_pretty(&json).unwrap_or_default());
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            file,
            article,
            root,
        } => {
            let rendered = gloss::build::check_project(&root)?;
            let (added, path) = gloss::w3c::import(&rendered, &file, &article)?;
            say(&format!(
                "Added {} to {}",
                count(added, "annotation"),
                path.display()
            ));
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

/// `gloss check --fix [--write]`: the diff of the fixes on stdout, or the files rewritten;
/// what cannot be fixed on stderr. Exit 0 when nothing needed fixing (or everything was
/// written), 1 when fixes are shown or some annotation could not be fixed.
fn check_fix(root: &Path, strict: bool, write: bool) -> gloss::error::Result<ExitCode> {
    let report = gloss::check::check(root, strict)?;
    let fixes = gloss::fix::fixes(&report.rendered);
    for line in &fixes.unfixable {
        tell(&format!("cannot fix {line}\n"));
    }
    let fixed: usize = fixes.files.iter().map(|f| f.fixed).sum();
    if write {
        fixes.write()?;
        if fixed > 0 {
            say(&format!(
                "Fixed {} in {}",
                count(fixed, "annotation"),
                count(fixes.files.len(), "file")
            ));
        } else if fixes.unfixable.is_empty() {
            say("Nothing to fix");
        }
        return Ok(if fixes.unfixable.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    print!("{}", fixes.diff());
    if fixed > 0 {
        tell(&format!(
            "{} to fix in {}; `gloss check --fix --write` applies the diff above\n",
            count(fixed, "annotation"),
            count(fixes.files.len(), "file")
        ));
    }
    Ok(if fixes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The port `gloss serve` tries first.
const DEFAULT_PORT: u16 = 4000;

/// `--output`, or `<root>/site`; `./site` reads better as `site` in messages.
fn output_or_site(root: &Path, output: Option<PathBuf>) -> PathBuf {
    let output = output.unwrap_or_else(|| root.join("site"));
    output
        .strip_prefix(".")
        .map(|p| p.to_path_buf())
        .unwrap_or(output)
}

/// What `watch` and `serve` print per build: its diagnostics, then its line (the first build
/// gets the `Built …` line of `gloss build`).
fn print_build(report: &gloss::build::BuildReport, line: Option<&str>) {
    print_diagnostics(&report.diagnostics);
    match line {
        Some(line) => say(line),
        None if report.has_errors() => {
            tell("error: the build failed; fix the files above and save to rebuild\n")
        }
        None => say(&built_line(report)),
    }
}

/// `Built 59 pages (1 article, 45 entities) in 16 ms`.
fn built_line(report: &gloss::build::BuildReport) -> String {
    format!(
        "Built {} ({}, {}) in {} ms",
        count(report.pages, "page"),
        count(report.articles, "article"),
        count(report.entities, "entity"),
        report.elapsed.as_millis()
    )
}

/// Prints diagnostics to stderr, then a count of them.
fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        tell(&terminal::render(d));
    }
    let (errors, warnings) = diagnostic::count(diagnostics);
    if let Some(summary) = terminal::summary(errors, warnings) {
        tell(&format!("{summary}\n"));
    }
}
