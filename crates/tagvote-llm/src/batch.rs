//! The provider's batch API (OpenAI-style `/files` + `/batches`): documents that miss the cache
//! become one JSONL job, which is uploaded, submitted, polled with backoff and collected; each
//! result line goes through the same validation as an online answer. The batch id is kept in the
//! cache until collected, so a re-run of the same documents picks the running job up.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{json, Value};
use tagvote_core::hash::sha256_hex;
use tagvote_core::{Document, ScoreError, ScoredDoc};
use tokio::time::Instant;

use crate::ask::{ApiCall, CallTally};
use crate::engine::{document_error, Engine, PreparedDoc};
use crate::request::Message;
use crate::response::Completion;

/// The endpoint path each batch line targets.
const BATCH_ENDPOINT: &str = "/v1/chat/completions";

/// What the batch output said about one request.
type LineResult = Result<Value, String>;

impl Engine {
    /// Scores `docs`: cache hits first, then one batch job for the rest.
    pub async fn score_with_batch_api(&self, docs: &[Document]) -> Vec<Result<ScoredDoc, ScoreError>> {
        let prepared: Vec<PreparedDoc> = docs.iter().map(|d| self.prepare(d)).collect();
        let mut results: Vec<Option<Result<ScoredDoc, ScoreError>>> =
            prepared.iter().map(|p| self.cached_result(p)).collect();
        let pending: Vec<usize> = (0..docs.len()).filter(|&i| results[i].is_none()).collect();
        if !pending.is_empty() {
            match self.run_batch_job(&prepared, &pending).await {
                Ok(mut lines) => {
                    for &i in &pending {
                        let line = lines
                            .remove(&custom_id(i))
                            .unwrap_or_else(|| Err("The batch output has no result for this document".into()));
                        results[i] = Some(self.finish_line(&prepared[i], line).await);
                    }
                }
                Err(reason) => {
                    for &i in &pending {
                        results[i] = Some(Err(document_error(&prepared[i].doc_id, reason.clone())));
                    }
                }
            }
        }
        results
            .into_iter()
            .zip(&prepared)
            .map(|(r, p)| r.unwrap_or_else(|| Err(document_error(&p.doc_id, "Not scored"))))
            .collect()
    }

    /// A result line through the same validation (and re-ask) as an online answer.
    async fn finish_line(&self, prepared: &PreparedDoc, line: LineResult) -> Result<ScoredDoc, ScoreError> {
        let body =
            line.map_err(|reason| document_error(&prepared.doc_id, format!("Batch request failed: {reason}")))?;
        let completion = Completion::from_body(&body);
        let tally = CallTally {
            attempts: 1,
            input_tokens: completion.input_tokens,
            cached_tokens: completion.cached_tokens,
            output_tokens: completion.output_tokens,
            latency: Duration::ZERO,
        };
        self.settle(prepared, completion, tally).await
    }

    /// Uploads, submits, polls and collects; returns the result per custom id.
    async fn run_batch_job(
        &self,
        prepared: &[PreparedDoc],
        pending: &[usize],
    ) -> Result<HashMap<String, LineResult>, String> {
        let mut tally = CallTally::default();
        let jsonl = self.batch_input(prepared, pending);
        let job = self
            .cache
            .dir()
            .join("batches")
            .join(format!("{}.json", &sha256_hex(jsonl.as_bytes())[..32]));
        if let Some(batch_id) = self.cache.mode().writes().then(|| running_job(&job)).flatten() {
            tracing::info!(batch = %batch_id, "Picking up the LLM batch an earlier run submitted");
            if let Ok(status) = self.poll_batch(&batch_id, &mut tally).await {
                let lines = self.collect_outputs(&batch_id, &status, &mut tally).await;
                let _ = std::fs::remove_file(&job);
                return lines;
            }
        }
        let batch_id = self.submit_batch(&jsonl, pending.len(), &mut tally).await?;
        if self.cache.mode().writes() {
            remember_job(&job, &batch_id);
        }
        let status = self.poll_batch(&batch_id, &mut tally).await?;
        let lines = self.collect_outputs(&batch_id, &status, &mut tally).await;
        let _ = std::fs::remove_file(&job);
        lines
    }

    /// Uploads the input file and creates the batch; returns its id.
    async fn submit_batch(&self, jsonl: &str, requests: usize, tally: &mut CallTally) -> Result<String, String> {
        let (files_url, batches_url) = (self.config.endpoint("files"), self.config.endpoint("batches"));
        let upload = self.call(ApiCall::Upload(&files_url, jsonl.as_bytes()), "batch-upload", tally);
        let file_id = string_field(&upload.await?.body, "id", "file upload")?;
        let request =
            json!({"input_file_id": file_id, "endpoint": BATCH_ENDPOINT, "completion_window": "24h"}).to_string();
        let created = self.call(ApiCall::PostJson(&batches_url, &request), "batch-create", tally);
        let batch_id = string_field(&created.await?.body, "id", "batch creation")?;
        tracing::info!(batch = %batch_id, requests, "Submitted LLM batch");
        Ok(batch_id)
    }

