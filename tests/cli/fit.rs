//! `tagvote fit keyword` and `fit vote`: the model file holds the parts, every training id and how
//! the vote was chosen.

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

#[test]
fn fit_vote_records_its_target_origins_and_options_and_refuses_unknown_origins() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    let (code, _, stderr) = fit_vote_on_sample(&out, &["--origin", "sample", "--vote-target-origins", "readmes"]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("`--vote-target-origins` names `readmes`") && stderr.contains("`sample`"),
        "{stderr}"
    );
    let (code, _, stderr) = fit_vote_on_sample(&out, &["--origin", "sample", "--vote-prior-strength", "50"]);
    assert_eq!(code, 2, "the shift needs target origins: {stderr}");
    let target = [
        "--origin",
        "sample",
        "--vote-target-origins",
        "sample",
        "--vote-prior-strength",
        "50",
        "--vote-exclusions",
    ];
    let (code, _, stderr) = fit_vote_on_sample(&out, &target);
    assert_eq!(code, 0, "{stderr}");
    let bundle: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let text = bundle.to_string();
    assert!(text.contains(r#""vote_target_origins":["sample"]"#), "{text}");
    assert!(text.contains(r#""vote_prior_strength":50.0"#), "{text}");
    assert!(
        text.contains(r#""prior_strength":50.0"#),
        "the vote part records it too"
    );
    let vote = &bundle["parts"]["vote"];
    let shift = vote["fusion"]["shift"]
        .as_array()
        .expect("fusion saves its label shift");
    assert_eq!(Some(shift.len() as u64), vote["n_tags"].as_u64(), "one shift per tag");
    assert!(
        text.contains(r#""vote_exclusions":true"#) && text.contains(r#""exclusions":true"#),
        "{text}"
    );
}

#[test]
fn fit_vote_cv_out_writes_each_training_document_with_the_cross_validated_tags_of_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let (out, cv_out) = (dir.path().join("m.json"), dir.path().join("cv.jsonl"));
    let (code, stdout, stderr) = fit_vote_on_sample(&out, &["--cv-out", cv_out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let lines = json_lines(&std::fs::read_to_string(&cv_out).unwrap());
    let gold = json_lines(&std::fs::read_to_string(sample("gold.jsonl")).unwrap());
    assert_eq!(lines.len(), gold.len(), "one line per training document");
    let (mut tp, mut predicted, mut wanted) = (0usize, 0usize, 0usize);
    for (line, g) in lines.iter().zip(&gold) {
        assert_eq!(line["id"], g["id"], "in input order");
        assert_eq!(line["gold"], g["tags"], "{line}");
        assert!(line["fold"] == 0 || line["fold"] == 1, "{line}");
        assert!(line["scorers"]["keyword"].is_array(), "{line}");
        let scores = line["scores"]["keyword"]
            .as_object()
            .expect("the keyword scorer's scores");
        for tag in line["scorers"]["keyword"].as_array().unwrap() {
            let score = scores[tag.as_str().unwrap()].as_f64().expect("a chosen tag is scored");
            assert!((0.0..=1.0).contains(&score), "{line}");
        }
        assert_eq!(line["vote"], line["cv"]["auto"], "{line}");
        let (vote, gold) = (line["vote"].as_array().unwrap(), g["tags"].as_array().unwrap());
        tp += vote.iter().filter(|t| gold.contains(t)).count();
        (predicted, wanted) = (predicted + vote.len(), wanted + gold.len());
    }
    let f1 = 2.0 * tp as f64 / (predicted + wanted) as f64;
    let row = stdout.lines().find(|l| l.starts_with("cv:auto")).expect("the CV table");
    assert!(
        row.contains(&format!("{f1:.4}")),
        "the file's F1 {f1:.4} is the table's: {row}"
    );
}

#[test]
fn fit_vote_kind_tags_must_be_tags_of_the_taxonomy_and_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    let (code, _, stderr) = fit_vote_on_sample(&out, &["--vote-kind-tags", "lib,library"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`--vote-kind-tags` names `library`, which is not a tag of the taxonomy"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing is fitted");
    let (code, _, stderr) = fit_vote_on_sample(&out, &["--vote-kind-tags", "lib, cli"]);
    assert_eq!(code, 0, "{stderr}");
    let bundle: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(
        bundle["provenance"]["vote_kind_tags"],
        serde_json::json!(["lib", "cli"]),
        "trimmed, as the taxonomy's names are"
    );
    let options = &bundle["parts"]["vote"]["fit"]["options"]["kind_tags"];
    assert_eq!(options.as_array().map(Vec::len), Some(2), "{options}");
}
