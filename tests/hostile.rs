//! Hostile inputs through the binary: every bad record gets an error naming its file and line (or
//! document), no valid document is lost, and nothing panics. Files live in `tests/hostile/`; the
//! 10 MB READMEs are generated here at test time.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

const TAXONOMY: &str = "datasets/sample/tags.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn hostile(name: &str) -> PathBuf {
    root().join("tests/hostile").join(name)
}

fn tagvote(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_tagvote"))
        .args(args)
        .current_dir(root())
        .env("TAGVOTE_CACHE_DIR", std::env::temp_dir().join("tagvote-hostile-cache"))
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "the binary panicked:\n{stderr}");
    output
}

/// Runs `tag` with the keyword scorer; returns the exit code, the ids written and stderr.
fn tag(input: &Path, extra: &[&str]) -> (i32, Vec<Value>, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let mut args = vec![
        "tag",
        "--quiet",
        "--scorers",
        "keyword",
        "--taxonomy",
        TAXONOMY,
        "--output",
    ];
    args.push(out.to_str().unwrap());
    args.extend(["--input", input.to_str().unwrap()]);
    args.extend(extra);
    let output = tagvote(&args);
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let ids = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("output lines are JSON")["id"].clone())
        .collect();
    let code = output.status.code().expect("exited, not killed by a signal");
    (code, ids, String::from_utf8_lossy(&output.stderr).into_owned())
}

/// The stderr line that names `file` line `line`; it must also say `what`.
fn assert_error_at(stderr: &str, file: &str, line: u64, what: &str) {
    let place = format!("{file}` line {line})");
    let found: Vec<&str> = stderr.lines().filter(|l| l.contains(&place)).collect();
    assert_eq!(
        found.len(),
        1,
        "one error for `{file}` line {line} expected in:\n{stderr}"
    );
    assert!(found[0].contains(what), "`{what}` expected in: {}", found[0]);
}

#[test]
fn every_bad_line_is_named_and_every_valid_document_is_tagged() {
    let (code, ids, stderr) = tag(&hostile("corpus/mixed.jsonl"), &[]);
    assert_eq!(
        ids,
        [
            json!("ok-1"),
            json!(42),
            json!(4.5),
            json!("ok-3"),
            json!("crlf"),
            json!("ok-4")
        ]
    );
    assert_eq!(code, 1, "rejected records make the exit code 1:\n{stderr}");
    let not_an_id = "is not a non-empty string or a number";
    let expected = [
        (2, "Malformed JSON"),
        (3, "Missing `id`"),
        (4, "Duplicate id `ok-1`"),
        (5, not_an_id),
        (6, not_an_id),
        (7, not_an_id),
        (8, not_an_id),
        (9, not_an_id),
        (12, "Empty text"),
        (13, "Empty text"),
        (14, "NUL bytes"),
        (15, "Malformed JSON"),
        (16, "Invalid UTF-8"),
        (17, "not a string"),
        (18, "Expected a JSON object"),
        (19, "Expected a JSON object"),
        (23, "Malformed JSON"),
    ];
    for (line, what) in expected {
        assert_error_at(&stderr, "mixed.jsonl", line, what);
    }
    assert!(stderr.contains("17 input records rejected"), "{stderr}");
}

#[test]
fn a_byte_order_mark_does_not_lose_the_first_document() {
    let (code, ids, stderr) = tag(&hostile("corpus/bom.jsonl"), &[]);
    assert_eq!((code, ids), (0, vec![json!("bom-1"), json!("bom-2")]), "{stderr}");
}

#[test]
fn corpora_of_only_errors_or_of_nothing_end_cleanly() {
    let (code, ids, stderr) = tag(&hostile("corpus/only-errors.jsonl"), &[]);
    assert_eq!((code, ids.len()), (1, 0), "{stderr}");
    assert_error_at(&stderr, "only-errors.jsonl", 1, "Malformed JSON");
    assert_error_at(&stderr, "only-errors.jsonl", 2, "Missing text");
    assert_error_at(&stderr, "only-errors.jsonl", 3, "Malformed JSON");
    let (code, ids, stderr) = tag(&hostile("corpus/empty.jsonl"), &[]);
    assert_eq!((code, ids.len()), (0, 0), "{stderr}");
}

