//! Evaluation of a run: every system's metrics, confidence interval, paired tests against the best
//! system, failures, latency, throughput and cost, plus the vote analysis — all from a `RunRecord`.
//!
//! Only documents with a gold row are measured; a system's failed or skipped documents count as
//! empty predictions.

mod cost;
#[cfg(test)]
pub(crate) mod fixture;
mod outcomes;
mod significance;
mod system;
#[cfg(test)]
mod tests;
mod timing;

pub use cost::CostSummary;
pub use outcomes::{evaluated_systems, system_outcomes};
pub use significance::VersusBest;
pub use system::SystemEvaluation;
pub use timing::latencies;

use serde::{Deserialize, Serialize};

use crate::analysis::{analyse, AnalysisOptions, ScorerAnalysis};
use crate::annotators::AnnotatorEvaluation;
use crate::record::RunRecord;
use crate::stats::StatsOptions;

/// What an evaluation needs besides the record (recorded in the report).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EvalOptions {
    pub stats: StatsOptions,
    pub analysis: AnalysisOptions,
}

impl EvalOptions {
    /// Default options with `resamples` bootstrap resamples and `seed` (`--bootstrap`, `--seed`).
    pub fn with_bootstrap(resamples: usize, seed: u64) -> Self {
        let mut opts = EvalOptions::default();
        opts.stats.resamples = resamples;
        opts.stats.seed = seed;
        opts
    }
}

/// Everything computed from one run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub options: EvalOptions,
    /// Documents in the run, and those with a gold row (the measured ones).
    pub documents: usize,
    pub gold_documents: usize,
    /// Input records rejected before any system saw them.
    pub input_failures: usize,
    /// In the run's display order (scorers, then `vote`).
    pub systems: Vec<SystemEvaluation>,
    /// The system with the highest micro-F1 (first in order on ties); `None` without gold.
    pub best: Option<String>,
    /// Micro-F1 of the best system against each other system, paired on documents.
    pub versus_best: Vec<VersusBest>,
    pub analysis: ScorerAnalysis,
    /// Annotators' agreement and every system against each annotator (`eval --annotator`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotators: Option<AnnotatorEvaluation>,
}

impl Evaluation {
    /// Evaluates every system of `record`.
    pub fn compute(record: &RunRecord, opts: &EvalOptions) -> Evaluation {
        let n_tags = record.taxonomy.len();
        let names = evaluated_systems(record);
        let outcomes: Vec<_> = names.iter().map(|s| system_outcomes(record, s)).collect();
        let systems: Vec<SystemEvaluation> = names
            .iter()
            .zip(&outcomes)
            .map(|(name, docs)| SystemEvaluation::compute(record, name, docs, &opts.stats))
            .collect();
        let best = significance::best_system(&systems);
        let versus_best = best.map_or_else(Vec::new, |b| {
            significance::versus_best(&names, &outcomes, b, n_tags, &opts.stats)
        });
        Evaluation {
            options: opts.clone(),
            documents: record.docs.len(),
            gold_documents: record.docs.iter().filter(|d| d.gold.is_some()).count(),
            input_failures: record.input_failures.len(),
            best: best.map(|i| names[i].clone()),
            systems,
            versus_best,
            analysis: analyse(record, &opts.analysis),
            annotators: None,
        }
    }

    /// A system's evaluation by name.
    pub fn system(&self, name: &str) -> Option<&SystemEvaluation> {
        self.systems.iter().find(|s| s.system == name)
    }
}
