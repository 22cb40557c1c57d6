//! Wall time, CPU time and resident memory per pipeline stage, for `gloss build --timings` and
//! the benchmarks: where a build spends its time and memory, and how well a stage uses the
//! machine's cores, without a profiler.

use std::fmt;
use std::time::{Duration, Instant};

/// Stages in the order they ran, each with the time since the previous one ended.
#[derive(Debug, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    /// The process's resident memory when each stage ended, where the system tells it.
    resident: Vec<Option<u64>>,
    /// The CPU time (all threads, user and system) each stage took, where the system tells it.
    cpu: Vec<Option<Duration>>,
    last: Instant,
    last_cpu: Option<Duration>,
}

impl Timings {
    pub fn start() -> Self {
        Timings {
            stages: Vec::new(),
            resident: Vec::new(),
            cpu: Vec::new(),
            last: Instant::now(),
            last_cpu: cpu_time(),
        }
    }

    /// Ends the stage called `name`: it took the time since the last call (or the start).
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.last));
        self.resident.push(resident_bytes());
        let cpu = cpu_time();
        self.cpu.push(
            cpu.zip(self.last_cpu)
                .map(|(now, then)| now.saturating_sub(then)),
        );
        self.last = now;
        self.last_cpu = cpu;
    }
}

/// The CPU time this process has used, all threads, user and system (`/proc/self/stat`,
/// in the kernel's fixed 100 ticks per second), on Linux.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (in parentheses) may hold spaces: fields are counted after it.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// The resident set size of this process (`VmRSS` in `/proc/self/status`), on Linux.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

impl fmt::Display for Timings {
    /// One line: `load 120 ms ×1.8 (80 MiB) · anchor 80 ms ×1.9 (95 MiB) · …`: the wall time,
    /// how many cores were busy on average (CPU time over wall time, for stages long enough
    /// to tell) and the memory the process held when the stage ended.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, took)) in self.stages.iter().enumerate() {
            let sep = if i == 0 { "" } else { " · " };
            write!(f, "{sep}{name} {} ms", took.as_millis())?;
            if let Some(Some(cpu)) = self.cpu.get(i)
                && took.as_millis() >= 100
            {
                write!(f, " ×{:.1}", cpu.as_secs_f64() / took.as_secs_f64())?;
            }
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

    #[test]
    fn a_long_stage_shows_how_many_cores_it_kept_busy() {
        let mut t = Timings::start();
        let started = Instant::now();
        // Busy on one core for a while.
        let mut x = 0u64;
        while started.elapsed() < Duration::from_millis(300) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        t.lap("spin");
        let shown = t.to_string();
        #[cfg(target_os = "linux")]
        {
            let cores: f64 = shown
                .split('×')
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no core count in {shown}"));
            // Other tests' threads count too (the figure is the whole process's), so only
            // the lower side is certain.
            assert!(cores > 0.0, "{shown}");
        }
    }
}
