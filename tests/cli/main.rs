//! End-to-end tests of the `tagvote` binary: commands, defaults, bad inputs, resume and shards.

mod annotators;
mod bad_input;
mod defaults;
#[cfg(feature = "embed")]
mod embed;
mod eval;
mod fit;
mod ids;
mod llm;
mod llm_check;
mod llm_endpoints;
mod report_truth;
mod repos;
mod resume;
mod suggest;
mod tag;
mod usage;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` next to the repository (present in CI).
pub fn shared() -> PathBuf {
    repo().join("..").join("shared")
}

/// A fixture file of `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests").join("fixtures").join(name)
}

/// The sample taxonomy (the 90 seed tags).
pub fn taxonomy() -> PathBuf {
    repo().join("datasets").join("sample").join("tags.json")
}

/// The binary, with no default model and the keyword scorer only unless the test says otherwise.
pub fn tagvote() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tagvote"));
    for var in ["RUST_LOG", "OPENAI_BASE_URL", "TAGVOTE_LLM_MODEL", "OPENAI_API_KEY"] {
        cmd.env_remove(var);
    }
    cmd
}

/// `eval` with the keyword scorer alone, no default model and no bootstrap: the flags that follow
/// (data, report) are the test's.
pub fn keyword_eval() -> Command {
    let mut cmd = tagvote();
    cmd.args(["eval", "--scorers", "keyword", "--no-default-model", "--bootstrap", "0"]);
    cmd
}

/// Runs a command and returns (exit code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output { status, stdout, stderr } = cmd.output().expect("the binary runs");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

/// `tag` over a corpus with the keyword scorer and no model; returns (code, stdout, stderr).
pub fn tag_corpus(corpus: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut cmd = tagvote();
    cmd.args(["tag", "--scorers", "keyword", "--no-default-model", "--taxonomy"])
        .arg(taxonomy())
        .arg("--input")
        .arg(corpus)
        .args(extra);
    run(&mut cmd)
}

/// A file of the project's own sample (`datasets/sample`).
pub fn sample(file: &str) -> PathBuf {
    repo().join("datasets").join("sample").join(file)
}

/// `tagvote fit vote` of the keyword scorer on the sample (2 folds) into `out`, with `extra` flags.
pub fn fit_vote_on_sample(out: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut cmd = tagvote();
    cmd.args(["fit", "vote", "--scorers", "keyword", "--folds", "2", "--taxonomy"])
        .arg(sample("tags.json"))
        .arg("--input")
        .arg(sample("docs.jsonl"))
        .arg("--gold")
        .arg(sample("gold.jsonl"))
        .arg("--out")
        .arg(out)
        .args(extra);
    run(&mut cmd)
}

/// Each line of JSONL text, parsed.
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l:?}: {e}")))
        .collect()
}

/// The ids of JSONL output lines, as JSON text (`"g1"`, `2`).
pub fn output_ids(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l:?}: {e}"));
            v["id"].to_string()
        })
        .collect()
}

/// The 90 tag names of the sample taxonomy, trimmed.
pub fn tag_names() -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(taxonomy()).unwrap()).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().trim().to_string())
        .collect()
}
