//! Score calibration: Platt scaling (a regularised logistic fit) and isotonic regression (PAV).
//!
//! Both are fitted on weighted `(evidence, outcome)` bins and map evidence in `[0, 1]` to a
//! probability in `[0, 1]` that never decreases as the evidence grows.

use serde::{Deserialize, Serialize};

/// Evidence bins per unit: inputs are rounded to the nearest 1/`BINS`.
pub const BINS: usize = 200;

/// Weighted positive and negative counts per evidence bin (`BINS + 1` bins over `[0, 1]`).
#[derive(Debug, Clone, PartialEq)]
pub struct BinnedOutcomes {
    pub pos: Vec<f64>,
    pub neg: Vec<f64>,
    /// Positive observations counted once each, whatever their weight.
    pub positive_count: usize,
}

impl Default for BinnedOutcomes {
    fn default() -> Self {
        BinnedOutcomes {
            pos: vec![0.0; BINS + 1],
            neg: vec![0.0; BINS + 1],
            positive_count: 0,
        }
    }
}

impl BinnedOutcomes {
    /// Records one observation of `evidence` with outcome `positive` and weight `weight`.
    pub fn add(&mut self, evidence: f32, positive: bool, weight: f64) {
        let bin = bin_of(evidence);
        if positive {
            self.positive_count += 1;
            self.pos[bin] += weight;
        } else {
            self.neg[bin] += weight;
        }
    }

    /// Adds another set of bins into this one.
    pub fn absorb(&mut self, other: &BinnedOutcomes) {
        for i in 0..=BINS {
            self.pos[i] += other.pos[i];
            self.neg[i] += other.neg[i];
        }
        self.positive_count += other.positive_count;
    }

    pub fn positives(&self) -> f64 {
        self.pos.iter().sum()
    }

    pub fn total(&self) -> f64 {
        self.positives() + self.neg.iter().sum::<f64>()
    }
}

fn bin_of(evidence: f32) -> usize {
    let x = if evidence.is_finite() {
        evidence.clamp(0.0, 1.0)
    } else {
        0.0
    };
    (x * BINS as f32).round() as usize
}

fn bin_x(bin: usize) -> f64 {
    bin as f64 / BINS as f64
}

/// A fitted map from evidence to probability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Calibrator {
    /// `p = 1 / (1 + exp(-(a * x + b)))`, with `a >= 0`.
    Platt { a: f32, b: f32 },
    /// Piecewise-linear through `(x[i], p[i])`, both ascending; flat outside.
    Isotonic { x: Vec<f32>, p: Vec<f32> },
}

impl Calibrator {
    /// The probability for `evidence` (clamped to `[0, 1]`).
    pub fn prob(&self, evidence: f32) -> f32 {
        let x = if evidence.is_finite() {
            evidence.clamp(0.0, 1.0)
        } else {
            0.0
        };
        match self {
            Calibrator::Platt { a, b } => sigmoid(a * x + b),
            Calibrator::Isotonic { x: xs, p } => interpolate(xs, p, x),
        }
    }
}

pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

fn interpolate(xs: &[f32], ps: &[f32], x: f32) -> f32 {
    let Some(last) = xs.len().checked_sub(1) else {
        return 0.0;
    };
    if x <= xs[0] {
        return ps[0];
    }
    if x >= xs[last] {
        return ps[last];
    }
    let i = xs.partition_point(|&v| v <= x);
    let (x0, x1, p0, p1) = (xs[i - 1], xs[i], ps[i - 1], ps[i]);
    if x1 <= x0 {
        return p1;
    }
    p0 + (p1 - p0) * (x - x0) / (x1 - x0)
}

