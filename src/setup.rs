//! Turning flags into a run: model files, scorers (with their model parts), the vote, the
//! corpus reader and the async runtime. Shared by `tag` and `eval`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use tagvote_core::hash::sha256_hex;
use tagvote_core::{CorpusOptions, CorpusReader, CorpusSource, ModelBundle, ScoreError, Scorer, Taxonomy};
use tagvote_harness::VoteStrategy;

use crate::cli::common::SystemArgs;
use crate::scorers::{self, BuildContext};

/// The model files in use, merged.
pub struct LoadedModels {
    pub bundle: ModelBundle,
    /// `(file name, sha256)` of each file, for the report's config.
    pub files: Vec<(String, String)>,
}

/// Loads `--model` files, or `models/default.json` when none is given and it exists.
pub fn load_models(args: &SystemArgs, taxonomy: &Taxonomy) -> anyhow::Result<Option<LoadedModels>> {
    let paths: Vec<PathBuf> = if !args.models.is_empty() {
        args.models.clone()
    } else if args.no_default_model {
        Vec::new()
    } else {
        crate::defaults::model_file().into_iter().collect()
    };
    let mut loaded: Option<LoadedModels> = None;
    for path in &paths {
        let bundle = ModelBundle::load(path, taxonomy.hash())?;
        let bytes = std::fs::read(path).with_context(|| format!("Cannot read `{}`", path.display()))?;
        let file = (file_name(path), sha256_hex(&bytes));
        match loaded.as_mut() {
            Some(l) => {
                l.bundle.merge(bundle);
                l.files.push(file);
            }
            None => {
                loaded = Some(LoadedModels {
                    bundle,
                    files: vec![file],
                })
            }
        }
    }
    Ok(loaded)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// What to do with a scorer that cannot run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenUnavailable {
    /// Skip it with a notice (recorded in the report).
    Skip,
    /// Fail when the user named it in `--scorers`; skip it otherwise.
    FailIfAsked,
}

/// The scorers and vote of a run, ready to go.
pub struct Systems {
    pub scorers: Vec<Box<dyn Scorer>>,
    pub vote: Box<dyn VoteStrategy>,
    pub skipped: BTreeMap<String, String>,
    /// `{"scorers": {name: config}, "vote": {...}, "models": [...]}` for the report.
    pub config: serde_json::Value,
}

/// Builds the chosen scorers (loading their model parts) and the vote.
pub fn build_systems(
    args: &SystemArgs,
    taxonomy: &Arc<Taxonomy>,
    models: Option<&LoadedModels>,
    when_unavailable: WhenUnavailable,
) -> anyhow::Result<Systems> {
    let asked = !args.scorers.is_empty();
    let names: Vec<String> = if asked {
        dedup(&args.scorers)
    } else {
        scorers::names().into_iter().map(String::from).collect()
    };
    let mut ctx = BuildContext::new(taxonomy, args.seed);
    let mut built = Vec::new();
    let mut skipped = BTreeMap::new();
    for name in &names {
        let entry = scorers::find(name)?;
        ctx.fitted_part = models.and_then(|m| m.bundle.parts.get(entry.name)).cloned();
        match (entry.build)(&args.scorer, &ctx) {
            Ok(mut scorer) => {
                load_part(scorer.as_mut(), models)?;
                built.push(scorer);
            }
            Err(ScoreError::Unavailable(why)) if !(asked && when_unavailable == WhenUnavailable::FailIfAsked) => {
                eprintln!("Skipping scorer `{name}`: {why}");
                skipped.insert(name.clone(), why);
            }
            Err(e) => anyhow::bail!("Scorer `{name}` cannot run: {e}"),
        }
    }
    if built.is_empty() {
        anyhow::bail!(
            "No scorer can run (tried `{}`); see the notices above",
            names.join("`, `")
        );
    }
    let vote_part = models.and_then(|m| m.bundle.parts.get(tagvote_harness::VOTE_SYSTEM));
    let vote = tagvote_harness::vote::build(&args.vote.strategy, &args.vote.options(), vote_part)?;
    let config = systems_config(&built, vote.as_ref(), models, args.seed);
    Ok(Systems {
        scorers: built,
        vote,
        skipped,
        config,
    })
}

fn dedup(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names.iter().map(|n| n.trim().to_lowercase()).filter(|n| !n.is_empty()) {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn load_part(scorer: &mut dyn Scorer, models: Option<&LoadedModels>) -> anyhow::Result<()> {
    let Some(part) = models.and_then(|m| m.bundle.parts.get(scorer.name())) else {
        return Ok(());
    };
    let name = scorer.name().to_string();
    scorer
        .load_model(part)
        .with_context(|| format!("Cannot load the `{name}` part of the model; refit it with `tagvote fit {name}`"))
}

fn systems_config(
    scorers: &[Box<dyn Scorer>],
    vote: &dyn VoteStrategy,
    models: Option<&LoadedModels>,
    seed: u64,
) -> serde_json::Value {
    let scorer_configs: serde_json::Map<String, serde_json::Value> =
        scorers.iter().map(|s| (s.name().to_string(), s.config())).collect();
    let model_files: Vec<serde_json::Value> = models
        .map(|m| {
            m.files
                .iter()
                .map(|(name, hash)| serde_json::json!({"file": name, "sha256": hash}))
                .collect()
        })
        .unwrap_or_default();
    serde_json::json!({
        "scorers": scorer_configs,
        "vote": {"name": vote.name(), "config": vote.config()},
        "models": model_files,
        "seed": seed,
    })
}

/// Opens a corpus: a JSONL file, a directory of READMEs (or of repositories: says which READMEs it
/// took unless `quiet`), or `-` for JSONL on stdin.
pub fn open_corpus(input: &Path, max_doc_bytes: usize, quiet: bool) -> anyhow::Result<CorpusReader> {
    let options = CorpusOptions { max_doc_bytes };
    if input == Path::new("-") {
        let stdin = Box::new(std::io::BufReader::new(std::io::stdin()));
        return Ok(CorpusReader::from_jsonl_reader(Path::new("<stdin>"), stdin, options));
    }
    let reader = CorpusReader::open(&CorpusSource::detect(input), options)?;
    if let Some(note) = reader.note().filter(|_| !quiet) {
        eprintln!("{note}");
    }
    Ok(reader)
}

/// A multi-threaded runtime whose blocking pool can hold every CPU worker.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("Cannot start the async runtime")
}
