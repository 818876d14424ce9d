//! The errors of the embedding crate: model files, tokeniser, fetch, cache and fitted parts.

use std::path::PathBuf;

/// What went wrong inside the embedding scorer.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// The model directory lacks a file; the message says how to fetch it.
    #[error(
        "The embedding model is missing `{}`; run `tagvote model fetch --model-dir {}`",
        .path.display(),
        .path.parent().unwrap_or(std::path::Path::new(".")).display()
    )]
    MissingModel { path: PathBuf },
    #[error("Cannot read `{}`: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A model file is present but not what the encoder expects.
    #[error("Model file `{}` is unusable: {reason}", .path.display())]
    BadModel { path: PathBuf, reason: String },
    #[error("Tokeniser `{}` failed: {reason}", .path.display())]
    Tokenizer { path: PathBuf, reason: String },
    /// Obtaining the model failed; the message names the step.
    #[error("Fetching the embedding model failed: {0}")]
    Fetch(String),
    /// `--embed-model` names a model tagvote does not know.
    #[error("Unknown embedding model `{name}`; expected one of `{known}`")]
    UnknownModel { name: String, known: String },
    /// A fitted model part could not be read.
    #[error("The `embed` model part is unusable: {0}; refit it with `tagvote fit embed`")]
    Part(String),
}

impl EmbedError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        EmbedError::Io {
            path: path.into(),
            source,
        }
    }

    pub fn bad_model(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        EmbedError::BadModel {
            path: path.into(),
            reason: reason.into(),
        }
    }
}
