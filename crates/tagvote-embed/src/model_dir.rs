//! Where the embedding model lives: `--model-dir`, else `$TAGVOTE_MODEL_DIR`, else `<cache>/models/<name>`
//! (the name of `--embed-model`, `all-MiniLM-L6-v2` by default).

use std::path::{Path, PathBuf};

use crate::error::EmbedError;

/// The files the encoder reads from a model directory.
pub const REQUIRED_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];

/// The model directory: the explicit one, else `$TAGVOTE_MODEL_DIR`, else the folder `name` under `cache_dir`.
pub fn resolve(explicit: Option<&Path>, cache_dir: &Path, name: &str) -> PathBuf {
    if let Some(dir) = explicit {
        return dir.to_path_buf();
    }
    match std::env::var_os("TAGVOTE_MODEL_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => cache_dir.join("models").join(name),
    }
}

/// The first required file missing from `dir`, if any.
pub fn missing_file(dir: &Path) -> Option<PathBuf> {
    REQUIRED_FILES.iter().map(|f| dir.join(f)).find(|p| !p.is_file())
}

/// Errors with the one-line "run this" message when a required file is absent.
pub fn check(dir: &Path) -> Result<(), EmbedError> {
    match missing_file(dir) {
        Some(path) => Err(EmbedError::MissingModel { path }),
        None => Ok(()),
    }
}
