//! Reading a chat-completions response: the answer text, the finish reason and token usage.

use serde_json::Value;

/// What one successful HTTP call returned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Completion {
    /// The first choice's message content; `None` when there was no usable choice.
    pub content: Option<String>,
    /// Why `content` is missing (no choices, refusal, null content).
    pub missing_reason: Option<String>,
    pub finish_reason: Option<String>,
    pub input_tokens: u64,
    /// Prompt tokens served from the provider's prompt cache (`prompt_tokens_details.cached_tokens`).
    pub cached_tokens: u64,
    pub output_tokens: u64,
}

impl Completion {
    /// Reads a response body; never fails (odd shapes become a missing content).
    pub fn from_body(body: &Value) -> Self {
        let usage = &body["usage"];
        let mut completion = Completion {
            input_tokens: usage["prompt_tokens"].as_u64().unwrap_or(0),
            cached_tokens: usage["prompt_tokens_details"]["cached_tokens"].as_u64().unwrap_or(0),
            output_tokens: usage["completion_tokens"].as_u64().unwrap_or(0),
            ..Completion::default()
        };
        let Some(choice) = body["choices"].as_array().and_then(|c| c.first()) else {
            completion.missing_reason = Some("The response has no `choices`".into());
            return completion;
        };
        completion.finish_reason = choice["finish_reason"].as_str().map(str::to_string);
        let message = &choice["message"];
        match (message["content"].as_str(), message["refusal"].as_str()) {
            (Some(text), _) => completion.content = Some(text.to_string()),
            (None, Some(refusal)) => completion.missing_reason = Some(format!("The model refused: {refusal}")),
            (None, None) => completion.missing_reason = Some("The first choice has no message content".into()),
        }
        completion
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_content_and_usage() {
        let body = json!({"choices":[{"message":{"content":"hi"},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":10,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":8}}});
        let c = Completion::from_body(&body);
        assert_eq!(c.content.as_deref(), Some("hi"));
        assert_eq!((c.input_tokens, c.cached_tokens, c.output_tokens), (10, 8, 2));
    }

    #[test]
    fn empty_choices_are_reported() {
        let c = Completion::from_body(&json!({"choices": []}));
        assert_eq!(c.content, None);
        assert_eq!(c.missing_reason.as_deref(), Some("The response has no `choices`"));
    }
}
