//! The `--llm-…` flags and the construction of the LLM scorer (any OpenAI-compatible endpoint).

use std::path::{Path, PathBuf};
use std::time::Duration;

use tagvote_core::{ScoreError, Scorer};
use tagvote_llm::{
    ApiKey, AuthHeader, BatchOptions, CacheMode, LlmConfig, LlmScorer, MaxTokensField, Pricing, PromptTemplate,
    ReadmeBudget, RetryPolicy, StructuredOutput, TemplateSource,
};

/// The users' prompt inside the shared directory, read at run time (never copied into the repository);
/// a `prompt.txt` next to the taxonomy file comes first.
const SEED_PROMPT: &str = "seed/prompt.txt";

/// Structured-output request mode.
#[derive(clap::ValueEnum, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StructuredArg {
    /// `response_format` with a JSON schema whose tags are the taxonomy names
    #[default]
    JsonSchema,
    /// `response_format: json_object` with the schema (llama-cpp-python)
    JsonObjectSchema,
    /// `response_format: json_object`
    JsonObject,
    /// No `response_format` (for servers that reject it)
    None,
}

/// Which field carries `--llm-max-tokens`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MaxTokensFieldArg {
    /// `max_tokens`
    #[default]
    MaxTokens,
    /// `max_completion_tokens` (OpenAI reasoning models)
    MaxCompletionTokens,
}

/// The header that carries the API key.
#[derive(clap::ValueEnum, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AuthHeaderArg {
    /// `api-key` for Azure hosts, else `Authorization: Bearer`
    #[default]
    Auto,
    /// `Authorization: Bearer KEY`
    Bearer,
    /// `api-key: KEY` (Azure)
    ApiKey,
}

/// Cache use.
#[derive(clap::ValueEnum, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CacheArg {
    /// Read hits, store new answers
    #[default]
    Use,
    /// Ask again and overwrite stored answers
    Refresh,
    /// No cache
    Off,
    /// Only stored answers; never call the network; a miss fails the document
    Replay,
}

