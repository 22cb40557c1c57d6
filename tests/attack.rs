//! The dev server under attack (issue 7.4): traversal and malformed requests, endless
//! headers, clients that never finish a request, more connections than it takes — each
//! refused with a status that says why, while the server goes on serving everyone else. And
//! a short, bounded load while files change: every answer whole (the full `benches/load`
//! run is a benchmark, not a test).

use crate::live::{PATIENCE, Running, request, send};
use crate::util::Project;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The guard's limits (src/serve/guard.rs), as a client sees them.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_HEAD: usize = 64 * 1024;
const MAX_CONNECTIONS: usize = 256;

const ARTICLE: &str = "content/articles/2007-03-15-first.md";

fn serve(p: &Project) -> Running {
    p.write("secret.txt", "do not serve");
    Running::start(p.path(), &["serve", "--port", "0"])
}

/// The status line and body of an answer, read to the end.
fn status_and_body(bytes: &[u8]) -> (u16, String) {
    let text = String::from_utf8_lossy(bytes);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {text:?}"));
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, body.to_string())
}

#[test]
fn malformed_and_traversal_requests_are_refused_and_the_server_goes_on() {
    let p = Project::fixture("briefing");
    let server = serve(&p);
    let long_path = format!("/{}", "a".repeat(3000));
    let endless_path = format!("/{}", "a".repeat(MAX_HEAD + 1));
    let cases: Vec<(String, u16, &str)> = vec![
        (
            "GET /../secret.txt HTTP/1.1".into(),
            400,
            "climbs out of the site",
        ),
        (
            "GET /%2e%2e%2fsecret.txt HTTP/1.1".into(),
            400,
            "encoded slash",
        ),
        (
            "GET /%2e%2e/%2E%2E/secret.txt HTTP/1.1".into(),
            400,
            "climbs out",
        ),
        ("GET /index.html%00.txt HTTP/1.1".into(), 400, "NUL"),
        ("GET /%00 HTTP/1.1".into(), 400, "NUL"),
        (
            "GET /%c0%ae%c0%ae/secret.txt HTTP/1.1".into(),
            400,
            "not UTF-8",
        ),
        (
            "GET http://127.0.0.1/index.html HTTP/1.1".into(),
            400,
            "starting with one `/`",
        ),
        (
            "GET //etc/passwd HTTP/1.1".into(),
            400,
            "starting with one `/`",
        ),
        (format!("GET {long_path} HTTP/1.1"), 400, "too long"),
        (
            format!("GET {endless_path} HTTP/1.1"),
            414,
            "the address is too long",
        ),
        ("FOO / HTTP/1.1".into(), 405, "only GET and HEAD"),
        ("get / HTTP/1.1".into(), 405, "only GET and HEAD"),
        (
            "CONNECT 127.0.0.1:443 HTTP/1.1".into(),
            405,
            "only GET and HEAD",
        ),
        ("GET / HTTP/2.0".into(), 505, "only HTTP/1.0 and HTTP/1.1"),
        ("GET / HTTP/9".into(), 505, "only HTTP/1.0 and HTTP/1.1"),
        ("GET /\u{e9} HTTP/1.1".into(), 400, "not printable ASCII"),
        (
            "GET / / HTTP/1.1".into(),
            400,
            "is not `METHOD /path HTTP/1.1`",
        ),
        ("GET".into(), 400, "is not `METHOD /path HTTP/1.1`"),
    ];
    for (line, status, why) in &cases {
        let answer = send(
            &server.address,
            format!("{line}\r\nHost: t\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        let (got, body) = status_and_body(&answer);
        assert_eq!(got, *status, "{line:.80}: {body}");
        assert!(body.contains(why), "{line:.80}: {body}");
        assert!(!body.contains("do not serve"));
    }
    // Garbage instead of HTTP: a TLS greeting, a header without a colon, a body too large,
    // chunked bodies.
    for (raw, status) in [
        (
            &b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"[..],
            400,
        ),
        (b"GET / HTTP/1.1\r\nHost t\r\n\r\n", 400),
        (
            b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000\r\n\r\n",
            413,
        ),
        (
            b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n",
            411,
        ),
    ] {
        let (got, body) = status_and_body(&send(&server.address, raw));
        assert_eq!(got, status, "{raw:?}: {body}");
    }
    // A small body still reaches the server, which explains what it answers.
    let post = request(
        &server.address,
        "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
    );
    assert_eq!(post.status, 405);
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn requests_pipelined_on_one_connection_are_all_answered_in_order() {
    let p = Project::fixture("briefing");
    let server = serve(&p);
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    // Three requests in one write, the last one closing.
    stream
        .write_all(
            b"GET /static/gloss.css HTTP/1.1\r\nHost: t\r\n\r\nHEAD / HTTP/1.1\r\nHost: t\r\n\r\n\
              GET /no/such/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let mut reader = BufReader::new(stream);
    let mut statuses = Vec::new();
    for head_only in [false, true, false] {
        let answer = read_answer(&mut reader, head_only);
        statuses.push(answer.status);
    }
    assert_eq!(statuses, [200, 200, 404]);
    // A bad request after a good one: the good one's answer first, whole, then the refusal.
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/2.0\r\nHost: t\r\n\r\n")
        .unwrap();
    let mut reader = BufReader::new(stream);
    let home = read_answer(&mut reader, false);
    assert_eq!(home.status, 200);
    assert!(home.body.ends_with(b"</html>\n"));
    let refused = read_answer(&mut reader, false);
    assert_eq!(refused.status, 505);
    assert_eq!(
        refused.body,
        b"only HTTP/1.0 and HTTP/1.1 are spoken here\n"
    );
}

#[test]
fn an_endless_header_is_refused_long_before_it_ends() {
    let p = Project::fixture("briefing");
    let server = serve(&p);
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut writer = stream.try_clone().unwrap();
    // 50 MB of one header line, sent from a thread while this one waits for the answer.
    let sender = std::thread::spawn(move || {
        let mut sent = 0;
        let _ = writer.write_all(b"GET / HTTP/1.1\r\nHost: t\r\nX-Endless: ");
        let chunk = vec![b'a'; 64 * 1024];
        while sent < 50 * 1024 * 1024 {
            if writer.write_all(&chunk).is_err() {
                break;
            }
            sent += chunk.len();
        }
        sent
    });
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let (status, body) = status_and_body(&answer);
    assert_eq!(status, 431);
    assert_eq!(body, "the request's headers are too large\n");
    // The server stopped reading: the sender could not get the 50 MB out.
    let sent = sender.join().unwrap();
    assert!(
        sent < 50 * 1024 * 1024,
        "the server read {sent} bytes of one header"
    );
    // Many small headers add up the same way.
    let many: String = (0..10_000).map(|i| format!("X-{i}: x\r\n")).collect();
    let (status, _) = status_and_body(&send(
        &server.address,
        format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes(),
    ));
    assert_eq!(status, 431);
    assert_eq!(server.get("/").status, 200);
}

/// A connection that starts a request and then sends a byte a second, never finishing.
fn slow_client(address: &str) -> TcpStream {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        .unwrap();
    stream
}

#[test]
fn slow_clients_hold_up_nobody_and_are_cut_off() {
    let p = Project::fixture("briefing");
    let server = serve(&p);
    let mut slow: Vec<TcpStream> = (0..50).map(|_| slow_client(&server.address)).collect();
    let silent = TcpStream::connect(&server.address).unwrap();
    let started = Instant::now();
    // Everyone else is served meanwhile, many times over.
    let mut served = 0;
    while started.elapsed() < HEAD_TIMEOUT / 2 {
        for stream in &mut slow {
            let _ = stream.write_all(b"a");
        }
        for path in ["/", "/articles/2007-03-15-first/", "/static/gloss.css"] {
            assert_eq!(server.get(path).status, 200);
            served += 1;
        }
    }
    assert!(served >= 3);
    // Then each slow client is told its request took too long, and closed; the silent one
    // is closed without a word.
    for mut stream in slow {
        stream
            .set_read_timeout(Some(PATIENCE + HEAD_TIMEOUT))
            .unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let (status, body) = status_and_body(&answer);
        assert_eq!(
            (status, body.as_str()),
            (408, "the request took too long to arrive\n")
        );
    }
    let mut silent = silent;
    silent
        .set_read_timeout(Some(PATIENCE + HEAD_TIMEOUT))
        .unwrap();
    let mut answer = Vec::new();
    assert_eq!(silent.read_to_end(&mut answer).unwrap(), 0);
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn more_connections_than_allowed_get_a_503_and_the_server_recovers() {
    let p = Project::fixture("briefing");
    let server = serve(&p);
    let hogs: Vec<TcpStream> = (0..MAX_CONNECTIONS)
        .map(|_| slow_client(&server.address))
        .collect();
    // Until the guard has counted them all, a new connection may still get in: wait for the
    // first refusal.
    let deadline = Instant::now() + PATIENCE;
    let refused = loop {
        let (status, body) = status_and_body(&send(
            &server.address,
            b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
        ));
        if status == 503 {
            break body;
        }
        assert!(Instant::now() < deadline, "never refused: {status}");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(
        refused,
        "too many connections are open; try again in a moment\n"
    );
    drop(hogs);
    let deadline = Instant::now() + PATIENCE;
    while request(&server.address, "GET / HTTP/1.1\r\nHost: t\r\n\r\n").status != 200 {
        assert!(Instant::now() < deadline, "the server did not recover");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One answer read off a kept-alive connection.
struct Answer {
    status: u16,
    content_length: Option<usize>,
    body: Vec<u8>,
}

/// Reads one answer: the head, then exactly `Content-Length` bytes (none for HEAD).
fn read_answer(reader: &mut impl BufRead, head_only: bool) -> Answer {
    let mut line = String::new();
    reader.read_line(&mut line).expect("status line");
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a status line: {line:?}"));
    let mut content_length = None;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).expect("a header");
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            content_length = value.trim().parse().ok();
        }
    }
    let mut body = vec![
        0;
        if head_only {
            0
        } else {
            content_length.unwrap_or(0)
        }
    ];
    reader.read_exact(&mut body).expect("the whole body");
    Answer {
        status,
        content_length,
        body,
    }
}

#[test]
fn a_short_load_while_files_change_gets_every_page_whole() {
    let p = Project::fixture("briefing");
    let mut server = serve(&p);
    let address = server.address.clone();
    let paths = [
        "/",
        "/articles/2007-03-15-first/",
        "/entities/csto/",
        "/timeline/",
        "/tags/",
    ];
    let clients: Vec<_> = (0..8)
        .map(|c| {
            let address = address.clone();
            std::thread::spawn(move || {
                let stream = TcpStream::connect(&address).unwrap();
                stream.set_read_timeout(Some(PATIENCE)).unwrap();
                let mut writer = stream.try_clone().unwrap();
                let mut reader = BufReader::new(stream);
                for i in 0..150 {
                    let path = paths[(c + i) % paths.len()];
                    writer
                        .write_all(format!("GET {path} HTTP/1.1\r\nHost: t\r\n\r\n").as_bytes())
                        .unwrap();
                    let answer = read_answer(&mut reader, false);
                    assert_eq!(answer.status, 200, "{path}");
                    assert_eq!(answer.content_length, Some(answer.body.len()));
                    assert!(answer.body.ends_with(b"</html>\n"), "{path} was cut short");
                }
            })
        })
        .collect();
    // Meanwhile the article is saved again and again, each save rebuilt.
    let text = p.read(ARTICLE);
    for edit in 0..5 {
        p.write(ARTICLE, &format!("{text}\nEdit number {edit}.\n"));
        server.wait_for_line(|l| l.starts_with(&format!("{ARTICLE} changed")));
    }
    for client in clients {
        client
            .join()
            .expect("a client saw a failed or truncated answer");
    }
}
