//! `tagvote llm check`: probes an endpoint with tiny requests (models list, plain chat, then one
//! feature at a time: structured output kinds, temperature, seed, the output-token field) and
//! says what works, the context size where the server tells it, and the parameters a run will use.

use serde::Serialize;

use crate::config::StructuredOutput;
use crate::engine::{describe_params, Engine};
use crate::http::{status_line, CallFailure};
use crate::models::{context_of, model_ids};
use crate::params::{MaxTokensField, Param, RequestParams};
use crate::refusal::{fatal_cause, refused_param};
use crate::request::Message;
use crate::scorer::LlmScorer;

/// Output tokens asked for in probes (they only need to show the request is accepted).
const PROBE_MAX_TOKENS: u32 = 16;
/// Characters of a refusal's body shown in the table.
const DETAIL_CHARS: usize = 120;

/// How one probe went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProbeResult {
    Works,
    /// The endpoint refused the feature; the scorer does without it.
    Refused,
    Failed,
}

/// One row of the check's table.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeRow {
    pub feature: String,
    pub result: ProbeResult,
    pub detail: String,
}

/// What `check` found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub rows: Vec<ProbeRow>,
    /// The context size in tokens, when the models list or `--llm-context-tokens` gives it.
    pub context_tokens: Option<usize>,
    /// The parameters a run will send.
    pub params: RequestParams,
    /// True when a plain chat request works: tagging will work.
    pub usable: bool,
}

impl CheckReport {
    /// The table and the verdict as text.
    pub fn render(&self) -> String {
        let mut out = format!("{:<34} {:<8} {}\n", "Feature", "Result", "Detail");
        for row in &self.rows {
            let result = serde_json::to_value(&row.result)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string));
            out.push_str(&format!(
                "{:<34} {:<8} {}\n",
                row.feature,
                result.unwrap_or_default(),
                row.detail
            ));
        }
        let context = self.context_tokens.map_or(
            "unknown (learned from the first overflow error, or give `--llm-context-tokens N`)".into(),
            |c| format!("`{c}` tokens"),
        );
        out.push_str(&format!(
            "\nContext: {context}\nA run will send: {}\n",
            describe_params(&self.params)
        ));
        out.push_str(if self.usable {
            "Tagging will work with these settings (they are stored as the endpoint's profile).\n"
        } else {
            "Tagging will not work: see the failures above.\n"
        });
        out
    }
}

impl LlmScorer {
    /// Probes the endpoint; stores what it refused as the endpoint's profile.
    pub async fn check(&self) -> CheckReport {
        self.engine().check().await
    }
}

impl Engine {
    async fn check(&self) -> CheckReport {
        let mut rows = Vec::new();
        let context = self.check_models(&mut rows).await;
        let url = self.config.endpoint("chat/completions");
        let mut base = RequestParams {
            structured: StructuredOutput::None,
            temperature: None,
            seed: None,
            max_tokens: Some(PROBE_MAX_TOKENS),
            max_tokens_field: MaxTokensField::MaxTokens,
        };
        let mut usable = self
            .probe(
                &url,
                "chat completions (`max_tokens`)",
                &base,
                Param::MaxTokens,
                &mut rows,
            )
            .await;
        if !usable && rows.last().is_some_and(|r| r.result == ProbeResult::Refused) {
            base.max_tokens_field = MaxTokensField::MaxCompletionTokens;
            usable = self
                .probe(
                    &url,
                    "chat completions (`max_completion_tokens`)",
                    &base,
                    Param::MaxTokens,
                    &mut rows,
                )
                .await;
        }
        let mut params = self.config.initial_params();
        if usable {
            params = self.check_features(&url, &base, params, &mut rows).await;
        }
        if base.max_tokens_field == MaxTokensField::MaxCompletionTokens {
            params.max_tokens_field = MaxTokensField::MaxCompletionTokens;
        }
        if usable {
            *self.params.write().unwrap_or_else(std::sync::PoisonError::into_inner) = params.clone();
            self.save_profile();
        }
        CheckReport {
            rows,
            context_tokens: context.or(self.config.context_tokens),
            params,
            usable,
        }
    }

