//! The chat-completions request body: model, messages, temperature 0, a seed, and the
//! response format (JSON schema of the taxonomy, JSON object, or nothing).

use serde::Serialize;
use serde_json::{json, Value};
use tagvote_core::{Taxonomy, MAX_TAGS};

use crate::config::{LlmConfig, StructuredOutput};

/// One chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Message {
    pub role: &'static str,
    pub content: String,
}

impl Message {
    pub fn user(content: impl Into<String>) -> Self {
        Message {
            role: "user",
            content: content.into(),
        }
    }

    pub fn assistant(content: impl Into<String>) -> Self {
        Message {
            role: "assistant",
            content: content.into(),
        }
    }
}

/// The chat-completions request body.
#[derive(Serialize)]
struct ChatBody<'a> {
    model: &'a str,
    messages: &'a [Message],
    temperature: u8,
    seed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_format: Option<&'a Value>,
}

/// Builds request bodies for one scorer (the response format is computed once).
#[derive(Debug, Clone)]
pub(crate) struct RequestBuilder {
    model: String,
    seed: u64,
    max_tokens: Option<u32>,
    response_format: Option<Value>,
}

impl RequestBuilder {
    pub fn new(config: &LlmConfig, taxonomy: &Taxonomy) -> Self {
        RequestBuilder {
            model: config.model.clone(),
            seed: config.seed,
            max_tokens: config.max_tokens,
            response_format: response_format(config.structured, taxonomy),
        }
    }

    /// The JSON body for `messages`, serialized (the response format is borrowed, not copied).
    pub fn body(&self, messages: &[Message]) -> String {
        let body = ChatBody {
            model: &self.model,
            messages,
            temperature: 0,
            seed: self.seed,
            max_tokens: self.max_tokens,
            response_format: self.response_format.as_ref(),
        };
        serde_json::to_string(&body).unwrap_or_default()
    }
}

/// The `response_format` field for a structured-output mode.
fn response_format(mode: StructuredOutput, taxonomy: &Taxonomy) -> Option<Value> {
    match mode {
        StructuredOutput::None => None,
        StructuredOutput::JsonObject => Some(json!({"type": "json_object"})),
        StructuredOutput::JsonSchema => Some(json!({
            "type": "json_schema",
            "json_schema": {"name": "tags", "strict": true, "schema": answer_schema(taxonomy)},
        })),
    }
}

/// `{"id": string, "tags": [enum of names], maxItems 3}`.
pub(crate) fn answer_schema(taxonomy: &Taxonomy) -> Value {
    let names: Vec<&str> = taxonomy.tags().iter().map(|t| t.name.as_str()).collect();
    json!({
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string", "enum": names}, "maxItems": MAX_TAGS},
        },
        "required": ["id", "tags"],
        "additionalProperties": false,
    })
}
