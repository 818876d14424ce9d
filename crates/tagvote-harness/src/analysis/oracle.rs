//! The oracle upper bound: micro-F1 if the vote always picked the best scorer's tags per document.

use std::collections::BTreeMap;

use tagvote_core::TagIdx;

use super::coverage::answer;
use super::OracleBound;
use crate::record::RunRecord;
use crate::vote::fit::MicroCounts;

/// F1 of one document's tags against its gold; an empty answer to an empty gold scores 1.
pub(super) fn doc_f1(predicted: &[TagIdx], gold: &[TagIdx]) -> f64 {
    if predicted.is_empty() && gold.is_empty() {
        return 1.0;
    }
    let hits = predicted.iter().filter(|t| gold.contains(t)).count();
    2.0 * hits as f64 / (predicted.len() + gold.len()) as f64
}

/// The bound over documents with gold; a scorer that failed on a document counts as an empty answer.
pub(super) fn bound(record: &RunRecord, scorers: &[String]) -> Option<OracleBound> {
    if scorers.is_empty() {
        return None;
    }
    let mut counts = MicroCounts::default();
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
        let p = ratio(counts.tp, counts.tp + counts.fp);
        let r = ratio(counts.tp, counts.tp + counts.fn_);
        OracleBound {
            micro_precision: p,
            micro_recall: r,
            micro_f1: counts.f1(),
            docs,
            picks,
        }
    })
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}
