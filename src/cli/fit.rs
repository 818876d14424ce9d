//! `tagvote fit keyword|embed|vote`: learns a scorer's model part from labelled data and saves it
//! in a model file (`fit vote` is in `fit_vote.rs`).

use std::path::{Path, PathBuf};

use anyhow::Context;
use tagvote_core::ModelBundle;

use super::train_data::TrainDataArgs;
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
    Vote(Box<super::fit_vote::Args>),
}

/// Flags of `fit keyword` and `fit embed`.
#[derive(clap::Args, Debug)]
pub struct ScorerFitArgs {
    #[command(flatten)]
    pub data: TrainDataArgs,
    /// Model file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Keep the other parts of an existing `--out` file and replace only this scorer's
    #[arg(long)]
    pub update: bool,
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
        FitCommand::Vote(a) => super::fit_vote::run(*a),
    }
}

fn fit_scorer(name: &str, args: ScorerFitArgs) -> anyhow::Result<i32> {
    let taxonomy = args.data.load_taxonomy()?;
    let (train, provenance) = args.data.load(&taxonomy)?;
    let ctx = BuildContext::new(&taxonomy, args.seed);
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
