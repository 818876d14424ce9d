//! `tagvote fit keyword|embed|vote`: learns a scorer's model part from labelled data and saves it
//! in a model file (`fit vote` is in `fit_vote.rs`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use tagvote_core::{CorpusOptions, CorpusReader, CorpusSource, Gold, ModelBundle, Taxonomy, TrainSet};

use crate::scorers::{self, BuildContext, ScorerArgs};

/// Fit a model part.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: FitCommand,
}

/// What to fit.
#[derive(clap::Subcommand, Debug)]
pub enum FitCommand {
    /// Fit the keyword scorer's weights
    Keyword(ScorerFitArgs),
    /// Fit the embedding scorer's tag prototypes and neighbours
    #[cfg(feature = "embed")]
    Embed(ScorerFitArgs),
    /// Fit the vote from out-of-fold scorer outputs
    Vote(super::fit_vote::Args),
}

/// Flags of `fit keyword` and `fit embed`.
#[derive(clap::Args, Debug)]
pub struct ScorerFitArgs {
    /// Taxonomy file [default: `../shared/seed/tags.json`, else `datasets/sample/tags.json`]
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Training corpus (repeatable, paired with `--gold` in order) [default: readmes train + awesome of `../shared`]
    #[arg(long, value_name = "CORPUS")]
    pub input: Vec<PathBuf>,
    /// Gold labels of each `--input`, in the same order
    #[arg(long, value_name = "FILE")]
    pub gold: Vec<PathBuf>,
    /// Name of each `--input` recorded in the train set (e.g. `readmes/train`) [default: the file's folder name]
    #[arg(long, value_name = "NAME")]
    pub origin: Vec<String>,
    /// Model file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Keep the other parts of an existing `--out` file and replace only this scorer's
    #[arg(long)]
    pub update: bool,
    /// Documents larger than this many bytes are rejected
    #[arg(long, value_name = "BYTES", default_value_t = tagvote_core::corpus::DEFAULT_MAX_DOC_BYTES)]
    pub max_doc_bytes: usize,
    /// Seed for everything random
    #[arg(long, value_name = "N", default_value_t = tagvote_harness::stats::DEFAULT_SEED)]
    pub seed: u64,
    #[command(flatten)]
    pub scorer: ScorerArgs,
}

/// Runs `fit`.
pub fn run(args: Args) -> anyhow::Result<i32> {
    match args.command {
        FitCommand::Keyword(a) => fit_scorer("keyword", a),
        #[cfg(feature = "embed")]
        FitCommand::Embed(a) => fit_scorer("embed", a),
        FitCommand::Vote(a) => super::fit_vote::run(a),
    }
}

/// One training input: corpus, gold and the origin name.
struct TrainInput {
    docs: PathBuf,
    gold: PathBuf,
    origin: String,
}

fn fit_scorer(name: &str, args: ScorerFitArgs) -> anyhow::Result<i32> {
    let taxonomy_path = args.taxonomy.clone().unwrap_or_else(crate::defaults::taxonomy);
    let taxonomy = Arc::new(Taxonomy::load(&taxonomy_path)?);
    let inputs = train_inputs(&args)?;
    let options = CorpusOptions {
        max_doc_bytes: args.max_doc_bytes,
    };
    let (train, provenance) = train_set(&taxonomy, &inputs, &options)?;
    let ctx = BuildContext {
        taxonomy: Arc::clone(&taxonomy),
        cache_dir: tagvote_core::paths::cache_dir(),
        seed: args.seed,
    };
    let mut scorer = (scorers::find(name)?.build)(&args.scorer, &ctx)
        .map_err(|e| anyhow::anyhow!("Scorer `{name}` cannot run: {e}"))?;
    eprintln!("Fitting `{name}` on {} documents", train.len());
    let part = crate::setup::runtime()?
        .block_on(scorer.fit(&train))
        .map_err(|e| anyhow::anyhow!("Fitting `{name}` failed: {e}"))?
        .ok_or_else(|| anyhow::anyhow!("Scorer `{name}` has nothing to learn"))?;
    let ids = train.docs.iter().map(|d| d.id.key()).collect();
    let mut bundle = ModelBundle::new(taxonomy.hash(), ids);
    bundle.parts.insert(name.to_string(), part);
    bundle.provenance = serde_json::json!({"command": format!("fit {name}"), "inputs": provenance, "seed": args.seed});
    save(bundle, &args.out, args.update, taxonomy.hash())?;
    eprintln!("Model part `{name}` written to `{}`", args.out.display());
    Ok(0)
}

