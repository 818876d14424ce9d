//! Adapting to the endpoint: refused parameters changed once and remembered in the endpoint
//! profile, Azure URLs and header, `Retry-After` beyond the cap, and batch jobs picked up again.

use std::time::Duration;

use tagvote_core::Scorer;
use tagvote_llm::testing::{Behaviour, MockOptions, MockReply, MockServer};
use tagvote_llm::{BatchOptions, CacheMode};

use crate::support::{config, doc, failure, names, scorer};

fn docs(n: usize) -> Vec<tagvote_core::Document> {
    (0..n).map(|i| doc(&i.to_string(), "x")).collect()
}

#[tokio::test]
async fn a_refusal_is_adapted_once_recorded_and_remembered_by_the_next_run() {
    let server = MockServer::start(|req| Behaviour::LlamaCppPython.reply(req))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&server, dir.path());
    cfg.cache_mode = CacheMode::Use;
    let first = scorer(cfg.clone());
    let results = first.score_batch(&docs(10)).await;
    assert!(results.iter().all(|r| names(r) == ["cli", "lib"]));
    assert_eq!(server.chat_count(), 11, "one refusal, then one request per document");
    let adapted = &first.config()["adapted"];
    assert_eq!(adapted["changes"][0]["parameter"], "response_format", "{adapted}");
    assert_eq!(adapted["params"]["structured"], "json-object-schema", "{adapted}");

    let mut other_docs = docs(15);
    other_docs.drain(..10);
    let second = scorer(cfg).score_batch(&other_docs).await;
    assert!(second.iter().all(|r| names(r) == ["cli", "lib"]));
    assert_eq!(
        server.chat_count(),
        16,
        "the next run starts with the endpoint's profile"
    );
}

#[tokio::test]
async fn azure_classic_urls_keep_their_path_and_send_the_key_as_api_key() {
    let server = MockServer::start(|req| Behaviour::Plain.reply(req)).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&server, dir.path());
    cfg.base_url = server
        .base_url()
        .replace("/v1", "/openai/deployments/gpt-4o?api-version=2024-10-21");
    cfg.api_key = tagvote_llm::ApiKey::new("azure-key-123");
    let result = scorer(cfg).score(&doc("1", "x")).await;
    assert_eq!(names(&result), ["cli", "lib"]);
    let chat = server.recorded().into_iter().find(|r| r.method == "POST").unwrap();
    assert_eq!(chat.path, "/openai/deployments/gpt-4o/chat/completions");
    assert!(chat.headers.iter().any(|(k, v)| k == "api-key" && v == "azure-key-123"));
    assert!(!chat.headers.iter().any(|(k, _)| k == "authorization"));
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_fails_fast_saying_so() {
    let server = MockServer::start(|_| MockReply::error(429, "slow down").with_header("retry-after", "3600"))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let message = failure(&scorer(config(&server, dir.path())).score(&doc("1", "x")).await);
    assert!(
        message.contains("`3600` s") && message.contains("--llm-retry-max"),
        "{message}"
    );
    assert_eq!(server.chat_count(), 1);
}

#[tokio::test]
async fn an_interrupted_batch_job_is_picked_up_instead_of_submitted_again() {
    let options = MockOptions {
        batch_polls_before_done: 4,
        record: true,
    };
    let server = MockServer::start_with(|req| Behaviour::Plain.reply(req), options)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&server, dir.path());
    cfg.cache_mode = CacheMode::Use;
    let batch = |max_wait_ms| BatchOptions {
        poll_initial: Duration::from_millis(2),
        poll_max: Duration::from_millis(2),
        max_wait: Duration::from_millis(max_wait_ms),
    };
    cfg.batch = Some(batch(3));
    let gave_up = scorer(cfg.clone()).score_batch(&docs(3)).await;
    assert!(failure(&gave_up[0]).contains("still"), "the first run stops waiting");
    cfg.batch = Some(batch(10_000));
    let picked_up = scorer(cfg).score_batch(&docs(3)).await;
    assert!(picked_up.iter().all(|r| names(r) == ["cli", "lib"]));
    let posts: Vec<String> = server
        .recorded()
        .iter()
        .filter(|r| r.method == "POST")
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(posts, ["/v1/files", "/v1/batches"], "one job, paid once");
}
