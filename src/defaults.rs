//! Where default inputs come from: `../shared` (the seed taxonomy and the readmes test split)
//! when it can be found, else the project's own `datasets/sample/`.
//!
//! `../shared` is looked for relative to the current directory, then relative to the repository
//! the binary was built from; `TAGVOTE_SHARED_DIR` overrides both.

use std::path::{Path, PathBuf};

/// Environment variable naming the shared directory.
pub const SHARED_ENV: &str = "TAGVOTE_SHARED_DIR";

/// The repository the binary was built from.
pub fn repo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared directory, or the places that were searched.
pub fn shared_dir() -> Result<PathBuf, Vec<PathBuf>> {
    if let Some(dir) = std::env::var_os(SHARED_ENV).filter(|v| !v.is_empty()) {
        let dir = PathBuf::from(dir);
        return if dir.is_dir() { Ok(dir) } else { Err(vec![dir]) };
    }
    let candidates = shared_candidates();
    candidates
        .iter()
        .find(|d| d.join("seed").is_dir() || d.join("datasets").is_dir())
        .cloned()
        .ok_or(candidates)
}

fn shared_candidates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        out.push(cwd.join("..").join("shared"));
    }
    out.push(repo_dir().join("..").join("shared"));
    out.dedup();
    out
}

/// A file of the project itself (`datasets/sample/…`, `models/…`): relative to the current
/// directory when it exists there, else relative to the repository.
pub fn project_file(relative: &str) -> PathBuf {
    let here = PathBuf::from(relative);
    if here.exists() {
        here
    } else {
        repo_dir().join(relative)
    }
}

/// A default data set: where each file is and how to name it to the user.
#[derive(Debug, Clone)]
pub struct DefaultData {
    pub taxonomy: PathBuf,
    pub docs: PathBuf,
    pub gold: PathBuf,
    /// Short name recorded in reports (`readmes/test`, `sample`).
    pub label: String,
}

/// The evaluation default: the readmes test split, else the sample. Says on stderr which.
pub fn eval_data() -> DefaultData {
    match shared_dir() {
        Ok(shared) if shared.join("datasets/readmes/test/docs.jsonl").is_file() => {
            let data = DefaultData {
                taxonomy: shared_taxonomy(&shared),
                docs: shared.join("datasets/readmes/test/docs.jsonl"),
                gold: shared.join("datasets/readmes/test/gold.jsonl"),
                label: "readmes/test".into(),
            };
            eprintln!(
                "Using the readmes test split in `{}`",
                display(&shared.join("datasets/readmes/test"))
            );
            data
        }
        found => {
            say_no_shared(&found, "the project's sample data set `datasets/sample/`");
            sample_data()
        }
    }
}

/// The taxonomy default: `../shared/seed/tags.json`, else the sample's copy. Silent.
pub fn taxonomy() -> PathBuf {
    match shared_dir() {
        Ok(shared) => shared_taxonomy(&shared),
        Err(_) => project_file("datasets/sample/tags.json"),
    }
}

fn shared_taxonomy(shared: &Path) -> PathBuf {
    let seed = shared.join("seed/tags.json");
    if seed.is_file() {
        seed
    } else {
        project_file("datasets/sample/tags.json")
    }
}

/// The project's own sample data set.
pub fn sample_data() -> DefaultData {
    DefaultData {
        taxonomy: project_file("datasets/sample/tags.json"),
        docs: project_file("datasets/sample/docs.jsonl"),
        gold: project_file("datasets/sample/gold.jsonl"),
        label: "sample".into(),
    }
}

/// The training default of `fit`: readmes train and awesome, as (docs, gold, origin) triples.
pub fn train_data() -> anyhow::Result<Vec<(PathBuf, PathBuf, String)>> {
    let shared = shared_dir().map_err(|searched| {
        anyhow::anyhow!(
            "No training data given and no shared directory found (looked in {}); give `--input` and `--gold`, or set `{SHARED_ENV}`",
            list(&searched)
        )
    })?;
    let sets = [
        ("datasets/readmes/train", "readmes/train"),
        ("datasets/awesome", "awesome"),
    ];
    let found: Vec<_> = sets
        .iter()
        .map(|(dir, origin)| {
            (
                shared.join(dir).join("docs.jsonl"),
                shared.join(dir).join("gold.jsonl"),
                origin.to_string(),
            )
        })
        .filter(|(docs, gold, _)| docs.is_file() && gold.is_file())
        .collect();
    if found.is_empty() {
        anyhow::bail!(
            "No training data in `{}`; give `--input` and `--gold`",
            display(&shared)
        );
    }
    let names: Vec<&str> = found.iter().map(|(_, _, o)| o.as_str()).collect();
    eprintln!("Training on {} from `{}`", names.join(" + "), display(&shared));
    Ok(found)
}

/// The default model file: `models/default.json` when it exists.
pub fn model_file() -> Option<PathBuf> {
    let path = project_file("models/default.json");
    path.is_file().then_some(path)
}

fn say_no_shared(found: &Result<PathBuf, Vec<PathBuf>>, instead: &str) {
    match found {
        Ok(shared) => eprintln!("No readmes test split in `{}`; using {instead}", display(shared)),
        Err(searched) => eprintln!(
            "No shared directory found (looked in {}; set `{SHARED_ENV}` to point at one); using {instead}",
            list(searched)
        ),
    }
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("`{}`", display(p)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A path for messages, without `..` detours where the file system can resolve them.
pub fn display(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
