//! All metrics of one system over the documents that have gold labels.

use serde::{Deserialize, Serialize};

use tagvote_core::Prf;

use super::labels::DocOutcome;
use super::{exact_match, macro_average, micro_average, per_tag_counts, samples_average, MetricKind, TagCounts};

/// Micro, macro and samples averages, exact match and per-tag counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Documents with a gold row (the only ones measured).
    pub documents: usize,
    pub micro: Prf,
    #[serde(rename = "macro")]
    pub macro_avg: Prf,
    pub samples: Prf,
    pub exact_match: f64,
    /// Tags present in gold or predictions, in taxonomy order.
    pub per_tag: Vec<TagCounts>,
}

impl Metrics {
    /// Computes every metric; `n_tags` is the taxonomy size.
    pub fn compute(docs: &[DocOutcome], n_tags: usize) -> Metrics {
        let per_tag = per_tag_counts(docs, n_tags);
        Metrics {
            documents: docs.len(),
            micro: micro_average(docs),
            macro_avg: macro_average(&per_tag),
            samples: samples_average(docs),
            exact_match: exact_match(docs),
            per_tag,
        }
    }

    /// One headline metric by kind.
    pub fn get(&self, kind: MetricKind) -> f64 {
        match kind {
            MetricKind::MicroF1 => self.micro.f1,
            MetricKind::MacroF1 => self.macro_avg.f1,
            MetricKind::SamplesF1 => self.samples.f1,
            MetricKind::ExactMatch => self.exact_match,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compute_agrees_with_metric_kinds() {
        let docs = [
            DocOutcome::new(&[0, 1], &[0]),
            DocOutcome::new(&[2], &[2]),
            DocOutcome::new(&[], &[1]),
        ];
        let m = Metrics::compute(&docs, 3);
        assert_eq!(m.documents, 3);
        for kind in MetricKind::ALL {
            assert_eq!(m.get(kind), kind.value(&docs, 3), "{kind}");
        }
        // micro: tp 2, pred 3, gold 3
        assert_eq!(m.micro.f1, 4.0 / 6.0);
    }

    /// Values computed with scikit-learn 1.9.1, `precision_recall_fscore_support(..., zero_division=0)`
    /// (`labels=[1, 2, 3, 4]` for the macro average: the tags present in gold or predictions).
    #[test]
    fn matches_scikit_learn_on_a_reference_case() {
        let docs = [
            DocOutcome::new(&[1, 2], &[1, 3]),
            DocOutcome::new(&[1], &[]),
            DocOutcome::new(&[], &[]),
            DocOutcome::new(&[], &[4]),
        ];
        let m = Metrics::compute(&docs, 5);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(
            close(m.micro.precision, 1.0 / 3.0) && close(m.micro.recall, 1.0 / 3.0) && close(m.micro.f1, 1.0 / 3.0)
        );
        assert!(close(m.macro_avg.precision, 0.25) && close(m.macro_avg.recall, 0.125));
        assert!(close(m.macro_avg.f1, 1.0 / 6.0));
        assert_eq!(
            (m.samples.precision, m.samples.recall, m.samples.f1),
            (0.125, 0.125, 0.125)
        );
        assert_eq!(m.exact_match, 0.25);
        let support: Vec<_> = m.per_tag.iter().map(|c| c.support).collect();
        assert_eq!(support, [2, 1, 0, 0]);
    }
}
