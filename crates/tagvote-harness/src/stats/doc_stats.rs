//! Per-document statistics prepared once per system, so a metric over any resample or mix of two
//! systems is a cheap sum.

use crate::metrics::{counts_of, ratio, Counts, DocOutcome, MetricKind};

/// What each document contributes to a metric.
pub(crate) enum DocStats<'a> {
    /// Summed counts (micro F1).
    Counts(Vec<Counts>),
    /// Averaged per-document values (samples F1, exact match).
    Scores(Vec<f64>),
    /// Per-tag tables built from the outcomes (macro F1).
    Outcomes(&'a [DocOutcome], usize),
}

/// A running total of a metric over added documents.
pub(crate) enum Acc {
    Counts(Counts),
    Mean(f64, usize),
    Tags(Vec<[u32; 3]>),
}

impl<'a> DocStats<'a> {
    pub(crate) fn new(kind: MetricKind, docs: &'a [DocOutcome], n_tags: usize) -> Self {
        match kind {
            MetricKind::MicroF1 => DocStats::Counts(docs.iter().map(DocOutcome::counts).collect()),
            MetricKind::SamplesF1 => DocStats::Scores(docs.iter().map(|d| d.counts().prf().f1).collect()),
            MetricKind::ExactMatch => {
                DocStats::Scores(docs.iter().map(|d| f64::from(u8::from(d.is_exact()))).collect())
            }
            MetricKind::MacroF1 => DocStats::Outcomes(docs, n_tags),
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            DocStats::Counts(v) => v.len(),
            DocStats::Scores(v) => v.len(),
            DocStats::Outcomes(v, _) => v.len(),
        }
    }

    pub(crate) fn empty_acc(&self) -> Acc {
        match self {
            DocStats::Counts(_) => Acc::Counts(Counts::default()),
            DocStats::Scores(_) => Acc::Mean(0.0, 0),
            DocStats::Outcomes(_, n_tags) => Acc::Tags(vec![[0; 3]; *n_tags]),
        }
    }

    /// Adds document `i` to `acc` (which must come from the same kind of stats).
    pub(crate) fn add(&self, acc: &mut Acc, i: usize) {
        match (self, acc) {
            (DocStats::Counts(v), Acc::Counts(total)) => *total += v[i],
            (DocStats::Scores(v), Acc::Mean(sum, n)) => {
                *sum += v[i];
                *n += 1;
            }
            (DocStats::Outcomes(v, _), Acc::Tags(table)) => crate::metrics::accumulate(table, &v[i]),
            _ => debug_assert!(false, "accumulator of another metric"),
        }
    }

    /// The metric over all documents in order.
    pub(crate) fn value(&self) -> f64 {
        let mut acc = self.empty_acc();
        (0..self.len()).for_each(|i| self.add(&mut acc, i));
        acc.finish()
    }
}

impl Acc {
    pub(crate) fn finish(&self) -> f64 {
        match self {
            Acc::Counts(c) => c.prf().f1,
            Acc::Mean(sum, n) => ratio(*sum, *n as f64),
            Acc::Tags(table) => macro_f1(table),
        }
    }
}

fn macro_f1(table: &[[u32; 3]]) -> f64 {
    let (sum, present) = table
        .iter()
        .filter(|c| c.iter().any(|&n| n > 0))
        .fold((0.0, 0usize), |(sum, n), c| (sum + counts_of(c).f1(), n + 1));
    ratio(sum, present as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepared_values_equal_the_direct_metrics() {
        let docs = [
            DocOutcome::new(&[0, 1], &[0]),
            DocOutcome::new(&[2], &[1, 2]),
            DocOutcome::new(&[], &[]),
            DocOutcome::new(&[3], &[]),
        ];
        for kind in MetricKind::ALL {
            let direct = kind.value(&docs, 4);
            assert!((DocStats::new(kind, &docs, 4).value() - direct).abs() < 1e-12, "{kind}");
        }
    }
}
