//! The chat-completions request body: model, messages, and the parameters of the run (temperature,
//! seed, output-token limit, response format: JSON schema of the taxonomy, JSON object, or nothing).

use serde::Serialize;
use serde_json::{json, Map, Value};
use tagvote_core::{Taxonomy, MAX_TAGS};

use crate::config::{LlmConfig, StructuredOutput};
use crate::params::RequestParams;

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

/// Builds request bodies for one scorer (the response formats are computed once).
#[derive(Debug, Clone)]
pub(crate) struct RequestBuilder {
    model: String,
    json_schema: Value,
    json_object_schema: Value,
}

impl RequestBuilder {
    pub fn new(config: &LlmConfig, taxonomy: &Taxonomy) -> Self {
        let schema = answer_schema(taxonomy);
        RequestBuilder {
            model: config.model.clone(),
            json_schema: json!({
                "type": "json_schema",
                "json_schema": {"name": "tags", "strict": true, "schema": schema},
            }),
            json_object_schema: json!({"type": "json_object", "schema": schema}),
        }
    }

    /// The JSON body for `messages` with `params`, serialized; parameters set to `None` are not sent.
    pub fn body(&self, messages: &[Message], params: &RequestParams) -> String {
        let mut body = Map::new();
        body.insert("model".into(), json!(self.model));
        body.insert("messages".into(), json!(messages));
        if let Some(t) = params.temperature {
            body.insert("temperature".into(), json!(t));
        }
        if let Some(seed) = params.seed {
            body.insert("seed".into(), json!(seed));
        }
        if let Some(max) = params.max_tokens {
            body.insert(params.max_tokens_field_name().into(), json!(max));
        }
        let format = match params.structured {
            StructuredOutput::None => None,
            StructuredOutput::JsonObject => Some(json!({"type": "json_object"})),
            StructuredOutput::JsonObjectSchema => Some(self.json_object_schema.clone()),
            StructuredOutput::JsonSchema => Some(self.json_schema.clone()),
        };
        if let Some(format) = format {
            body.insert("response_format".into(), format);
        }
        serde_json::to_string(&Value::Object(body)).unwrap_or_default()
    }
}

/// `{"id": string, "tags": [enum of names], maxItems 3}`.
pub(crate) fn answer_schema(taxonomy: &Taxonomy) -> Value {
    let names: Vec<&str> = taxonomy.indices().map(|i| taxonomy.name_as_given(i)).collect();
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
