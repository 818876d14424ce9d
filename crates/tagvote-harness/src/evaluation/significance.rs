//! The best system by micro-F1 and paired tests of it against every other system.

use serde::{Deserialize, Serialize};

use super::system::SystemEvaluation;
use crate::metrics::{DocOutcome, MetricKind};
use crate::stats::{paired_test, PairedTest, StatsOptions};

/// The best system against one other: `test.a` is the best system's value, `test.b` this one's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersusBest {
    pub system: String,
    pub test: PairedTest,
}

/// Index of the system with the highest micro-F1, first on ties; `None` when nothing was measured.
pub(super) fn best_system(systems: &[SystemEvaluation]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, s) in systems.iter().enumerate() {
        if s.metrics.documents == 0 {
            continue;
        }
        if best.is_none_or(|b| s.metrics.micro.f1 > systems[b].metrics.micro.f1) {
            best = Some(i);
        }
    }
    best
}

pub(super) fn versus_best(
    names: &[String],
    outcomes: &[Vec<DocOutcome>],
    best: usize,
    n_tags: usize,
    stats: &StatsOptions,
) -> Vec<VersusBest> {
    (0..names.len())
        .filter(|&i| i != best)
        .map(|i| VersusBest {
            system: names[i].clone(),
            test: paired_test(&outcomes[best], &outcomes[i], MetricKind::MicroF1, n_tags, stats),
        })
        .collect()
}
