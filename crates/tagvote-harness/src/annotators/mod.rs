//! The human ceiling: several annotators' labels of the same documents, their pairwise agreement
//! (micro-F1 of each pair) and every system scored against each annotator on the same documents.
//!
//! The section lives beside the systems in the evaluation, never among them, so `compare` and the
//! gate never see it.

mod agreement;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use tagvote_core::Gold;

use crate::metrics::{ratio, Prf};
use crate::record::{DocRecord, RunRecord};

use agreement::{common_documents, pair_micro};

/// One annotator's labels, by name (`--annotator NAME=FILE`).
#[derive(Debug, Clone)]
pub struct Annotation {
    pub name: String,
    pub labels: Gold,
}

/// Agreement of two annotators: micro P/R/F1 of `b` against `a` (F1 is symmetric).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PairAgreement {
    pub a: String,
    pub b: String,
    pub micro: Prf,
}

/// One system's (or annotator's) micro-F1 against each annotator, and their mean.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VersusAnnotators {
    pub system: String,
    /// `(annotator, micro-F1)` in annotator order; an annotator is not scored against itself.
    pub micro_f1: Vec<(String, f64)>,
    pub mean_micro_f1: f64,
}

/// The annotator section of an evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnnotatorEvaluation {
    pub annotators: Vec<String>,
    /// Documents of the run that every annotator labelled (the only ones measured here).
    pub documents: usize,
    pub pairs: Vec<PairAgreement>,
    /// Mean, min and max of the pairs' micro-F1: the agreement a system can hope to reach.
    pub mean_micro_f1: f64,
    pub min_micro_f1: f64,
    pub max_micro_f1: f64,
    /// Every system of the run against each annotator.
    pub systems: Vec<VersusAnnotators>,
    /// Every annotator against each other annotator, on the same footing as the systems.
    pub humans: Vec<VersusAnnotators>,
}

/// The annotator section for `record`, or `None` with fewer than two annotators.
pub fn evaluate(record: &RunRecord, annotations: &[Annotation], systems: &[String]) -> Option<AnnotatorEvaluation> {
    if annotations.len() < 2 {
        return None;
    }
    let docs = common_documents(record, annotations);
    let mut pairs = Vec::new();
    for (i, a) in annotations.iter().enumerate() {
        for b in &annotations[i + 1..] {
            pairs.push(PairAgreement {
                a: a.name.clone(),
                b: b.name.clone(),
                micro: pair_micro(&docs, &a.labels, |d| agreement::annotator_tags(d, &b.labels)),
            });
        }
    }
    let f1s: Vec<f64> = pairs.iter().map(|p| p.micro.f1).collect();
    let versus = |name: &str, itself, predicted: &dyn Fn(&DocRecord) -> Vec<tagvote_core::TagIdx>| {
        agreement::versus(name, itself, &docs, annotations, predicted)
    };
    let systems = systems
        .iter()
        .map(|s| versus(s, None, &|d| agreement::system_tags(d, s)))
        .collect();
    let humans = annotations
        .iter()
        .enumerate()
        .map(|(i, h)| versus(&h.name, Some(i), &|d| agreement::annotator_tags(d, &h.labels)))
        .collect();
    Some(AnnotatorEvaluation {
        annotators: annotations.iter().map(|a| a.name.clone()).collect(),
        documents: docs.len(),
        mean_micro_f1: mean(&f1s),
        min_micro_f1: f1s.iter().copied().fold(f64::INFINITY, f64::min),
        max_micro_f1: f1s.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        pairs,
        systems,
        humans,
    })
}

pub(crate) fn mean(values: &[f64]) -> f64 {
    ratio(values.iter().sum(), values.len() as f64)
}
