//! One document's gold and predicted tag sets, its counts, and the precision/recall/F1 triple.

use serde::{Deserialize, Serialize};
use tagvote_core::TagIdx;

/// `num / den`, or 0 when `den` is 0 (scikit-learn's `zero_division=0`).
pub fn ratio(num: f64, den: f64) -> f64 {
    if den == 0.0 {
        0.0
    } else {
        num / den
    }
}

/// Gold and predicted tags of one document, each sorted and without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocOutcome {
    pub gold: Vec<TagIdx>,
    pub pred: Vec<TagIdx>,
}

impl DocOutcome {
    /// Normalises both sets (sorted, duplicates removed).
    pub fn new(gold: &[TagIdx], pred: &[TagIdx]) -> Self {
        DocOutcome {
            gold: normalise(gold),
            pred: normalise(pred),
        }
    }

    /// True positives, predicted and gold counts.
    pub fn counts(&self) -> DocCounts {
        DocCounts {
            tp: self.gold.iter().filter(|t| self.pred.binary_search(t).is_ok()).count() as u32,
            pred: self.pred.len() as u32,
            gold: self.gold.len() as u32,
        }
    }

    /// Whether the predicted set equals the gold set.
    pub fn is_exact(&self) -> bool {
        self.gold == self.pred
    }
}

fn normalise(tags: &[TagIdx]) -> Vec<TagIdx> {
    let mut v = tags.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// Counts of one document (or a sum over documents).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocCounts {
    pub tp: u32,
    pub pred: u32,
    pub gold: u32,
}

impl DocCounts {
    pub fn add(&mut self, other: DocCounts) {
        self.tp += other.tp;
        self.pred += other.pred;
        self.gold += other.gold;
    }

    /// Precision, recall and F1 of these counts (`2tp / (pred + gold)`, 0 when undefined).
    pub fn prf(&self) -> Prf {
        let tp = f64::from(self.tp);
        Prf {
            precision: ratio(tp, f64::from(self.pred)),
            recall: ratio(tp, f64::from(self.gold)),
            f1: ratio(2.0 * tp, f64::from(self.pred) + f64::from(self.gold)),
        }
    }
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}
