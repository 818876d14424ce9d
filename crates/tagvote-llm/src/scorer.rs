//! `LlmScorer`: the `Scorer` implementation; documents of a batch run concurrently up to the
//! global cap, or go to the provider's batch API when batch mode is on.

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::json;
use tagvote_core::{Document, ScoreError, ScoredDoc, Scorer, ScorerKind, Taxonomy};
use tokio::task::JoinSet;

use crate::config::LlmConfig;
use crate::engine::{document_error, Engine};
use crate::error::LlmError;

/// Tags documents by asking an OpenAI-compatible chat-completions endpoint.
#[derive(Debug, Clone)]
pub struct LlmScorer {
    engine: Arc<Engine>,
}

impl LlmScorer {
    pub fn new(config: LlmConfig, taxonomy: Arc<Taxonomy>) -> Result<Self, LlmError> {
        Ok(LlmScorer {
            engine: Arc::new(Engine::new(config, taxonomy)?),
        })
    }

    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Where cache entries are written.
    pub fn cache_dir(&self) -> &std::path::Path {
        self.engine.cache.dir()
    }

    async fn score_online(engine: &Engine, doc: &Document) -> Result<ScoredDoc, ScoreError> {
        let prepared = engine.prepare(doc);
        match engine.cached_result(&prepared) {
            Some(result) => result,
            None => engine.answer(doc, prepared).await,
        }
    }

    async fn score_concurrently(&self, docs: &[Document]) -> Vec<Result<ScoredDoc, ScoreError>> {
        let mut tasks = JoinSet::new();
        for (index, doc) in docs.iter().enumerate() {
            let engine = Arc::clone(&self.engine);
            let doc = doc.clone();
            tasks.spawn(async move { (index, Self::score_online(&engine, &doc).await) });
        }
        let mut results: Vec<Option<Result<ScoredDoc, ScoreError>>> = vec![None; docs.len()];
        while let Some(joined) = tasks.join_next().await {
            if let Ok((index, result)) = joined {
                results[index] = Some(result);
            }
        }
        results
            .into_iter()
            .zip(docs)
            .map(|(result, doc)| {
                result.unwrap_or_else(|| Err(document_error(&doc.id.key(), "The scoring task stopped unexpectedly")))
            })
            .collect()
    }
}

#[async_trait]
impl Scorer for LlmScorer {
    fn name(&self) -> &str {
        "llm"
    }

    fn kind(&self) -> ScorerKind {
        ScorerKind::Io
    }

    fn config(&self) -> serde_json::Value {
        let c = &self.engine.config;
        let mut config = self.engine.fingerprint.clone();
        config["template_source"] = json!(c.template.source());
        config["cache"] = json!(c.cache_mode);
        config["batch"] = json!(c.batch.is_some());
        config["pricing"] = json!(c.pricing);
        if let Ok(learned) = self.engine.learned.lock() {
            config["adapted"] = json!({
                "params": self.engine.current_params(),
                "changes": learned.adaptations,
                "context_tokens": learned.context_tokens,
            });
        }
        config
    }

    async fn score(&self, doc: &Document) -> Result<ScoredDoc, ScoreError> {
        if self.engine.config.batch.is_some() {
            return self
                .score_batch(std::slice::from_ref(doc))
                .await
                .pop()
                .unwrap_or_else(|| Err(document_error(&doc.id.key(), "The batch returned no result")));
        }
        Self::score_online(&self.engine, doc).await
    }

    async fn score_batch(&self, docs: &[Document]) -> Vec<Result<ScoredDoc, ScoreError>> {
        if self.engine.config.batch.is_some() {
            return self.engine.score_with_batch_api(docs).await;
        }
        self.score_concurrently(docs).await
    }
}
