//! Errors of the core readers: whole-file failures and per-line input errors.

use std::path::PathBuf;

/// A failure that stops a whole file from loading (taxonomy, gold, model bundle).
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("Cannot read `{path}`: {source}; check that the file exists and is readable")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("Malformed JSON in `{path}`: {source}; fix the file")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("Invalid taxonomy `{path}`: {problems}")]
    Taxonomy { path: PathBuf, problems: String },
    #[error("Invalid gold file `{path}`:\n{problems}")]
    Gold { path: PathBuf, problems: String },
    #[error("Invalid model file `{path}`: {reason}")]
    Model { path: PathBuf, reason: String },
}

impl CoreError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        CoreError::Io {
            path: path.into(),
            source,
        }
    }
}

/// A problem with one record of an input file; the run goes on without that record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct InputError {
    /// The file the record came from.
    pub path: PathBuf,
    /// 1-based line number for JSONL inputs; `None` for one-file-per-document inputs.
    pub line: Option<u64>,
    /// The document id when it could be read.
    pub id: Option<String>,
    /// The full, user-facing message (names file, line and the fix).
    pub message: String,
}

impl InputError {
    pub fn new(path: &std::path::Path, line: Option<u64>, id: Option<String>, what: &str) -> Self {
        let place = match line {
            Some(l) => format!("`{}` line {l}", path.display()),
            None => format!("`{}`", path.display()),
        };
        let message = match &id {
            Some(id) => format!("{what} (document `{id}` in {place})"),
            None => format!("{what} (in {place})"),
        };
        InputError {
            path: path.to_path_buf(),
            line,
            id,
            message,
        }
    }
}
