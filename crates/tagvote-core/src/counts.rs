//! Micro counts of chosen tags against gold tags, and the precision/recall/F1 they give: the one
//! place P/R/F1 is computed (metrics, the vote's fit, the oracle, the scorers' tuning).

use std::ops::AddAssign;

use serde::{Deserialize, Serialize};

use crate::taxonomy::TagIdx;

/// `num / den`, or 0 when `den` is 0 (scikit-learn's `zero_division=0`).
pub fn ratio(num: f64, den: f64) -> f64 {
    if den == 0.0 {
        0.0
    } else {
        num / den
    }
}

/// True positives, false positives and false negatives, summed over documents (weighted when a
/// caller gives weights, whole numbers otherwise).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Counts {
    /// One document's counts; `chosen` and `gold` hold no duplicates.
    pub fn of(chosen: &[TagIdx], gold: &[TagIdx]) -> Counts {
        let hits = chosen.iter().filter(|t| gold.contains(t)).count() as f64;
        Counts {
            tp: hits,
            fp: chosen.len() as f64 - hits,
            fn_: gold.len() as f64 - hits,
        }
    }

    /// Adds one document's counts, times `weight`.
    pub fn add(&mut self, chosen: &[TagIdx], gold: &[TagIdx], weight: f64) {
        let one = Counts::of(chosen, gold);
        self.tp += weight * one.tp;
        self.fp += weight * one.fp;
        self.fn_ += weight * one.fn_;
    }

    /// Precision, recall and F1 (`2tp / (2tp + fp + fn)`), each 0 when undefined.
    pub fn prf(&self) -> Prf {
        Prf {
            precision: ratio(self.tp, self.tp + self.fp),
            recall: ratio(self.tp, self.tp + self.fn_),
            f1: self.f1(),
        }
    }

    /// F1 alone (what fitting and tuning maximise).
    pub fn f1(&self) -> f64 {
        ratio(2.0 * self.tp, 2.0 * self.tp + self.fp + self.fn_)
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_counts_and_scores() {
        let mut c = Counts::default();
        c.add(&[1, 2], &[1], 1.0);
        c.add(&[3], &[], 1.0);
        c.add(&[], &[4, 5], 1.0);
        assert_eq!((c.tp, c.fp, c.fn_), (1.0, 2.0, 2.0));
        let p = c.prf();
        assert_eq!((p.precision, p.recall, p.f1), (1.0 / 3.0, 1.0 / 3.0, 2.0 / 6.0));
    }

    #[test]
    fn weights_scale_a_document_and_nothing_scores_zero() {
        let mut c = Counts::default();
        c.add(&[1], &[2], 2.0);
        assert_eq!((c.tp, c.fp, c.fn_), (0.0, 2.0, 2.0));
        assert_eq!(Counts::default().prf(), Prf::default());
    }
}
