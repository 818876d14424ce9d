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

/// A model fitted with all-mpnet-base-v2, one window of 128 tokens and a lead weight brings all four
/// along: `eval` without embed flags runs that model with that window and lead, and asking for another
/// model, window size or lead weight is refused with the flag to pass or drop.
#[test]
fn a_fitted_part_chooses_its_sentence_model_and_refuses_another() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("mpnet.json");
    let (code, _, stderr) = super::fit_vote_on_sample(
        &model,
        &[
            "--scorers",
            "keyword,embed",
            "--embed-model",
            "all-mpnet-base-v2",
            "--embed-windows",
            "1",
            "--embed-window-tokens",
            "128",
            "--embed-lead-weight",
            "0.25",
            "--embed-no-fetch",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    // The sample is both fitted on and evaluated: this test is about the model file, not about F1.
    let with_model = [
        "--no-default-model",
        "--allow-overlap",
        "--scorers",
        "keyword,embed",
        "--embed-no-fetch",
        "--model",
    ];
    let mut args: Vec<&str> = with_model.to_vec();
    args.push(model.to_str().unwrap());
    let (code, _, stderr) = super::eval::eval_sample(dir.path(), &args);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    let embed = &report["run"]["config"]["scorers"]["embed"];
    let mpnet = tagvote_embed::catalog::find("all-mpnet-base-v2").unwrap().sha256;
    assert_eq!(embed["model_sha256"], mpnet, "{embed}");
    assert_eq!(embed["max_windows"], 1, "{embed}");
    assert_eq!(embed["window_tokens"], 128, "{embed}");
    assert_eq!(embed["lead_weight"], 0.25, "{embed}");
    let mut no_lead = args.clone();
    no_lead.extend(["--embed-lead-weight", "0"]);
    let (code, _, stderr) = super::eval::eval_sample(dir.path(), &no_lead);
    assert_ne!(code, 0);
    assert!(stderr.contains("lead weight of `0.25`, not `0`"), "{stderr}");
    let mut longer = args.clone();
    longer.extend(["--embed-window-tokens", "256"]);
    let (code, _, stderr) = super::eval::eval_sample(dir.path(), &longer);
    assert_ne!(code, 0);
    assert!(stderr.contains("windows of `128` tokens, not `256`"), "{stderr}");
    args.extend(["--embed-model", "all-MiniLM-L6-v2"]);
    let (code, _, stderr) = super::eval::eval_sample(dir.path(), &args);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("fitted with `all-mpnet-base-v2`") && stderr.contains("--embed-model all-mpnet-base-v2"),
        "{stderr}"
    );
}
