//! Ids come back exactly as they were given: strings stay strings, numbers keep their JSON text.

use super::*;

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
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("ids.jsonl");
    std::fs::write(&corpus, jsonl).unwrap();
    let (code, stdout, stderr) = tag_corpus(&corpus, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(raw_ids(&stdout), given, "{stdout}");
}