/// Fits Platt scaling by Newton's method, pulling `(a, b)` towards `prior` with strength `lambda`.
pub fn fit_platt(bins: &BinnedOutcomes, prior: (f64, f64), lambda: f64) -> Calibrator {
    let (mut a, mut b) = prior;
    for _ in 0..50 {
        let (mut ga, mut gb) = (lambda * (a - prior.0), lambda * (b - prior.1));
        let (mut haa, mut hab, mut hbb) = (lambda, 0.0, lambda);
        for bin in 0..=BINS {
            let w = bins.pos[bin] + bins.neg[bin];
            if w == 0.0 {
                continue;
            }
            let x = bin_x(bin);
            let p = 1.0 / (1.0 + (-(a * x + b)).exp());
            let g = w * p - bins.pos[bin];
            let h = (w * p * (1.0 - p)).max(1e-12);
            ga += g * x;
            gb += g;
            haa += h * x * x;
            hab += h * x;
            hbb += h;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-18 {
            break;
        }
        let (da, db) = ((hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det);
        a -= da;
        b -= db;
        if da.abs() + db.abs() < 1e-9 {
            break;
        }
    }
    Calibrator::Platt {
        a: a.max(0.0) as f32,
        b: b.clamp(-30.0, 30.0) as f32,
    }
}

/// Fits isotonic regression by pool-adjacent-violators over the non-empty bins.
pub fn fit_isotonic(bins: &BinnedOutcomes) -> Calibrator {
    // Blocks of (weighted x sum, positives, weight).
    let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
    for bin in 0..=BINS {
        let w = bins.pos[bin] + bins.neg[bin];
        if w == 0.0 {
            continue;
        }
        blocks.push((bin_x(bin) * w, bins.pos[bin], w));
        while blocks.len() > 1 {
            let (last, prev) = (blocks[blocks.len() - 1], blocks[blocks.len() - 2]);
            if prev.1 / prev.2 < last.1 / last.2 {
                break;
            }
            blocks.pop();
            *blocks.last_mut().expect("two blocks") = (prev.0 + last.0, prev.1 + last.1, prev.2 + last.2);
        }
    }
    if blocks.is_empty() {
        return Calibrator::Isotonic {
            x: vec![0.0],
            p: vec![0.0],
        };
    }
    Calibrator::Isotonic {
        x: blocks.iter().map(|b| (b.0 / b.2) as f32).collect(),
        p: blocks.iter().map(|b| (b.1 / b.2) as f32).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outcomes where the true probability at evidence `x` is `x` itself, with noise-free counts.
    fn linear_outcomes() -> BinnedOutcomes {
        let mut bins = BinnedOutcomes::default();
        for i in 0..=10 {
            let x = i as f32 / 10.0;
            bins.add(x, true, i as f64);
            bins.add(x, false, (10 - i) as f64);
        }
        bins
    }

    fn assert_monotone_in_unit(c: &Calibrator) {
        let mut last = -1.0f32;
        for i in 0..=100 {
            let p = c.prob(i as f32 / 100.0);
            assert!((0.0..=1.0).contains(&p), "{p} out of [0, 1]");
            assert!(p >= last - 1e-6, "not monotone at {i}: {p} < {last}");
            last = p;
        }
    }

    #[test]
    fn isotonic_recovers_a_monotone_truth_and_pools_violators() {
        let c = fit_isotonic(&linear_outcomes());
        assert_monotone_in_unit(&c);
        assert!((c.prob(0.3) - 0.3).abs() < 1e-5, "{}", c.prob(0.3));
        let mut bins = BinnedOutcomes::default();
        bins.add(0.2, true, 3.0);
        bins.add(0.2, false, 1.0);
        bins.add(0.6, true, 1.0);
        bins.add(0.6, false, 3.0);
        // 0.75 then 0.25 violates monotonicity: both pool to 0.5.
        let pooled = fit_isotonic(&bins);
        assert_eq!(pooled.prob(0.2), 0.5);
        assert_eq!(pooled.prob(0.9), 0.5);
    }

    #[test]
    fn platt_is_monotone_bounded_and_fits_a_logistic_truth() {
        let mut bins = BinnedOutcomes::default();
        for i in 0..=20 {
            let x = i as f32 / 20.0;
            let p = sigmoid(8.0 * x - 4.0) as f64;
            bins.add(x, true, 1000.0 * p);
            bins.add(x, false, 1000.0 * (1.0 - p));
        }
        let c = fit_platt(&bins, (0.0, 0.0), 1e-6);
        assert_monotone_in_unit(&c);
        let Calibrator::Platt { a, b } = c else { panic!("platt") };
        assert!((a - 8.0).abs() < 0.05 && (b + 4.0).abs() < 0.05, "a={a} b={b}");
        assert_monotone_in_unit(&fit_platt(&linear_outcomes(), (1.0, -1.0), 5.0));
    }

    #[test]
    fn platt_with_no_data_keeps_its_prior() {
        let c = fit_platt(&BinnedOutcomes::default(), (2.0, -1.0), 1.0);
        assert_eq!(c, Calibrator::Platt { a: 2.0, b: -1.0 });
    }

    #[test]
    fn calibrators_clamp_odd_inputs() {
        let c = fit_isotonic(&linear_outcomes());
        assert_eq!(c.prob(f32::NAN), c.prob(0.0));
        assert_eq!(c.prob(7.0), c.prob(1.0));
    }
}
