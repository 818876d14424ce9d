//! The endpoint's models list (`GET {base}/models`): which models it serves and, where the server
//! says so, the context size (vLLM `max_model_len`, LM Studio `max_context_length`, OpenRouter
//! `context_length`, others `context_window` or `n_ctx`).

use serde_json::Value;

use crate::engine::Engine;

/// Fields that carry a model's context size, by server.
const CONTEXT_FIELDS: [&str; 5] = [
    "max_model_len",
    "max_context_length",
    "context_length",
    "context_window",
    "n_ctx",
];

impl Engine {
    /// The models list's entries, or why it could not be read.
    pub(crate) async fn list_models(&self) -> Result<Vec<Value>, String> {
        let url = self.config.endpoint("models");
        let shown = self.shown_url(&url);
        let body = self
            .http
            .get_json(&url)
            .await
            .map_err(|f| self.config.api_key.scrub(&f.describe(&shown, &self.config.api_key_env)))?
            .body;
        body["data"]
            .as_array()
            .or(body["models"].as_array())
            .cloned()
            .ok_or_else(|| format!("`{shown}` answered without a `data` list"))
    }

    /// The configured model's context size from the models list, when the server gives it.
    pub(crate) async fn models_context(&self) -> Option<usize> {
        let models = self.list_models().await.ok()?;
        context_of(&models, &self.config.model)
    }
}

/// The context size of `model` in a models list (the only entry counts when ids do not match).
pub(crate) fn context_of(models: &[Value], model: &str) -> Option<usize> {
    let entry = models
        .iter()
        .find(|m| m["id"].as_str() == Some(model))
        .or_else(|| (models.len() == 1).then(|| &models[0]))?;
    CONTEXT_FIELDS.iter().find_map(|field| {
        entry[field]
            .as_u64()
            .or_else(|| entry["meta"][field].as_u64())
            .map(|n| n as usize)
    })
}

/// The ids in a models list.
pub(crate) fn model_ids(models: &[Value]) -> Vec<String> {
    models
        .iter()
        .filter_map(|m| m["id"].as_str().or(m["name"].as_str()).map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn context_sizes_of_known_servers() {
        let vllm = [json!({"id": "qwen", "max_model_len": 32768})];
        assert_eq!(context_of(&vllm, "qwen"), Some(32768));
        let lm_studio = [json!({"id": "a", "max_context_length": 4096}), json!({"id": "b"})];
        assert_eq!(context_of(&lm_studio, "a"), Some(4096));
        assert_eq!(context_of(&lm_studio, "b"), None);
        let llama_cpp_python = [json!({"id": "gemma3-270m", "object": "model", "owned_by": "me"})];
        assert_eq!(context_of(&llama_cpp_python, "gemma3-270m"), None);
        assert_eq!(model_ids(&llama_cpp_python), vec!["gemma3-270m".to_string()]);
    }
}
