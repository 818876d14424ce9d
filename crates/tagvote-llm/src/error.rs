//! Errors of the LLM scorer that are not tied to one document (configuration, templates, cache).

use std::path::PathBuf;

/// A failure that stops the LLM scorer from being built.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("Cannot read the prompt template `{path}`: {source}; check `--llm-prompt`")]
    TemplateRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("Prompt template `{source_name}`: {reason}")]
    Template { source_name: String, reason: String },
    #[error("Invalid LLM setting `{setting}`: {reason}")]
    Setting { setting: String, reason: String },
    #[error("Cannot set up the HTTP client: {0}")]
    Client(String),
}
