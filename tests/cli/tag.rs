//! `tagvote tag`: the seed's example, output shapes, formats and inputs.

use super::*;

fn assert_seed_shape(line: &str, id: &serde_json::Value) {
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "tags"], "{line}");
    assert_eq!(&v["id"], id);
    let tags = v["tags"].as_array().unwrap();
    assert!(tags.len() <= 3, "{line}");
    let names = tag_names();
    for t in tags {
        assert!(
            names.contains(&t.as_str().unwrap().to_string()),
            "unknown tag in {line}"
        );
    }
}

#[test]
fn tags_the_seed_example_as_id_3930() {
    let readme = shared().join("seed").join("coroutine-README.md");
    assert!(readme.is_file(), "the seed README is missing at `{}`", readme.display());
    let mut cmd = tagvote();
    cmd.args([
        "tag",
        "--scorers",
        "keyword",
        "--no-default-model",
        "--id",
        "3930",
        "--readme",
    ])
    .arg(&readme)
    .arg("--taxonomy")
    .arg(shared().join("seed").join("tags.json"));
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert_seed_shape(lines[0], &serde_json::json!("3930"));
    let tags = serde_json::from_str::<serde_json::Value>(lines[0]).unwrap()["tags"].clone();
    assert!(
        !tags.as_array().unwrap().is_empty(),
        "a README about coroutines gets some tag: {stdout}"
    );
}

#[test]
fn one_line_per_document_in_corpus_order_with_ids_as_given() {
    let (code, stdout, stderr) = tag_corpus(&fixture("good.jsonl"), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(output_ids(&stdout), ["\"g1\"", "2", "\"g3\""]);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_seed_shape(lines[0], &serde_json::json!("g1"));
    assert_seed_shape(lines[1], &serde_json::json!(2));
}

#[test]
fn tag_formats_write_ids_or_objects() {
    let (_, names, _) = tag_corpus(&fixture("good.jsonl"), &[]);
    let (_, ids, _) = tag_corpus(&fixture("good.jsonl"), &["--tag-format", "id"]);
    let (_, objects, _) = tag_corpus(&fixture("good.jsonl"), &["--tag-format", "object"]);
    for ((n, i), o) in json_lines(&names)
        .iter()
        .zip(json_lines(&ids))
        .zip(json_lines(&objects))
    {
        let n = n["tags"].as_array().unwrap();
        assert_eq!(n.len(), i["tags"].as_array().unwrap().len());
        for (k, name) in n.iter().enumerate() {
            assert!(i["tags"][k].is_i64());
            assert_eq!(o["tags"][k]["name"], *name);
            assert_eq!(o["tags"][k]["id"], i["tags"][k]);
        }
    }
}

#[test]
fn output_file_and_stdin_input_give_the_same_lines() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tags.jsonl");
    let (code, stdout, _) = tag_corpus(&fixture("good.jsonl"), &["--output", out.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    let mut cmd = tagvote();
    cmd.args([
        "tag",
        "--scorers",
        "keyword",
        "--no-default-model",
        "--input",
        "-",
        "--taxonomy",
    ])
    .arg(taxonomy())
    .stdin(std::fs::File::open(fixture("good.jsonl")).unwrap());
    let (code, from_stdin, stderr) = run(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), from_stdin);
}

#[test]
fn unknown_scorer_names_the_known_ones() {
    let (code, _, stderr) = tag_corpus(&fixture("good.jsonl"), &["--scorers", "keyword,telepathy"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("Unknown scorer `telepathy`") && stderr.contains("`keyword`"),
        "{stderr}"
    );
}

#[test]
fn without_input_tag_uses_the_default_data_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = tagvote();
    cmd.args(["tag", "--scorers", "keyword", "--no-default-model"])
        .env("TAGVOTE_SHARED_DIR", dir.path().join("nowhere"))
        .current_dir(dir.path());
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("datasets/sample"), "{stderr}");
    assert_eq!(output_ids(&stdout).len(), 40);
}
