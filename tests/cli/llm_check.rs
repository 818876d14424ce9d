//! `tagvote llm check` against the test server: the table says what works and what was refused,
//! the exit code says whether tagging will work, and a later run starts with what was found.

use tagvote_llm::testing::Behaviour;

use super::llm_endpoints::server;
use super::*;

fn check(behaviour: Behaviour, cache: &Path) -> (i32, String, String, usize) {
    let (_runtime, server) = server(behaviour);
    let mut cmd = tagvote();
    cmd.env("TAGVOTE_CACHE_DIR", cache)
        .env("OPENAI_API_KEY", "sk-check-secret")
        .args(["llm", "check", "--taxonomy"])
        .arg(taxonomy())
        .args(["--llm-base-url", &server.base_url(), "--llm-model", "mock-model"]);
    let (code, stdout, stderr) = run(&mut cmd);
    (code, stdout, stderr, server.chat_count())
}

#[test]
fn check_reports_refused_features_and_the_settings_a_run_will_use() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr, requests) = check(Behaviour::LlamaCppPython, dir.path());
    assert_eq!(code, 0, "{stdout}{stderr}");
    let refused = stdout.lines().find(|l| l.contains("`json-schema`")).unwrap();
    assert!(refused.contains("refused") && refused.contains("HTTP 500"), "{stdout}");
    let accepted = stdout.lines().find(|l| l.contains("`json-object-schema`")).unwrap();
    assert!(accepted.contains("works"), "{stdout}");
    assert!(
        stdout.contains("`response_format` json-object-schema, `temperature` 0"),
        "{stdout}"
    );
    assert!(stdout.contains("Tagging will work"), "{stdout}");
    assert!(requests <= 6, "{requests} probes");
    assert!(!stdout.contains("sk-check-secret") && !stderr.contains("sk-check-secret"));
}

#[test]
fn check_fails_on_a_bad_key_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _, _) = check(Behaviour::Unauthorized, dir.path());
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("Bad API key") && stdout.contains("`OPENAI_API_KEY`"),
        "{stdout}"
    );
    assert!(stdout.contains("Tagging will not work"), "{stdout}");
}

#[test]
fn a_reasoning_model_check_drops_temperature_and_uses_max_completion_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _, _) = check(Behaviour::ReasoningModel, dir.path());
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("`temperature` omitted"), "{stdout}");
    assert!(stdout.contains("`max_completion_tokens`"), "{stdout}");
}
