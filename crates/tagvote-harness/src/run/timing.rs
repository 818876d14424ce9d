//! Wall-clock bookkeeping per system: the span from its first batch's start to its last batch's end.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// First start and last end of each system's batches.
#[derive(Debug, Default)]
pub(crate) struct Timings {
    spans: BTreeMap<String, (Instant, Instant)>,
}

impl Timings {
    /// Records a batch of `system` that started at `start` and took `took`.
    pub(crate) fn add(&mut self, system: &str, start: Instant, took: Duration) {
        let end = start + took;
        let span = self.spans.entry(system.to_string()).or_insert((start, end));
        span.0 = span.0.min(start);
        span.1 = span.1.max(end);
    }

    /// Seconds between each system's first start and last end.
    pub(crate) fn wall_seconds(&self) -> BTreeMap<String, f64> {
        self.spans
            .iter()
            .map(|(name, (start, end))| (name.clone(), end.duration_since(*start).as_secs_f64()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_covers_every_batch() {
        let t0 = Instant::now();
        let mut timings = Timings::default();
        timings.add("a", t0 + Duration::from_millis(10), Duration::from_millis(5));
        timings.add("a", t0, Duration::from_millis(3));
        let wall = timings.wall_seconds();
        assert!((wall["a"] - 0.015).abs() < 1e-9, "{wall:?}");
    }
}
