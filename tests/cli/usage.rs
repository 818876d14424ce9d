//! Usage errors: a bad flag value fails the run (exit 2) whichever scorers run; help names only
//! flags that exist; an error prints its cause once.

use super::eval::eval_sample_with_default_scorers;
use super::*;

#[test]
fn an_out_of_range_scorer_flag_is_a_usage_error_even_without_scorers() {
    for (flag, value) in [
        ("--keyword-threshold", "2"),
        ("--keyword-kind-cues", "-1"),
        ("--keyword-kind-cues", "NaN"),
        ("--keyword-definition", "-1"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let flags = ["--no-default-model".to_string(), format!("{flag}={value}")];
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        let (code, _, stderr) = eval_sample_with_default_scorers(dir.path(), &flags);
        assert_eq!(code, 2, "{flag}={value}: {stderr}");
        assert!(stderr.contains(flag) && stderr.contains(value), "{stderr}");
        assert!(
            !dir.path().join("report.json").exists(),
            "no report from a misconfigured run"
        );
    }
}

#[test]
fn audit_help_names_only_flags_that_exist() {
    let (code, stdout, _) = run(tagvote().args(["audit", "--help"]));
    assert_eq!(code, 0);
    let (_, eval_help, _) = run(tagvote().args(["eval", "--help"]));
    for word in stdout.split(|c: char| c.is_whitespace() || c == '`' || c == '(' || c == ')') {
        if let Some(flag) = word.strip_prefix("--").filter(|f| !f.is_empty()) {
            let flag = flag.trim_end_matches([',', '.', ';']).split('=').next().unwrap();
            let known = format!("--{flag}");
            assert!(
                stdout.contains(&format!("{known} ")) || eval_help.contains(&format!("{known} ")),
                "`{known}` in `audit --help` is not a flag of audit or eval:\n{stdout}"
            );
        }
    }
}

#[test]
fn a_write_error_prints_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing-folder").join("out.jsonl");
    let (code, _, stderr) = tag_corpus(&fixture("good.jsonl"), &["--quiet", "--output", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    let line = stderr.lines().find(|l| l.starts_with("Error:")).expect("an error line");
    assert!(line.contains("Cannot write"), "{line}");
    assert_eq!(line.matches("os error").count(), 1, "the cause is printed once: {line}");
}

#[test]
fn a_bad_llm_flag_value_is_a_usage_error_even_without_scorers() {
    let dir = tempfile::tempdir().unwrap();
    let prompt = dir.path().join("no-such-prompt.txt");
    let flags = [
        "--no-default-model",
        "--llm-base-url",
        "http://127.0.0.1:9/v1",
        "--llm-model",
        "m",
        "--llm-prompt",
        prompt.to_str().unwrap(),
    ];
    let (code, _, stderr) = eval_sample_with_default_scorers(dir.path(), &flags);
    assert_eq!(code, 2, "an unreadable `--llm-prompt` fails the run: {stderr}");
    assert!(stderr.contains("no-such-prompt.txt"), "{stderr}");
    assert!(
        !dir.path().join("report.json").exists(),
        "no report from a misconfigured run"
    );
}
