//! `tagvote eval`: the table, the JSON report and its determinism, Markdown, JUnit, overlap refusal.

use super::*;

/// `eval` on the sample with the keyword scorer; returns (code, stdout, stderr).
pub fn eval_sample(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["--scorers", "keyword"];
    args.extend(extra);
    eval_sample_with_default_scorers(dir, &args)
}

/// `eval` on the sample with the scorers the flags name (every registered one by default).
pub fn eval_sample_with_default_scorers(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let sample = repo().join("datasets").join("sample");
    let mut cmd = tagvote();
    cmd.args(["eval", "--bootstrap", "50", "--taxonomy"])
        .arg(sample.join("tags.json"))
        .arg("--input")
        .arg(sample.join("docs.jsonl"))
        .arg("--gold")
        .arg(sample.join("gold.jsonl"))
        .arg("--report")
        .arg(dir.join("report.json"))
        .args(extra);
    run(&mut cmd)
}

fn load(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn prints_a_row_per_system_and_writes_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("summary.md");
    let junit = dir.path().join("junit.xml");
    let (code, stdout, stderr) = eval_sample(
        dir.path(),
        &[
            "--no-default-model",
            "--markdown",
            md.to_str().unwrap(),
            "--junit",
            junit.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let rows: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("keyword") || l.contains("vote"))
        .collect();
    assert!(rows.len() >= 2, "a row for keyword and for the vote:\n{stdout}");
    let report = load(&dir.path().join("report.json"));
    assert_eq!(report["schema_version"], 1);
    let run = &report["run"];
    assert_eq!(run["systems"], serde_json::json!(["keyword", "vote"]));
    assert_eq!(run["docs"].as_array().unwrap().len(), 40);
    assert_eq!(run["taxonomy_hash"].as_str().unwrap().len(), 64);
    assert_eq!(run["dataset_hash"].as_str().unwrap().len(), 64);
    assert_eq!(run["config"]["dataset"], "docs.jsonl");
    assert!(run["config"]["scorers"]["keyword"].is_object() || !run["config"]["scorers"]["keyword"].is_null());
    assert!(std::fs::read_to_string(&md).unwrap().contains("keyword"));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("tagvote.vote") && xml.contains("failures=\"0\""), "{xml}");
}

#[test]
fn reports_are_identical_apart_from_timing() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for dir in [&a, &b] {
        let (code, _, stderr) = eval_sample(dir.path(), &["--no-default-model"]);
        assert_eq!(code, 0, "{stderr}");
    }
    let strip = |dir: &tempfile::TempDir| {
        let report = tagvote_harness::report::ReportFile::load(&dir.path().join("report.json")).unwrap();
        report.without_timing().to_json()
    };
    assert_eq!(strip(&a), strip(&b));
}

#[test]
fn refuses_documents_the_model_was_fitted_on_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    let sample = repo().join("datasets").join("sample");
    let mut fit = tagvote();
    fit.args(["fit", "keyword", "--taxonomy"])
        .arg(sample.join("tags.json"))
        .arg("--input")
        .arg(sample.join("docs.jsonl"))
        .arg("--gold")
        .arg(sample.join("gold.jsonl"))
        .arg("--out")
        .arg(&model);
    let (code, _, stderr) = run(&mut fit);
    assert_eq!(code, 0, "{stderr}");
    let model_arg = model.to_str().unwrap();
    let (code, _, stderr) = eval_sample(dir.path(), &["--model", model_arg]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("fitted on 40 of the evaluation documents") && stderr.contains("`--allow-overlap`"),
        "{stderr}"
    );
    let (code, _, stderr) = eval_sample(dir.path(), &["--model", model_arg, "--allow-overlap"]);
    assert_eq!(code, 0, "{stderr}");
    let report = load(&dir.path().join("report.json"));
    assert_eq!(report["run"]["config"]["allow_overlap"], true);
    assert_eq!(report["run"]["config"]["models"][0]["file"], "model.json");
}

#[test]
fn a_scorer_that_cannot_run_is_skipped_with_a_notice_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = eval_sample(dir.path(), &["--no-default-model", "--scorers", "keyword,llm"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Skipping scorer `llm`"), "{stderr}");
    let report = load(&dir.path().join("report.json"));
    assert!(
        report["run"]["skipped_systems"]["llm"].is_string(),
        "{}",
        report["run"]["skipped_systems"]
    );
}
