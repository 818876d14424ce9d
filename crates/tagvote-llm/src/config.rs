//! The resolved settings of one LLM scorer (the binary maps its `--llm-…` flags onto these).

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::cache::CacheMode;
use crate::cost::Pricing;
use crate::endpoint::AuthHeader;
use crate::params::{MaxTokensField, RequestParams};
use crate::prompt::PromptTemplate;
use crate::retry::RetryPolicy;
use crate::secret::ApiKey;
use crate::truncate::ReadmeBudget;

/// Whether and how the request asks the server for structured output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StructuredOutput {
    /// `response_format: json_schema` with the taxonomy names as an enum.
    #[default]
    JsonSchema,
    /// `response_format: json_object` carrying the same schema (llama-cpp-python's form).
    JsonObjectSchema,
    /// `response_format: json_object`.
    JsonObject,
    /// No `response_format`.
    None,
}

/// Settings of the provider's batch API mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BatchOptions {
    /// First wait between status polls; doubled up to `poll_max`.
    #[serde(skip)]
    pub poll_initial: Duration,
    #[serde(skip)]
    pub poll_max: Duration,
    /// Give up waiting after this long (documents are then reported as failed).
    #[serde(skip)]
    pub max_wait: Duration,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            poll_initial: Duration::from_secs(5),
            poll_max: Duration::from_secs(120),
            max_wait: Duration::from_secs(24 * 3600),
        }
    }
}

/// Everything an `LlmScorer` needs.
#[derive(Debug, Clone)]
pub struct LlmConfig {
    /// The API root, e.g. `http://localhost:8000/v1` (requests go to `{base_url}/chat/completions`).
    pub base_url: String,
    pub model: String,
    pub api_key: ApiKey,
    /// The environment variable the key came from (named in error messages, never its value).
    pub api_key_env: String,
    pub template: PromptTemplate,
    pub structured: StructuredOutput,
    pub readme_budget: ReadmeBudget,
    /// The output-token limit sent with each request, when set.
    pub max_tokens: Option<u32>,
    /// The field that carries `max_tokens` at the start of a run.
    pub max_tokens_field: MaxTokensField,
    /// `temperature` sent with each request (`None`: not sent).
    pub temperature: Option<f64>,
    /// `seed` sent with each request (`None`: not sent).
    pub request_seed: Option<u64>,
    /// The run's seed (jitter).
    pub seed: u64,
    /// The endpoint's context size in tokens, when known beforehand (`--llm-context-tokens`).
    pub context_tokens: Option<usize>,
    /// How the key is sent (`Authorization: Bearer` or Azure's `api-key`).
    pub auth_header: AuthHeader,
    /// Requests in flight at most (per scorer instance).
    pub concurrency: usize,
    pub requests_per_minute: Option<u32>,
    /// Per-request timeout.
    pub timeout: Duration,
    pub retry: RetryPolicy,
    pub cache_mode: CacheMode,
    /// The cache root (`tagvote_core::paths::cache_dir()`); entries go under `llm/`.
    pub cache_dir: PathBuf,
    pub pricing: Pricing,
    /// Use the provider's batch API in `score_batch`.
    pub batch: Option<BatchOptions>,
}

impl LlmConfig {
    /// Defaults for everything but the endpoint and the model.
    pub fn new(base_url: impl Into<String>, model: impl Into<String>) -> Self {
        LlmConfig {
            base_url: base_url.into(),
            model: model.into(),
            api_key: ApiKey::none(),
            api_key_env: "OPENAI_API_KEY".into(),
            template: PromptTemplate::builtin(),
            structured: StructuredOutput::default(),
            readme_budget: ReadmeBudget::default(),
            max_tokens: None,
            max_tokens_field: MaxTokensField::MaxTokens,
            temperature: Some(0.0),
            request_seed: Some(0),
            seed: 0,
            context_tokens: None,
            auth_header: AuthHeader::Auto,
            concurrency: 8,
            requests_per_minute: None,
            timeout: Duration::from_secs(300),
            retry: RetryPolicy::default(),
            cache_mode: CacheMode::Use,
            cache_dir: tagvote_core::paths::cache_dir(),
            pricing: Pricing::default(),
            batch: None,
        }
    }

    /// `base_url` without a trailing `/` and without any `user:password@` part (for keys and logs).
    pub fn display_base_url(&self) -> String {
        self.api_key.scrub(&crate::endpoint::display(&self.base_url))
    }

    /// The URL of an API path under the base URL (`chat/completions`, `files`, …); a query in
    /// the base URL (Azure's `api-version`) is kept after the path.
    pub(crate) fn endpoint(&self, path: &str) -> String {
        crate::endpoint::join(&self.base_url, path)
    }

    /// The request parameters a run starts with.
    pub(crate) fn initial_params(&self) -> RequestParams {
        RequestParams {
            structured: self.structured,
            temperature: self.temperature,
            seed: self.request_seed,
            max_tokens: self.max_tokens,
            max_tokens_field: self.max_tokens_field,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_url_drops_credentials_and_slash() {
        let c = LlmConfig::new("https://user:pw@host.example/v1/", "m");
        assert_eq!(c.display_base_url(), "https://host.example/v1");
        assert_eq!(
            c.endpoint("chat/completions"),
            "https://user:pw@host.example/v1/chat/completions"
        );
    }
}
