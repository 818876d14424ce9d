//! Reading an error response: a refused request parameter, a context overflow (with the sizes
//! the server names), or a cause that no retry can fix (bad key, unknown model, wrong URL, quota).

use crate::params::{Param, RequestParams};

/// What an overflow error said about sizes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Overflow {
    /// The endpoint's context size in tokens, when named.
    pub context_tokens: Option<usize>,
    /// The prompt's size in tokens as the server counted it, when named.
    pub prompt_tokens: Option<usize>,
}

/// Words that identify each refusable parameter in an error body.
const PARAM_WORDS: [(Param, &[&str]); 4] = [
    (
        Param::ResponseFormat,
        &["response_format", "json_schema", "json_object", "structured output"],
    ),
    (Param::MaxTokens, &["max_tokens", "max_completion_tokens"]),
    (Param::Temperature, &["temperature"]),
    (Param::Seed, &["seed"]),
];

/// Phrases of context-overflow errors (OpenAI, vLLM, llama.cpp, llama-cpp-python, Anthropic, Ollama).
const OVERFLOW_PHRASES: [&str; 9] = [
    "context_length_exceeded",
    "maximum context length",
    "exceed_context_size",
    "available context size",
    "exceed context window",
    "exceeds the context window",
    "context window of",
    "prompt is too long",
    "input is too long",
];

/// The parameter a 400/422/500 refuses, when the body names one the request carried.
pub(crate) fn refused_param(code: u16, body: &str, sent: &RequestParams) -> Option<Param> {
    if !matches!(code, 400 | 422 | 500 | 501) || overflow(code, body).is_some() {
        return None;
    }
    let lower = body.to_lowercase();
    let named = error_param(body).map(|p| p.to_lowercase());
    let sent_and = |test: &dyn Fn(&str) -> bool| {
        PARAM_WORDS
            .iter()
            .find(|(param, words)| sent.sends(*param) && words.iter().any(|w| test(w)))
            .map(|(param, _)| *param)
    };
    named
        .as_deref()
        .and_then(|n| sent_and(&|w| n.contains(w)))
        .or_else(|| sent_and(&|w| mentions(&lower, w)))
}

/// The overflow a response reports, with the sizes it names.
pub(crate) fn overflow(code: u16, body: &str) -> Option<Overflow> {
    let lower = body.to_lowercase();
    if !matches!(code, 400 | 413 | 422 | 500) || !OVERFLOW_PHRASES.iter().any(|p| lower.contains(p)) {
        return None;
    }
    let context_tokens = [
        "maximum context length is",
        "context window of",
        "\"n_ctx\":",
        "tokens >",
    ]
    .iter()
    .find_map(|p| number_after(&lower, p));
    let prompt_tokens = [
        "tokens (",
        "\"n_prompt_tokens\":",
        "prompt is too long:",
        "requested tokens (",
    ]
    .iter()
    .find_map(|p| number_after(&lower, p));
    Some(Overflow {
        context_tokens,
        prompt_tokens,
    })
}

/// Who to blame for a failure that no retry fixes; `None` for anything else.
pub(crate) struct FatalContext<'a> {
    pub url: &'a str,
    pub model: &'a str,
    pub key_env: &'a str,
    pub key_set: bool,
}

/// One message naming the cause of a 401/403/404 or an exhausted quota.
pub(crate) fn fatal_cause(code: u16, body: &str, ctx: &FatalContext<'_>) -> Option<String> {
    let lower = body.to_lowercase();
    let short: String = body.chars().take(200).collect();
    let key = ctx.key_env;
    if matches!(code, 402 | 403 | 429)
        && ["insufficient_quota", "quota", "billing", "credit"]
            .iter()
            .any(|w| lower.contains(w))
    {
        return Some(format!(
            "Out of quota: HTTP `{code}` from `{}` says the account behind the key in `{key}` has no quota or credit left \
             ({short}); add credit or use another key, then run again",
            ctx.url
        ));
    }
    match code {
        401 | 403 if !ctx.key_set => Some(format!(
            "No API key was sent: `{key}` is not set, and `{}` answered HTTP `{code}` ({short}); export the key in \
             `{key}` or name another variable with `--llm-api-key-env`",
            ctx.url
        )),
        401 | 403 => Some(format!(
            "Bad API key: `{}` refused the key in `{key}` with HTTP `{code}` ({short}); check the key in `{key}` \
             (or `--llm-api-key-env`) and that it may use model `{}`",
            ctx.url, ctx.model
        )),
        404 if lower.contains("model") => Some(format!(
            "Wrong model name: `{}` does not know model `{}` (HTTP `404`: {short}); check `--llm-model` \
             (`tagvote llm check` lists the endpoint's models)",
            ctx.url, ctx.model
        )),
        404 => Some(format!(
            "Wrong URL: nothing answers at `{}` (HTTP `404`: {short}); check `--llm-base-url` (the API root, \
             usually ending in `/v1`)",
            ctx.url
        )),
        _ => None,
    }
}

