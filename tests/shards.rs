//! `--shard I/N` runs joined by `tagvote merge` give what one machine gives: the same JSONL
//! outputs byte for byte, the same report apart from timing fields.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tagvote_harness::report::{strip_timing, ReportFile};

const TAXONOMY: &str = "datasets/sample/tags.json";
const DOCS: &str = "datasets/sample/docs.jsonl";
const GOLD: &str = "datasets/sample/gold.jsonl";
const SHARDS: u32 = 3;

fn tagvote(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tagvote"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TAGVOTE_CACHE_DIR", std::env::temp_dir().join("tagvote-shards-cache"))
        .output()
        .expect("the binary runs")
}

fn ok(args: &[&str]) -> Output {
    let output = tagvote(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(0),
        "`tagvote {}` failed:\n{stderr}",
        args.join(" ")
    );
    output
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_string()
}

/// `tag` with the keyword scorer, writing predictions and records; `shard` like `0/3`.
fn tag(dir: &Path, name: &str, shard: Option<&str>) {
    let (out, records) = (
        path(dir, &format!("{name}.jsonl")),
        path(dir, &format!("{name}.records.jsonl")),
    );
    let mut args = vec![
        "tag",
        "--quiet",
        "--no-default-model",
        "--scorers",
        "keyword",
        "--taxonomy",
        TAXONOMY,
    ];
    args.extend(["--input", DOCS, "--output", &out, "--records", &records]);
    if let Some(shard) = shard {
        args.extend(["--shard", shard]);
    }
    ok(&args);
}

fn eval(dir: &Path, name: &str, shard: Option<&str>) {
    let report = path(dir, &format!("{name}.json"));
    let mut args = vec![
        "eval",
        "--quiet",
        "--no-default-model",
        "--scorers",
        "keyword",
        "--taxonomy",
        TAXONOMY,
    ];
    args.extend([
        "--input",
        DOCS,
        "--gold",
        GOLD,
        "--bootstrap",
        "100",
        "--report",
        &report,
    ]);
    if let Some(shard) = shard {
        args.extend(["--shard", shard]);
    }
    ok(&args);
}

fn shard_files(dir: &Path, stem: &str, ext: &str) -> Vec<String> {
    (0..SHARDS).map(|i| path(dir, &format!("{stem}-{i}{ext}"))).collect()
}

fn merge(inputs: &[String], corpus: Option<&str>, out: &str) -> Output {
    let mut args = vec!["merge", "--output", out];
    if let Some(corpus) = corpus {
        args.extend(["--input", corpus]);
    }
    args.extend(inputs.iter().map(String::as_str));
    tagvote(&args)
}

fn without_timing(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .map(|line| {
            let mut value: Value = serde_json::from_str(line).unwrap();
            strip_timing(&mut value);
            value
        })
        .collect()
}

#[test]
fn tag_shards_merge_into_the_single_run_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    tag(d, "single", None);
    for i in 0..SHARDS {
        tag(d, &format!("tags-{i}"), Some(&format!("{i}/{SHARDS}")));
    }
    let single = std::fs::read_to_string(d.join("single.jsonl")).unwrap();
    assert_eq!(single.lines().count(), 40, "every sample document is tagged");

    let mut shards = shard_files(d, "tags", ".jsonl");
    shards.reverse();
    assert_eq!(
        merge(&shards, Some(DOCS), &path(d, "merged.jsonl")).status.code(),
        Some(0)
    );
    assert_eq!(std::fs::read_to_string(d.join("merged.jsonl")).unwrap(), single);

    let records: Vec<String> = (0..SHARDS)
        .map(|i| path(d, &format!("tags-{i}.records.jsonl")))
        .collect();
    assert_eq!(
        merge(&records, Some(DOCS), &path(d, "merged.records.jsonl"))
            .status
            .code(),
        Some(0)
    );
    let merged_records = std::fs::read_to_string(d.join("merged.records.jsonl")).unwrap();
    let single_records = std::fs::read_to_string(d.join("single.records.jsonl")).unwrap();
    assert_eq!(without_timing(&merged_records), without_timing(&single_records));

    assert_eq!(
        merge(&shards, None, &path(d, "concatenated.jsonl")).status.code(),
        Some(0)
    );
    let mut concatenated: Vec<String> = std::fs::read_to_string(d.join("concatenated.jsonl"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let mut expected: Vec<String> = single.lines().map(String::from).collect();
    concatenated.sort();
    expected.sort();
    assert_eq!(
        concatenated, expected,
        "without the corpus every line is still there once"
    );
}

#[test]
fn eval_shard_reports_merge_into_the_single_run_report() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    eval(d, "single", None);
    for i in 0..SHARDS {
        eval(d, &format!("shard-{i}"), Some(&format!("{i}/{SHARDS}")));
    }
    let mut shards = shard_files(d, "shard", ".json");
    shards.swap(0, 2);
    let merged_path = path(d, "merged.json");
    let output = merge(&shards, Some(DOCS), &merged_path);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let single = ReportFile::load(&d.join("single.json")).unwrap();
    let merged = ReportFile::load(Path::new(&merged_path)).unwrap();
    assert_eq!(merged.run.docs.len(), 40);
    assert_eq!(merged.without_timing().to_json(), single.without_timing().to_json());
}

#[test]
fn merge_refuses_incomplete_or_foreign_shards() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..SHARDS {
        eval(d, &format!("shard-{i}"), Some(&format!("{i}/{SHARDS}")));
    }
    let shards = shard_files(d, "shard", ".json");
    let out = path(d, "merged.json");
    let missing = merge(&shards[..2], Some(DOCS), &out);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("Shard `2/3` missing"));

    let other = PathBuf::from(d).join("other.jsonl");
    std::fs::write(
        &other,
        "{\"id\":\"x\",\"text\":\"A different corpus: a tiny web server.\"}\n",
    )
    .unwrap();
    let foreign = merge(&shards, Some(other.to_str().unwrap()), &out);
    assert_eq!(foreign.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&foreign.stderr).contains("another corpus than `--input`"));

    let mixed = merge(&[shards[0].clone(), path(d, "x.jsonl")], None, &out);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&mixed.stderr).contains("not both"));
}
