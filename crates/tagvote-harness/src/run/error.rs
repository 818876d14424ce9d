//! Errors that stop a run (as opposed to per-document failures, which are recorded).

use std::path::PathBuf;

/// Why a run could not start or could not go on.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("Cannot write `{path}`: {source}; check the disk and the file's permissions")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("Cannot read `{path}` to resume: {source}")]
    ResumeRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("Cannot resume from `{path}` line {line}: {reason}; remove the file or run without `--resume`")]
    ResumeParse { path: PathBuf, line: u64, reason: String },
    #[error("No scorer to run; choose at least one with `--scorers`")]
    NoScorers,
    #[error("The run stopped unexpectedly: {0}")]
    Internal(String),
}
