//! Batch mode: cache misses go to `/files` + `/batches` as one job; each result line is validated
//! like an online answer, failures are per document, and results are cached.

use tagvote_core::Scorer;
use tagvote_llm::testing::{MockOptions, MockReply, MockServer};
use tagvote_llm::{BatchOptions, CacheMode};

use crate::support::{config, doc, failure, names, scorer};

#[tokio::test]
async fn batch_job_is_submitted_polled_collected_and_cached() {
    let script = |req: &tagvote_llm::testing::ChatRequest| {
        let p = &req.prompt;
        if req.message_count > 1 {
            MockReply::answer(req, r#"{"tags":["runtime"]}"#)
        } else if p.contains("Marker: a.") {
            MockReply::answer(req, "```json\n{\"tags\":[\"compiler\",\"nope\"]}\n```")
        } else if p.contains("Marker: garbled.") {
            MockReply::answer(req, "not json at all")
        } else if p.contains("Marker: broken.") {
            MockReply::error(500, "line failed")
        } else {
            MockReply::answer(req, r#"{"tags":["lib"]}"#)
        }
    };
    let options = MockOptions {
        batch_polls_before_done: 2,
        record: true,
    };
    let server = MockServer::start_with(script, options).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&server, dir.path());
    cfg.cache_mode = CacheMode::Use;
    cfg.batch = Some(BatchOptions {
        poll_initial: std::time::Duration::from_millis(5),
        poll_max: std::time::Duration::from_millis(20),
        max_wait: std::time::Duration::from_secs(10),
    });
    let docs = vec![
        doc("1", "a"),
        doc("2", "garbled"),
        doc("3", "broken"),
        doc("4", "plain"),
    ];
    let results = scorer(cfg.clone()).score_batch(&docs).await;
    assert_eq!(results.len(), 4);
    assert_eq!(names(&results[0]), ["compiler"]);
    assert_eq!(results[0].as_ref().unwrap().meta.detail["unknown_tags"], 1);
    assert_eq!(
        names(&results[1]),
        ["runtime"],
        "an unreadable line is asked again online"
    );
    assert!(failure(&results[2]).contains("HTTP `500`"));
    assert_eq!(names(&results[3]), ["lib"]);

    let paths: Vec<String> = server
        .recorded()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(paths.iter().filter(|p| p.ends_with("/v1/files")).count(), 1);
    assert_eq!(paths.iter().filter(|p| p.ends_with("/v1/batches")).count(), 1);
    assert_eq!(paths.iter().filter(|p| p.starts_with("GET /v1/batches/")).count(), 3);
    let before = server.request_count();

    let again = scorer(cfg).score_batch(&docs).await;
    assert!(again[0].as_ref().unwrap().meta.cache_hit && again[3].as_ref().unwrap().meta.cache_hit);
    assert!(
        again[2].is_err(),
        "the failed line is not cached, so it is submitted again"
    );
    assert!(server.request_count() > before);
}
