//! The LLM scorer of tagvote: the seed's prompt sent to any OpenAI-compatible chat-completions
//! endpoint, answers validated locally against the taxonomy, with a cache, retries and the batch API.

mod adapt;
mod answer;
mod ask;
mod batch;
mod cache;
mod check;
mod config;
mod cost;
mod endpoint;
mod engine;
mod error;
mod http;
mod limiter;
mod models;
mod params;
mod parse;
mod profile;
mod prompt;
mod refusal;
mod request;
mod response;
mod retry;
mod scorer;
mod secret;
mod truncate;

#[cfg(feature = "test-server")]
pub mod testing;

pub use cache::{CacheKey, CacheMode, CachedAnswer, LlmCache};
pub use check::{CheckReport, ProbeResult, ProbeRow};
pub use config::{BatchOptions, LlmConfig, StructuredOutput};
pub use cost::Pricing;
pub use endpoint::AuthHeader;
pub use error::LlmError;
pub use params::{MaxTokensField, RequestParams};
pub use parse::{parse_answer, ParseOutcome, ParsedAnswer};
pub use prompt::{PromptTemplate, TemplateSource};
pub use retry::RetryPolicy;
pub use scorer::LlmScorer;
pub use secret::ApiKey;
pub use truncate::{CutPoint, ReadmeBudget};