/// A README of `mib` MiB of varied Markdown (headings, prose, code, links), our own words.
fn big_readme(mib: usize) -> String {
    let block = "## Usage\n\nRun the `tool` with a config file; it parses flags and prints help. \
                 See [the docs](https://example.invalid/docs) for more.\n\n```sh\ntool --config x.toml\n```\n\n";
    block.repeat(mib * (1 << 20) / block.len() + 1)
}

#[test]
fn ten_megabyte_readmes_are_rejected_by_name_and_the_rest_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("big.jsonl");
    let lines = [
        json!({"id": "before", "text": "A small library for parsing dates."}),
        json!({"id": "huge", "text": big_readme(10)}),
        json!({"id": "after", "text": "A command line tool to rename files."}),
    ];
    let text: Vec<String> = lines.iter().map(Value::to_string).collect();
    std::fs::write(&corpus, text.join("\n")).unwrap();
    let (code, ids, stderr) = tag(&corpus, &[]);
    assert_eq!(ids, [json!("before"), json!("after")], "{stderr}");
    assert_eq!(code, 1);
    assert_error_at(&stderr, "big.jsonl", 2, "over the limit of `1048576`");
    assert!(stderr.contains("document `huge`"), "{stderr}");

    let (code, ids, stderr) = tag(&corpus, &["--max-doc-bytes", "20000000"]);
    assert_eq!(
        (code, ids.len()),
        (0, 3),
        "a raised limit tags the 10 MB README too:\n{stderr}"
    );
}

#[test]
fn readme_directories_name_each_bad_file() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["empty.md", "binary.md", "latin1.md", "fine.md"] {
        std::fs::copy(hostile("readmes").join(name), dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("huge.md"), big_readme(10)).unwrap();
    let (code, ids, stderr) = tag(dir.path(), &[]);
    assert_eq!((code, ids), (1, vec![json!("fine")]), "{stderr}");
    for (file, what) in [
        ("binary.md", "Invalid UTF-8"),
        ("empty.md", "Empty text"),
        ("huge.md", "over the limit"),
        ("latin1.md", "Invalid UTF-8"),
    ] {
        let line = stderr.lines().find(|l| l.contains(&format!("{file}`")));
        assert!(
            line.is_some_and(|l| l.contains(what)),
            "`{file}`: `{what}` expected in:\n{stderr}"
        );
    }
}

#[test]
fn pathological_markdown_is_tagged_without_panic() {
    let nasty = [
        "[".repeat(100_000),
        "`".repeat(50_000),
        format!("{}\n", "#".repeat(10_000)),
        "> ".repeat(20_000),
        "- ".repeat(20_000),
        "|a|b|\n|-|-|\n".repeat(5_000),
        "```\nnever closed\n".to_string(),
        "\u{202e}\u{200b}\u{feff}ẞ\u{1f600}".repeat(5_000),
        // Once overflowed the stack (nested links) or took quadratic time (unclosed `[`, `<`).
        format!("{}core{}", "[".repeat(50_000), "]".repeat(50_000)),
        "![x".repeat(100_000),
        "<a".repeat(100_000),
    ];
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("nasty.jsonl");
    let lines: Vec<String> = nasty
        .iter()
        .enumerate()
        .map(|(i, text)| json!({"id": i, "text": text}).to_string())
        .collect();
    std::fs::write(&corpus, lines.join("\n")).unwrap();
    let (code, ids, stderr) = tag(&corpus, &[]);
    assert_eq!((code, ids.len()), (0, nasty.len()), "{stderr}");
}

#[test]
fn stdin_errors_are_named_too() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tagvote"))
        .args([
            "tag",
            "--quiet",
            "--scorers",
            "keyword",
            "--taxonomy",
            TAXONOMY,
            "--input",
            "-",
        ])
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = b"{\"id\":\"a\",\"text\":\"A terminal emulator.\"}\n{\"id\":\"b\",\"text\":\"x\x00\"}\n";
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), input).unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.starts_with("{\"id\":\"a\""), "{stdout}");
    assert_error_at(&stderr, "<stdin>", 2, "Malformed JSON");
}

