//! Ids come back exactly as they were given: strings stay strings, numbers keep their JSON text.

use std::io::Write;
use std::process::Stdio;

use super::*;

/// `tag` over JSONL given on stdin; returns (code, stdout, stderr).
fn tag_stdin(jsonl: &str) -> (i32, String, String) {
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
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the binary runs");
    child.stdin.take().unwrap().write_all(jsonl.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The raw JSON text of each output line's id.
fn raw_ids(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .map(|l| {
            let rest = l
                .strip_prefix("{\"id\":")
                .unwrap_or_else(|| panic!("unexpected line {l}"));
            rest.split(",\"tags\"").next().unwrap().to_string()
        })
        .collect()
}

#[test]
fn big_integers_exponents_and_strings_are_echoed_as_written() {
    let given = [
        "18446744073709551616",
        "1e400",
        "\"0042\"",
        "12345678901234567890123",
        "-0",
        "1.50",
        "7",
    ];
    let jsonl: String = given
        .iter()
        .map(|id| format!("{{\"id\":{id},\"text\":\"A command line tool written in Rust\"}}\n"))
        .collect();
    let (code, stdout, stderr) = tag_stdin(&jsonl);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(raw_ids(&stdout), given, "{stdout}");
}
