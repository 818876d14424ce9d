//! `tagvote eval` with the LLM scorer against the in-process test server: tokens, cost and cache
//! hits in the report, an offline replay that reproduces the run, a cascade that saves calls, and
//! the API key absent from every output.

use std::time::Duration;

use tagvote_llm::testing::{ChatRequest, MockReply, MockServer};

use super::*;

const SECRET: &str = "sk-test-0123456789abcdef-never-print";

/// Answers `cli` and `lib` for every document.
fn answer(req: &ChatRequest) -> MockReply {
    MockReply::answer(req, r#"{"tags":["cli","lib"]}"#).with_delay(Duration::from_millis(2))
}

/// A test server answering with `script`; the runtime must outlive the test's child processes.
pub fn mock_server(
    script: impl Fn(&ChatRequest) -> MockReply + Send + Sync + 'static,
) -> (tokio::runtime::Runtime, MockServer) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(MockServer::start(script)).unwrap();
    (runtime, server)
}

fn server() -> (tokio::runtime::Runtime, MockServer) {
    mock_server(answer)
}

/// `eval` on the sample with keyword and llm; returns (code, stdout, stderr).
fn eval_llm(dir: &Path, base_url: &str, extra: &[&str]) -> (i32, String, String) {
    let sample = repo().join("datasets").join("sample");
    let mut cmd = tagvote();
    cmd.env("OPENAI_API_KEY", SECRET)
        .env("TAGVOTE_CACHE_DIR", dir.join("cache"))
        .args([
            "eval",
            "--no-default-model",
            "--scorers",
            "keyword,llm",
            "--bootstrap",
            "20",
        ])
        .args(["--llm-base-url", base_url, "--llm-model", "mock-model"])
        .args(["--llm-price-input", "1.5", "--llm-price-output", "6"])
        .arg("--taxonomy")
        .arg(sample.join("tags.json"))
        .arg("--input")
        .arg(sample.join("docs.jsonl"))
        .arg("--gold")
        .arg(sample.join("gold.jsonl"))
        .args(extra);
    run(&mut cmd)
}

fn system<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    let systems = report["evaluation"]["systems"].as_array().unwrap();
    systems.iter().find(|s| s["system"] == name).unwrap()
}

/// Every file under `dir`, read as bytes.
fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(all_files(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

#[test]
fn llm_runs_are_costed_cached_replayed_offline_and_never_show_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let (runtime, server) = server();
    let base = server.base_url();
    let first = dir.path().join("first.json");
    let (code, stdout, stderr) = eval_llm(dir.path(), &base, &["--report", first.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.lines().any(|l| l.contains("llm")),
        "a row for the llm:\n{stdout}"
    );
    assert_eq!(server.chat_count(), 40, "one call per sample document");
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&first).unwrap()).unwrap();
    let llm = system(&report, "llm");
    assert_eq!(llm["answered"], 40);
    assert!(llm["cost"]["input_tokens"].as_u64().unwrap() > 0, "{llm}");
    assert!(llm["cost"]["cost"].as_f64().unwrap() > 0.0, "{llm}");
    assert_eq!(llm["cost"]["cache_hits"], 0);

    // Replay: no network (the server is gone), every answer from the cache, the same predictions.
    drop(server);
    drop(runtime);
    let second = dir.path().join("second.json");
    let (code, _, stderr) = eval_llm(
        dir.path(),
        &base,
        &["--llm-cache", "replay", "--report", second.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    let replayed: serde_json::Value = serde_json::from_slice(&std::fs::read(&second).unwrap()).unwrap();
    assert_eq!(system(&replayed, "llm")["cost"]["cache_hits"], 40);
    let tags = |r: &serde_json::Value| -> Vec<serde_json::Value> {
        let docs = r["run"]["docs"].as_array().unwrap();
        docs.iter().map(|d| d["results"]["vote"]["tags"].clone()).collect()
    };
    assert_eq!(tags(&report), tags(&replayed));

    for (path, bytes) in all_files(dir.path()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(SECRET), "the key is in `{}`", path.display());
    }
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));
}

#[test]
fn a_cascade_calls_the_llm_only_where_the_keyword_vote_is_unsure() {
    let dir = tempfile::tempdir().unwrap();
    let (_runtime, server) = server();
    let report_path = dir.path().join("cascade.json");
    let args = ["--vote", "cascade", "--cascade-threshold", "0.9", "--report"];
    let mut extra: Vec<&str> = args.to_vec();
    extra.push(report_path.to_str().unwrap());
    let (code, _, stderr) = eval_llm(dir.path(), &server.base_url(), &extra);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&report_path).unwrap()).unwrap();
    let llm = system(&report, "llm");
    let (answered, skipped) = (llm["answered"].as_u64().unwrap(), llm["skipped"].as_u64().unwrap());
    assert_eq!(answered + skipped, 40, "{llm}");
    assert!(skipped > 0 && answered > 0, "some calls saved, some made: {llm}");
    assert_eq!(server.chat_count() as u64, answered);
}
