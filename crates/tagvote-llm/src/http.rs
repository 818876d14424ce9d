//! HTTP transport: one JSON request to the endpoint with a timeout, failures classified into
//! retryable and final, with messages that name the URL (never the key) and what to check.

use std::time::Duration;

use reqwest::header::{HeaderMap, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use serde_json::Value;

use crate::endpoint::AuthHeader;
use crate::error::LlmError;
use crate::secret::ApiKey;

/// Characters of an error response kept for reading it (refused parameters, overflow sizes).
const ERROR_BODY_CHARS: usize = 2000;
/// Characters of an error response shown in messages.
const SHOWN_BODY_CHARS: usize = 300;

/// Why one HTTP call gave no usable response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CallFailure {
    Status {
        code: u16,
        retry_after: Option<Duration>,
        body: String,
    },
    Timeout(Duration),
    Connect(String),
    /// The response arrived but was not readable JSON.
    Body(String),
}

impl CallFailure {
    /// 429, 5xx, timeouts, connection problems and unreadable bodies are worth retrying.
    pub fn is_retryable(&self) -> bool {
        match self {
            CallFailure::Status { code, .. } => *code == 429 || *code >= 500,
            _ => true,
        }
    }

    /// The code and body of an HTTP error response (the body one line, its start only).
    pub fn status(&self) -> Option<(u16, &str)> {
        match self {
            CallFailure::Status { code, body, .. } => Some((*code, body)),
            _ => None,
        }
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            CallFailure::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A one-line message naming `url` and what to check.
    pub fn describe(&self, url: &str, key_env: &str) -> String {
        match self {
            CallFailure::Status { code, body, .. } => {
                let shown: String = body.chars().take(SHOWN_BODY_CHARS).collect();
                format!("HTTP `{code}` from `{url}`: {shown}{}", status_hint(*code, key_env))
            }
            CallFailure::Timeout(after) => format!(
                "No response from `{url}` within `{}` s; raise `--llm-timeout` or check the server's load",
                after.as_secs_f64()
            ),
            CallFailure::Connect(cause) => format!(
                "Cannot reach `{url}`: {cause}; check `--llm-base-url` (or `OPENAI_BASE_URL`) and that the server is running"
            ),
            CallFailure::Body(cause) => format!("Unreadable response from `{url}`: {cause}"),
        }
    }
}

fn status_hint(code: u16, key_env: &str) -> String {
    match code {
        401 | 403 => format!("; check the API key in `{key_env}` (or `--llm-api-key-env`)"),
        404 => "; check `--llm-base-url` (usually ends in `/v1`) and `--llm-model`".into(),
        429 => "; rate limited: lower `--llm-concurrency` or set `--llm-rpm`".into(),
        _ => String::new(),
    }
}

/// `HTTP 500: …` with the first `max_chars` of an error body (for refusals in messages and reports).
pub(crate) fn status_line(code: u16, body: &str, max_chars: usize) -> String {
    format!("HTTP {code}: {}", body.chars().take(max_chars).collect::<String>())
}

/// A JSON-over-HTTP client for one endpoint, with the key attached to every request.
#[derive(Debug, Clone)]
pub(crate) struct HttpClient {
    client: reqwest::Client,
    key: ApiKey,
    auth: AuthHeader,
    timeout: Duration,
}

/// A successful call's JSON body (text documents come as a JSON string).
pub(crate) struct CallSuccess {
    pub body: Value,
}

impl HttpClient {
    /// A client sending `key` in the `auth` header (`Auto` must be resolved first).
    pub fn new(key: ApiKey, auth: AuthHeader, timeout: Duration, concurrency: usize) -> Result<Self, LlmError> {
        let client = reqwest::Client::builder()
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .pool_max_idle_per_host(concurrency.max(1))
            .build()
            .map_err(|e| LlmError::Client(key.scrub(&e.to_string())))?;
        Ok(HttpClient {
            client,
            key,
            auth,
            timeout,
        })
    }

    /// POSTs a serialized JSON body.
    pub async fn post_json(&self, url: &str, body: &str) -> Result<CallSuccess, CallFailure> {
        let request = self
            .client
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_string());
        self.send(request).await
    }

    /// GETs a JSON document.
    pub async fn get_json(&self, url: &str) -> Result<CallSuccess, CallFailure> {
        self.send(self.client.get(url)).await
    }