/// `error.param` of an OpenAI-style error body.
fn error_param(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    value["error"]["param"].as_str().map(str::to_string)
}

/// Whether `word` occurs in `text` not as part of a longer identifier.
fn mentions(text: &str, word: &str) -> bool {
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    text.match_indices(word)
        .any(|(at, _)| !ident(text[..at].chars().next_back()) && !ident(text[at + word.len()..].chars().next()))
}

/// The first integer after `pattern` (spaces, quotes and `:` skipped).
fn number_after(text: &str, pattern: &str) -> Option<usize> {
    let at = text.find(pattern)? + pattern.len();
    let rest = text[at..].trim_start_matches([' ', '"', ':', '=']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::StructuredOutput;
    use crate::params::MaxTokensField;

    fn sent() -> RequestParams {
        RequestParams {
            structured: StructuredOutput::JsonSchema,
            temperature: Some(0.0),
            seed: Some(1),
            max_tokens: Some(50),
            max_tokens_field: MaxTokensField::MaxTokens,
        }
    }

    #[test]
    fn refusals_of_real_servers_name_the_parameter() {
        let llama_cpp_python = r#"{"error":{"message":"1 validation error:\n {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), 'msg': \"Input should be 'text' or 'json_object'\"}","type":"internal_server_error","param":null}}"#;
        assert_eq!(
            refused_param(500, llama_cpp_python, &sent()),
            Some(Param::ResponseFormat)
        );
        let openai = r#"{"error":{"message":"Unsupported value: 'temperature' does not support 0 with this model.","param":"temperature","code":"unsupported_value"}}"#;
        assert_eq!(refused_param(400, openai, &sent()), Some(Param::Temperature));
        let openai_max = r#"{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.","param":"max_tokens"}}"#;
        assert_eq!(refused_param(400, openai_max, &sent()), Some(Param::MaxTokens));
        let gemini = r#"[{"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \"seed\": Cannot find field.","status":"INVALID_ARGUMENT"}}]"#;
        assert_eq!(refused_param(400, gemini, &sent()), Some(Param::Seed));
        let mut no_seed = sent();
        no_seed.seed = None;
        assert_eq!(
            refused_param(400, gemini, &no_seed),
            None,
            "only parameters that were sent"
        );
        assert_eq!(refused_param(400, "seedless words", &sent()), None);
    }

    #[test]
    fn overflows_give_the_sizes_they_name() {
        let lcp = r#"{"error":{"message":"This model's maximum context length is 2048 tokens. However, you requested 3010 tokens (3010 in the messages, None in the completion).","param":"messages","code":"context_length_exceeded"}}"#;
        let o = overflow(400, lcp).unwrap();
        assert_eq!((o.context_tokens, o.prompt_tokens), (Some(2048), Some(3010)));
        assert_eq!(refused_param(400, lcp, &sent()), None);
        let llama_cpp = r#"{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":5000,"n_ctx":4096}}"#;
        let o = overflow(400, llama_cpp).unwrap();
        assert_eq!((o.context_tokens, o.prompt_tokens), (Some(4096), Some(5000)));
        let old = r#"{"error":{"message":"Requested tokens (3100) exceed context window of 2048"}}"#;
        let o = overflow(500, old).unwrap();
        assert_eq!((o.context_tokens, o.prompt_tokens), (Some(2048), Some(3100)));
        assert!(overflow(400, "bad request").is_none());
    }

    #[test]
    fn fatal_causes_are_named() {
        let ctx = FatalContext {
            url: "http://h/v1/chat/completions",
            model: "m1",
            key_env: "MY_KEY",
            key_set: true,
        };
        assert!(fatal_cause(401, "{}", &ctx).unwrap().contains("`MY_KEY`"));
        assert!(fatal_cause(404, "model `m1` not found", &ctx)
            .unwrap()
            .starts_with("Wrong model name"));
        assert!(fatal_cause(404, "Not Found", &ctx).unwrap().starts_with("Wrong URL"));
        let quota = r#"{"error":{"code":"insufficient_quota"}}"#;
        assert!(fatal_cause(429, quota, &ctx).unwrap().starts_with("Out of quota"));
        assert!(fatal_cause(429, "slow down", &ctx).is_none());
        assert!(fatal_cause(500, "oops", &ctx).is_none());
    }
}
