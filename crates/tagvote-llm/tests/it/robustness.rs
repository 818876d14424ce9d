//! Retries, Retry-After, timeouts, unreachable endpoints and the global concurrency cap.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tagvote_core::Scorer;
use tagvote_llm::testing::{MockReply, MockServer};

use crate::support::{config, doc, failure, names, scorer};

#[tokio::test]
async fn status_429_waits_for_retry_after_then_succeeds() {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&arrivals);
    let server = MockServer::start(move |req| {
        seen.lock().unwrap().push(Instant::now());
        match req.seen_before {
            0 => MockReply::error(429, "slow down").with_header("retry-after", "0.3"),
            _ => MockReply::answer(req, r#"{"tags":["cli"]}"#),
        }
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let result = scorer(config(&server, dir.path())).score(&doc("1", "rate")).await;
    assert_eq!(names(&result), ["cli"]);
    assert_eq!(result.unwrap().meta.attempts, 2);
    let times = arrivals.lock().unwrap().clone();
    assert!(
        times[1] - times[0] >= Duration::from_millis(300),
        "Retry-After was not honoured"
    );
}

#[tokio::test]
async fn status_500_then_success_is_retried_and_counted() {
    let server = MockServer::start(|req| match req.seen_before {
        0 | 1 => MockReply::error(500, "boom"),
        _ => MockReply::answer(req, r#"{"tags":["runtime"]}"#),
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let result = scorer(config(&server, dir.path())).score(&doc("1", "flaky")).await;
    assert_eq!(names(&result), ["runtime"]);
    assert_eq!(result.unwrap().meta.attempts, 3);
}

#[tokio::test]
async fn zero_retries_means_one_request_and_the_failure_names_the_url() {
    let server = MockServer::start(|_| MockReply::error(503, "overloaded"))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&server, dir.path());
    config.retry.max_retries = 0;
    let results = scorer(config).score_batch(&[doc("1", "a"), doc("2", "b")]).await;
    assert_eq!(results.len(), 2);
    for result in &results {
        let message = failure(result);
        assert!(message.contains("HTTP `503`"), "{message}");
        assert!(
            message.contains(&format!("{}/chat/completions", server.base_url())),
            "{message}"
        );
    }
    assert_eq!(server.chat_count(), 2);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start(|_| MockReply::error(400, "invalid request"))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let message = failure(&scorer(config(&server, dir.path())).score(&doc("1", "a")).await);
    assert!(message.contains("HTTP `400`"), "{message}");
    assert_eq!(server.chat_count(), 1);
}

#[tokio::test]
async fn a_hang_past_the_timeout_fails_after_the_retries() {
    let server = MockServer::start(|req| match req.prompt.contains("Marker: hang.") {
        true => MockReply::answer(req, r#"{"tags":["cli"]}"#).with_delay(Duration::from_secs(30)),
        false => MockReply::answer(req, r#"{"tags":["lib"]}"#),
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&server, dir.path());
    config.timeout = Duration::from_millis(150);
    config.retry.max_retries = 1;
    let results = scorer(config).score_batch(&[doc("1", "hang"), doc("2", "fine")]).await;
    let message = failure(&results[0]);
    assert!(
        message.contains("All `2` requests failed") && message.contains("No response"),
        "{message}"
    );
    assert_eq!(names(&results[1]), ["lib"]);
}

#[tokio::test]
async fn an_unreachable_endpoint_is_named_with_what_to_check() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let server = MockServer::start(|_| MockReply::error(500, "unused")).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&server, dir.path());
    config.base_url = format!("http://127.0.0.1:{port}/v1");
    config.retry.max_retries = 0;
    config.concurrency = 1;
    let docs: Vec<_> = (0..4).map(|i| doc(&i.to_string(), "a")).collect();
    let results = scorer(config).score_batch(&docs).await;
    assert_eq!(results.len(), 4);
    let url = format!("Cannot reach `http://127.0.0.1:{port}/v1/chat/completions`");
    let messages: Vec<String> = results.iter().map(failure).collect();
    assert!(
        messages
            .iter()
            .all(|m| m.contains(&url) && m.contains("--llm-base-url")),
        "{messages:?}"
    );
    let skipped = messages.iter().filter(|m| m.contains("Not sent:")).count();
    assert_eq!(
        skipped, 3,
        "after one document found the endpoint unreachable the others fail at once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrency_never_exceeds_the_cap_across_batches_and_single_calls() {
    let server =
        MockServer::start(|req| MockReply::answer(req, r#"{"tags":["lib"]}"#).with_delay(Duration::from_millis(30)))
            .await
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&server, dir.path());
    config.concurrency = 4;
    let scorer = Arc::new(scorer(config));
    let docs: Vec<_> = (0..24).map(|i| doc(&i.to_string(), "cap")).collect();
    let batch = {
        let scorer = Arc::clone(&scorer);
        let docs = docs.clone();
        tokio::spawn(async move { scorer.score_batch(&docs).await })
    };
    let mut singles = Vec::new();
    for i in 0..8 {
        let scorer = Arc::clone(&scorer);
        singles.push(tokio::spawn(async move {
            scorer.score(&doc(&format!("s{i}"), "cap")).await
        }));
    }
    let results = batch.await.unwrap();
    assert_eq!(results.len(), 24);
    assert!(results.iter().all(|r| r.is_ok()));
    for single in singles {
        assert!(single.await.unwrap().is_ok());
    }
    assert_eq!(server.chat_count(), 32);
    assert_eq!(server.max_in_flight(), 4, "the cap was exceeded or never reached");
}
