//! One system's row of the evaluation: metrics with CI, counts, timing and cost.

use serde::{Deserialize, Serialize};

use super::cost::CostSummary;
use super::timing;
use crate::metrics::{DocOutcome, MetricKind, Metrics};
use crate::record::{DocResult, RunRecord};
use crate::stats::{bootstrap_interval, Interval, StatsOptions};

/// Metrics and operational numbers of one system. Timing fields are named `latency_*`, `wall_*` and
/// `docs_per_s` so they can be stripped to compare reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SystemEvaluation {
    pub system: String,
    pub metrics: Metrics,
    /// Bootstrap confidence interval of micro-F1; `None` without gold or with `--bootstrap 0`.
    pub micro_f1_ci: Option<Interval>,
    /// Documents answered / failed / not run on (cascade), over the whole run.
    pub answered: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Answered documents that received no tag.
    pub no_tag: usize,
    /// Present only when the system reports tokens, cost, cache hits or requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<CostSummary>,
    pub latency_p50_ms: Option<f64>,
    pub latency_p95_ms: Option<f64>,
    pub wall_seconds: Option<f64>,
    pub docs_per_s: Option<f64>,
}

impl SystemEvaluation {
    pub fn compute(record: &RunRecord, system: &str, docs: &[DocOutcome], stats: &StatsOptions) -> Self {
        let results: Vec<&DocResult> = record.docs.iter().filter_map(|d| d.results.get(system)).collect();
        let count = |f: fn(&DocResult) -> bool| results.iter().filter(|r| f(r)).count();
        let answered = count(|r| matches!(r, DocResult::Ok { .. }));
        let failed = count(|r| matches!(r, DocResult::Failed { .. }));
        let latencies = timing::latencies(record, system);
        let (p50, p95) = timing::percentiles(&latencies);
        let wall = record.wall_seconds.get(system).copied();
        SystemEvaluation {
            system: system.to_string(),
            metrics: Metrics::compute(docs, record.taxonomy.len()),
            micro_f1_ci: bootstrap_interval(docs, MetricKind::MicroF1, record.taxonomy.len(), stats),
            answered,
            failed,
            skipped: count(|r| matches!(r, DocResult::Skipped { .. })),
            no_tag: count(|r| r.scored().is_some_and(|s| s.tags.is_empty())),
            cost: CostSummary::sum(results.iter().copied()),
            latency_p50_ms: p50,
            latency_p95_ms: p95,
            wall_seconds: wall,
            docs_per_s: timing::docs_per_second(answered + failed, wall),
        }
    }
}
