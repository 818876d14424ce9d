//! The tagvote harness: runs scorers over a corpus, votes, measures, reports and compares.
//!
//! It only ever sees `Box<dyn Scorer>`; the binary decides which scorers exist.
//!
//! Module owners: `run` (pipeline), `metrics`/`stats`/`evaluation`/`report`/`compare` (numbers),
//! `vote`/`analysis` (ensembles and scorer diagnostics), `merge` (joining `--shard` outputs). `record` is the
//! shared raw outcome.

pub mod analysis;
pub mod annotators;
pub mod compare;
pub mod evaluation;
pub mod merge;
pub mod metrics;
pub mod record;
pub mod report;
pub mod run;
pub mod stats;
pub mod suggest;
pub mod vote;

pub use analysis::{analyse, AnalysisOptions, ScorerAnalysis};
pub use compare::{CompareOptions, Comparison, GateSpec};
pub use evaluation::{EvalOptions, Evaluation};
pub use metrics::{DocOutcome, MetricKind, Metrics};
pub use record::{DocRecord, DocResult, RunRecord, VOTE_SYSTEM};
pub use report::{ReportError, ReportFile};
pub use vote::{VoteOptions, VoteStrategy};