fn refused(args: &[&str]) -> String {
    let output = tagvote(args);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a bad file stops the run with exit code 2"
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn bad_taxonomies_are_refused_with_every_problem() {
    let docs = "datasets/sample/docs.jsonl";
    let run = |file: &str| {
        let path = hostile("taxonomy").join(file);
        refused(&[
            "tag",
            "--quiet",
            "--scorers",
            "keyword",
            "--input",
            docs,
            "--taxonomy",
            path.to_str().unwrap(),
        ])
    };
    let dup = run("duplicates.json");
    assert!(dup.contains("duplicates.json`"), "{dup}");
    assert!(
        dup.contains("duplicate name `CLI` (entry 2)") && dup.contains("duplicate id `1` (entry 3)"),
        "{dup}"
    );
    let types = run("bad-types.json");
    assert!(
        types.contains("entry 1 has id `\"one\"`, expected an integer"),
        "{types}"
    );
    assert!(run("empty.json").contains("The tag list is empty"));
    assert!(run("not-a-list.json").contains("not-a-list.json`"));
}

/// `eval` with a bad gold file: returns the exit code, stderr and the JSON report.
fn eval_with_gold(file: &str) -> (i32, String, Value) {
    let gold = hostile("gold").join(file);
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let output = tagvote(&[
        "eval",
        "--quiet",
        "--no-default-model",
        "--scorers",
        "keyword",
        "--bootstrap",
        "0",
        "--taxonomy",
        TAXONOMY,
        "--input",
        "datasets/sample/docs.jsonl",
        "--gold",
        gold.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report: Value = serde_json::from_slice(&std::fs::read(&report).unwrap_or_default()).unwrap_or(Value::Null);
    (output.status.code().expect("exited"), stderr, report)
}

#[test]
fn bad_gold_lines_are_named_and_the_good_rows_still_measured() {
    for (file, problems) in [
        (
            "unknown-tags.jsonl",
            &[
                "line 1: unknown tag `no-such-tag` for document `s01`",
                "line 2: unknown tag `99999` for document `s02`",
            ][..],
        ),
        ("duplicate-ids.jsonl", &["line 2: duplicate id `s01`"][..]),
        (
            "malformed.jsonl",
            &["line 2: malformed JSON", "line 3: document `s03` has no `tags` array"][..],
        ),
    ] {
        let (code, stderr, report) = eval_with_gold(file);
        assert_eq!(code, 1, "`{file}`: rejected gold lines make the exit code 1:\n{stderr}");
        assert!(stderr.contains(&format!("{file}`")), "`{file}` named in:\n{stderr}");
        for problem in problems {
            assert!(stderr.contains(problem), "`{problem}` expected in:\n{stderr}");
        }
        assert_eq!(
            report["evaluation"]["gold_documents"], 1,
            "`{file}`: the one good row is measured"
        );
    }
}

/// Inputs the fuzz targets (`fuzz/`) once failed on, kept in `tests/hostile/fuzz-regressions/`,
/// named `<target>-<what>`: each is read again with the target's checks.
#[test]
fn fuzz_regressions_still_pass() {
    let dir = hostile("fuzz-regressions");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let data = std::fs::read(&path).unwrap();
        match name.split('-').next() {
            Some("corpus_reader") => replay_corpus(&data),
            other => panic!("unknown fuzz target `{other:?}` in `{name}`"),
        }
        replayed += 1;
    }
    assert!(replayed > 0);
}

/// The `corpus_reader` target's checks: one outcome per non-blank line, errors name their line.
fn replay_corpus(data: &[u8]) {
    use tagvote_core::{CorpusOptions, CorpusReader};
    let cursor = std::io::Cursor::new(data.to_vec());
    let options = CorpusOptions { max_doc_bytes: 4096 };
    let mut reader = CorpusReader::from_jsonl_reader(Path::new("fuzz.jsonl"), Box::new(cursor), options);
    let outcomes = reader.by_ref().inspect(|r| {
        if let Err(e) = r {
            assert!(
                e.message.contains(&format!("`fuzz.jsonl` line {}", e.line.unwrap())),
                "{}",
                e.message
            );
        }
    });
    let outcomes = outcomes.count() as u64;
    let mut lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    if data.ends_with(b"\n") || data.is_empty() {
        lines.pop();
    }
    if let Some(first) = lines.first_mut() {
        *first = first.strip_prefix(b"\xef\xbb\xbf").unwrap_or(first);
    }
    let blank = |l: &&[u8]| std::str::from_utf8(l).is_ok_and(|s| s.trim().is_empty());
    let counted = lines.iter().filter(|l| !blank(l)).count() as u64;
    assert_eq!(outcomes, counted, "one outcome per non-blank line");
    assert_eq!(outcomes, reader.documents() + reader.errors());
}
