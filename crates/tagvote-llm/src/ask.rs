//! One API call with the global limits, retries, backoff and a tally of attempts, tokens and time.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::engine::Engine;
use crate::http::{CallFailure, CallSuccess};
use crate::request::Message;
use crate::response::Completion;
use crate::retry::jitter;

/// What a document's calls cost so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CallTally {
    pub attempts: u32,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// Sum of request round trips (backoff waits and queueing excluded).
    pub latency: Duration,
}

/// One HTTP request the engine can repeat.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ApiCall<'a> {
    /// A serialized JSON body.
    PostJson(&'a str, &'a str),
    GetJson(&'a str),
    GetText(&'a str),
    /// A multipart upload of `bytes` as a batch input file.
    Upload(&'a str, &'a [u8]),
}

impl ApiCall<'_> {
    fn url(&self) -> &str {
        match self {
            ApiCall::PostJson(url, _) | ApiCall::GetJson(url) | ApiCall::GetText(url) | ApiCall::Upload(url, _) => url,
        }
    }
}

impl Engine {
    /// Sends `messages` to chat completions, retrying transient failures.
    pub async fn complete(
        &self,
        messages: &[Message],
        salt: &str,
        tally: &mut CallTally,
    ) -> Result<Completion, String> {
        let body = self.requests.body(messages);
        let url = self.config.endpoint("chat/completions");
        let success = self.call(ApiCall::PostJson(&url, &body), salt, tally).await?;
        let completion = Completion::from_body(&success.body);
        tally.input_tokens += completion.input_tokens;
        tally.output_tokens += completion.output_tokens;
        Ok(completion)
    }

    /// Makes `call`, retrying transient failures with backoff; the error names the URL and what to check.
    pub async fn call(&self, call: ApiCall<'_>, salt: &str, tally: &mut CallTally) -> Result<CallSuccess, String> {
        let policy = self.config.retry;
        let mut retry = 0;
        loop {
            let permit = self.limiter.acquire().await;
            if let Some(reason) = self.unreachable.get() {
                return Err(format!("Not sent: {reason}"));
            }
            let started = Instant::now();
            let result = self.call_once(call).await;
            drop(permit);
            tally.attempts += 1;
            tally.latency += started.elapsed();
            let failure = match result {
                Ok(success) => {
                    self.reached.store(true, Ordering::Relaxed);
                    return Ok(success);
                }
                Err(failure) => failure,
            };
            if !matches!(failure, CallFailure::Connect(_)) {
                self.reached.store(true, Ordering::Relaxed);
            }
            if !failure.is_retryable() || retry >= policy.max_retries {
                return Err(self.give_up(call, &failure, tally.attempts));
            }
            let wait = policy.delay(retry, failure.retry_after(), jitter(self.config.seed, salt, retry));
            tracing::debug!(url = %self.shown_url(call.url()), retry, wait_ms = wait.as_millis() as u64, "Retrying LLM request");
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    async fn call_once(&self, call: ApiCall<'_>) -> Result<CallSuccess, CallFailure> {
        match call {
            ApiCall::PostJson(url, body) => self.http.post_json(url, body).await,
            ApiCall::GetJson(url) => self.http.get_json(url).await,
            ApiCall::GetText(url) => self.http.get_text(url).await,
            ApiCall::Upload(url, bytes) => self.http.upload_batch_file(url, bytes).await,
        }
    }

    /// The final error; an endpoint that was never reached is remembered so other documents fail fast.
    fn give_up(&self, call: ApiCall<'_>, failure: &CallFailure, attempts: u32) -> String {
        let described = failure.describe(&self.shown_url(call.url()), &self.config.api_key_env);
        if matches!(failure, CallFailure::Connect(_)) && !self.reached.load(Ordering::Relaxed) {
            let _ = self.unreachable.set(described.clone());
        }
        let message = match attempts {
            1 => described,
            n => format!("All `{n}` requests failed; last: {described}"),
        };
        self.config.api_key.scrub(&message)
    }

    /// A URL as shown to users: credentials removed.
    pub fn shown_url(&self, url: &str) -> String {
        let base = self.config.base_url.trim().trim_end_matches('/');
        match url.strip_prefix(base) {
            Some(path) => format!("{}{path}", self.config.display_base_url()),
            None => self.config.api_key.scrub(url),
        }
    }
}
