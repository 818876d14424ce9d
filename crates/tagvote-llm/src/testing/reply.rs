//! What the mock server hands its script (a chat request) and what the script answers.

use std::time::Duration;

use serde_json::{json, Value};

/// A chat-completions request as the script sees it.
#[derive(Debug, Clone)]
pub struct ChatRequest {
    /// The whole JSON body.
    pub body: Value,
    /// The first user message (the rendered prompt).
    pub prompt: String,
    /// The last message's content (differs from `prompt` on a re-ask).
    pub last_message: String,
    /// Messages in the request.
    pub message_count: usize,
    /// How many earlier requests carried the same `prompt` (0 for the first).
    pub seen_before: usize,
}

/// The scripted reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockReply {
    pub status: u16,
    pub body: String,
    /// Wait before answering.
    pub delay: Duration,
    pub headers: Vec<(String, String)>,
}

impl MockReply {
    /// A 200 chat completion whose first choice says `content`; usage is counted at about
    /// four characters per token of the prompt and of the answer.
    pub fn answer(request: &ChatRequest, content: &str) -> Self {
        let prompt_chars: usize = request.body["messages"]
            .as_array()
            .map(|m| m.iter().map(|x| x["content"].as_str().map_or(0, str::len)).sum())
            .unwrap_or(0);
        let body = json!({
            "id": "chatcmpl-mock",
            "object": "chat.completion",
            "model": request.body["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": prompt_chars / 4 + 1, "completion_tokens": content.len() / 4 + 1},
        });
        Self::raw(200, body.to_string())
    }

    /// Any status and body.
    pub fn raw(status: u16, body: impl Into<String>) -> Self {
        MockReply {
            status,
            body: body.into(),
            delay: Duration::ZERO,
            headers: Vec::new(),
        }
    }

    /// An error status with an OpenAI-style error body.
    pub fn error(status: u16, message: &str) -> Self {
        Self::raw(
            status,
            json!({"error": {"message": message, "type": "mock"}}).to_string(),
        )
    }

    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// One request as it arrived (for checks such as "the key went only into `Authorization`").
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl ChatRequest {
    /// Reads a chat request body; `seen_before` is filled by the server.
    pub(crate) fn from_body(body: Value) -> Self {
        let messages = body["messages"].as_array().cloned().unwrap_or_default();
        let text = |m: Option<&Value>| m.and_then(|m| m["content"].as_str()).unwrap_or_default().to_string();
        ChatRequest {
            prompt: text(messages.iter().find(|m| m["role"] == "user")),
            last_message: text(messages.last()),
            message_count: messages.len(),
            seen_before: 0,
            body,
        }
    }
}
