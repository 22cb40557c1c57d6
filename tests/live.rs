//! A running `gloss serve` or `gloss watch` for tests, and a minimal HTTP client: raw
//! requests (so malformed ones can be sent too), responses, and an event-stream reader.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// How long a test waits for something that normally takes milliseconds. Generous: the
/// machines are shared and a debug build of a rebuild can stall.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A `gloss` process that keeps running (serve, watch), killed when dropped. Its stdout lines
/// arrive on a channel.
pub struct Running {
    child: Child,
    lines: Receiver<String>,
    /// For `serve`: `127.0.0.1:<port>`.
    pub address: String,
}

impl Running {
    /// Starts `gloss <args>` in `dir`; for `serve`, waits until it says where it listens.
    pub fn start(dir: &Path, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
            .args(args)
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            // Serve's default output goes under the temp folder: keep it in the test's own.
            .env("TMPDIR", dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start gloss");
        let lines = forward(child.stdout.take().expect("piped stdout"));
        let mut running = Running {
            child,
            lines,
            address: String::new(),
        };
        let ready = if args.first() == Some(&"serve") {
            "Serving "
        } else {
            "Watching "
        };
        let line = running.wait_for_line(|l| l.starts_with(ready));
        if let Some((_, rest)) = line.split_once("http://") {
            running.address = rest.split('/').next().unwrap_or_default().to_string();
        }
        running
    }

    /// The next stdout line matching `wanted`, skipping others; panics after [`PATIENCE`].
    pub fn wait_for_line(&mut self, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if wanted(&line) => return line,
                Ok(_) => {}
                Err(_) => panic!("gloss printed no expected line in {PATIENCE:?}"),
            }
        }
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Response {
        request(
            &self.address,
            &format!("GET {path} HTTP/1.1\r\nHost: t\r\n\r\n"),
        )
    }

    /// Subscribes to the live-reload events.
    pub fn events(&self) -> EventStream {
        EventStream::open(&self.address)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn forward(stdout: ChildStdout) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// A parsed response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `raw` (a whole request; `Connection: close` is added to its headers) and reads the
/// response to the end.
pub fn request(address: &str, raw: &str) -> Response {
    let raw = match raw.strip_suffix("\r\n\r\n") {
        Some(head) => format!("{head}\r\nConnection: close\r\n\r\n"),
        None => raw.to_string(),
    };
    let bytes = send(address, raw.as_bytes());
    parse(&bytes).unwrap_or_else(|| panic!("not an HTTP response: {bytes:?}"))
}

/// Sends raw bytes and returns everything the server answers before closing.
pub fn send(address: &str, raw: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    // The server may answer and close before reading all of a bad request.
    let _ = stream.write_all(raw);
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    out
}

fn parse(bytes: &[u8]) -> Option<Response> {
    let text = String::from_utf8_lossy(bytes);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let mut lines = head.lines();
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(Response {
        status,
        headers,
        body: body.to_string(),
    })
}

/// An open `/__gloss/events` stream.
pub struct EventStream {
    reader: BufReader<TcpStream>,
}

/// One server-sent event.
#[derive(Debug, Clone)]
pub struct Event {
    pub name: String,
    pub data: serde_json::Value,
}

impl EventStream {
    fn open(address: &str) -> EventStream {
        let mut stream = TcpStream::connect(address).expect("connect");
        stream
            .write_all(
                b"GET /__gloss/events HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n",
            )
            .expect("subscribe");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).expect("status line");
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        EventStream { reader }
    }

    /// The next event (comments and `retry:` skipped); panics after [`PATIENCE`].
    pub fn next(&mut self) -> Event {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "the event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() && !name.is_empty() {
                let data = serde_json::from_str(&data).expect("JSON event data");
                return Event { name, data };
            } else if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data = v.to_string();
            }
        }
    }

    /// The next event named `name`.
    pub fn next_named(&mut self, name: &str) -> Event {
        loop {
            let event = self.next();
            if event.name == name {
                return event;
            }
        }
    }
}
