//! The chat-completions request body: model, messages, and the parameters of the run (temperature,
//! seed, output-token limit, response format: JSON schema of the taxonomy, JSON object, or nothing).

use serde::Serialize;
use serde_json::{json, Value};
use tagvote_core::{Taxonomy, MAX_TAGS};

use crate::config::{LlmConfig, StructuredOutput};
use crate::params::{MaxTokensField, RequestParams};

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

/// The chat-completions request body; fields set to `None` are not sent.
#[derive(Serialize)]
struct ChatBody<'a> {
    model: &'a str,
    messages: &'a [Message],
    #[serde(skip_serializing_if = "Option::is_none")]
    temperature: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seed: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_completion_tokens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_format: Option<&'a Value>,
}

/// Builds request bodies for one scorer (the response formats are computed once and borrowed
/// by every request, never copied).
#[derive(Debug, Clone)]
pub(crate) struct RequestBuilder {
    model: String,
    json_schema: Value,
    json_object_schema: Value,
    json_object: Value,
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
            json_object: json!({"type": "json_object"}),
        }
    }

    /// The JSON body for `messages` with `params`, serialized; parameters set to `None` are not sent.
    pub fn body(&self, messages: &[Message], params: &RequestParams) -> String {
        let (max_tokens, max_completion_tokens) = match params.max_tokens_field {
            MaxTokensField::MaxTokens => (params.max_tokens, None),
            MaxTokensField::MaxCompletionTokens => (None, params.max_tokens),
        };
        let body = ChatBody {
            model: &self.model,
            messages,
            temperature: params.temperature,
            seed: params.seed,
            max_tokens,
            max_completion_tokens,
            response_format: match params.structured {
                StructuredOutput::None => None,
                StructuredOutput::JsonObject => Some(&self.json_object),
                StructuredOutput::JsonObjectSchema => Some(&self.json_object_schema),
                StructuredOutput::JsonSchema => Some(&self.json_schema),
            },
        };
        serde_json::to_string(&body).unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::LlmConfig;

    #[test]
    fn unsent_parameters_are_left_out_and_the_limit_goes_in_its_field() {
        let taxonomy = Taxonomy::from_json_bytes(br#"[{"id":4,"name":"cli"}]"#, Path::new("t")).unwrap();
        let builder = RequestBuilder::new(&LlmConfig::new("http://h/v1", "m"), &taxonomy);
        let params = RequestParams {
            structured: StructuredOutput::JsonObject,
            temperature: None,
            seed: Some(1),
            max_tokens: Some(5),
            max_tokens_field: MaxTokensField::MaxCompletionTokens,
        };
        assert_eq!(
            builder.body(&[Message::user("hi")], &params),
            r#"{"model":"m","messages":[{"role":"user","content":"hi"}],"seed":1,"max_completion_tokens":5,"response_format":{"type":"json_object"}}"#
        );
        let schema = RequestParams {
            structured: StructuredOutput::JsonSchema,
            temperature: Some(0.0),
            max_tokens_field: MaxTokensField::MaxTokens,
            ..params
        };
        let body: Value = serde_json::from_str(&builder.body(&[], &schema)).unwrap();
        assert_eq!(body["temperature"], json!(0.0));
        assert_eq!(body["max_tokens"], json!(5));
        assert_eq!(
            body["response_format"]["json_schema"]["schema"]["properties"]["tags"]["items"]["enum"],
            json!(["cli"])
        );
    }
}
