//! The dev server's front door. tiny_http reads a request head with no limit on its size and
//! no deadline, one thread per connection and no cap on connections: one client sending an
//! endless header line grows the server's memory without end, and clients that never finish
//! a request each keep a thread forever, until thread creation fails and tiny_http's accept
//! loop dies with it. So tiny_http listens only on a private loopback port, and this guard
//! takes the public connections: it reads each request head itself, within limits of size
//! and time, refuses what breaks them with a proper status, and passes well-formed requests
//! through byte for byte, answers coming back the same way.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// The largest request head accepted (request line and headers). Browsers send one or two
/// KiB; cookies other local apps set on `localhost` can add a few more.
pub const MAX_HEAD: usize = 64 * 1024;
/// The largest request body passed on. gloss answers GET and HEAD, which have none; a small
/// body still reaches tiny_http so that, say, a POST gets its "405, GET and HEAD only".
pub const MAX_BODY: usize = 64 * 1024;
/// How long a client may take to send a request head, from its first byte (or, for the first
/// request, from connecting). Browsers send a head at once; a client slower than this is
/// stuck or hostile.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once. A browser opens six per site and one event stream per tab.
pub const MAX_CONNECTIONS: usize = 256;
/// How long the answers already passed on may take to finish before a refused request ends
/// the connection anyway (an event stream never finishes).
const DRAIN: Duration = Duration::from_secs(2);

/// Starts the guard on `public` and returns the tiny_http server it passes requests to.
pub fn start(public: TcpListener) -> io::Result<tiny_http::Server> {
    let inner = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))?;
    // tiny_http writes an answer's head and body separately; with Nagle's algorithm the body
    // waits for the head's acknowledgement, which the receiver delays by up to 40 ms, so every
    // request after the first on a kept-alive connection took 40 ms. Connections accepted
    // from this listener inherit TCP_NODELAY (Linux, the BSDs, macOS, Windows); best effort.
    let _ = socket2::SockRef::from(&inner).set_tcp_nodelay(true);
    let inner_address = inner.local_addr()?;
    let server = tiny_http::Server::from_listener(inner, None).map_err(io::Error::other)?;
    thread::spawn(move || accept(&public, inner_address));
    Ok(server)
}

