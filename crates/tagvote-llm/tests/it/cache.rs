//! The answer cache: hits, refresh, replay (hit and miss), errors never cached, and byte-identical replays.

use tagvote_core::prediction::output_line;
use tagvote_core::{Document, ScoreError, ScoredDoc, Scorer, TagFormat};
use tagvote_llm::testing::{MockReply, MockServer};
use tagvote_llm::CacheMode;

use crate::support::{by_marker, config, doc, failure, scorer, taxonomy};

fn lines(docs: &[Document], results: &[Result<ScoredDoc, ScoreError>]) -> String {
    let taxonomy = taxonomy();
    docs.iter()
        .zip(results)
        .map(|(d, r)| output_line(&d.id, &r.as_ref().unwrap().tag_indices(), &taxonomy, TagFormat::Name) + "\n")
        .collect()
}

fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[tokio::test]
async fn use_then_replay_reproduces_the_run_offline_byte_for_byte() {
    let server = MockServer::start(by_marker(&[
        ("a", r#"{"tags":["cli","lib"]}"#),
        ("b", r#"{"tags":["compiler"]}"#),
    ]))
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let docs = vec![doc("1", "a"), doc("2", "b"), doc("3", "none")];
    let mut cfg = config(&server, dir.path());
    cfg.cache_mode = CacheMode::Use;
    let first = scorer(cfg.clone()).score_batch(&docs).await;
    assert!(first.iter().all(|r| !r.as_ref().unwrap().meta.cache_hit));
    assert_eq!(server.chat_count(), 3);
    assert_eq!(
        files_under(dir.path()).len(),
        3,
        "one entry per answer, no temp files left"
    );

    let second = scorer(cfg.clone()).score_batch(&docs).await;
    assert!(second.iter().all(|r| r.as_ref().unwrap().meta.cache_hit));
    assert_eq!(server.chat_count(), 3, "hits make no request");

    cfg.cache_mode = CacheMode::Replay;
    cfg.base_url = server.base_url();
    let replay = scorer(cfg).score_batch(&docs).await;
    assert_eq!(lines(&docs, &first), lines(&docs, &replay));
    assert_eq!(first[0].as_ref().unwrap().tags, replay[0].as_ref().unwrap().tags);
    assert_eq!(
        first[0].as_ref().unwrap().meta.detail,
        replay[0].as_ref().unwrap().meta.detail
    );
    assert_eq!(server.chat_count(), 3);
}

#[tokio::test]
async fn refresh_asks_again_and_replay_fails_on_a_miss_without_network() {
    let server = MockServer::start(|req| MockReply::answer(req, r#"{"tags":["database"]}"#))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&server, dir.path());
    cfg.cache_mode = CacheMode::Refresh;
    scorer(cfg.clone()).score(&doc("1", "a")).await.unwrap();
    let again = scorer(cfg.clone()).score(&doc("1", "a")).await.unwrap();
    assert!(!again.meta.cache_hit);
    assert_eq!(server.chat_count(), 2);

    cfg.cache_mode = CacheMode::Replay;
    let results = scorer(cfg).score_batch(&[doc("1", "a"), doc("9", "never-seen")]).await;
    assert!(results[0].as_ref().unwrap().meta.cache_hit);
    assert!(failure(&results[1]).contains("--llm-cache replay"));
    assert_eq!(server.chat_count(), 2, "replay never calls the network");
}

#[tokio::test]
async fn errors_and_other_settings_are_never_served_from_the_cache() {
    let server = MockServer::start(|req| match req.prompt.contains("Marker: bad.") {
        true => MockReply::error(500, "down"),
        false => MockReply::answer(req, r#"{"tags":["lib"]}"#),
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(&server, dir.path());
    cfg.cache_mode = CacheMode::Use;
    cfg.retry.max_retries = 0;
    let results = scorer(cfg.clone())
        .score_batch(&[doc("1", "bad"), doc("2", "good")])
        .await;
    assert!(results[0].is_err() && results[1].is_ok());
    assert_eq!(files_under(dir.path()).len(), 1, "the failure was not cached");

    cfg.model = "another-model".into();
    let other = scorer(cfg).score(&doc("2", "good")).await.unwrap();
    assert!(!other.meta.cache_hit, "the model is part of the key");
}
