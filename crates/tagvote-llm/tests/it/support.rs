//! Shared helpers: a small taxonomy, documents written for these tests, and a scorer wired to a mock server.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tagvote_core::{Document, ScoreError, ScoredDoc, Taxonomy};
use tagvote_llm::testing::{ChatRequest, MockReply, MockServer};
use tagvote_llm::{CacheMode, LlmConfig, LlmScorer, RetryPolicy};

pub fn taxonomy() -> Arc<Taxonomy> {
    let json = br#"[{"id":61,"name":"compiler"},{"id":65,"name":"runtime"},{"id":33,"name":"lib"},
        {"id":4,"name":"cli"},{"id":47,"name":"database"},{"id":81,"name":"game-engine "}]"#;
    Arc::new(Taxonomy::from_json_bytes(json, Path::new("tags.json")).unwrap())
}

/// A document whose text carries a marker the scripts switch on.
pub fn doc(id: &str, marker: &str) -> Document {
    Document::new(
        id,
        format!("# Tool {id}\n\nA small project used in tests. Marker: {marker}.\n"),
    )
}

/// Fast settings for tests: short timeout, millisecond backoffs, cache off unless asked.
pub fn config(server: &MockServer, cache_dir: &Path) -> LlmConfig {
    let mut config = LlmConfig::new(server.base_url(), "mock-model");
    config.timeout = Duration::from_secs(5);
    config.retry = RetryPolicy {
        max_retries: 3,
        base_delay: Duration::from_millis(2),
        max_delay: Duration::from_millis(500),
    };
    config.cache_mode = CacheMode::Off;
    config.cache_dir = cache_dir.to_path_buf();
    config.seed = 7;
    config
}

pub fn scorer(config: LlmConfig) -> LlmScorer {
    LlmScorer::new(config, taxonomy()).unwrap()
}

/// Tag names of a result, for compact assertions.
pub fn names(result: &Result<ScoredDoc, ScoreError>) -> Vec<String> {
    let taxonomy = taxonomy();
    match result {
        Ok(scored) => scored
            .tag_indices()
            .iter()
            .map(|&t| taxonomy.name(t).to_string())
            .collect(),
        Err(e) => panic!("expected tags, got error: {e}"),
    }
}

/// The error message of a failed result.
pub fn failure(result: &Result<ScoredDoc, ScoreError>) -> String {
    match result {
        Ok(scored) => panic!("expected a failure, got {scored:?}"),
        Err(e) => e.to_string(),
    }
}

/// A script that answers `{"tags": …}` from the marker found in the prompt.
pub fn by_marker(table: &'static [(&'static str, &'static str)]) -> impl Fn(&ChatRequest) -> MockReply {
    move |req| {
        let content = table
            .iter()
            .find(|(marker, _)| req.prompt.contains(&format!("Marker: {marker}.")))
            .map_or(r#"{"tags":[]}"#, |(_, answer)| answer);
        MockReply::answer(req, content)
    }
}
