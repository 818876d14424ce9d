//! The gate: which systems and metrics are gated, and when a drop counts as a regression.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::CompareError;
use crate::metrics::MetricKind;
use crate::report::ReportFile;
use crate::stats::PairedTest;

/// Tolerance so that a drop of exactly `max_drop` is allowed despite rounding.
const EPS: f64 = 1e-12;

/// What the gate checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateSpec {
    /// Gated systems; empty means every system present in both runs (`--system`).
    pub systems: Vec<String>,
    /// Gated metrics (`--metric`; default micro-F1).
    pub metrics: Vec<MetricKind>,
    /// Largest allowed drop of a gated metric (`--max-drop`, default 0.01).
    pub max_drop: f64,
    /// A drop counts only when the approximate-randomisation p-value is below this (default 0.05).
    pub alpha: f64,
    /// Absolute minimums for a single report's JUnit (`tagvote report --min micro_f1=0.5`).
    #[serde(default)]
    pub floors: BTreeMap<MetricKind, f64>,
}

impl Default for GateSpec {
    fn default() -> Self {
        GateSpec {
            systems: Vec::new(),
            metrics: vec![MetricKind::MicroF1],
            max_drop: 0.01,
            alpha: 0.05,
            floors: BTreeMap::new(),
        }
    }
}

impl GateSpec {
    /// Whether `system` is gated.
    pub fn gates_system(&self, system: &str) -> bool {
        self.systems.is_empty() || self.systems.iter().any(|s| s == system)
    }

    /// A regression: the new value is lower by more than `max_drop` and the paired test is significant
    /// (`test.a` is the base value, `test.b` the new one).
    pub fn is_regression(&self, test: &PairedTest) -> bool {
        test.a - test.b > self.max_drop + EPS && test.p_randomisation < self.alpha
    }

    /// The metrics gated for a single report: `metrics` plus any with a floor.
    pub fn report_metrics(&self) -> Vec<MetricKind> {
        let mut kinds = self.metrics.clone();
        kinds.extend(self.floors.keys().copied());
        kinds.sort();
        kinds.dedup();
        kinds
    }
}

/// Systems in both runs (new run's order) with whether each is gated; errors on an unknown `--system`.
pub(super) fn common_systems(
    base: &ReportFile,
    new: &ReportFile,
    spec: &GateSpec,
) -> Result<Vec<(String, bool)>, CompareError> {
    let common: Vec<String> = new
        .evaluation
        .systems
        .iter()
        .map(|s| s.system.clone())
        .filter(|s| base.evaluation.system(s).is_some())
        .collect();
    if common.is_empty() {
        return Err(CompareError::NoCommonSystems);
    }
    if let Some(missing) = spec.systems.iter().find(|s| !common.contains(s)) {
        return Err(CompareError::UnknownSystem {
            name: missing.clone(),
            available: common.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "),
        });
    }
    Ok(common.into_iter().map(|s| (s.clone(), spec.gates_system(&s))).collect())
}
