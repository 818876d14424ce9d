//! Why a report could not be read or written.

use std::path::PathBuf;

/// A report file problem; every message names the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
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
    #[error("Malformed report `{path}`: {source}; regenerate it with `tagvote eval`")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("Report `{path}` has schema version `{found}`, this tagvote reads version `{expected}`; regenerate it with `tagvote eval`")]
    Schema {
        path: PathBuf,
        found: String,
        expected: u32,
    },
    #[error("`{path}` is neither a tagvote report nor a run record (no `run`/`evaluation` or `docs`/`systems`); give the JSON written by `tagvote eval`")]
    NotAReport { path: PathBuf },
}
