//! The headline metrics by name, so statistics and the gate can compute any of them on a sample.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::labels::DocOutcome;
use super::{macro_average, micro_average, per_tag_counts, samples};

/// A single-number metric over a set of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    MicroF1,
    MacroF1,
    SamplesF1,
    ExactMatch,
}

impl MetricKind {
    pub const ALL: [MetricKind; 4] = [
        MetricKind::MicroF1,
        MetricKind::MacroF1,
        MetricKind::SamplesF1,
        MetricKind::ExactMatch,
    ];

    /// The metric's value over `docs` (`n_tags` sizes the per-tag table for the macro average).
    pub fn value<'a>(self, docs: impl IntoIterator<Item = &'a DocOutcome>, n_tags: usize) -> f64 {
        match self {
            MetricKind::MicroF1 => micro_average(docs).f1,
            MetricKind::MacroF1 => macro_average(&per_tag_counts(docs, n_tags)).f1,
            MetricKind::SamplesF1 => samples::samples_average(docs).f1,
            MetricKind::ExactMatch => samples::exact_match(docs),
        }
    }

    /// The snake_case name used in JSON, JUnit and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            MetricKind::MicroF1 => "micro_f1",
            MetricKind::MacroF1 => "macro_f1",
            MetricKind::SamplesF1 => "samples_f1",
            MetricKind::ExactMatch => "exact_match",
        }
    }
}

impl fmt::Display for MetricKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for MetricKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().replace('-', "_").to_lowercase();
        MetricKind::ALL.into_iter().find(|k| k.name() == wanted).ok_or_else(|| {
            format!("Unknown metric `{s}`; expected one of `micro_f1`, `macro_f1`, `samples_f1`, `exact_match`")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in MetricKind::ALL {
            assert_eq!(k.name().parse::<MetricKind>(), Ok(k));
        }
        assert_eq!("Micro-F1".parse::<MetricKind>(), Ok(MetricKind::MicroF1));
        assert!("f2".parse::<MetricKind>().unwrap_err().contains("`f2`"));
    }

    #[test]
    fn values_match_the_averages() {
        let docs = [DocOutcome::new(&[0], &[0, 1]), DocOutcome::new(&[], &[])];
        assert_eq!(MetricKind::MicroF1.value(&docs, 2), 2.0 / 3.0);
        assert_eq!(MetricKind::MacroF1.value(&docs, 2), 0.5);
        assert_eq!(MetricKind::SamplesF1.value(&docs, 2), 1.0 / 3.0);
        assert_eq!(MetricKind::ExactMatch.value(&docs, 2), 0.5);
    }
}
