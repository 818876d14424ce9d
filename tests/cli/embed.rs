//! keyword + embed through the binary. The embedding model must be present (`scripts/setup`
//! fetches it); without it this test fails and says so.

#[test]
fn eval_with_keyword_and_embed_has_a_row_for_each() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = super::eval::eval_sample(
        dir.path(),
        &["--no-default-model", "--scorers", "keyword,embed", "--embed-no-fetch"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stderr.contains("Skipping scorer `embed`"),
        "The embedding model is missing; run `scripts/setup` (or `tagvote model fetch`) first:\n{stderr}"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(
        report["run"]["systems"],
        serde_json::json!(["keyword", "embed", "vote"])
    );
    assert!(stdout.contains("embed"), "{stdout}");
}
