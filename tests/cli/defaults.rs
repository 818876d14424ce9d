//! Defaults that make the first run work: `../shared` when present, else `datasets/sample`.

use super::*;

#[test]
fn without_shared_eval_uses_the_sample_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = keyword_eval();
    cmd.arg("--report")
        .arg(dir.path().join("r.json"))
        .env("TAGVOTE_SHARED_DIR", dir.path().join("nowhere"))
        .current_dir(dir.path());
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("No shared directory found") && stderr.contains("datasets/sample"),
        "{stderr}"
    );
    assert!(stdout.contains("keyword"), "the table is printed:\n{stdout}");
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(report["run"]["config"]["dataset"], "sample");
    assert_eq!(report["run"]["docs"].as_array().unwrap().len(), 40);
}

#[test]
fn with_shared_eval_uses_the_readmes_test_split_and_says_so() {
    let test_split = shared().join("datasets").join("readmes").join("test");
    assert!(
        test_split.is_dir(),
        "`../shared` is expected next to the repository in CI"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = keyword_eval();
    cmd.arg("--report")
        .arg(dir.path().join("r.json"))
        .env_remove("TAGVOTE_SHARED_DIR")
        .current_dir(repo());
    let (code, _, stderr) = run(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Using the readmes test split"), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(report["run"]["config"]["dataset"], "readmes/test");
    assert_eq!(report["run"]["docs"].as_array().unwrap().len(), 140);
}

#[test]
fn shared_is_found_from_the_repository_when_the_working_directory_is_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = tagvote();
    cmd.args(["tag", "--scorers", "keyword", "--no-default-model", "--input"])
        .arg(fixture("good.jsonl"))
        .env_remove("TAGVOTE_SHARED_DIR")
        .current_dir(dir.path());
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(output_ids(&stdout).len(), 3);
}
