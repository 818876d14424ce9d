//! Why shard outputs could not be merged; every message names the file and what to do.

use std::path::PathBuf;

/// A merge problem.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("Cannot read `{path}`: {source}; check that the file exists and is readable")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("Cannot write `{path}`: {source}; check that its folder exists and is writable")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` line {line}: {reason}")]
    Line { path: PathBuf, line: u64, reason: String },
    #[error("`{path}` does not match `{first}`: {what}; merge only the shards of one run")]
    Mismatch {
        path: PathBuf,
        first: PathBuf,
        what: String,
    },
    #[error("{0}")]
    Shards(String),
    #[error("`{path}`: {what}")]
    Report { path: PathBuf, what: String },
    #[error("Nothing to merge; give the shard files")]
    Empty,
}