    /// Probes each parameter the run starts with, applying the fallbacks a run would make.
    async fn check_features(
        &self,
        url: &str,
        base: &RequestParams,
        mut params: RequestParams,
        rows: &mut Vec<ProbeRow>,
    ) -> RequestParams {
        while params.structured != StructuredOutput::None {
            let probe = RequestParams {
                structured: params.structured,
                ..base.clone()
            };
            let feature = format!("response_format `{}`", params.structured.label());
            if self.probe(url, &feature, &probe, Param::ResponseFormat, rows).await {
                break;
            }
            params = self.record_fallback(params, Param::ResponseFormat, rows);
        }
        for param in [Param::Temperature, Param::Seed] {
            if !params.sends(param) {
                continue;
            }
            let probe = RequestParams {
                temperature: params.temperature.filter(|_| param == Param::Temperature),
                seed: params.seed.filter(|_| param == Param::Seed),
                ..base.clone()
            };
            if !self.probe(url, param.name(), &probe, param, rows).await {
                params = self.record_fallback(params, param, rows);
            }
        }
        params
    }

    fn record_fallback(&self, params: RequestParams, param: Param, rows: &[ProbeRow]) -> RequestParams {
        let reason = rows.last().map(|r| r.detail.clone()).unwrap_or_default();
        match params.fallback(param, &reason) {
            Some((next, adaptation)) => {
                if let Ok(mut learned) = self.learned.lock() {
                    learned.adaptations.push(adaptation);
                }
                next
            }
            None => params,
        }
    }

    /// One tiny request; true when it was accepted.
    async fn probe(
        &self,
        url: &str,
        feature: &str,
        params: &RequestParams,
        param: Param,
        rows: &mut Vec<ProbeRow>,
    ) -> bool {
        let messages = [Message::user(r#"Reply with only this JSON: {"id":"1","tags":["cli"]}"#)];
        let body = self.requests.body(&messages, params);
        let (result, detail) = match self.http.post_json(url, &body).await {
            Ok(_) => (ProbeResult::Works, String::new()),
            Err(failure) => self.judge(url, &failure, params, param),
        };
        let works = result == ProbeResult::Works;
        rows.push(ProbeRow {
            feature: feature.to_string(),
            result,
            detail: self.config.api_key.scrub(&detail),
        });
        works
    }

    fn judge(&self, url: &str, failure: &CallFailure, params: &RequestParams, param: Param) -> (ProbeResult, String) {
        let shown = self.shown_url(url);
        if let Some((code, body)) = failure.status() {
            if let Some(cause) = fatal_cause(code, body, &self.fatal_context(&shown)) {
                return (ProbeResult::Failed, cause);
            }
            if refused_param(code, body, params) == Some(param) {
                return (ProbeResult::Refused, status_line(code, body, DETAIL_CHARS));
            }
        }
        (ProbeResult::Failed, failure.describe(&shown, &self.config.api_key_env))
    }

    /// The models list row; returns the context size when given.
    async fn check_models(&self, rows: &mut Vec<ProbeRow>) -> Option<usize> {
        let (result, detail, context) = match self.list_models().await {
            Ok(models) => {
                let ids = model_ids(&models);
                let listed = ids.iter().any(|id| id == &self.config.model);
                let context = context_of(&models, &self.config.model);
                let detail = format!(
                    "`{}` models; `{}` {}; context {}",
                    ids.len(),
                    self.config.model,
                    if listed { "listed" } else { "not listed" },
                    context.map_or("not given".into(), |c| format!("`{c}` tokens")),
                );
                (ProbeResult::Works, detail, context)
            }
            Err(reason) => (ProbeResult::Failed, reason, None),
        };
        rows.push(ProbeRow {
            feature: "models list".into(),
            result,
            detail,
        });
        if let (Some(c), Ok(mut learned)) = (context, self.learned.lock()) {
            learned.context_tokens = Some(c);
        }
        context
    }
}
