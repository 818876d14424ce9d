//! Micro-F1 between label sets on the documents every annotator labelled, with the shared metrics.

use tagvote_core::{Gold, TagIdx};

use super::{mean, Annotation, VersusAnnotators};
use crate::metrics::{micro_average, DocOutcome, Prf};
use crate::record::{DocRecord, RunRecord};

/// The run's documents (in record order) that every annotator labelled.
pub(super) fn common_documents<'a>(record: &'a RunRecord, annotations: &[Annotation]) -> Vec<&'a DocRecord> {
    record
        .docs
        .iter()
        .filter(|d| annotations.iter().all(|a| a.labels.get(&d.id).is_some()))
        .collect()
}

/// Micro P/R/F1 of `predicted` against `reference` over `docs` (a missing prediction is empty).
pub(super) fn pair_micro(docs: &[&DocRecord], reference: &Gold, predicted: impl Fn(&DocRecord) -> Vec<TagIdx>) -> Prf {
    let outcomes: Vec<DocOutcome> = docs
        .iter()
        .map(|doc| {
            let gold = reference.get(&doc.id).unwrap_or_default();
            DocOutcome::new(gold, &predicted(doc))
        })
        .collect();
    micro_average(&outcomes)
}

/// `name`'s micro-F1 against each annotator (but the one at index `itself`), and the mean.
pub(super) fn versus(
    name: &str,
    itself: Option<usize>,
    docs: &[&DocRecord],
    annotations: &[Annotation],
    predicted: &dyn Fn(&DocRecord) -> Vec<TagIdx>,
) -> VersusAnnotators {
    let micro_f1: Vec<(String, f64)> = annotations
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != itself)
        .map(|(_, a)| (a.name.clone(), pair_micro(docs, &a.labels, predicted).f1))
        .collect();
    let f1s: Vec<f64> = micro_f1.iter().map(|(_, f)| *f).collect();
    VersusAnnotators {
        system: name.to_string(),
        mean_micro_f1: mean(&f1s),
        micro_f1,
    }
}

/// A system's tags for a document (empty when it failed, was skipped or has no result).
pub(super) fn system_tags(doc: &DocRecord, system: &str) -> Vec<TagIdx> {
    doc.results.get(system).map(|r| r.tags()).unwrap_or_default()
}

/// An annotator's tags for a document (empty when it has no row).
pub(super) fn annotator_tags(doc: &DocRecord, annotator: &Gold) -> Vec<TagIdx> {
    annotator.get(&doc.id).map(<[_]>::to_vec).unwrap_or_default()
}
