//! Errors of the keyword scorer: a bad lexicon or a model part that cannot be used.

use tagvote_core::ScoreError;

/// Why the keyword scorer could not be built or loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KeywordError {
    /// The lexicon file is malformed or has a bad entry.
    #[error("Invalid keyword lexicon: {0}")]
    Lexicon(String),
    /// A fitted model part does not match this scorer or taxonomy.
    #[error("Invalid keyword model: {0}; refit it with `tagvote fit keyword`")]
    Model(String),
    /// Fitting could not run on the given data.
    #[error("Cannot fit the keyword scorer: {0}")]
    Fit(String),
}

impl From<KeywordError> for ScoreError {
    fn from(e: KeywordError) -> Self {
        match e {
            KeywordError::Lexicon(_) => ScoreError::Unavailable(e.to_string()),
            KeywordError::Model(_) | KeywordError::Fit(_) => ScoreError::Model(e.to_string()),
        }
    }
}
