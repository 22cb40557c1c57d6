//! Wall time and resident memory per pipeline stage, for `gloss build --timings` and the
//! benchmarks: where a build spends its time and memory, without a profiler.

use std::fmt;
use std::time::{Duration, Instant};

/// Stages in the order they ran, each with the time since the previous one ended.
#[derive(Debug, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    /// The process's resident memory when each stage ended, where the system tells it.
    resident: Vec<Option<u64>>,
    last: Instant,
}

impl Timings {
    pub fn start() -> Self {
        Timings {
            stages: Vec::new(),
            resident: Vec::new(),
            last: Instant::now(),
        }
    }

    /// Ends the stage called `name`: it took the time since the last call (or the start).
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.last));
        self.resident.push(resident_bytes());
        self.last = now;
    }
}

/// The resident set size of this process (`VmRSS` in `/proc/self/status`), on Linux.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

impl fmt::Display for Timings {
    /// One line: `load 120 ms (80 MiB) · anchor 80 ms (95 MiB) · …`, the memory being what
    /// the process held when the stage ended.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, took)) in self.stages.iter().enumerate() {
            let sep = if i == 0 { "" } else { " · " };
            write!(f, "{sep}{name} {} ms", took.as_millis())?;
            if let Some(Some(bytes)) = self.resident.get(i) {
                write!(f, " ({} MiB)", bytes >> 20)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_are_listed_in_order() {
        let mut t = Timings::start();
        t.lap("load");
        t.lap("write");
        let shown = t.to_string();
        assert!(
            shown.starts_with("load ") && shown.contains(" · write ") && shown.ends_with(')'),
            "{shown}"
        );
        #[cfg(target_os = "linux")]
        assert!(
            shown.contains(" ms (") && shown.contains(" MiB)"),
            "{shown}"
        );
    }
}