    /// GETs a text document (batch output files) as a JSON string value.
    pub async fn get_text(&self, url: &str) -> Result<CallSuccess, CallFailure> {
        let response = self.execute(self.client.get(url)).await?;
        let text = response.text().await.map_err(|e| self.failure(&e))?;
        Ok(CallSuccess {
            body: Value::String(text),
        })
    }

    /// Uploads `bytes` as a JSONL file with `purpose=batch` (multipart form).
    pub async fn upload_batch_file(&self, url: &str, bytes: &[u8]) -> Result<CallSuccess, CallFailure> {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec())
            .file_name("tagvote-batch.jsonl")
            .mime_str("application/jsonl")
            .map_err(|e| CallFailure::Body(e.to_string()))?;
        let form = reqwest::multipart::Form::new()
            .text("purpose", "batch")
            .part("file", part);
        self.send(self.client.post(url).multipart(form)).await
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<CallSuccess, CallFailure> {
        let response = self.execute(request).await?;
        let bytes = response.bytes().await.map_err(|e| self.failure(&e))?;
        let body = serde_json::from_slice(&bytes)
            .map_err(|e| CallFailure::Body(format!("not JSON ({e}): {}", self.snippet(&bytes))))?;
        Ok(CallSuccess { body })
    }

    async fn execute(&self, mut request: reqwest::RequestBuilder) -> Result<reqwest::Response, CallFailure> {
        match (self.auth, self.key.expose()) {
            (AuthHeader::ApiKey, Some(key)) => request = request.header("api-key", key),
            (_, Some(key)) => request = request.header(AUTHORIZATION, format!("Bearer {key}")),
            (_, None) => {}
        }
        let response = request
            .timeout(self.timeout)
            .send()
            .await
            .map_err(|e| self.failure(&e))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let retry_after = retry_after(response.headers());
        let bytes = response.bytes().await.unwrap_or_default();
        Err(CallFailure::Status {
            code: status.as_u16(),
            retry_after,
            body: self.snippet(&bytes),
        })
    }

    fn failure(&self, error: &reqwest::Error) -> CallFailure {
        if error.is_timeout() {
            CallFailure::Timeout(self.timeout)
        } else if error.is_connect() {
            CallFailure::Connect(self.key.scrub(&root_cause(error)))
        } else {
            CallFailure::Body(self.key.scrub(&root_cause(error)))
        }
    }

    /// The start of a response body as one line, with the key scrubbed.
    fn snippet(&self, bytes: &[u8]) -> String {
        let text: String = String::from_utf8_lossy(bytes).chars().take(ERROR_BODY_CHARS).collect();
        self.key.scrub(&text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// The innermost error message (reqwest's outer messages repeat the URL).
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

/// `Retry-After` in seconds (fractions allowed) or as an HTTP date, or OpenAI's `retry-after-ms`.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return Duration::try_from_secs_f64(ms / 1000.0).ok();
    }
    let value = header(RETRY_AFTER.as_str())?;
    match value.parse::<f64>() {
        Ok(seconds) => Duration::try_from_secs_f64(seconds).ok(),
        Err(_) => httpdate::parse_http_date(value)
            .ok()
            .map(|at| at.duration_since(std::time::SystemTime::now()).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_milliseconds() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(2)));
        h.insert("retry-after-ms", "150".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_millis(150)));
        let mut date = HeaderMap::new();
        let later = std::time::SystemTime::now() + Duration::from_secs(120);
        date.insert(RETRY_AFTER, httpdate::fmt_http_date(later).parse().unwrap());
        let waited = retry_after(&date).unwrap();
        assert!(
            waited > Duration::from_secs(118) && waited <= Duration::from_secs(120),
            "{waited:?}"
        );
        let mut bad = HeaderMap::new();
        bad.insert(RETRY_AFTER, "-1".parse().unwrap());
        assert_eq!(retry_after(&bad), None);
    }

    #[test]
    fn only_transient_failures_retry() {
        let status = |code| CallFailure::Status {
            code,
            retry_after: None,
            body: String::new(),
        };
        assert!(status(429).is_retryable() && status(503).is_retryable());
        assert!(!status(400).is_retryable() && !status(401).is_retryable());
        assert!(status(401).describe("http://h/v1", "MY_KEY").contains("`MY_KEY`"));
    }
}
