//! `gloss serve`: build, watch, and serve the output on a local port, reloading open pages
//! after every rebuild and showing build errors on top of the last good pages.

pub mod events;
mod guard;
pub mod overlay;
pub mod resolve;
mod respond;

use crate::build::{BuildOptions, BuildReport};
use crate::error::{Error, Result};
use crate::session::Session;
use crate::text::{say, tell};
use crate::watch::{Batch, Watcher, rebuild_line};
use events::{Events, Reload};
use overlay::Overlay;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock, RwLockReadGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Threads answering requests. Event streams do not hold one (their connection is handed to
/// [`Events`]), so a few are plenty for one person's browser.
const WORKERS: usize = 8;
/// How often idle event streams are pinged, to notice closed pages.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// Past this many changed files, pages are simply all told to reload.
const MAX_LISTED: usize = 500;

/// What `gloss serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// The port was given on the command line: if it is taken, stop rather than pick another.
    pub port_given: bool,
    pub open: bool,
}

/// The current build as the request threads see it.
#[derive(Debug, Clone)]
pub struct State {
    /// Changes with every build; pages compare it to the one they were served from.
    pub build: String,
    /// Present while the last build failed.
    pub overlay: Option<Overlay>,
}

/// What request threads share with the build loop.
pub struct Shared {
    pub output: PathBuf,
    /// `output`, with links resolved, to tell a file's place in it.
    pub canonical_output: PathBuf,
    pub events: Events,
    state: RwLock<State>,
}

impl Shared {
    pub fn state(&self) -> RwLockReadGuard<'_, State> {
        // The state is replaced whole, never left half-written, so a poisoned lock still holds
        // a consistent value.
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn set_state(&self, state: State) {
        *self.state.write().unwrap_or_else(|e| e.into_inner()) = state;
    }
}

/// The folder `gloss serve` builds into unless told otherwise: one per project, outside it,
/// so serving never touches the project's own `site/`.
pub fn default_output(root: &std::path::Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    absolute.hash(&mut hasher);
    std::env::temp_dir().join(format!("gloss-serve-{:016x}", hasher.finish()))
}

/// Runs until interrupted. `print` shows a build's diagnostics and, after a rebuild, its line.
pub fn serve(
    options: &ServeOptions,
    mut print: impl FnMut(&BuildReport, Option<&str>),
) -> Result<()> {
    let listener = bind(options)?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Usage(e.to_string()))?;
    // tiny_http behind a guard that bounds request heads, slow clients and connections.
    let server = guard::start(listener)
        .map_err(|e| Error::Usage(format!("cannot serve on {address}: {e}")))?;
    let server = Arc::new(server);
    let build_options = BuildOptions {
        root: options.root.clone(),
        output: options.output.clone(),
        live_reload: true,
    };
    let mut watcher = Watcher::new(&options.root)?;
    let started = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let mut generation = 0u64;
    let mut next_build = || {
        generation += 1;
        format!("{}-{started}-{generation}", std::process::id())
    };
    let mut session = Session::new(build_options);
    let (state, _) = rebuild(&mut session, next_build(), None, &mut print, None);
    crate::fsutil::create_dir_all(&options.output)?;
    let shared = Arc::new(Shared {
        canonical_output: options
            .output
            .canonicalize()
            .unwrap_or_else(|_| options.output.clone()),
        output: options.output.clone(),
        events: Events::default(),
        state: RwLock::new(state),
    });
    for _ in 0..WORKERS {
        let (server, shared) = (Arc::clone(&server), Arc::clone(&shared));
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                respond::respond(&shared, request);
            }
        });
    }
    let pinger = Arc::clone(&shared);
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(HEARTBEAT);
            pinger.events.heartbeat();
        }
    });
    let url = format!("http://{address}/");
    say(&format!(
        "Serving {} at {url} (Ctrl-C to stop)",
        options.output.display()
    ));
    if options.open {
        open_browser(&url);
    }
    while let Some(batch) = watcher.next_batch() {
        let had_overlay = shared.state().overlay.is_some();
        let (state, reload) = rebuild(
            &mut session,
            next_build(),
            Some(&batch),
            &mut print,
            Some(had_overlay),
        );
        shared.set_state(state);
        shared.events.reload(&reload);
    }
    Ok(())
}

/// Builds, prints, and says what the pages should now show and which must reload.
/// `had_overlay` is `None` for the first build.
fn rebuild(
    session: &mut Session,
    build: String,
    batch: Option<&Batch>,
    print: &mut impl FnMut(&BuildReport, Option<&str>),
    had_overlay: Option<bool>,
) -> (State, Reload) {
    let (overlay, changed) = match session.rebuild(batch) {
        Ok(report) => {
            let line = batch.map(|b| rebuild_line(b, &report));
            print(&report, line.as_deref());
            match &report.written {
                Some(written) => {
                    let mut changed = written.written.clone();
                    changed.extend(written.removed.iter().cloned());
                    (None, Some(changed))
                }
                None => (
                    Some(Overlay::new(&report.diagnostics, &report.orphans)),
                    None,
                ),
            }
        }
        Err(e) => {
            tell(&format!("error: {e}\n"));
            (Some(Overlay::failure(&e.to_string())), None)
        }
    };
    // An overlay appearing or going changes every page.
    let paths = match (changed, had_overlay) {
        (Some(changed), Some(false)) if changed.len() <= MAX_LISTED => Some(changed),
        _ => None,
    };
    (
        State {
            build: build.clone(),
            overlay,
        },
        Reload { build, paths },
    )
}

/// Binds the listening socket. A taken port that was not asked for by name gives way to the
/// next free one; one that was is an error naming a free one.
fn bind(options: &ServeOptions) -> Result<TcpListener> {
    let at = |port| SocketAddr::new(options.bind, port);
    let taken = match TcpListener::bind(at(options.port)) {
        Ok(listener) => return Ok(listener),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => e,
        Err(e) => {
            return Err(Error::Usage(format!(
                "cannot listen on {}: {e}",
                at(options.port)
            )));
        }
    };
    let next = (options.port.saturating_add(1)..options.port.saturating_add(100))
        .find_map(|port| TcpListener::bind(at(port)).ok().map(|l| (port, l)));
    match next {
        Some((port, listener)) if !options.port_given => {
            tell(&format!(
                "port {} is taken; using {port} instead\n",
                options.port
            ));
            Ok(listener)
        }
        Some((port, _)) => Err(Error::Usage(format!(
            "port {} on {} is taken ({taken}); port {port} is free: `gloss serve --port {port}`",
            options.port, options.bind
        ))),
        None => Err(Error::Usage(format!(
            "port {} on {} is taken ({taken}), and so are the next 99; \
             pick another with `--port`, or `--port 0` for any free one",
            options.port, options.bind
        ))),
    }
}

/// Opens `url` in the desktop's browser, if there is one; a failure is only a warning.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        tell(&format!(
            "warning: could not open a browser ({opener}: {e}); open {url} yourself\n"
        ));
    }
}
