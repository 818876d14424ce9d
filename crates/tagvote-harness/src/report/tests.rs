//! Report round trips, determinism apart from timing, and the renderings.

use super::*;
use crate::compare::GateSpec;
use crate::evaluation::fixture::record;
use crate::evaluation::EvalOptions;
use crate::metrics::MetricKind;

const SYSTEMS: [(&str, usize); 3] = [("keyword", 30), ("llm", 20), ("vote", 25)];

fn report(latency_scale: f64) -> ReportFile {
    ReportFile::new(record(40, &SYSTEMS, latency_scale), &EvalOptions::default())
}

#[test]
fn json_round_trips_through_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.json");
    let r = report(1.0);
    r.save_json(&path).unwrap();
    let back = ReportFile::load(&path).unwrap();
    assert!(
        back == r,
        "floats must read back exactly (serde_json `float_roundtrip`)"
    );
    assert_eq!(back.to_json(), r.to_json());
}

#[test]
fn same_inputs_give_byte_identical_json_apart_from_timing() {
    let (a, b) = (report(1.0), report(3.0));
    assert_ne!(a.to_json(), b.to_json(), "timings differ");
    assert_eq!(a.without_timing().to_json(), b.without_timing().to_json());
    assert_eq!(report(1.0).to_json(), a.to_json());
}

#[test]
fn json_has_hashes_config_commit_predictions_and_per_tag_counts() {
    let v: serde_json::Value = serde_json::from_str(&report(1.0).to_json()).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["run"]["taxonomy_hash"], "t0a1b2c3d4e5f6");
    assert_eq!(v["run"]["dataset_hash"], "d0a1b2c3d4e5f6");
    assert_eq!(v["run"]["git_commit"], "0123456789abcdef");
    assert_eq!(v["run"]["config"]["seed"], 7);
    assert!(v["run"]["docs"][0]["results"]["vote"]["tags"].is_array());
    let per_tag = &v["evaluation"]["systems"][0]["metrics"]["per_tag"][0];
    assert!(per_tag["support"].is_number() && per_tag["fn"].is_number(), "{per_tag}");
}

#[test]
fn load_names_wrong_schema_malformed_and_foreign_files() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let mut v: serde_json::Value = serde_json::from_str(&report(1.0).to_json()).unwrap();
    v["schema_version"] = 99.into();
    let err = ReportFile::load(&write("old.json", &v.to_string()))
        .unwrap_err()
        .to_string();
    assert!(err.contains("schema version `99`") && err.contains("old.json"), "{err}");
    let err = ReportFile::load(&write("bad.json", "{\"run\": "))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("Malformed report") && err.contains("bad.json"), "{err}");
    let err = ReportFile::load(&write("other.json", "{\"a\": 1}")).unwrap_err();
    assert!(matches!(err, ReportError::NotAReport { .. }), "{err}");
    let err = ReportFile::load(&dir.path().join("missing.json"))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("Cannot read") && err.contains("missing.json"), "{err}");
}

#[test]
fn a_bare_run_record_is_evaluated_on_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.json");
    let run = record(40, &SYSTEMS, 1.0);
    std::fs::write(&path, serde_json::to_string(&run).unwrap()).unwrap();
    let loaded = ReportFile::load_or_evaluate(&path, &EvalOptions::default()).unwrap();
    assert_eq!(loaded, report(1.0));
    assert!(matches!(ReportFile::load(&path), Err(ReportError::NotAReport { .. })));
}

#[test]
fn table_and_markdown_have_a_row_per_system() {
    let r = report(1.0);
    let md = r.to_markdown();
    let text = r.table(true);
    for (system, _) in SYSTEMS {
        assert!(
            md.lines().any(|l| l.starts_with(&format!("| {system} "))),
            "{system} in\n{md}"
        );
        assert!(text.contains(&format!("Per tag, `{system}`")), "{text}");
    }
    assert!(text.contains("micro F1") && text.contains("cache hits"), "{text}");
    assert!(md.contains("Significance against the best system"), "{md}");
}

#[test]
fn html_holds_every_chart_and_nothing_remote() {
    let html = report(1.0).to_html();
    for id in CHART_IDS {
        assert!(html.contains(&format!("<svg id=\"{id}\"")), "{id}");
    }
    assert!(html.matches("class=\"bar\"").count() > 10);
    assert!(!html.contains("<script") && !html.contains(" src=") && !html.contains("href="));
}

#[test]
fn junit_has_one_case_per_gated_metric_and_failed_documents_and_fails_under_a_floor() {
    let r = report(1.0);
    let mut spec = GateSpec::default();
    spec.floors.insert(MetricKind::MacroF1, 0.7);
    let xml = r.to_junit(&spec);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let cases = doc.descendants().filter(|n| n.has_tag_name("testcase")).count();
    assert_eq!(
        cases,
        SYSTEMS.len() * 3,
        "micro_f1, the macro_f1 floor and failed documents, per system"
    );
    let failed = doc.descendants().filter(|n| n.has_tag_name("failure")).count();
    let systems = &r.evaluation.systems;
    let under = systems.iter().filter(|s| s.metrics.macro_avg.f1 < 0.7).count();
    let with_failures = systems.iter().filter(|s| s.failed > 0).count();
    assert!(
        under > 0 && with_failures > 0 && failed == under + with_failures,
        "{xml}"
    );
    assert!(!r.passes_floors(&spec));
    assert!(r.passes_floors(&GateSpec::default()));
}