/// LLM scorer flags. The API key is read from the environment only (`--llm-api-key-env`).
#[derive(clap::Args, Debug, Clone)]
#[command(next_help_heading = "LLM scorer")]
pub struct LlmArgs {
    /// API root of an OpenAI-compatible endpoint, e.g. `http://localhost:8000/v1` (else env `OPENAI_BASE_URL`)
    #[arg(long = "llm-base-url", value_name = "URL")]
    pub llm_base_url: Option<String>,
    /// Model name (else env `TAGVOTE_LLM_MODEL`)
    #[arg(long = "llm-model", value_name = "NAME")]
    pub llm_model: Option<String>,
    /// Name of the environment variable that holds the API key
    #[arg(long = "llm-api-key-env", value_name = "NAME", default_value = "OPENAI_API_KEY")]
    pub llm_api_key_env: String,
    /// Prompt template with `{{id}}`, `{{expected}}`, `{{tags}}`, `{{readme}}` placeholders, or a
    /// seed-style prompt (default: `../shared/seed/prompt.txt` when present, else a built-in one)
    #[arg(long = "llm-prompt", value_name = "FILE")]
    pub llm_prompt: Option<PathBuf>,
    /// Ask the server for structured output
    #[arg(long = "llm-structured", value_enum, default_value_t = StructuredArg::JsonSchema)]
    pub llm_structured: StructuredArg,
    /// Cut READMEs to this many characters [default: 12000]
    #[arg(long = "llm-readme-chars", value_name = "N", conflicts_with = "llm_readme_tokens")]
    pub llm_readme_chars: Option<usize>,
    /// Cut READMEs to about this many tokens (4 characters each)
    #[arg(long = "llm-readme-tokens", value_name = "N")]
    pub llm_readme_tokens: Option<usize>,
    /// `max_tokens` sent with each request (not sent by default)
    #[arg(long = "llm-max-tokens", value_name = "N")]
    pub llm_max_tokens: Option<u32>,
    /// The field that carries `--llm-max-tokens` (changed by itself when the endpoint refuses it)
    #[arg(long = "llm-max-tokens-field", value_enum, default_value_t = MaxTokensFieldArg::MaxTokens)]
    pub llm_max_tokens_field: MaxTokensFieldArg,
    /// `temperature` sent with each request, or `none` to leave it out (dropped by itself when refused)
    #[arg(long = "llm-temperature", value_name = "none|X", default_value = "0")]
    pub llm_temperature: String,
    /// `seed` sent with each request, or `none` to leave it out [default: the run's `--seed`]
    #[arg(long = "llm-seed", value_name = "none|N")]
    pub llm_seed: Option<String>,
    /// The endpoint's context size in tokens, when it does not say (READMEs are cut to fit)
    #[arg(long = "llm-context-tokens", value_name = "N")]
    pub llm_context_tokens: Option<usize>,
    /// The header that carries the key
    #[arg(long = "llm-api-key-header", value_enum, default_value_t = AuthHeaderArg::Auto)]
    pub llm_api_key_header: AuthHeaderArg,
    /// Requests in flight at most
    #[arg(long = "llm-concurrency", value_name = "N", default_value_t = 8)]
    pub llm_concurrency: usize,
    /// Requests per minute at most (no limit by default)
    #[arg(long = "llm-rpm", value_name = "N")]
    pub llm_rpm: Option<u32>,
    /// Per-request timeout (local servers answer one request at a time, so later ones wait)
    #[arg(long = "llm-timeout", value_name = "SECONDS", default_value_t = 300.0)]
    pub llm_timeout: f64,
    /// Retries on 429, 5xx and timeouts (0: none)
    #[arg(long = "llm-max-retries", value_name = "N", default_value_t = 4)]
    pub llm_max_retries: u32,
    /// First backoff wait, doubled per retry, with seeded jitter
    #[arg(long = "llm-retry-base-ms", value_name = "MS", default_value_t = 500)]
    pub llm_retry_base_ms: u64,
    /// Longest wait between retries, `Retry-After` included
    #[arg(long = "llm-retry-max", value_name = "SECONDS", default_value_t = 60.0)]
    pub llm_retry_max: f64,
    /// Answer cache under the tagvote cache directory
    #[arg(long = "llm-cache", value_enum, default_value_t = CacheArg::Use)]
    pub llm_cache: CacheArg,
    /// Price per million input tokens (for cost reports)
    #[arg(long = "llm-price-input", value_name = "PRICE", default_value_t = 0.0)]
    pub llm_price_input: f64,
    /// Price per million output tokens
    #[arg(long = "llm-price-output", value_name = "PRICE", default_value_t = 0.0)]
    pub llm_price_output: f64,
    /// Price per million input tokens served from the provider's prompt cache [default: the input price]
    #[arg(long = "llm-price-cached-input", value_name = "PRICE")]
    pub llm_price_cached_input: Option<f64>,
    /// Send cache misses as one job to the provider's batch API (`/files` + `/batches`)
    #[arg(long = "llm-batch")]
    pub llm_batch: bool,
    /// First wait between batch status polls (doubles up to 120 s)
    #[arg(long = "llm-batch-poll", value_name = "SECONDS", default_value_t = 5.0)]
    pub llm_batch_poll: f64,
    /// Stop waiting for a batch after this long
    #[arg(long = "llm-batch-max-wait", value_name = "SECONDS", default_value_t = 86_400.0)]
    pub llm_batch_max_wait: f64,
}

impl Default for LlmArgs {
    /// Every flag at its `#[arg]` default.
    fn default() -> Self {
        super::clap_defaults()
    }
}

/// Builds the LLM scorer; `Unavailable` when no endpoint or model is configured, `Config` when a
/// flag's value is wrong (an unreadable `--llm-prompt`, a bad number or URL).
pub fn build(args: &LlmArgs, ctx: &super::BuildContext) -> Result<Box<dyn Scorer>, ScoreError> {
    Ok(Box::new(checker(args, ctx)?))
}

