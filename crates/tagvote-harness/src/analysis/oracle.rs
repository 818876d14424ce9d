//! The oracle upper bound: micro-F1 if the vote always picked the best scorer's tags per document.

use std::collections::BTreeMap;

use tagvote_core::{Counts, TagIdx};

use super::coverage::answer;
use super::OracleBound;
use crate::record::RunRecord;

/// F1 of one document's tags against its gold; an empty answer to an empty gold scores 1.
pub(super) fn doc_f1(predicted: &[TagIdx], gold: &[TagIdx]) -> f64 {
    if predicted.is_empty() && gold.is_empty() {
        return 1.0;
    }
    Counts::of(predicted, gold).f1()
}

/// The bound over documents with gold; a scorer that failed on a document counts as an empty answer.
pub(super) fn bound(record: &RunRecord, scorers: &[String]) -> Option<OracleBound> {
    if scorers.is_empty() {
        return None;
    }
    let mut counts = Counts::default();
    let mut picks: BTreeMap<String, usize> = scorers.iter().map(|s| (s.clone(), 0)).collect();
    let mut docs = 0;
    for doc in &record.docs {
        let Some(gold) = &doc.gold else { continue };
        let answers: Vec<Vec<TagIdx>> = scorers
            .iter()
            .map(|s| answer(doc, s).map(|a| a.tag_indices()).unwrap_or_default())
            .collect();
        let best = (0..scorers.len()).fold(0, |best, i| {
            if doc_f1(&answers[i], gold) > doc_f1(&answers[best], gold) {
                i
            } else {
                best
            }
        });
        *picks.entry(scorers[best].clone()).or_default() += 1;
        counts.add(&answers[best], gold, 1.0);
        docs += 1;
    }
    (docs > 0).then(|| {
        let prf = counts.prf();
        OracleBound {
            micro_precision: prf.precision,
            micro_recall: prf.recall,
            micro_f1: prf.f1,
            docs,
            picks,
        }
    })
}
