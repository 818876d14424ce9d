//! Paired significance of the difference between two systems on the same documents: a paired
//! bootstrap (one-sided) and approximate randomisation (two-sided).

use serde::{Deserialize, Serialize};

use super::doc_stats::{Acc, DocStats};
use super::{SplitMix64, StatsOptions};
use crate::metrics::{DocOutcome, MetricKind};

/// Tolerance for ties between floating-point differences.
const TIE: f64 = 1e-12;

/// The difference `a - b` of one metric and how likely it is to be noise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PairedTest {
    pub metric: MetricKind,
    pub a: f64,
    pub b: f64,
    pub delta: f64,
    /// Paired bootstrap: share of resamples where `a` is not better than `b`, `(k + 1) / (N + 1)`.
    pub p_bootstrap: f64,
    /// Approximate randomisation: share of random swaps of the two systems' per-document results
    /// whose absolute difference is at least the observed one, `(k + 1) / (R + 1)`.
    pub p_randomisation: f64,
}

/// Compares two systems document by document; `a[i]` and `b[i]` must be the same document.
///
/// Panics in debug builds only if the lengths differ; release builds use the shorter length.
pub fn paired_test(
    a: &[DocOutcome],
    b: &[DocOutcome],
    metric: MetricKind,
    n_tags: usize,
    opts: &StatsOptions,
) -> PairedTest {
    debug_assert_eq!(a.len(), b.len(), "paired documents");
    let n = a.len().min(b.len());
    let (sa, sb) = (
        DocStats::new(metric, &a[..n], n_tags),
        DocStats::new(metric, &b[..n], n_tags),
    );
    let (va, vb) = (sa.value(), sb.value());
    PairedTest {
        metric,
        a: va,
        b: vb,
        delta: va - vb,
        p_bootstrap: paired_bootstrap(&sa, &sb, opts),
        p_randomisation: randomisation(&sa, &sb, (va - vb).abs(), opts),
    }
}

fn paired_bootstrap(sa: &DocStats, sb: &DocStats, opts: &StatsOptions) -> f64 {
    let n = sa.len();
    if n == 0 || opts.resamples == 0 {
        return 1.0;
    }
    let mut rng = SplitMix64::new(opts.seed);
    let mut not_better = 0usize;
    for _ in 0..opts.resamples {
        let (mut acc_a, mut acc_b) = (sa.empty_acc(), sb.empty_acc());
        for _ in 0..n {
            let i = rng.below(n);
            sa.add(&mut acc_a, i);
            sb.add(&mut acc_b, i);
        }
        not_better += usize::from(acc_a.finish() - acc_b.finish() <= TIE);
    }
    (not_better + 1) as f64 / (opts.resamples + 1) as f64
}

fn randomisation(sa: &DocStats, sb: &DocStats, observed: f64, opts: &StatsOptions) -> f64 {
    if sa.len() == 0 || opts.permutations == 0 {
        return 1.0;
    }
    let mut rng = SplitMix64::new(opts.seed ^ 0x5eed);
    let mut as_extreme = 0usize;
    for _ in 0..opts.permutations {
        let (x, y) = shuffled_pair(sa, sb, &mut rng);
        as_extreme += usize::from((x.finish() - y.finish()).abs() >= observed - TIE);
    }
    (as_extreme + 1) as f64 / (opts.permutations + 1) as f64
}

/// Both systems' totals after swapping each document's results with probability one half.
fn shuffled_pair(sa: &DocStats, sb: &DocStats, rng: &mut SplitMix64) -> (Acc, Acc) {
    let (mut x, mut y) = (sa.empty_acc(), sb.empty_acc());
    for i in 0..sa.len() {
        if rng.coin() {
            sa.add(&mut y, i);
            sb.add(&mut x, i);
        } else {
            sa.add(&mut x, i);
            sb.add(&mut y, i);
        }
    }
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` documents with one gold tag each; the system gets the first `right` of them right.
    fn system(n: usize, right: usize) -> Vec<DocOutcome> {
        (0..n)
            .map(|i| {
                let gold = (i % 5) as u16;
                let pred = if i < right { gold } else { (gold + 1) % 5 };
                DocOutcome::new(&[gold], &[pred])
            })
            .collect()
    }

    #[test]
    fn identical_systems_are_noise() {
        let a = system(200, 120);
        for kind in MetricKind::ALL {
            let t = paired_test(&a, &a, kind, 5, &StatsOptions::default());
            assert_eq!(t.delta, 0.0);
            assert_eq!((t.p_bootstrap, t.p_randomisation), (1.0, 1.0), "{kind}");
        }
    }

    #[test]
    fn a_clearly_better_system_has_a_small_p() {
        let (good, bad) = (system(200, 160), system(200, 80));
        let t = paired_test(&good, &bad, MetricKind::MicroF1, 5, &StatsOptions::default());
        assert!((t.delta - 0.4).abs() < 1e-12, "{t:?}");
        assert!(t.p_bootstrap < 0.01 && t.p_randomisation < 0.01, "{t:?}");
        let reversed = paired_test(&bad, &good, MetricKind::MicroF1, 5, &StatsOptions::default());
        assert!(reversed.p_bootstrap > 0.99, "{reversed:?}");
        assert!(reversed.p_randomisation < 0.01, "two-sided: {reversed:?}");
    }

    #[test]
    fn a_tiny_difference_is_not_significant() {
        let (a, b) = (system(200, 101), system(200, 100));
        let t = paired_test(&a, &b, MetricKind::MicroF1, 5, &StatsOptions::default());
        assert!(t.p_bootstrap > 0.2 && t.p_randomisation > 0.3, "{t:?}");
    }

    #[test]
    fn same_seed_same_p_values() {
        let (a, b) = (system(100, 60), system(100, 50));
        let opts = StatsOptions::default();
        assert_eq!(
            paired_test(&a, &b, MetricKind::MacroF1, 5, &opts),
            paired_test(&a, &b, MetricKind::MacroF1, 5, &opts)
        );
    }
}
