//! The gate on a single report: absolute floors per metric and failed documents, as JUnit (the one
//! writer behind `tagvote report --format junit` and `tagvote eval --junit`).

use super::GateSpec;
use crate::evaluation::SystemEvaluation;
use crate::metrics::MetricKind;
use crate::report::{junit_xml, JunitCase, ReportFile};

impl ReportFile {
    /// Per gated system: one case per gated metric (failing under its floor), and one that fails
    /// when the system failed on documents. `eval --junit` and `report --format junit` both write these.
    pub fn gate_cases(&self, spec: &GateSpec) -> Vec<JunitCase> {
        let kinds = spec.report_metrics();
        self.gated(spec)
            .flat_map(|s| {
                let floors = kinds.iter().map(|&kind| floor_case(s, kind, spec));
                floors.chain(std::iter::once(failures_case(s))).collect::<Vec<_>>()
            })
            .collect()
    }

    /// JUnit XML of `gate_cases`.
    pub fn to_junit(&self, spec: &GateSpec) -> String {
        junit_xml("tagvote report", &self.gate_cases(spec))
    }

    /// Whether every floor of `spec` holds.
    pub fn passes_floors(&self, spec: &GateSpec) -> bool {
        let kinds = spec.report_metrics();
        self.gated(spec)
            .all(|s| kinds.iter().all(|&kind| floor_case(s, kind, spec).failure.is_none()))
    }

    fn gated<'a>(&'a self, spec: &'a GateSpec) -> impl Iterator<Item = &'a SystemEvaluation> {
        self.evaluation.systems.iter().filter(|s| spec.gates_system(&s.system))
    }
}

/// One metric of one system against its floor, if it has one.
fn floor_case(s: &SystemEvaluation, kind: MetricKind, spec: &GateSpec) -> JunitCase {
    let value = s.metrics.get(kind);
    let failure = spec
        .floors
        .get(&kind)
        .filter(|f| value < **f)
        .map(|f| format!("`{}` {kind} is {value:.4}, under the floor {f:.4}", s.system));
    JunitCase {
        classname: format!("tagvote.{}", s.system),
        name: kind.to_string(),
        failure,
        detail: format!("{kind} = {value:.4} over {} documents", s.metrics.documents),
    }
}

/// Fails when the system failed on any document.
fn failures_case(s: &SystemEvaluation) -> JunitCase {
    JunitCase {
        classname: format!("tagvote.{}", s.system),
        name: "no_failed_documents".into(),
        failure: (s.failed > 0).then(|| format!("`{}` failed on {} documents", s.system, s.failed)),
        detail: format!("answered={} failed={}", s.answered, s.failed),
    }
}