/// Accepts connections for ever, each on a thread of its own, up to [`MAX_CONNECTIONS`].
fn accept(public: &TcpListener, inner: SocketAddr) {
    let open = Arc::new(AtomicUsize::new(0));
    loop {
        let client = match public.accept() {
            Ok((client, _)) => client,
            Err(_) => {
                // Out of file descriptors, say: wait for some to close rather than spin.
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if open.load(Ordering::Acquire) >= MAX_CONNECTIONS {
            // No lingering here: the accepting thread must not wait on one client.
            let _ = client.set_write_timeout(Some(Duration::from_millis(100)));
            let why = "too many connections are open; try again in a moment";
            refuse(&client, 503, why, false);
            continue;
        }
        open.fetch_add(1, Ordering::AcqRel);
        let open = Arc::clone(&open);
        let spawned = thread::Builder::new()
            .name("gloss-guard".into())
            .spawn(move || {
                let _count = Counted(open);
                guard(client, inner);
            });
        if spawned.is_err() {
            // The closure (and with it the count and the client) was dropped.
            thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Gives a connection's place back when it ends, however it ends.
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// What reading a request head ended with.
#[derive(Debug, PartialEq, Eq)]
enum Head {
    /// A complete request (head and body) and the bytes after it.
    Request(Vec<u8>),
    /// The client closed the connection (or never started a request within the time).
    Closed,
    /// A request that is refused with this status and reason.
    Refused(u16, &'static str),
}

/// Serves one client connection: reads request after request, passing each on.
fn guard(client: TcpStream, inner: SocketAddr) {
    // Answers are copied on as they come; none should wait for an acknowledgement.
    let _ = client.set_nodelay(true);
    let mut reader = HeadReader {
        stream: &client,
        buffer: Vec::new(),
        first: true,
    };
    let mut upstream: Option<Upstream> = None;
    loop {
        match reader.next() {
            Head::Request(bytes) => {
                if upstream.is_none() {
                    match connect(&client, inner) {
                        Ok(connected) => upstream = Some(connected),
                        Err(_) => {
                            refuse(&client, 503, "the server is not ready; try again", true);
                            return;
                        }
                    }
                }
                let Some(up) = &mut upstream else {
                    return;
                };
                if up.server.write_all(&bytes).is_err() {
                    break;
                }
            }
            Head::Closed => break,
            Head::Refused(status, why) => {
                // Answers already passed on go out first, so the refusal is not written into
                // the middle of one.
                let drained = match &upstream {
                    Some(up) => {
                        up.refusing.store(true, Ordering::Release);
                        let _ = up.server.shutdown(Shutdown::Write);
                        up.finished.recv_timeout(DRAIN).is_ok()
                    }
                    None => true,
                };
                if drained {
                    refuse(&client, status, why, true);
                }
                let _ = client.shutdown(Shutdown::Both);
                return;
            }
        }
    }
    // The client is done sending: tiny_http finishes its answers and closes, which ends the
    // copy back (and this connection).
    if let Some(up) = &upstream {
        let _ = up.server.shutdown(Shutdown::Write);
    }
}

/// The connection to tiny_http that a client's requests go to.
struct Upstream {
    server: TcpStream,
    /// Hears when tiny_http has closed and its last answer is copied back.
    finished: mpsc::Receiver<()>,
    /// Set when the guard ends the connection to answer the client itself.
    refusing: Arc<AtomicBool>,
}

/// Opens the connection to tiny_http and copies its answers back to the client on a thread.
fn connect(client: &TcpStream, inner: SocketAddr) -> io::Result<Upstream> {
    let server = TcpStream::connect(inner)?;
    let _ = server.set_nodelay(true);
    let (mut from, mut to) = (server.try_clone()?, client.try_clone()?);
    let (done, finished) = mpsc::channel();
    let refusing = Arc::new(AtomicBool::new(false));
    let guard_refusing = Arc::clone(&refusing);
    thread::Builder::new()
        .name("gloss-guard-copy".into())
        .spawn(move || {
            let _ = io::copy(&mut from, &mut to);
            // tiny_http closed the connection. Unless the guard closed it to answer the client
            // itself, nothing more can be answered (after `Connection: close`, an error, the
            // client's end): the client's side ends too, which also wakes the thread waiting
            // for its next request.
            if !guard_refusing.load(Ordering::Acquire) {
                let _ = to.shutdown(Shutdown::Both);
            }
            let _ = done.send(());
        })?;
    Ok(Upstream {
        server,
        finished,
        refusing,
    })
}

/// Reads request heads (and small bodies) from a client, within the limits.
struct HeadReader<'a> {
    stream: &'a TcpStream,
    /// Bytes read but not yet passed on: the start of the next request.
    buffer: Vec<u8>,
    /// No request has been read yet: the head timeout runs from the connection's start.
    first: bool,
}

impl HeadReader<'_> {
    fn next(&mut self) -> Head {
        let started = if self.first || !self.buffer.is_empty() {
            Some(Instant::now())
        } else {
            None
        };
        self.first = false;
        let head_end = match self.read_head(started) {
            Ok(end) if end > MAX_HEAD => return too_large(&self.buffer[..MAX_HEAD]),
            Ok(end) => end,
            Err(head) => return head,
        };
        let head = &self.buffer[..head_end];
        if let Err(refused) = check_request_line(head) {
            return refused;
        }
        let body = match body_length(head) {
            Ok(length) => length,
            Err(refused) => return refused,
        };
        let total = head_end + body;
        if self.buffer.len() < total {
            let deadline = Instant::now() + HEAD_TIMEOUT;
            while self.buffer.len() < total {
                match self.fill(Some(deadline)) {
                    Ok(0) | Err(_) => return Head::Closed,
                    Ok(_) => {}
                }
            }
        }
        let rest = self.buffer.split_off(total);
        Head::Request(std::mem::replace(&mut self.buffer, rest))
    }

    /// Reads until the buffer holds a whole head; returns where it ends. `started` is when
    /// the clock started, `None` to wait for a first byte as long as it takes (between
    /// requests of a kept-alive connection, which may also be carrying an event stream).
    fn read_head(&mut self, mut started: Option<Instant>) -> Result<usize, Head> {
        let mut searched = 0;
        loop {
            if let Some(end) = find_head_end(&self.buffer, searched) {
                return Ok(end);
            }
            searched = self.buffer.len().saturating_sub(3);
            if self.buffer.len() > MAX_HEAD {
                return Err(too_large(&self.buffer[..MAX_HEAD]));
            }
            let deadline = started.map(|s| s + HEAD_TIMEOUT);
            match self.fill(deadline) {
                Ok(0) => return Err(Head::Closed),
                Ok(_) => {
                    started.get_or_insert_with(Instant::now);
                }
                Err(e) if is_timeout(&e) => {
                    return Err(if self.buffer.iter().all(u8::is_ascii_whitespace) {
                        Head::Closed
                    } else {
                        Head::Refused(408, "the request took too long to arrive")
                    });
                }
                Err(_) => return Err(Head::Closed),
            }
        }
    }

    /// Reads once into the buffer, waiting at most until `deadline`.
    fn fill(&mut self, deadline: Option<Instant>) -> io::Result<usize> {
        let wait = match deadline {
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(io::ErrorKind::TimedOut.into());
                }
                Some(left)
            }
            None => None,
        };
        self.stream.set_read_timeout(wait)?;
        let mut chunk = [0u8; 16 * 1024];
        let n = (&*self.stream).read(&mut chunk)?;
        self.buffer.extend_from_slice(&chunk[..n]);
        Ok(n)
    }
}

/// The refusal of a head longer than [`MAX_HEAD`], whose first bytes are `start`: the
/// address is too long if the request line never ended.
fn too_large(start: &[u8]) -> Head {
    if start.contains(&b'\n') {
        Head::Refused(431, "the request's headers are too large")
    } else {
        Head::Refused(414, "the address is too long")
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// Where the head ends (after its blank line), searching from `from`.
fn find_head_end(buffer: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(&buffer[from..], b"\r\n\r\n").map(|i| from + i + 4)
}

/// Refuses a request line tiny_http would answer badly: bytes that are not printable ASCII
/// (it closes without a word), a version other than HTTP/1.0 or 1.1 (it answers 505, then
/// waits for more on the connection), or not three parts.
fn check_request_line(head: &[u8]) -> Result<(), Head> {
    let line_end = memchr::memchr(b'\r', head).unwrap_or(head.len());
    let line = &head[..line_end];
    if line
        .iter()
        .any(|&b| !(0x21..0x7f).contains(&b) && b != b' ')
    {
        return Err(Head::Refused(
            400,
            "the request line holds bytes that are not printable ASCII",
        ));
    }
    let parts: Vec<&[u8]> = line.split(|&b| b == b' ').collect();
    match parts.as_slice() {
        [method, target, version] if !method.is_empty() && !target.is_empty() => {
            if version.starts_with(b"HTTP/") && *version != b"HTTP/1.1" && *version != b"HTTP/1.0" {
                Err(Head::Refused(
                    505,
                    "only HTTP/1.0 and HTTP/1.1 are spoken here",
                ))
            } else {
                Ok(())
            }
        }
        _ => Err(Head::Refused(
            400,
            "the request line is not `METHOD /path HTTP/1.1`",
        )),
    }
}

/// The length of the request's body, from its headers.
fn body_length(head: &[u8]) -> Result<usize, Head> {
    let mut length = 0;
    for line in head.split(|&b| b == b'\n').skip(1) {
        let Some(colon) = memchr::memchr(b':', line) else {
            continue;
        };
        let (name, value) = (&line[..colon], line[colon + 1..].trim_ascii());
        if name.eq_ignore_ascii_case(b"transfer-encoding") {
            return Err(Head::Refused(
                411,
                "request bodies must come with a Content-Length",
            ));
        }
        if name.eq_ignore_ascii_case(b"content-length") {
            length = std::str::from_utf8(value)
                .ok()
                .and_then(|v| v.parse::<usize>().ok())
                .ok_or(Head::Refused(400, "the Content-Length is not a number"))?;
        }
    }
    if length > MAX_BODY {
        return Err(Head::Refused(413, "the request's body is too large"));
    }
    Ok(length)
}

/// Answers with `status` and a line saying why, and closes the connection; with `linger`,
/// after reading what the client still sends for a moment. Errors are the client's (it went
/// away) and are ignored.
fn refuse(client: &TcpStream, status: u16, why: &str, linger: bool) {
    let reason = match status {
        400 => "Bad Request",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Error",
    };
    let body = format!("{why}\n");
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    if linger {
        let _ = client.set_write_timeout(Some(HEAD_TIMEOUT));
    }
    let _ = (&*client).write_all(response.as_bytes());
    let _ = client.shutdown(Shutdown::Write);
    if linger {
        discard_input(client);
    }
}

/// Reads and drops what the client is still sending, for a moment: closing a socket with
/// unread input makes the system reset the connection, and a reset can destroy the answer
/// before the client has read it (a client still sending a huge header would never learn
/// why). Bounded in time and bytes, so it costs a refused client little.
fn discard_input(client: &TcpStream) {
    const LINGER: Duration = Duration::from_secs(2);
    const MAX_DISCARD: usize = 4 * 1024 * 1024;
    let until = Instant::now() + LINGER;
    let mut chunk = [0u8; 16 * 1024];
    let mut dropped = 0;
    while dropped < MAX_DISCARD {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || client.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match (&*client).read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => dropped += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines_tiny_http_mishandles_are_refused() {
        let ok = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        assert_eq!(check_request_line(ok), Ok(()));
        assert_eq!(check_request_line(b"FOO /x HTTP/1.0\r\n\r\n"), Ok(()));
        for (line, status) in [
            (&b"GET / HTTP/2.0\r\n\r\n"[..], 505),
            (b"GET /\xc3\xa9 HTTP/1.1\r\n\r\n", 400),
            (b"GET /a\x00 HTTP/1.1\r\n\r\n", 400),
            (b"GET / / HTTP/1.1\r\n\r\n", 400),
            (b"GET\r\n\r\n", 400),
        ] {
            assert!(
                matches!(check_request_line(line), Err(Head::Refused(s, _)) if s == status),
                "{line:?}"
            );
        }
    }

    #[test]
    fn bodies_are_measured_and_bounded() {
        assert_eq!(body_length(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"), Ok(0));
        assert_eq!(
            body_length(b"POST / HTTP/1.1\r\ncontent-LENGTH:  12 \r\n\r\n"),
            Ok(12)
        );
        let refused = |head: &[u8]| match body_length(head) {
            Err(Head::Refused(status, _)) => status,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n"),
            400
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n"),
            413
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            411
        );
    }

    #[test]
    fn heads_end_at_the_blank_line_wherever_the_reads_cut_it() {
        let text = b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next";
        assert_eq!(find_head_end(text, 0), Some(27));
        assert_eq!(find_head_end(text, 23), Some(27));
        assert_eq!(find_head_end(&text[..26], 0), None);
    }
}
