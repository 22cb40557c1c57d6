//! Server-Sent Events: the open pages' subscriptions, and the reload messages sent to them.

use std::io::Write;
use std::sync::Mutex;

/// The pages listening for rebuilds. A subscriber whose connection fails is dropped.
#[derive(Default)]
pub struct Events {
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
}

/// What a page needs to decide whether to reload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reload {
    /// Identifies the build now on disk; a page that saw another one reloads.
    pub build: String,
    /// The output files that changed, or `None` when every page must reload (an error
    /// overlay appeared or went, a stylesheet changed, …).
    pub paths: Option<Vec<String>>,
}

/// The response head of an event stream. Written by hand on the raw connection: the stream
/// stays open and each event must leave at once, never sit in a buffer.
const HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
Cache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n";

impl Events {
    /// Takes over a connection: sends the head, tells the page which build is current (and how
    /// soon to reconnect when the server goes away), and keeps it for later events.
    pub fn subscribe(&self, mut writer: Box<dyn Write + Send>, build: &str) {
        let hello = format!(
            "{HEAD}retry: 500\nevent: hello\ndata: {}\n\n",
            serde_json::json!({ "build": build })
        );
        if writer
            .write_all(hello.as_bytes())
            .and_then(|()| writer.flush())
            .is_ok()
        {
            self.lock().push(writer);
        }
    }

    /// Sends a reload event to every page.
    pub fn reload(&self, reload: &Reload) {
        let data = serde_json::json!({ "build": reload.build, "paths": reload.paths });
        self.send(&format!("event: reload\ndata: {data}\n\n"));
    }

    /// A comment line, so connections whose page has gone are noticed and dropped.
    pub fn heartbeat(&self) {
        self.send(": ping\n\n");
    }

    /// How many pages are listening.
    pub fn count(&self) -> usize {
        self.lock().len()
    }

    fn send(&self, message: &str) {
        self.lock().retain_mut(|w| {
            w.write_all(message.as_bytes())
                .and_then(|()| w.flush())
                .is_ok()
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Box<dyn Write + Send>>> {
        // A panic while holding the lock can only have happened mid-write; the list itself
        // is still whole, so go on with it.
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A connection that records what it was sent, or fails every write.
    #[derive(Clone, Default)]
    struct Pipe(Arc<Mutex<Vec<u8>>>, bool);

    impl Write for Pipe {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.1 {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn subscribers_get_hello_then_reloads_and_dead_ones_are_dropped() {
        let events = Events::default();
        let live = Pipe::default();
        events.subscribe(Box::new(live.clone()), "b1");
        events.subscribe(Box::new(Pipe(Default::default(), true)), "b1");
        assert_eq!(events.count(), 1);
        events.reload(&Reload {
            build: "b2".into(),
            paths: Some(vec!["articles/a/index.html".into()]),
        });
        let sent = String::from_utf8(live.0.lock().unwrap().clone()).unwrap();
        assert!(sent.starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"));
        assert!(sent.contains("event: hello\ndata: {\"build\":\"b1\"}\n\n"));
        assert!(sent.ends_with(
            "event: reload\ndata: {\"build\":\"b2\",\"paths\":[\"articles/a/index.html\"]}\n\n"
        ));
    }
}
