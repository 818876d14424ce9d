//! The gate on a single report: absolute floors per metric, as JUnit (`tagvote report --format junit`).

use super::GateSpec;
use crate::report::{junit_xml, JunitCase, ReportFile};

impl ReportFile {
    /// One case per gated system and metric; a case fails when the value is under its floor.
    pub fn gate_cases(&self, spec: &GateSpec) -> Vec<JunitCase> {
        let kinds = spec.report_metrics();
        let mut cases = Vec::new();
        for s in self.evaluation.systems.iter().filter(|s| spec.gates_system(&s.system)) {
            for &kind in &kinds {
                let value = s.metrics.get(kind);
                let floor = spec.floors.get(&kind).copied();
                let failure = floor
                    .filter(|f| value < *f)
                    .map(|f| format!("`{}` {kind} is {value:.4}, under the floor {f:.4}", s.system));
                cases.push(JunitCase {
                    classname: format!("tagvote.{}", s.system),
                    name: kind.to_string(),
                    failure,
                    detail: format!("{kind} = {value:.4} over {} documents", s.metrics.documents),
                });
            }
        }
        cases
    }

    /// JUnit XML of `gate_cases`.
    pub fn to_junit(&self, spec: &GateSpec) -> String {
        junit_xml("tagvote report", &self.gate_cases(spec))
    }

    /// Whether every floor of `spec` holds.
    pub fn passes_floors(&self, spec: &GateSpec) -> bool {
        self.gate_cases(spec).iter().all(|c| c.failure.is_none())
    }
}