/// The LLM scorer itself (`tagvote llm check` probes its endpoint).
pub fn checker(args: &LlmArgs, ctx: &super::BuildContext) -> Result<LlmScorer, ScoreError> {
    let (base_url, model) = endpoint_and_model(args)?;
    let mut config = LlmConfig::new(base_url, model);
    let key_env = if args.llm_api_key_env.trim().is_empty() {
        "OPENAI_API_KEY"
    } else {
        args.llm_api_key_env.trim()
    };
    config.api_key = ApiKey::from_env(key_env);
    config.api_key_env = key_env.to_string();
    config.template = template(args.llm_prompt.as_deref(), ctx.taxonomy.source_path())?;
    config.structured = match args.llm_structured {
        StructuredArg::JsonSchema => StructuredOutput::JsonSchema,
        StructuredArg::JsonObjectSchema => StructuredOutput::JsonObjectSchema,
        StructuredArg::JsonObject => StructuredOutput::JsonObject,
        StructuredArg::None => StructuredOutput::None,
    };
    config.readme_budget = match (args.llm_readme_chars, args.llm_readme_tokens) {
        (_, Some(tokens)) => ReadmeBudget::Tokens(tokens),
        (Some(chars), None) => ReadmeBudget::Chars(chars),
        (None, None) => ReadmeBudget::default(),
    };
    config.max_tokens = args.llm_max_tokens;
    config.max_tokens_field = match args.llm_max_tokens_field {
        MaxTokensFieldArg::MaxTokens => MaxTokensField::MaxTokens,
        MaxTokensFieldArg::MaxCompletionTokens => MaxTokensField::MaxCompletionTokens,
    };
    config.temperature = optional_number("--llm-temperature", Some(&args.llm_temperature))?;
    config.request_seed = match args.llm_seed.as_deref() {
        None => Some(ctx.seed),
        given => optional_number("--llm-seed", given)?,
    };
    config.context_tokens = args.llm_context_tokens;
    config.auth_header = match args.llm_api_key_header {
        AuthHeaderArg::Auto => AuthHeader::Auto,
        AuthHeaderArg::Bearer => AuthHeader::Bearer,
        AuthHeaderArg::ApiKey => AuthHeader::ApiKey,
    };
    config.seed = ctx.seed;
    config.concurrency = args.llm_concurrency;
    config.requests_per_minute = args.llm_rpm;
    config.timeout = seconds("--llm-timeout", args.llm_timeout)?;
    config.retry = RetryPolicy {
        max_retries: args.llm_max_retries,
        base_delay: Duration::from_millis(args.llm_retry_base_ms),
        max_delay: seconds("--llm-retry-max", args.llm_retry_max)?,
    };
    config.cache_mode = cache_mode(args.llm_cache);
    config.cache_dir = ctx.cache_dir.clone();
    config.pricing = Pricing {
        input_per_million: args.llm_price_input,
        cached_input_per_million: args.llm_price_cached_input,
        output_per_million: args.llm_price_output,
    };
    config.batch = args.llm_batch.then(|| batch_options(args)).transpose()?;
    LlmScorer::new(config, ctx.taxonomy.clone()).map_err(|e| ScoreError::Config(e.to_string()))
}

/// The base URL and model from flags, else the environment. A model alone uses OpenAI's API root.
fn endpoint_and_model(args: &LlmArgs) -> Result<(String, String), ScoreError> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let base_url = args
        .llm_base_url
        .clone()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| env("OPENAI_BASE_URL"));
    let model = args
        .llm_model
        .clone()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| env("TAGVOTE_LLM_MODEL"));
    match (base_url, model) {
        (base_url, Some(model)) => Ok((base_url.unwrap_or_else(|| "https://api.openai.com/v1".into()), model)),
        (None, None) => Err(ScoreError::Unavailable(
            "No LLM endpoint configured; set `--llm-base-url` (or `OPENAI_BASE_URL`) and `--llm-model` \
             (or `TAGVOTE_LLM_MODEL`), and the key in `OPENAI_API_KEY` if the endpoint needs one"
                .into(),
        )),
        (Some(_), None) => Err(ScoreError::Unavailable(
            "No LLM model configured; set `--llm-model` (or `TAGVOTE_LLM_MODEL`)".into(),
        )),
    }
}

/// `--llm-prompt`, else `prompt.txt` next to the taxonomy, else the seed prompt of the shared
/// directory, else the built-in one (with a warning).
fn template(path: Option<&Path>, taxonomy: Option<&Path>) -> Result<PromptTemplate, ScoreError> {
    if let Some(path) = path {
        return PromptTemplate::load(path).map_err(|e| ScoreError::Config(e.to_string()));
    }
    let mut candidates: Vec<PathBuf> = taxonomy.map(|t| t.with_file_name("prompt.txt")).into_iter().collect();
    match crate::defaults::shared_dir() {
        Ok(dir) => candidates.push(dir.join(SEED_PROMPT)),
        Err(searched) => candidates.extend(searched.iter().map(|d| d.join(SEED_PROMPT))),
    }
    candidates.dedup();
    let template = PromptTemplate::default_from(&candidates);
    if *template.source() == TemplateSource::Builtin {
        let looked: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "Warning: no seed prompt found (looked for `{}`); the LLM scorer uses its built-in prompt. \
             Give yours with `--llm-prompt FILE`",
            looked.join("`, `")
        );
    }
    Ok(template)
}

