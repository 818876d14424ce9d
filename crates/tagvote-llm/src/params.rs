//! The request parameters an endpoint may refuse (structured output, temperature, seed, the
//! output-token limit), and the one-step fallback for each when it is refused.

use serde::{Deserialize, Serialize};

use crate::config::StructuredOutput;

/// Which field carries the output-token limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaxTokensField {
    /// `max_tokens` (most servers).
    #[default]
    MaxTokens,
    /// `max_completion_tokens` (OpenAI reasoning models).
    MaxCompletionTokens,
}

/// The parameters sent with every chat request; adapted during a run when the endpoint refuses one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestParams {
    pub structured: StructuredOutput,
    /// `None`: not sent.
    pub temperature: Option<f64>,
    /// `None`: not sent.
    pub seed: Option<u64>,
    /// The output-token limit; `None`: not sent.
    pub max_tokens: Option<u32>,
    pub max_tokens_field: MaxTokensField,
}

/// A request parameter the endpoint named in a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Param {
    ResponseFormat,
    Temperature,
    Seed,
    MaxTokens,
}

impl Param {
    const ALL: [Param; 4] = [Param::ResponseFormat, Param::Temperature, Param::Seed, Param::MaxTokens];

    /// The request field's name, as recorded in an `Adaptation` (`max_tokens` stands for both
    /// output-token fields).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Param::ResponseFormat => "response_format",
            Param::Temperature => "temperature",
            Param::Seed => "seed",
            Param::MaxTokens => "max_tokens",
        }
    }

    /// The parameter an `Adaptation` names.
    pub(crate) fn from_name(name: &str) -> Option<Param> {
        Param::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// One change made because the endpoint refused a parameter (recorded in the report's config).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Adaptation {
    pub parameter: String,
    pub from: String,
    pub to: String,
    /// The start of the refusal, as the server wrote it.
    pub reason: String,
}

impl RequestParams {
    /// Whether the request carries `param` at all.
    pub(crate) fn sends(&self, param: Param) -> bool {
        match param {
            Param::ResponseFormat => self.structured != StructuredOutput::None,
            Param::Temperature => self.temperature.is_some(),
            Param::Seed => self.seed.is_some(),
            Param::MaxTokens => self.max_tokens.is_some(),
        }
    }

    /// The parameters with `param` replaced by its fallback, and a description of the change;
    /// `None` when there is nothing left to drop.
    pub(crate) fn fallback(&self, param: Param, reason: &str) -> Option<(RequestParams, Adaptation)> {
        let mut next = self.clone();
        let (from, to) = match param {
            Param::ResponseFormat => {
                next.structured = self.structured.fallback()?;
                (self.structured.label(), next.structured.label())
            }
            Param::Temperature => {
                next.temperature = None;
                (format!("{}", self.temperature?), "omitted".to_string())
            }
            Param::Seed => {
                next.seed = None;
                (format!("{}", self.seed?), "omitted".to_string())
            }
            Param::MaxTokens => {
                self.max_tokens?;
                let from = self.max_tokens_field_name().to_string();
                if self.max_tokens_field == MaxTokensField::MaxTokens {
                    next.max_tokens_field = MaxTokensField::MaxCompletionTokens;
                } else {
                    next.max_tokens = None;
                }
                let to = if next.max_tokens.is_some() {
                    next.max_tokens_field_name()
                } else {
                    "omitted"
                };
                (from, to.to_string())
            }
        };
        let adaptation = Adaptation {
            parameter: param.name().to_string(),
            from,
            to,
            reason: reason.chars().take(160).collect(),
        };
        Some((next, adaptation))
    }

    pub(crate) fn max_tokens_field_name(&self) -> &'static str {
        match self.max_tokens_field {
            MaxTokensField::MaxTokens => "max_tokens",
            MaxTokensField::MaxCompletionTokens => "max_completion_tokens",
        }
    }
}

impl StructuredOutput {
    /// `json_schema` → `json_object` with the schema → `json_object` → none.
    fn fallback(self) -> Option<StructuredOutput> {
        match self {
            StructuredOutput::JsonSchema => Some(StructuredOutput::JsonObjectSchema),
            StructuredOutput::JsonObjectSchema => Some(StructuredOutput::JsonObject),
            StructuredOutput::JsonObject => Some(StructuredOutput::None),
            StructuredOutput::None => None,
        }
    }

    /// The kebab-case name used by `--llm-structured`.
    pub(crate) fn label(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> RequestParams {
        RequestParams {
            structured: StructuredOutput::JsonSchema,
            temperature: Some(0.0),
            seed: Some(7),
            max_tokens: Some(100),
            max_tokens_field: MaxTokensField::MaxTokens,
        }
    }

    #[test]
    fn each_refusal_has_one_fallback_step() {
        let (p, a) = params().fallback(Param::ResponseFormat, "no").unwrap();
        assert_eq!(
            (p.structured, a.to.as_str()),
            (StructuredOutput::JsonObjectSchema, "json-object-schema")
        );
        let (p, a) = p.fallback(Param::MaxTokens, "no").unwrap();
        assert_eq!(
            (p.max_tokens_field, a.to.as_str()),
            (MaxTokensField::MaxCompletionTokens, "max_completion_tokens")
        );
        let (p, _) = p.fallback(Param::MaxTokens, "no").unwrap();
        assert_eq!(p.max_tokens, None);
        assert!(p.fallback(Param::MaxTokens, "no").is_none());
        let (p, _) = p.fallback(Param::Temperature, "no").unwrap();
        let (p, _) = p.fallback(Param::Seed, "no").unwrap();
        assert_eq!((p.temperature, p.seed), (None, None));
        let (p, _) = p.fallback(Param::ResponseFormat, "no").unwrap();
        let (p, _) = p.fallback(Param::ResponseFormat, "no").unwrap();
        assert_eq!(p.structured, StructuredOutput::None);
        assert!(p.fallback(Param::ResponseFormat, "no").is_none());
    }
}
