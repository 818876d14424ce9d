//! `tagvote suggest`: the ranking with its fitted expected-F1 part, `--exclude`, the labelling
//! sheet and the lift against gold, through the binary on the sample.

use std::sync::OnceLock;

use super::*;

/// A model fitted by `fit vote` on the sample (keyword only), shared by the tests.
fn model() -> &'static Path {
    static MODEL: OnceLock<PathBuf> = OnceLock::new();
    MODEL.get_or_init(|| {
        let out = tempfile::tempdir().unwrap().keep().join("m.json");
        let (code, _, stderr) = fit_vote_on_sample(&out, &[]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains("Expected-F1 model for `suggest`"), "{stderr}");
        out
    })
}

fn suggest(extra: &[&str]) -> (i32, String, String) {
    let mut cmd = tagvote();
    cmd.args(["suggest", "--scorers", "keyword", "--quiet", "--taxonomy"])
        .arg(sample("tags.json"))
        .arg("--input")
        .arg(sample("docs.jsonl"))
        .arg("--model")
        .arg(model())
        .args(extra);
    run(&mut cmd)
}

#[test]
fn fit_vote_saves_the_expected_f1_part() {
    let bundle: serde_json::Value = serde_json::from_slice(&std::fs::read(model()).unwrap()).unwrap();
    let part = &bundle["parts"]["suggest"];
    assert_eq!(part["version"], 1, "{part}");
    let n = part["features"].as_array().unwrap().len();
    assert!(n > 0 && part["weights"].as_array().unwrap().len() == n, "{part}");
    assert!(part["fit"]["candidates"].is_array(), "{part}");
}

#[test]
fn writes_n_lines_most_likely_wrong_first() {
    let (code, stdout, stderr) = suggest(&["--n", "7"]);
    assert_eq!(code, 0, "{stderr}");
    let rows = json_lines(&stdout);
    assert_eq!(rows.len(), 7);
    let names = tag_names();
    for line in stdout.lines() {
        let at = |key: &str| {
            line.find(&format!("\"{key}\":"))
                .unwrap_or_else(|| panic!("{key} in {line}"))
        };
        let order = ["id", "reason", "expected_f1", "tags", "scorers"].map(at);
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{line}");
    }
    for r in &rows {
        assert!(r["reason"].as_str().unwrap().starts_with("expected F1"), "{r}");
        assert!(r["scorers"]["keyword"].is_array(), "{r}");
        let tags = r["tags"].as_array().unwrap();
        assert!(tags.len() <= 3 && tags.iter().all(|t| names.contains(&t.as_str().unwrap().to_string())));
    }
    let f1: Vec<f64> = rows.iter().map(|r| r["expected_f1"].as_f64().unwrap()).collect();
    assert!(f1.windows(2).all(|w| w[0] <= w[1]), "{f1:?}");
    let (_, all, _) = suggest(&["--n", "0"]);
    assert_eq!(json_lines(&all).len(), 40);
    assert_eq!(json_lines(&all)[..7], rows[..], "the same order, deterministic");
}

#[test]
fn exclude_skips_ids_already_labelled() {
    let (_, stdout, _) = suggest(&["--n", "3"]);
    let first: Vec<String> = json_lines(&stdout)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let exclude = dir.path().join("done.jsonl");
    std::fs::write(
        &exclude,
        format!("{{\"id\":\"{}\",\"tags\":[]}}\n{}\n", first[0], first[1]),
    )
    .unwrap();
    let (code, stdout, stderr) = suggest(&["--n", "0", "--exclude", exclude.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let ids: Vec<String> = json_lines(&stdout)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 38);
    assert!(
        !ids.contains(&first[0]) && !ids.contains(&first[1]) && ids[0] == first[2],
        "{ids:?}"
    );
}

#[test]
fn the_labelling_sheet_has_a_section_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sheet.md");
    let (code, _, stderr) = suggest(&["--n", "4", "--format", "md", "--output", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let md = std::fs::read_to_string(&out).unwrap();
    assert_eq!(md.matches("\n## ").count(), 4, "{md}");
    assert!(
        md.contains("## 1. `s") && md.contains("Proposed tags") && md.contains("tags.json"),
        "{md}"
    );
    assert!(md.contains("\n> # "), "the README's first lines, quoted:\n{md}");
    assert!(md.contains("- [ ] `"), "tags to tick:\n{md}");
}

#[test]
fn the_labelling_sheet_quotes_readmes_read_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sheet.md");
    let mut cmd = tagvote();
    cmd.args([
        "suggest",
        "--scorers",
        "keyword",
        "--quiet",
        "--n",
        "3",
        "--format",
        "md",
    ])
    .arg("--taxonomy")
    .arg(sample("tags.json"))
    .args(["--input", "-", "--model"])
    .arg(model())
    .arg("--output")
    .arg(&out)
    .stdin(std::fs::File::open(sample("docs.jsonl")).unwrap());
    let (code, _, stderr) = run(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    let md = std::fs::read_to_string(&out).unwrap();
    assert_eq!(md.matches("\n## ").count(), 3, "{md}");
    assert_eq!(
        md.matches("\n> # ").count(),
        3,
        "each README's first lines, kept as the run read stdin:\n{md}"
    );
}

#[test]
fn gold_prints_the_lift_of_each_ranking() {
    let gold = sample("gold.jsonl");
    let (code, _, stderr) = suggest(&["--gold", gold.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("@10") && stderr.contains("@20") && stderr.contains("@50"),
        "{stderr}"
    );
    for ranking in ["expected F1", "disagreement", "margin"] {
        assert!(stderr.lines().any(|l| l.starts_with(ranking)), "{ranking}: {stderr}");
    }
}

#[test]
fn without_a_suggest_part_it_ranks_by_the_vote_and_says_so() {
    let mut cmd = tagvote();
    cmd.args([
        "suggest",
        "--scorers",
        "keyword",
        "--no-default-model",
        "--n",
        "2",
        "--taxonomy",
    ])
    .arg(sample("tags.json"))
    .arg("--input")
    .arg(sample("docs.jsonl"));
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("no `suggest` part"), "{stderr}");
    assert_eq!(json_lines(&stdout).len(), 2);
}
