//! Per-tag support, TP, FP, FN and precision/recall/F1, for the tags present in gold or predictions.

use serde::{Deserialize, Serialize};
use tagvote_core::TagIdx;

use tagvote_core::Counts;

use super::labels::DocOutcome;

/// One tag's counts and scores over a set of documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct TagCounts {
    pub tag: TagIdx,
    /// Documents whose gold has the tag (`tp + fn`).
    pub support: u32,
    pub tp: u32,
    pub fp: u32,
    #[serde(rename = "fn")]
    pub fn_: u32,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl TagCounts {
    fn finish(mut self) -> Self {
        self.support = self.tp + self.fn_;
        let prf = counts_of(&[self.tp, self.fp, self.fn_]).prf();
        (self.precision, self.recall, self.f1) = (prf.precision, prf.recall, prf.f1);
        self
    }
}

/// Counts for every tag that appears in a gold or predicted set, in tag-index order.
pub fn per_tag_counts<'a>(docs: impl IntoIterator<Item = &'a DocOutcome>, n_tags: usize) -> Vec<TagCounts> {
    let mut table = vec![[0u32; 3]; n_tags];
    for doc in docs {
        accumulate(&mut table, doc);
    }
    table
        .iter()
        .enumerate()
        .filter(|(_, c)| c.iter().any(|&n| n > 0))
        .map(|(tag, c)| {
            TagCounts {
                tag: tag as TagIdx,
                tp: c[0],
                fp: c[1],
                fn_: c[2],
                ..TagCounts::default()
            }
            .finish()
        })
        .collect()
}

/// One row of a per-tag table (`[tp, fp, fn]`) as counts.
pub(crate) fn counts_of(row: &[u32; 3]) -> Counts {
    Counts {
        tp: f64::from(row[0]),
        fp: f64::from(row[1]),
        fn_: f64::from(row[2]),
    }
}

/// Adds one document's tp/fp/fn to a per-tag table (grown when a tag is beyond its end).
pub(crate) fn accumulate(table: &mut Vec<[u32; 3]>, doc: &DocOutcome) {
    let mut bump = |tag: TagIdx, slot: usize| {
        let i = tag as usize;
        if i >= table.len() {
            table.resize(i + 1, [0; 3]);
        }
        table[i][slot] += 1;
    };
    for &t in &doc.pred {
        let slot = if doc.gold.binary_search(&t).is_ok() { 0 } else { 1 };
        bump(t, slot);
    }
    for &t in &doc.gold {
        if doc.pred.binary_search(&t).is_err() {
            bump(t, 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_per_tag() {
        let docs = [
            DocOutcome::new(&[0, 1], &[0, 2]),
            DocOutcome::new(&[0], &[]),
            DocOutcome::new(&[], &[2]),
        ];
        let counts = per_tag_counts(&docs, 4);
        let tags: Vec<_> = counts.iter().map(|c| c.tag).collect();
        assert_eq!(tags, [0, 1, 2], "tag 3 appears nowhere");
        let t0 = counts[0];
        assert_eq!((t0.support, t0.tp, t0.fp, t0.fn_), (2, 1, 0, 1));
        assert_eq!((t0.precision, t0.recall, t0.f1), (1.0, 0.5, 2.0 / 3.0));
        let t1 = counts[1];
        assert_eq!(
            (t1.support, t1.tp, t1.fp, t1.fn_, t1.precision, t1.f1),
            (1, 0, 0, 1, 0.0, 0.0)
        );
        let t2 = counts[2];
        assert_eq!((t2.support, t2.fp, t2.recall, t2.f1), (0, 2, 0.0, 0.0));
    }

    #[test]
    fn tags_beyond_the_taxonomy_size_do_not_panic() {
        let counts = per_tag_counts(&[DocOutcome::new(&[7], &[7])], 2);
        assert_eq!(counts[0].tag, 7);
        assert_eq!(counts[0].f1, 1.0);
    }
}
