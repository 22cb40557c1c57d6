//! Wall time per pipeline stage, for `gloss build --timings` and the benchmarks: where a
//! build spends its time, without a profiler.

use std::fmt;
use std::time::{Duration, Instant};

/// Stages in the order they ran, each with the time since the previous one ended.
#[derive(Debug, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    last: Instant,
}

impl Timings {
    pub fn start() -> Self {
        Timings {
            stages: Vec::new(),
            last: Instant::now(),
        }
    }

    /// Ends the stage called `name`: it took the time since the last call (or the start).
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.last));
        self.last = now;
    }
}

impl fmt::Display for Timings {
    /// One line: `load 120 ms · anchor 80 ms · …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, took)) in self.stages.iter().enumerate() {
            let sep = if i == 0 { "" } else { " · " };
            write!(f, "{sep}{name} {} ms", took.as_millis())?;
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
            shown.starts_with("load ") && shown.contains(" ms · write "),
            "{shown}"
        );
    }
}
