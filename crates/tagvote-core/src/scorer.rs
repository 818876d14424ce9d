//! The `Scorer` trait every tagging strategy implements, and the data it is fitted on.

use std::sync::Arc;

use async_trait::async_trait;

use crate::document::Document;
use crate::prediction::ScoredDoc;
use crate::taxonomy::{TagIdx, Taxonomy};

/// Why a scorer produced no result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScoreError {
    /// The scorer cannot run here (no model, no endpoint configured); the message is one
    /// line that says what to do. The binary skips such a scorer with a notice, unless the
    /// user named it in `--scorers` of a command that needs it.
    #[error("{0}")]
    Unavailable(String),
    /// A setting has a bad value (a flag out of range, a file it names that cannot be used);
    /// the command stops with a usage error, whichever scorers were asked for.
    #[error("{0}")]
    Config(String),
    /// This document failed; the run goes on with the others.
    #[error("Document `{id}`: {reason}")]
    Document { id: String, reason: String },
    /// A fitted model part could not be used.
    #[error("{0}")]
    Model(String),
}

/// How a scorer spends its time, so the harness can schedule it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScorerKind {
    /// CPU-bound work: run on a thread pool.
    Cpu,
    /// Waits on I/O (network): run many at once on the async runtime.
    Io,
}

/// Labelled documents a scorer learns from. `labels[i]` are the gold tags of `docs[i]`;
/// `origin[i]` indexes `origins` (e.g. `readmes/train`, `awesome`) so a scorer can weigh
/// long READMEs and one-line descriptions differently.
#[derive(Debug, Clone)]
pub struct TrainSet {
    pub taxonomy: Arc<Taxonomy>,
    pub docs: Vec<Document>,
    pub labels: Vec<Vec<TagIdx>>,
    pub origin: Vec<u16>,
    pub origins: Vec<String>,
}

impl TrainSet {
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Name of the origin of document `i`.
    pub fn origin_name(&self, i: usize) -> &str {
        &self.origins[self.origin[i] as usize]
    }
}

/// A tagging strategy. Implementations are constructed with their taxonomy and
/// configuration by the binary; the harness only sees `Box<dyn Scorer>`.
#[async_trait]
pub trait Scorer: Send + Sync {
    /// Short, stable name used in reports and on the command line (`keyword`, `embed`, `llm`).
    fn name(&self) -> &str;

    /// CPU-bound or I/O-bound.
    fn kind(&self) -> ScorerKind {
        ScorerKind::Cpu
    }

    /// A stable description of everything that changes this scorer's output
    /// (model hash, thresholds, prompt hash...), recorded in reports. Never secrets.
    fn config(&self) -> serde_json::Value {
        serde_json::Value::Null
    }

    /// Scores one document.
    async fn score(&self, doc: &Document) -> Result<ScoredDoc, ScoreError>;

    /// Scores several documents; the default calls `score` for each in turn.
    /// Results are in the order of `docs`.
    async fn score_batch(&self, docs: &[Document]) -> Vec<Result<ScoredDoc, ScoreError>> {
        let mut out = Vec::with_capacity(docs.len());
        for doc in docs {
            out.push(self.score(doc).await);
        }
        out
    }

    /// Learns from labelled data and returns the model part to save (JSON), or `None`
    /// when the scorer has nothing to learn. The scorer uses what it learned afterwards.
    async fn fit(&mut self, _train: &TrainSet) -> Result<Option<serde_json::Value>, ScoreError> {
        Ok(None)
    }

    /// Loads a model part written by `fit`.
    fn load_model(&mut self, _part: &serde_json::Value) -> Result<(), ScoreError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prediction::TagScore;

    struct FirstTag;

    #[async_trait]
    impl Scorer for FirstTag {
        fn name(&self) -> &str {
            "first"
        }
        async fn score(&self, doc: &Document) -> Result<ScoredDoc, ScoreError> {
            if doc.text.is_empty() {
                return Err(ScoreError::Document {
                    id: doc.id.key(),
                    reason: "Empty".into(),
                });
            }
            Ok(ScoredDoc::from_scores(vec![TagScore { tag: 0, score: 1.0 }], 0.5))
        }
    }

    #[tokio::test]
    async fn default_batch_keeps_order_and_errors() {
        let docs = vec![Document::new("a", "x"), Document::new("b", ""), Document::new("c", "y")];
        let results = FirstTag.score_batch(&docs).await;
        assert_eq!(results.len(), 3);
        assert!(results[0].is_ok() && results[2].is_ok());
        assert_eq!(results[1].as_ref().unwrap_err().to_string(), "Document `b`: Empty");
    }
}
