//! The API key reaches the server in `Authorization` and nowhere else: not in results, errors,
//! the scorer's config, or cache files, even when the server echoes it back.

use tagvote_core::Scorer;
use tagvote_llm::testing::{MockReply, MockServer};
use tagvote_llm::{ApiKey, CacheMode};

use crate::support::{config, doc, scorer};

const KEY: &str = "sk-test-0123456789-very-secret";

#[tokio::test]
async fn the_key_never_leaves_the_authorization_header() {
    let server = MockServer::start(|req| match req.prompt.contains("Marker: echo.") {
        true => MockReply::error(401, &format!("Incorrect API key provided: {KEY}")),
        false => MockReply::answer(req, r#"{"tags":["cli"]}"#),
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&server, dir.path());
    cfg.api_key = ApiKey::new(KEY);
    cfg.api_key_env = "MY_TEST_KEY".into();
    cfg.cache_mode = CacheMode::Use;
    let scorer = scorer(cfg.clone());
    // A 401 stops the scorer, so the document that succeeds goes first.
    let results = [
        scorer.score(&doc("2", "fine")).await,
        scorer.score(&doc("1", "echo")).await,
    ];
    let error = results[1].as_ref().unwrap_err().to_string();
    assert!(
        error.contains("`MY_TEST_KEY`") && error.contains("[redacted]"),
        "{error}"
    );

    let mut everything = format!("{results:?}\n{error}\n{}\n{cfg:?}\n{scorer:?}", scorer.config());
    everything.push_str(&serde_json::to_string(&results[0].as_ref().unwrap()).unwrap());
    for entry in walk(dir.path()) {
        everything.push_str(&std::fs::read_to_string(entry).unwrap());
    }
    assert!(!everything.contains(KEY), "the key leaked");

    let recorded = server.recorded();
    assert!(recorded.iter().all(|r| r
        .headers
        .iter()
        .any(|(k, v)| k == "authorization" && v == &format!("Bearer {KEY}"))));
    assert!(recorded.iter().all(|r| !r.body.contains(KEY)));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        match entry.path() {
            p if p.is_dir() => files.extend(walk(&p)),
            p => files.push(p),
        }
    }
    files
}
