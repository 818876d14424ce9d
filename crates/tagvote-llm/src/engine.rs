//! The shared state of one LLM scorer (settings, HTTP client, limits, cache) and the
//! per-document preparation: rendered prompt, README cut point and cache key.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};

use serde_json::json;
use tagvote_core::hash::sha256_hex;
use tagvote_core::{Document, ScoreError, ScoreMeta, ScoredDoc, TagIdx, TagScore, Taxonomy};

use crate::cache::{CacheKey, CacheMode, CachedAnswer, LlmCache};
use crate::config::LlmConfig;
use crate::error::LlmError;
use crate::http::HttpClient;
use crate::limiter::RequestLimiter;
use crate::params::RequestParams;
use crate::profile::{self, EndpointProfile};
use crate::request::RequestBuilder;
use crate::truncate::{cut_readme, CutPoint, ReadmeBudget};

/// Output tokens kept free in the context when no `max_tokens` is set.
const OUTPUT_RESERVE_TOKENS: usize = 256;
/// Share of the estimated room actually filled (token estimates are rough).
const CONTEXT_MARGIN: f64 = 0.85;

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
    /// Set when the endpoint refused the key, the model or the URL, or the quota is spent: later
    /// requests are not sent.
    pub fatal: OnceLock<String>,
    /// The parameters sent now (adapted when the endpoint refuses one).
    pub params: RwLock<RequestParams>,
    /// What was learned about the endpoint (also stored as its profile in the cache).
    pub learned: Mutex<EndpointProfile>,
    profile_path: PathBuf,
    /// The first document that needs the network goes alone, so the others start with what it learned.
    pub gate: tokio::sync::Mutex<()>,
    pub calibrated: AtomicBool,
}

/// One document ready to send.
#[derive(Debug, Clone)]
pub(crate) struct PreparedDoc {
    pub doc_id: String,
    pub expected: String,
    pub prompt: String,
    pub cut: Option<CutPoint>,
    /// The budget the README was cut to.
    pub budget: ReadmeBudget,
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
        let auth = config.auth_header.resolve(&config.base_url);
        let http = HttpClient::new(config.api_key.clone(), auth, config.timeout, config.concurrency)?;
        let fingerprint = json!({
            "base_url": config.display_base_url(),
            "model": config.model,
            "template_hash": config.template.hash(),
            "taxonomy_hash": taxonomy.hash(),
            "temperature": config.temperature,
            "seed": config.request_seed,
            "structured": config.structured,
            "max_tokens": config.max_tokens,
            "max_tokens_field": config.max_tokens_field,
            "readme_budget": config.readme_budget,
            "context_tokens": config.context_tokens,
            "auth_header": auth,
        });
        let cache = LlmCache::new(&config.cache_dir, config.cache_mode);
        let profile_path = profile::profile_path(cache.dir(), &config.display_base_url(), &config.model);
        let mut learned = cache
            .mode()
            .reads_profile()
            .then(|| profile::load(&profile_path))
            .flatten()
            .unwrap_or_default();
        if config.context_tokens.is_some() {
            learned.context_tokens = config.context_tokens;
        }
        let params = learned.apply(config.initial_params());
        if !learned.adaptations.is_empty() {
            tracing::warn!(
                "LLM endpoint `{}` refused parameters in an earlier run; starting with {}",
                config.display_base_url(),
                describe_params(&params)
            );
        }
        Ok(Engine {
            limiter: RequestLimiter::new(config.concurrency, config.requests_per_minute),
            cache,
            requests: RequestBuilder::new(&config, &taxonomy),
            http,
            fingerprint_text: fingerprint.to_string(),
            fingerprint,
            tags_json: taxonomy.to_seed_json_as_given(),
            unreachable: OnceLock::new(),
            reached: AtomicBool::new(false),
            fatal: OnceLock::new(),
            params: RwLock::new(params),
            learned: Mutex::new(learned),
            profile_path,
            gate: tokio::sync::Mutex::new(()),
            calibrated: AtomicBool::new(false),
            taxonomy,
            config,
        })
    }

    /// Renders the prompt, its README cut to fit both `--llm-readme-…` and the endpoint's
    /// context (when known), and computes the cache key.
    pub fn prepare(&self, doc: &Document) -> PreparedDoc {
        let budget = self.readme_budget(doc);
        let (readme, cut) = cut_readme(&doc.text, budget);
        let prompt = self.config.template.render_with_tags(&doc.id, &self.tags_json, readme);
        let doc_id = doc.id.key();
        let key = CacheKey::from_fields(&[&self.fingerprint_text, &doc_id, &sha256_hex(doc.text.as_bytes())]);
        PreparedDoc {
            expected: json!({"id": doc.id.to_json(), "tags": []}).to_string(),
            doc_id,
            prompt,
            cut,
            budget,
            key,
        }
    }

    /// Cuts and renders `prepared`'s README again when its budget changed since (a context was
    /// learned meanwhile).
    pub fn refit(&self, doc: &Document, prepared: &mut PreparedDoc) {
        let budget = self.readme_budget(doc);
        if budget == prepared.budget {
            return;
        }
        let (readme, cut) = cut_readme(&doc.text, budget);
        prepared.prompt = self.config.template.render_with_tags(&doc.id, &self.tags_json, readme);
        prepared.cut = cut;
        prepared.budget = budget;
    }

    /// The README budget: the configured one, lowered so that the fixed part of the prompt
    /// (instructions, tag list) plus the README fit the endpoint's context with room to answer.
    /// The fixed part is measured only when a context is known.
    fn readme_budget(&self, doc: &Document) -> ReadmeBudget {
        let configured = self.config.readme_budget.chars();
        let learned = self.learned.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(context) = learned.context_tokens else {
            return self.config.readme_budget;
        };
        let reserve = self.config.max_tokens.map_or(OUTPUT_RESERVE_TOKENS, |m| m as usize);
        let room = context.saturating_sub(reserve) as f64 * learned.chars_per_token() * CONTEXT_MARGIN;
        drop(learned);
        let fixed_chars = self
            .config
            .template
            .render_with_tags(&doc.id, &self.tags_json, "")
            .chars()
            .count();
        ReadmeBudget::Chars(configured.min((room as usize).saturating_sub(fixed_chars)))
    }

    /// The parameters to send now.
    pub fn current_params(&self) -> RequestParams {
        self.params.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Stores what was learned as the endpoint's profile (unless the cache is off or replaying).
    pub fn save_profile(&self) {
        if self.cache.mode().writes() {
            let learned = self.learned.lock().unwrap_or_else(PoisonError::into_inner).clone();
            profile::save(&self.profile_path, &learned);
        }
    }

    /// Marks the first network document done.
    pub fn set_calibrated(&self) {
        self.calibrated.store(true, Ordering::SeqCst);
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

/// `response_format json-schema, temperature 0, seed 1, max_tokens omitted` (for messages).
pub(crate) fn describe_params(params: &RequestParams) -> String {
    let or_omitted = |v: Option<String>| v.unwrap_or_else(|| "omitted".into());
    format!(
        "`response_format` {}, `temperature` {}, `seed` {}, `{}` {}",
        params.structured.label(),
        or_omitted(params.temperature.map(|t| t.to_string())),
        or_omitted(params.seed.map(|s| s.to_string())),
        params.max_tokens_field_name(),
        or_omitted(params.max_tokens.map(|m| m.to_string())),
    )
}

pub(crate) fn document_error(doc_id: &str, reason: impl Into<String>) -> ScoreError {
    ScoreError::Document {
        id: doc_id.to_string(),
        reason: reason.into(),
    }
}
