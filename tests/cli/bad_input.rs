//! Bad inputs of every kind: each names the file, line or document, the valid documents are
//! still tagged, and the failures are counted.

use super::*;

const GOOD_A: &str = r##"{"id":"a","text":"# ripple\n\nA command-line tool to rename many files at once."}"##;
const GOOD_B: &str = r##"{"id":"b","text":"# meadow\n\nA static blog generator that turns Markdown into a website."}"##;

/// Tags a corpus made of `GOOD_A`, `bad` (raw bytes) and `GOOD_B`; checks the good ones are
/// written, one input error is counted, and stderr has every `expected` fragment.
fn check(bad: &[u8], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.jsonl");
    let mut bytes = Vec::new();
    for part in [GOOD_A.as_bytes(), bad, GOOD_B.as_bytes()] {
        bytes.extend_from_slice(part);
        bytes.push(b'\n');
    }
    std::fs::write(&path, bytes).unwrap();
    let (code, stdout, stderr) = tag_corpus(&path, &[]);
    assert_eq!(code, 1, "failures give exit code 1; stderr: {stderr}");
    assert_eq!(
        output_ids(&stdout),
        ["\"a\"", "\"b\""],
        "valid documents are still written"
    );
    for fragment in expected.iter().chain(&["corpus.jsonl", "1 input records rejected"]) {
        assert!(stderr.contains(fragment), "missing {fragment:?} in stderr:\n{stderr}");
    }
}

#[test]
fn malformed_json_line_names_its_line() {
    check(b"{\"id\":\"x\",\"text\":", &["Malformed JSON", "line 2"]);
}

#[test]
fn missing_id_names_its_line() {
    check(br#"{"text":"a project without an id"}"#, &["Missing `id`", "line 2"]);
}

#[test]
fn duplicate_id_in_the_corpus_keeps_the_first() {
    check(
        br#"{"id":"a","text":"another project that reuses the id a"}"#,
        &["Duplicate id `a`", "line 2"],
    );
}

#[test]
fn empty_readme_names_the_document() {
    check(br#"{"id":"e","text":"   "}"#, &["Empty text", "document `e`", "line 2"]);
}

#[test]
fn non_utf8_line_names_its_line() {
    check(
        b"{\"id\":\"n\",\"text\":\"caf\xe9 au lait\"}",
        &["Invalid UTF-8", "line 2"],
    );
}

#[test]
fn huge_readme_names_the_limit_and_the_document() {
    let huge = format!(r#"{{"id":"h","text":"{}"}}"#, "word ".repeat(220_000));
    check(
        huge.as_bytes(),
        &["over the limit", "`--max-doc-bytes`", "document `h`"],
    );
}

#[test]
fn many_bad_lines_are_capped_on_stderr_and_all_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.jsonl");
    let mut text = format!("{GOOD_A}\n");
    text.push_str(&"{broken\n".repeat(30));
    std::fs::write(&path, text).unwrap();
    let (code, stdout, stderr) = tag_corpus(&path, &[]);
    assert_eq!(code, 1);
    assert_eq!(output_ids(&stdout), ["\"a\""]);
    assert_eq!(stderr.matches("Malformed JSON").count(), 20, "{stderr}");
    assert!(
        stderr.contains("and 10 more input errors") && stderr.contains("30 input records rejected"),
        "{stderr}"
    );
}

#[test]
fn taxonomy_with_duplicates_is_refused_with_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.json");
    std::fs::write(
        &path,
        r#"[{"id":1,"name":"cli"},{"id":2,"name":"cli "},{"id":1,"name":"lib"}]"#,
    )
    .unwrap();
    let mut cmd = tagvote();
    cmd.args(["tag", "--scorers", "keyword", "--no-default-model", "--taxonomy"])
        .arg(&path)
        .arg("--input")
        .arg(fixture("good.jsonl"));
    let (code, stdout, stderr) = run(&mut cmd);
    assert_eq!((code, stdout.as_str()), (2, ""));
    for fragment in [
        "tags.json",
        "duplicate name `cli` (entry 2)",
        "duplicate id `1` (entry 3)",
    ] {
        assert!(stderr.contains(fragment), "missing {fragment:?} in {stderr}");
    }
}

/// Runs `eval` on the good fixture with a gold file; returns (code, stdout, stderr, report).
fn eval_with_gold(gold: &str) -> (i32, String, String, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.jsonl");
    std::fs::write(&path, gold).unwrap();
    let report = dir.path().join("r.json");
    let mut cmd = keyword_eval();
    cmd.arg("--taxonomy")
        .arg(taxonomy())
        .arg("--input")
        .arg(fixture("good.jsonl"))
        .arg("--gold")
        .arg(&path)
        .arg("--report")
        .arg(&report);
    let (code, stdout, stderr) = run(&mut cmd);
    let report = serde_json::from_slice(&std::fs::read(&report).unwrap_or_default()).unwrap_or_default();
    (code, stdout, stderr, report)
}

/// Documents of the report that have gold (the measured ones), as id keys.
fn measured(report: &serde_json::Value) -> Vec<String> {
    report["run"]["docs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| !d["gold"].is_null())
        .map(|d| d["id"].to_string())
        .collect()
}

#[test]
fn unknown_tags_in_gold_are_all_listed_with_their_lines_and_the_rest_is_measured() {
    let gold = "{\"id\":\"g1\",\"tags\":[\"cli\",\"web-apps\"]}\n{\"id\":2,\"tags\":[\"api\"]}\n{\"id\":\"g3\",\"tags\":[\"databse\",\"nosq\"]}\n";
    let (code, stdout, stderr, report) = eval_with_gold(gold);
    assert_eq!(code, 1, "{stderr}");
    for fragment in [
        "gold.jsonl",
        "line 1: unknown tag `web-apps`",
        "line 3: unknown tag `databse`, `nosq`",
    ] {
        assert!(stderr.contains(fragment), "missing {fragment:?} in {stderr}");
    }
    assert!(stdout.contains("keyword"), "the table is still printed");
    assert_eq!(measured(&report), ["2"]);
    assert_eq!(
        report["run"]["docs"].as_array().unwrap().len(),
        3,
        "every document is still tagged"
    );
    assert_eq!(report["run"]["input_failures"].as_array().unwrap().len(), 2);
}

#[test]
fn duplicate_ids_in_gold_are_listed_with_their_lines_and_the_first_row_is_used() {
    let gold = "{\"id\":\"g1\",\"tags\":[\"cli\"]}\n{\"id\":\"g1\",\"tags\":[\"api\"]}\n";
    let (code, _, stderr, report) = eval_with_gold(gold);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("line 2: duplicate id `g1`") && stderr.contains("gold.jsonl"),
        "{stderr}"
    );
    assert_eq!(measured(&report), ["\"g1\""]);
    let g1 = &report["run"]["docs"][0];
    assert_eq!(g1["gold"].as_array().unwrap().len(), 1);
    assert_eq!(report["run"]["input_failures"].as_array().unwrap().len(), 1);
}
