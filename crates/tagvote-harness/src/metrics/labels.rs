//! One document's gold and predicted tag sets and its counts (core's `Counts`).

use tagvote_core::{Counts, TagIdx};

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

    /// True positives, false positives and false negatives.
    pub fn counts(&self) -> Counts {
        Counts::of(&self.pred, &self.gold)
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
