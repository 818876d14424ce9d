//! The shared state of one LLM scorer (settings, HTTP client, limits, cache) and the
//! per-document preparation: rendered prompt, README cut point and cache key.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

use serde_json::json;
use tagvote_core::hash::sha256_hex;
use tagvote_core::{Document, ScoreError, ScoreMeta, ScoredDoc, TagIdx, TagScore, Taxonomy};

use crate::cache::{CacheKey, CacheMode, CachedAnswer, LlmCache};
use crate::config::LlmConfig;
use crate::error::LlmError;
use crate::http::HttpClient;
use crate::limiter::RequestLimiter;
use crate::request::RequestBuilder;
use crate::truncate::{cut_readme, CutPoint};

/// Everything the scorer's documents share; cloned behind an `Arc` into concurrent tasks.
#[derive(Debug)]
pub(crate) struct Engine {
    pub config: LlmConfig,
    pub taxonomy: Arc<Taxonomy>,
    pub http: HttpClient,
    pub limiter: RequestLimiter,
    pub cache: LlmCache,
    pub requests: RequestBuilder,
    /// Everything besides the document that determines the answer (hashed into cache keys).
    pub fingerprint: serde_json::Value,
    fingerprint_text: String,
    /// The taxonomy as the seed's JSON tag list (the `{{tags}}` placeholder).
    tags_json: String,
    /// Set when the endpoint could not be reached and never answered: later requests fail at once.
    pub unreachable: OnceLock<String>,
    /// Some request got an HTTP response.
    pub reached: AtomicBool,
}

/// One document ready to send.
#[derive(Debug, Clone)]
pub(crate) struct PreparedDoc {
    pub doc_id: String,
    pub expected: String,
    pub prompt: String,
    pub cut: Option<CutPoint>,
    pub key: CacheKey,
}

impl Engine {
    pub fn new(config: LlmConfig, taxonomy: Arc<Taxonomy>) -> Result<Self, LlmError> {
        if config.concurrency == 0 {
            return Err(LlmError::Setting {
                setting: "--llm-concurrency".into(),
                reason: "must be at least `1`".into(),
            });
        }
        let http = HttpClient::new(config.api_key.clone(), config.timeout, config.concurrency)?;
        let fingerprint = json!({
            "base_url": config.display_base_url(),
            "model": config.model,
            "template_hash": config.template.hash(),
            "taxonomy_hash": taxonomy.hash(),
            "temperature": 0,
            "seed": config.seed,
            "structured": config.structured,
            "max_tokens": config.max_tokens,
            "readme_budget": config.readme_budget,
        });
        Ok(Engine {
            limiter: RequestLimiter::new(config.concurrency, config.requests_per_minute),
            cache: LlmCache::new(&config.cache_dir, config.cache_mode),
            requests: RequestBuilder::new(&config, &taxonomy),
            http,
            fingerprint_text: fingerprint.to_string(),
            fingerprint,
            tags_json: taxonomy.to_seed_json(),
            unreachable: OnceLock::new(),
            reached: AtomicBool::new(false),
            taxonomy,
            config,
        })
    }

    /// Renders the prompt and computes the cache key.
    pub fn prepare(&self, doc: &Document) -> PreparedDoc {
        let (readme, cut) = cut_readme(&doc.text, self.config.readme_budget);
        let prompt = self.config.template.render_with_tags(&doc.id, &self.tags_json, readme);
        let doc_id = doc.id.key();
        let key = CacheKey::from_fields(&[&self.fingerprint_text, &doc_id, &sha256_hex(doc.text.as_bytes())]);
        PreparedDoc {
            expected: json!({"id": doc.id.to_json(), "tags": []}).to_string(),
            doc_id,
            prompt,
            cut,
            key,
        }
    }

    /// A cache hit as a result; `Some(Err)` for a replay miss; `None` when the network is needed.
    pub fn cached_result(&self, prepared: &PreparedDoc) -> Option<Result<ScoredDoc, ScoreError>> {
        if let Some(scored) = self.cache.get(&prepared.key).and_then(|e| self.scored_from_cache(&e)) {
            return Some(Ok(scored));
        }
        (self.cache.mode() == CacheMode::Replay).then(|| {
            Err(document_error(
                &prepared.doc_id,
                "No cached answer, and `--llm-cache replay` never calls the network; \
                 record one first with `--llm-cache use`",
            ))
        })
    }

    fn scored_from_cache(&self, entry: &CachedAnswer) -> Option<ScoredDoc> {
        let tags: Option<Vec<TagIdx>> = entry.tags.iter().map(|t| self.taxonomy.by_id(t.id)).collect();
        let meta = ScoreMeta {
            cache_hit: true,
            detail: entry.detail.clone(),
            ..ScoreMeta::default()
        };
        Some(scored_doc(&tags?, meta))
    }
}

/// Tags in the model's order with decreasing scores (1.0, 0.95, 0.9): the model gives no
/// confidence, only an order.
pub(crate) fn scored_doc(tags: &[TagIdx], meta: ScoreMeta) -> ScoredDoc {
    let ranked: Vec<TagScore> = tags
        .iter()
        .enumerate()
        .map(|(rank, &tag)| TagScore {
            tag,
            score: 1.0 - 0.05 * rank as f32,
        })
        .collect();
    ScoredDoc {
        tags: ranked.clone(),
        scores: ranked,
        meta,
    }
}

pub(crate) fn document_error(doc_id: &str, reason: impl Into<String>) -> ScoreError {
    ScoreError::Document {
        id: doc_id.to_string(),
        reason: reason.into(),
    }
}