fn train_inputs(args: &ScorerFitArgs) -> anyhow::Result<Vec<TrainInput>> {
    if args.input.is_empty() && args.gold.is_empty() {
        let found = crate::defaults::train_data()?;
        return Ok(found
            .into_iter()
            .map(|(docs, gold, origin)| TrainInput { docs, gold, origin })
            .collect());
    }
    if args.input.len() != args.gold.len() {
        anyhow::bail!(
            "Give one `--gold` per `--input` (got {} inputs and {} gold files)",
            args.input.len(),
            args.gold.len()
        );
    }
    Ok(args
        .input
        .iter()
        .zip(&args.gold)
        .enumerate()
        .map(|(i, (docs, gold))| TrainInput {
            docs: docs.clone(),
            gold: gold.clone(),
            origin: args.origin.get(i).cloned().unwrap_or_else(|| origin_of(docs)),
        })
        .collect())
}

fn origin_of(path: &Path) -> String {
    let folder = if path.is_dir() { Some(path) } else { path.parent() };
    folder
        .and_then(|f| f.file_name())
        .map_or_else(|| "input".into(), |n| n.to_string_lossy().into_owned())
}

/// Reads every input into one train set (documents with a gold row); says what was left out.
fn train_set(
    taxonomy: &Arc<Taxonomy>,
    inputs: &[TrainInput],
    options: &CorpusOptions,
) -> anyhow::Result<(TrainSet, Vec<serde_json::Value>)> {
    let mut train = TrainSet {
        taxonomy: Arc::clone(taxonomy),
        docs: Vec::new(),
        labels: Vec::new(),
        origin: Vec::new(),
        origins: Vec::new(),
    };
    let mut provenance = Vec::new();
    for (k, input) in inputs.iter().enumerate() {
        let gold = Gold::load(&input.gold, taxonomy)?;
        let mut reader = CorpusReader::open(&CorpusSource::detect(&input.docs), options.clone())
            .with_context(|| format!("Cannot open `{}`", input.docs.display()))?;
        let (mut unlabelled, mut rejected) = (0u64, 0u64);
        for item in reader.by_ref() {
            match item {
                Ok(doc) => match gold.get(&doc.id) {
                    Some(tags) => {
                        train.labels.push(tags.to_vec());
                        train.origin.push(k as u16);
                        train.docs.push(doc);
                    }
                    None => unlabelled += 1,
                },
                Err(e) => {
                    rejected += 1;
                    if rejected <= 20 {
                        eprintln!("Input error: {}", e.message);
                    }
                }
            }
        }
        if unlabelled + rejected > 0 {
            eprintln!(
                "`{}`: {unlabelled} documents without gold and {rejected} rejected records left out",
                input.origin
            );
        }
        train.origins.push(input.origin.clone());
        provenance.push(serde_json::json!({"origin": input.origin, "dataset_hash": reader.dataset_hash()}));
    }
    if train.is_empty() {
        anyhow::bail!("No labelled document to learn from; check that the gold ids match the corpus ids");
    }
    Ok((train, provenance))
}

fn save(mut bundle: ModelBundle, out: &Path, update: bool, taxonomy_hash: &str) -> anyhow::Result<()> {
    if update && out.exists() {
        let mut existing = ModelBundle::load(out, taxonomy_hash)?;
        existing.merge(bundle);
        bundle = existing;
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("Cannot create `{}`", dir.display()))?;
    }
    Ok(bundle.save(out)?)
}
