//! `eval --annotator NAME=FILE`: the annotators' agreement (the human ceiling) in every report,
//! checked against an independent computation from the raw annotator files.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// Each annotator file as id -> set of tag names, read straight from the JSONL.
fn raw_labels(path: &Path) -> BTreeMap<String, BTreeSet<String>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let tags = v["tags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().trim().to_string());
            (v["id"].as_str().unwrap().to_string(), tags.collect())
        })
        .collect()
}

/// Micro-F1 of two labelings over `ids`: 2·|A∩B| / (|A| + |B|) summed over documents.
fn micro_f1(a: &BTreeMap<String, BTreeSet<String>>, b: &BTreeMap<String, BTreeSet<String>>, ids: &[String]) -> f64 {
    let (mut both, mut total) = (0usize, 0usize);
    for id in ids {
        both += a[id].intersection(&b[id]).count();
        total += a[id].len() + b[id].len();
    }
    2.0 * both as f64 / total as f64
}

fn eval_with_annotators(
    dir: &Path,
    annotators: &[(&str, PathBuf)],
    input: &Path,
    gold: &Path,
) -> (i32, String, String) {
    let mut cmd = keyword_eval();
    cmd.arg("--taxonomy")
        .arg(taxonomy())
        .arg("--input")
        .arg(input)
        .arg("--gold")
        .arg(gold)
        .arg("--report")
        .arg(dir.join("r.json"))
        .arg("--markdown")
        .arg(dir.join("r.md"))
        .arg("--html")
        .arg(dir.join("r.html"));
    for (name, path) in annotators {
        cmd.arg("--annotator").arg(format!("{name}={}", path.display()));
    }
    run(&mut cmd)
}

/// The readmes test split of `../shared`.
fn test_split() -> PathBuf {
    shared().join("datasets").join("readmes").join("test")
}

/// The test split's annotator files by name.
fn test_annotators<'a>(names: &[&'a str]) -> Vec<(&'a str, PathBuf)> {
    names
        .iter()
        .map(|n| (*n, test_split().join("annotators").join(format!("{n}.jsonl"))))
        .collect()
}

fn eval_test_split(dir: &Path, files: &[(&str, PathBuf)]) -> (i32, String, String) {
    let test = test_split();
    eval_with_annotators(dir, files, &test.join("docs.jsonl"), &test.join("gold.jsonl"))
}

#[test]
fn the_ceiling_on_the_test_split_equals_an_independent_computation() {
    let files = test_annotators(&["A", "B", "C"]);
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = eval_test_split(dir.path(), &files);
    assert_eq!(code, 0, "{stderr}");
    let labels: Vec<_> = files.iter().map(|(_, p)| raw_labels(p)).collect();
    let ids: Vec<String> = labels[0]
        .keys()
        .filter(|id| labels.iter().all(|l| l.contains_key(*id)))
        .cloned()
        .collect();
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    let section = &report["evaluation"]["annotators"];
    assert_eq!(section["documents"], ids.len());
    let expected = [(0, 1), (0, 2), (1, 2)].map(|(i, j)| micro_f1(&labels[i], &labels[j], &ids));
    for (pair, want) in section["pairs"].as_array().unwrap().iter().zip(expected) {
        let got = pair["micro"]["f1"].as_f64().unwrap();
        assert!((got - want).abs() < 1e-12, "{pair} != {want}");
    }
    let mean = expected.iter().sum::<f64>() / 3.0;
    assert!((section["mean_micro_f1"].as_f64().unwrap() - mean).abs() < 1e-12);
    assert!(
        (0.85..0.98).contains(&mean),
        "the readmes' documented agreement: {mean}"
    );
    let line = format!("mean {mean:.3}");
    let md = std::fs::read_to_string(dir.path().join("r.md")).unwrap();
    assert!(
        md.lines()
            .any(|l| l.contains("Annotator agreement") && l.contains(&line)),
        "{md}"
    );
    assert!(
        stdout.contains("Annotator agreement") && stdout.contains("annotator A"),
        "{stdout}"
    );
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.contains(&format!("annotator agreement {mean:.3}")));
}

#[test]
fn systems_are_scored_against_each_annotator_from_their_predictions() {
    let files = test_annotators(&["A", "B"]);
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = eval_test_split(dir.path(), &files);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    let names: Vec<String> = report["run"]["taxonomy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().trim().to_string())
        .collect();
    let predicted: BTreeMap<String, BTreeSet<String>> = report["run"]["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let tags = d["results"]["keyword"]["tags"].as_array().cloned().unwrap_or_default();
            let set = tags
                .iter()
                .map(|t| names[t["tag"].as_u64().unwrap() as usize].clone())
                .collect();
            (d["id"].as_str().unwrap().to_string(), set)
        })
        .collect();
    let a = raw_labels(&files[0].1);
    let ids: Vec<String> = a.keys().cloned().collect();
    let keyword = &report["evaluation"]["annotators"]["systems"][0];
    assert_eq!(keyword["system"], "keyword");
    let got = keyword["micro_f1"][0][1].as_f64().unwrap();
    assert!((got - micro_f1(&a, &predicted, &ids)).abs() < 1e-12, "{keyword}");
}

#[test]
fn bad_annotator_lines_are_listed_counted_and_the_rest_used() {
    let sample = repo().join("datasets").join("sample");
    let dir = tempfile::tempdir().unwrap();
    let gold = std::fs::read_to_string(sample.join("gold.jsonl")).unwrap();
    let a = dir.path().join("a.jsonl");
    std::fs::write(&a, &gold).unwrap();
    let b = dir.path().join("b.jsonl");
    let mut bad = gold.clone();
    bad.push_str("{\"id\":\"no-such-doc\",\"tags\":[\"cli\"]}\n{\"id\":\"x\",\"tags\":[\"not-a-tag\"]}\n");
    std::fs::write(&b, bad).unwrap();
    let files = [("A", a), ("B", b.clone())];
    let (code, _, stderr) = eval_with_annotators(
        dir.path(),
        &files,
        &sample.join("docs.jsonl"),
        &sample.join("gold.jsonl"),
    );
    assert_eq!(code, 1, "a rejected line makes the exit code 1: {stderr}");
    let line = gold.lines().count() + 2;
    assert!(
        stderr.contains(&format!("line {line}: unknown tag `not-a-tag`")),
        "{stderr}"
    );
    assert!(
        stderr.contains("Annotator `B`") && stderr.contains("no-such-doc"),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    let failures = report["run"]["input_failures"].as_array().unwrap();
    assert!(
        failures
            .iter()
            .any(|f| f["message"].as_str().unwrap().contains("b.jsonl")),
        "{failures:?}"
    );
    let section = &report["evaluation"]["annotators"];
    assert_eq!(section["documents"], 40);
    assert_eq!(
        section["mean_micro_f1"], 1.0,
        "B copies A on every document both labelled"
    );
}

#[test]
fn one_annotator_or_a_malformed_flag_is_refused() {
    let sample = repo().join("datasets").join("sample");
    let dir = tempfile::tempdir().unwrap();
    let files = [("A", sample.join("gold.jsonl"))];
    let (code, _, stderr) = eval_with_annotators(
        dir.path(),
        &files,
        &sample.join("docs.jsonl"),
        &sample.join("gold.jsonl"),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("at least two annotators"), "{stderr}");
    let (code, _, stderr) = run(tagvote().args(["eval", "--annotator", "no-equals-sign"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("NAME=FILE"), "{stderr}");
}
