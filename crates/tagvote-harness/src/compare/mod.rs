//! Comparing two reports (`tagvote compare BASE NEW`): what changed, paired tests on the documents
//! both runs measured, and the CI gate (exit 1 when a gated metric dropped beyond `max_drop` and the
//! paired test says it is not noise).

mod diff;
mod error;
mod floors;
mod gate;
mod pairing;
mod render;
#[cfg(test)]
mod tests;

pub use diff::{FlippedDoc, MetricChange, SystemComparison, TagChange};
pub use error::CompareError;
pub use gate::GateSpec;
pub use pairing::PairedRuns;

use serde::{Deserialize, Serialize};

use crate::report::ReportFile;
use crate::stats::StatsOptions;

/// Exit code: the new run is not worse.
pub const EXIT_OK: i32 = 0;
/// Exit code: a gated metric regressed beyond the allowed drop and not by chance.
pub const EXIT_REGRESSION: i32 = 1;
/// Exit code: usage error or refusal (unreadable report, different hashes without `--force`).
pub const EXIT_REFUSED: i32 = 2;

/// How to compare and gate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CompareOptions {
    pub gate: GateSpec,
    /// Compare runs of different taxonomy, dataset or gold hashes anyway.
    pub force: bool,
    pub stats: StatsOptions,
}

/// Everything that changed between two runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub gate: GateSpec,
    /// Hash differences accepted with `--force`.
    pub forced: Vec<String>,
    /// Systems present in both runs, in the new run's order.
    pub systems: Vec<SystemComparison>,
}

impl Comparison {
    /// Compares `new` against `base`; refuses different hashes unless `opts.force`.
    pub fn compute(base: &ReportFile, new: &ReportFile, opts: &CompareOptions) -> Result<Comparison, CompareError> {
        let forced = error::check_hashes(base, new, opts.force)?;
        let names = gate::common_systems(base, new, &opts.gate)?;
        let systems = names
            .iter()
            .map(|(name, gated)| {
                let paired = PairedRuns::new(&base.run, &new.run, name);
                SystemComparison::compute(base, new, &paired, *gated, opts)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Comparison {
            gate: opts.gate.clone(),
            forced,
            systems,
        })
    }

    /// Whether any gated metric regressed.
    pub fn regressed(&self) -> bool {
        self.systems.iter().flat_map(|s| &s.metrics).any(|m| m.regressed)
    }

    /// `EXIT_REGRESSION` when a gated metric regressed, else `EXIT_OK`.
    pub fn exit_code(&self) -> i32 {
        if self.regressed() {
            EXIT_REGRESSION
        } else {
            EXIT_OK
        }
    }
}