    fn batch_input(&self, prepared: &[PreparedDoc], pending: &[usize]) -> String {
        let params = self.current_params();
        pending
            .iter()
            .map(|&i| {
                let body = self.requests.body(&[Message::user(&prepared[i].prompt)], &params);
                let body: Value = serde_json::from_str(&body).unwrap_or_default();
                let line = json!({"custom_id": custom_id(i), "method": "POST", "url": BATCH_ENDPOINT, "body": body});
                format!("{line}\n")
            })
            .collect()
    }

    /// Polls with doubling waits until the batch ends or the maximum wait passes.
    async fn poll_batch(&self, batch_id: &str, tally: &mut CallTally) -> Result<Value, String> {
        let options = self.config.batch.unwrap_or_default();
        let url = self.config.endpoint(&format!("batches/{batch_id}"));
        let deadline = Instant::now() + options.max_wait;
        let mut wait = options.poll_initial;
        loop {
            let status = self.call(ApiCall::GetJson(&url), "batch-poll", tally).await?.body;
            let state = status["status"].as_str().unwrap_or("unknown").to_string();
            if matches!(state.as_str(), "completed" | "failed" | "expired" | "cancelled") {
                return Ok(status);
            }
            if Instant::now() + wait > deadline {
                return Err(format!(
                    "Batch `{batch_id}` is still `{state}` after the maximum wait; raise `--llm-batch-max-wait`"
                ));
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(options.poll_max);
        }
    }

    async fn collect_outputs(
        &self,
        batch_id: &str,
        status: &Value,
        tally: &mut CallTally,
    ) -> Result<HashMap<String, LineResult>, String> {
        let state = status["status"].as_str().unwrap_or("unknown");
        let mut lines = HashMap::new();
        for field in ["output_file_id", "error_file_id"] {
            if let Some(file_id) = status[field].as_str().filter(|id| !id.is_empty()) {
                let url = self.config.endpoint(&format!("files/{file_id}/content"));
                let text = self.call(ApiCall::GetText(&url), "batch-output", tally).await?.body;
                lines.extend(text.as_str().unwrap_or_default().lines().filter_map(parse_output_line));
            }
        }
        if lines.is_empty() && state != "completed" {
            return Err(format!("Batch `{batch_id}` ended `{state}`: {}", batch_errors(status)));
        }
        Ok(lines)
    }
}

/// The id of a batch an earlier run submitted for the same input and did not collect.
fn running_job(path: &std::path::Path) -> Option<String> {
    let value: Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    value["batch_id"].as_str().map(str::to_string)
}

/// Keeps the batch id next to the cache, so an interrupted run picks the job up instead of paying again.
fn remember_job(path: &std::path::Path, batch_id: &str) {
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(path, json!({"batch_id": batch_id}).to_string()));
    if let Err(e) = written {
        tracing::warn!(path = %path.display(), "Cannot remember the LLM batch id: {e}; an interrupted run would submit again");
    }
}

fn custom_id(index: usize) -> String {
    format!("doc-{index}")
}

fn string_field(body: &Value, field: &str, step: &str) -> Result<String, String> {
    body[field]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("The {step} response has no `{field}`; does the endpoint support the batch API?"))
}

/// One output line: `{"custom_id", "response": {"status_code", "body"}, "error"}`.
fn parse_output_line(line: &str) -> Option<(String, LineResult)> {
    let value: Value = serde_json::from_str(line.trim()).ok()?;
    let id = value["custom_id"].as_str()?.to_string();
    let response = &value["response"];
    let code = response["status_code"].as_u64().unwrap_or(0);
    let result = if !value["error"].is_null() {
        Err(format!("error {}", value["error"]))
    } else if code == 200 {
        Ok(response["body"].clone())
    } else {
        Err(format!("HTTP `{code}`: {}", response["body"]))
    };
    Some((id, result))
}

fn batch_errors(status: &Value) -> String {
    let errors = &status["errors"]["data"];
    match errors.as_array() {
        Some(list) if !list.is_empty() => list
            .iter()
            .map(|e| e["message"].as_str().unwrap_or("unknown error").to_string())
            .collect::<Vec<_>>()
            .join("; "),
        _ => "no error details given".into(),
    }
}
