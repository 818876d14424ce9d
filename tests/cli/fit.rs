//! `tagvote fit keyword`: the model file holds the part and every training id.

use super::*;

#[test]
fn fit_keyword_saves_the_part_and_the_training_ids() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    let mut cmd = tagvote();
    cmd.args(["fit", "keyword", "--taxonomy"])
        .arg(taxonomy())
        .arg("--input")
        .arg(fixture("good.jsonl"))
        .arg("--gold")
        .arg(fixture("good-gold.jsonl"))
        .arg("--out")
        .arg(&model);
    let (code, _, stderr) = run(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    let bundle: serde_json::Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    assert!(bundle["parts"]["keyword"].is_object(), "{bundle}");
    assert_eq!(bundle["fitted_on"], serde_json::json!(["2", "g1", "g3"]));
    let (code, stdout, stderr) = tag_corpus(&fixture("good.jsonl"), &["--model", model.to_str().unwrap()]);
    assert_eq!(code, 0, "the fitted model loads: {stderr}");
    assert_eq!(output_ids(&stdout).len(), 3);
}

#[test]
fn inputs_and_gold_files_must_pair_up() {
    let mut cmd = tagvote();
    cmd.args(["fit", "keyword", "--out", "unused.json", "--taxonomy"])
        .arg(taxonomy())
        .arg("--input")
        .arg(fixture("good.jsonl"));
    let (code, _, stderr) = run(&mut cmd);
    assert_eq!(code, 2);
    assert!(stderr.contains("one `--gold` per `--input`"), "{stderr}");
}