/// `none` → `None`, a number → `Some`, anything else an error naming `flag`.
fn optional_number<T: std::str::FromStr>(flag: &str, value: Option<&str>) -> Result<Option<T>, ScoreError> {
    match value.map(str::trim) {
        None => Ok(None),
        Some(v) if v.eq_ignore_ascii_case("none") => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| ScoreError::Config(format!("Invalid `{flag}` value `{v}`; give a number or `none`"))),
    }
}

fn cache_mode(arg: CacheArg) -> CacheMode {
    match arg {
        CacheArg::Use => CacheMode::Use,
        CacheArg::Refresh => CacheMode::Refresh,
        CacheArg::Off => CacheMode::Off,
        CacheArg::Replay => CacheMode::Replay,
    }
}

fn batch_options(args: &LlmArgs) -> Result<BatchOptions, ScoreError> {
    let poll_initial = seconds("--llm-batch-poll", args.llm_batch_poll)?;
    Ok(BatchOptions {
        poll_initial,
        poll_max: poll_initial.max(Duration::from_secs(120)),
        max_wait: seconds("--llm-batch-max-wait", args.llm_batch_max_wait)?,
    })
}

fn seconds(flag: &str, value: f64) -> Result<Duration, ScoreError> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            ScoreError::Config(format!(
                "Invalid `{flag}` value `{value}`; give a positive number of seconds"
            ))
        })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use clap::Args as _;
    use tagvote_core::{ScorerKind, Taxonomy};

    use super::*;

    fn context() -> crate::scorers::BuildContext {
        let tags = br#"[{"id":4,"name":"cli"},{"id":33,"name":"lib"}]"#;
        crate::scorers::BuildContext {
            taxonomy: Arc::new(Taxonomy::from_json_bytes(tags, Path::new("tags.json")).unwrap()),
            cache_dir: std::env::temp_dir().join("tagvote-llm-args-test"),
            seed: 1,
            fitted_part: None,
        }
    }

    fn local_args() -> LlmArgs {
        LlmArgs {
            llm_base_url: Some("http://127.0.0.1:9/v1".into()),
            llm_model: Some("local-model".into()),
            ..LlmArgs::default()
        }
    }

    #[test]
    fn configured_endpoint_builds_an_io_scorer() {
        let scorer = build(&local_args(), &context()).unwrap();
        assert_eq!((scorer.name(), scorer.kind()), ("llm", ScorerKind::Io));
        assert_eq!(scorer.config()["base_url"], "http://127.0.0.1:9/v1");
        assert_eq!(scorer.config()["model"], "local-model");
    }

    #[test]
    fn bad_settings_are_unavailable_with_the_flag_named() {
        let mut args = local_args();
        args.llm_timeout = 0.0;
        let err = build(&args, &context()).err().unwrap().to_string();
        assert!(err.contains("`--llm-timeout`"), "{err}");
        let mut args = local_args();
        args.llm_prompt = Some(PathBuf::from("/nonexistent/prompt.txt"));
        let err = build(&args, &context()).err().unwrap().to_string();
        assert!(err.contains("/nonexistent/prompt.txt"), "{err}");
    }

    #[test]
    fn temperature_and_seed_take_a_number_or_none() {
        let scorer = build(&local_args(), &context()).unwrap();
        assert_eq!(
            (scorer.config()["temperature"].clone(), scorer.config()["seed"].clone()),
            (serde_json::json!(0.0), serde_json::json!(1))
        );
        let mut args = local_args();
        args.llm_temperature = "none".into();
        args.llm_seed = Some("NONE".into());
        let scorer = build(&args, &context()).unwrap();
        assert!(scorer.config()["temperature"].is_null() && scorer.config()["seed"].is_null());
        args.llm_temperature = "warm".into();
        let err = build(&args, &context()).err().unwrap().to_string();
        assert!(err.contains("`--llm-temperature`") && err.contains("`warm`"), "{err}");
    }

    #[test]
    fn help_lists_the_flags_and_shows_no_environment_values() {
        let help = LlmArgs::augment_args(clap::Command::new("tagvote"))
            .render_long_help()
            .to_string();
        for flag in [
            "--llm-base-url",
            "--llm-model",
            "--llm-api-key-env",
            "--llm-cache",
            "--llm-batch",
            "--llm-temperature",
            "--llm-seed",
            "--llm-max-tokens-field",
            "--llm-context-tokens",
            "--llm-price-cached-input",
        ] {
            assert!(help.contains(flag), "{flag} missing");
        }
        assert!(!help.contains("[env:"), "help must not print environment values");
    }
}
