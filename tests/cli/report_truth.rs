//! One truth per number: the cascade analysis uses the run's vote, the vote's latency is the run's
//! time per document, and `eval --junit` writes what `report --format junit` writes.

use tagvote_llm::testing::{ChatRequest, MockReply};

use super::eval::eval_sample;
use super::llm::mock_server;
use super::*;

/// Answers `cli` and `lib` for every document.
fn answer(req: &ChatRequest) -> MockReply {
    MockReply::answer(req, r#"{"tags":["cli","lib"]}"#)
}

fn load(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn system<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    let systems = report["evaluation"]["systems"].as_array().unwrap();
    systems.iter().find(|s| s["system"] == name).unwrap()
}

#[test]
fn the_cascade_line_always_called_equals_the_runs_vote() {
    let dir = tempfile::tempdir().unwrap();
    let (_runtime, server) = mock_server(answer);
    let html = dir.path().join("r.html");
    let (code, _, stderr) = eval_sample(
        dir.path(),
        &[
            "--no-default-model",
            "--scorers",
            "keyword,llm",
            "--vote",
            "majority",
            "--min-votes",
            "2",
            "--llm-base-url",
            &server.base_url(),
            "--llm-model",
            "mock",
            "--llm-cache",
            "off",
            "--html",
            html.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let report = load(&dir.path().join("report.json"));
    let cascade = &report["evaluation"]["analysis"]["cascade"];
    let vote_f1 = system(&report, "vote")["metrics"]["micro"]["f1"].as_f64().unwrap();
    let always = cascade["f1_always"].as_f64().unwrap();
    assert!(
        (always - vote_f1).abs() < 1e-12,
        "always called {always} vs the vote {vote_f1}: {cascade}"
    );
    assert_eq!(cascade["vote"], "majority");
    let (_, markdown, _) = run(tagvote()
        .args(["report", "--format", "md"])
        .arg(dir.path().join("report.json")));
    let line = markdown
        .lines()
        .find(|l| l.contains("when always called"))
        .expect("a cascade line");
    assert!(
        line.contains(&format!("micro F1 {vote_f1:.3} when always called")),
        "{line}"
    );
}

#[test]
fn the_votes_latency_is_the_end_to_end_time_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = eval_sample(dir.path(), &["--no-default-model"]);
    assert_eq!(code, 0, "{stderr}");
    let report = load(&dir.path().join("report.json"));
    let p50 = |name: &str| system(&report, name)["latency_p50_ms"].as_f64().unwrap();
    assert!(
        p50("vote") >= p50("keyword"),
        "vote {} < keyword {}",
        p50("vote"),
        p50("keyword")
    );
}

#[test]
fn eval_junit_and_report_junit_are_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("eval.xml");
    let (code, _, stderr) = eval_sample(dir.path(), &["--no-default-model", "--junit", junit.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let (code, from_report, stderr) = run(tagvote()
        .args(["report", "--format", "junit"])
        .arg(dir.path().join("report.json")));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read_to_string(&junit).unwrap(), from_report);
}
