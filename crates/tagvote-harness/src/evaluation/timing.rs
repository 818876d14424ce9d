//! Latency percentiles (cache hits excluded) and throughput of one system.

use crate::record::{DocResult, RunRecord};
use crate::stats::quantile;

/// Latency in ms of each document the system really worked on (answered, not from a cache), sorted.
pub fn latencies(record: &RunRecord, system: &str) -> Vec<f64> {
    let mut values: Vec<f64> = record
        .docs
        .iter()
        .filter_map(|d| match d.results.get(system)? {
            DocResult::Ok { scored, latency_ms } if !scored.meta.cache_hit => {
                Some(scored.meta.latency_ms.unwrap_or(*latency_ms))
            }
            _ => None,
        })
        .filter(|v| v.is_finite())
        .collect();
    values.sort_by(f64::total_cmp);
    values
}

/// p50 and p95 of sorted latencies.
pub(super) fn percentiles(sorted: &[f64]) -> (Option<f64>, Option<f64>) {
    (quantile(sorted, 0.5), quantile(sorted, 0.95))
}

/// Documents processed per wall-clock second; `None` without a positive wall time.
pub(super) fn docs_per_second(processed: usize, wall_seconds: Option<f64>) -> Option<f64> {
    wall_seconds
        .filter(|w| *w > 0.0 && w.is_finite())
        .map(|w| processed as f64 / w)
}
