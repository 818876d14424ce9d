//! Percentile bootstrap confidence intervals: documents resampled with replacement, fixed seed.

use serde::{Deserialize, Serialize};

use super::doc_stats::DocStats;
use super::{quantile, SplitMix64, StatsOptions};
use crate::metrics::{DocOutcome, MetricKind};

/// A confidence interval at `level` (e.g. 0.95).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
    pub level: f64,
}

impl Interval {
    pub fn contains(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }
}

/// Bootstrap interval of `metric` over `docs`; `None` with no documents or no resamples.
pub fn bootstrap_interval(
    docs: &[DocOutcome],
    metric: MetricKind,
    n_tags: usize,
    opts: &StatsOptions,
) -> Option<Interval> {
    if docs.is_empty() || opts.resamples == 0 {
        return None;
    }
    let stats = DocStats::new(metric, docs, n_tags);
    let mut rng = SplitMix64::new(opts.seed);
    let mut values: Vec<f64> = (0..opts.resamples).map(|_| resample(&stats, &mut rng)).collect();
    values.sort_by(f64::total_cmp);
    let tail = (1.0 - opts.level) / 2.0;
    Some(Interval {
        low: quantile(&values, tail)?,
        high: quantile(&values, 1.0 - tail)?,
        level: opts.level,
    })
}

/// The metric on one resample of `stats.len()` documents drawn with replacement.
fn resample(stats: &DocStats, rng: &mut SplitMix64) -> f64 {
    let n = stats.len();
    let mut acc = stats.empty_acc();
    for _ in 0..n {
        stats.add(&mut acc, rng.below(n));
    }
    acc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(n: usize) -> Vec<DocOutcome> {
        (0..n)
            .map(|i| match i % 4 {
                0 => DocOutcome::new(&[1, 2], &[1, 2]),
                1 => DocOutcome::new(&[1], &[3]),
                2 => DocOutcome::new(&[2, 4], &[2]),
                _ => DocOutcome::new(&[5], &[5, 6]),
            })
            .collect()
    }

    #[test]
    fn same_seed_gives_the_same_interval() {
        let d = docs(60);
        let opts = StatsOptions::default();
        let a = bootstrap_interval(&d, MetricKind::MicroF1, 7, &opts).unwrap();
        let b = bootstrap_interval(&d, MetricKind::MicroF1, 7, &opts).unwrap();
        assert_eq!(a, b);
        let other = StatsOptions { seed: 99, ..opts };
        assert_ne!(a, bootstrap_interval(&d, MetricKind::MicroF1, 7, &other).unwrap());
    }

    #[test]
    fn interval_contains_the_point_estimate_and_is_not_degenerate() {
        let d = docs(80);
        for kind in MetricKind::ALL {
            let ci = bootstrap_interval(&d, kind, 7, &StatsOptions::default()).unwrap();
            let point = kind.value(&d, 7);
            assert!(ci.contains(point) && ci.low < ci.high, "{kind}: {point} not in {ci:?}");
        }
    }

    #[test]
    fn more_documents_give_a_narrower_interval() {
        let opts = StatsOptions::default();
        let small = bootstrap_interval(&docs(40), MetricKind::MicroF1, 7, &opts).unwrap();
        let large = bootstrap_interval(&docs(4000), MetricKind::MicroF1, 7, &opts).unwrap();
        assert!(large.high - large.low < (small.high - small.low) / 4.0);
    }

    #[test]
    fn no_documents_no_interval() {
        assert!(bootstrap_interval(&[], MetricKind::MicroF1, 7, &StatsOptions::default()).is_none());
    }
}
