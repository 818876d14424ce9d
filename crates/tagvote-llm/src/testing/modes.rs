//! Scripts that behave like real endpoints which refuse or fail in their own ways, for tests that
//! run the scorer with nothing but a base URL and a model. Each answers `{"tags":["cli","lib"]}`
//! once the request is one it accepts.

use serde_json::{json, Value};

use super::reply::{ChatRequest, MockReply};

/// The answer every mode gives to a request it accepts.
const ACCEPTED_ANSWER: &str = r#"{"tags":["cli","lib"]}"#;

/// An endpoint behaviour the scorer must cope with by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Accepts everything.
    Plain,
    /// llama-cpp-python: `response_format.type` only `text` or `json_object` (a 500), the schema
    /// inside `json_object` accepted.
    LlamaCppPython,
    /// OpenAI reasoning models: 400 on `temperature` other than 1 and on `max_tokens`.
    ReasoningModel,
    /// Gemini's OpenAI layer: 400 `Unknown name "seed"`.
    Gemini,
    /// A context of this many tokens (4 characters each); longer prompts get OpenAI's 400.
    ContextOverflow400(usize),
    /// The same with llama.cpp's older 500 `Requested tokens (N) exceed context window of C`.
    ContextOverflow500(usize),
    /// The model repeats the prompt's example `{"id":"3930","tags":[]}` before its answer.
    EchoedExample,
    /// 401 for every request (a bad key).
    Unauthorized,
    /// 429 `insufficient_quota` for every request.
    Quota,
}

impl Behaviour {
    /// The reply to `request`.
    pub fn reply(self, request: &ChatRequest) -> MockReply {
        let body = &request.body;
        match self {
            Behaviour::Plain => MockReply::answer(request, ACCEPTED_ANSWER),
            Behaviour::LlamaCppPython if body["response_format"]["type"] == "json_schema" => llama_cpp_python_refusal(),
            Behaviour::ReasoningModel if body.get("temperature").is_some_and(|t| t.as_f64() != Some(1.0)) => {
                openai_error(400, "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", "temperature", "unsupported_value")
            }
            Behaviour::ReasoningModel if body.get("max_tokens").is_some() => openai_error(
                400,
                "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
                "max_tokens",
                "unsupported_parameter",
            ),
            Behaviour::Gemini if body.get("seed").is_some() => gemini_unknown_field("seed"),
            Behaviour::ContextOverflow400(context) | Behaviour::ContextOverflow500(context)
                if prompt_tokens(body) > context =>
            {
                overflow(self, context, prompt_tokens(body))
            }
            Behaviour::EchoedExample => MockReply::answer(
                request,
                &format!("The expected json: {{\"id\":\"3930\",\"tags\":[]}}\nMy answer: {ACCEPTED_ANSWER}"),
            ),
            Behaviour::Unauthorized => openai_error(
                401,
                "Incorrect API key provided. You can find your API key in your account settings.",
                "",
                "invalid_api_key",
            ),
            Behaviour::Quota => openai_error(
                429,
                "You exceeded your current quota, please check your plan and billing details.",
                "",
                "insufficient_quota",
            ),
            _ => MockReply::answer(request, ACCEPTED_ANSWER),
        }
    }
}

/// Prompt tokens counted as the mock's usage counts them: 4 characters each.
fn prompt_tokens(body: &Value) -> usize {
    let chars: usize = body["messages"]
        .as_array()
        .map(|m| {
            m.iter()
                .map(|x| x["content"].as_str().map_or(0, |c| c.chars().count()))
                .sum()
        })
        .unwrap_or(0);
    chars / 4
}

fn overflow(mode: Behaviour, context: usize, tokens: usize) -> MockReply {
    match mode {
        Behaviour::ContextOverflow500(_) => MockReply::error(
            500,
            &format!("Requested tokens ({tokens}) exceed context window of {context}"),
        ),
        _ => openai_error(
            400,
            &format!(
                "This model's maximum context length is {context} tokens. However, you requested {tokens} tokens \
                 ({tokens} in the messages, None in the completion). Please reduce the length of the messages or completion."
            ),
            "messages",
            "context_length_exceeded",
        ),
    }
}

fn openai_error(status: u16, message: &str, param: &str, code: &str) -> MockReply {
    let param = (!param.is_empty()).then_some(param);
    let body = json!({"error": {"message": message, "type": "invalid_request_error", "param": param, "code": code}});
    MockReply::raw(status, body.to_string())
}

fn llama_cpp_python_refusal() -> MockReply {
    let message = "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), \
        'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema', 'ctx': {'expected': \"'text' or 'json_object'\"}}";
    let body = json!({"error": {"message": message, "type": "internal_server_error", "param": null, "code": null}});
    MockReply::raw(500, body.to_string())
}

fn gemini_unknown_field(field: &str) -> MockReply {
    let message = format!("Invalid JSON payload received. Unknown name \"{field}\": Cannot find field.");
    let body = json!([{"error": {"code": 400, "message": message, "status": "INVALID_ARGUMENT"}}]);
    MockReply::raw(400, body.to_string())
}
