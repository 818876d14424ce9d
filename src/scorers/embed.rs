//! The `--embed-…` flags and the construction of the sentence-embedding scorer (all-MiniLM-L6-v2 on CPU
//! by default; `--embed-model` or a fitted part's model chooses another).

use std::path::PathBuf;

use tagvote_core::{ScoreError, Scorer};
use tagvote_embed::catalog::{self, KnownModel};
use tagvote_embed::part::FittedWith;
use tagvote_embed::{
    fetch, model_dir, EmbedScorer, EmbedScorerConfig, EncoderOptions, FetchOptions, FitOptions, WindowOptions,
};

/// Embedding scorer flags.
#[derive(clap::Args, Debug, Clone)]
#[command(next_help_heading = "Embedding scorer")]
pub struct EmbedArgs {
    /// Sentence model: `all-MiniLM-L6-v2` or `all-mpnet-base-v2` [default: the fitted model's, else `all-MiniLM-L6-v2`]
    #[arg(long = "embed-model", value_name = "NAME")]
    pub embed_model: Option<String>,
    /// Model directory (else env `TAGVOTE_MODEL_DIR`, else `<cache>/models/<embed model>`)
    #[arg(long = "model-dir", value_name = "DIR")]
    pub model_dir: Option<PathBuf>,
    /// Do not fetch the model when it is missing (the scorer is then skipped)
    #[arg(long = "embed-no-fetch")]
    pub embed_no_fetch: bool,
    /// Do not read or write the on-disk embedding cache
    #[arg(long = "embed-no-cache")]
    pub embed_no_cache: bool,
    /// 256-token windows embedded per README, from its start [default: the fitted model's, else 4]
    #[arg(long = "embed-windows", value_name = "N")]
    pub embed_windows: Option<usize>,
    /// Tokens per window, the wrapping tokens included (at most 512) [default: the fitted model's, else 256]
    #[arg(long = "embed-window-tokens", value_name = "N")]
    pub embed_window_tokens: Option<usize>,
    /// Weight of window i is DECAY^i (1: plain mean)
    #[arg(long = "embed-window-decay", value_name = "DECAY", default_value_t = WindowOptions::default().decay)]
    pub embed_window_decay: f32,
    /// Weight of the lead's vector (title and first paragraph) against the windows' (0: none) [default: the fitted model's, else 0]
    #[arg(long = "embed-lead-weight", value_name = "A", value_parser = super::unit_interval)]
    pub embed_lead_weight: Option<f32>,
    /// Worker threads (0: one per core)
    #[arg(long = "embed-threads", value_name = "N", default_value_t = 0)]
    pub embed_threads: usize,
    /// Most tokens per packed batch
    #[arg(long = "embed-batch-tokens", value_name = "N", default_value_t = EncoderOptions::default().batch_tokens)]
    pub embed_batch_tokens: usize,
    /// Neighbours that vote per document (used by `fit embed`)
    #[arg(long = "embed-k", value_name = "N", default_value_t = FitOptions::default().k)]
    pub embed_k: usize,
    /// Fit without the one-vs-rest linear classifier over document vectors (used by `fit embed`)
    #[arg(long = "embed-no-linear")]
    pub embed_no_linear: bool,
    /// Weight of a README against a one-line description in the linear classifier (used by `fit embed`)
    #[arg(long = "embed-linear-readme-weight", value_name = "W", default_value_t = FitOptions::default().linear_readme_weight)]
    pub embed_linear_readme_weight: f32,
    /// Python interpreter whose pip fetches the model
    #[arg(long = "embed-python", value_name = "PATH", default_value = "python3")]
    pub embed_python: String,
}

impl Default for EmbedArgs {
    fn default() -> Self {
        super::clap_defaults()
    }
}

/// The sentence model: `--embed-model`, else the one the fitted part was made with, else the default.
fn chosen_model(args: &EmbedArgs, fitted: Option<&FittedWith>) -> Result<&'static KnownModel, ScoreError> {
    let unavailable = |e: tagvote_embed::EmbedError| ScoreError::Unavailable(e.to_string());
    if let Some(name) = &args.embed_model {
        return catalog::find(name).map_err(unavailable);
    }
    match fitted.and_then(|f| catalog::by_sha(&f.model_sha256)) {
        Some(model) => Ok(model),
        None => catalog::find(catalog::DEFAULT_MODEL).map_err(unavailable),
    }
}

/// Builds the scorer, fetching the model first when it is missing (unless `--embed-no-fetch`).
pub fn build(args: &EmbedArgs, ctx: &super::BuildContext) -> Result<Box<dyn Scorer>, ScoreError> {
    let fitted = ctx.fitted_part.as_ref().and_then(FittedWith::of);
    let model = chosen_model(args, fitted.as_ref())?;
    let dir = model_dir::resolve(args.model_dir.as_deref(), &ctx.cache_dir, model.name);
    if model_dir::missing_file(&dir).is_some() && !args.embed_no_fetch {
        fetch_into(args, model, &dir)?;
    }
    let config = scorer_config(args, ctx, fitted.as_ref(), dir);
    match EmbedScorer::new(ctx.taxonomy.clone(), &config) {
        Ok(scorer) => Ok(Box::new(scorer)),
        Err(e) => Err(ScoreError::Unavailable(e.to_string())),
    }
}

/// Fetches `model` into `dir`; a failure makes the scorer unavailable with the command to run.
fn fetch_into(args: &EmbedArgs, model: &'static KnownModel, dir: &std::path::Path) -> Result<(), ScoreError> {
    let options = FetchOptions {
        dir: dir.to_path_buf(),
        python: args.embed_python.clone(),
        force: false,
        model,
    };
    fetch(&options).map(|_| ()).map_err(|e| {
        ScoreError::Unavailable(format!(
            "{e}; then run `tagvote model fetch --embed-model {} --model-dir {}`",
            model.name,
            dir.display()
        ))
    })
}

/// The scorer's settings: the flags, else what the fitted part records, else the defaults.
fn scorer_config(
    args: &EmbedArgs,
    ctx: &super::BuildContext,
    fitted: Option<&FittedWith>,
    dir: PathBuf,
) -> EmbedScorerConfig {
    let max_windows = args
        .embed_windows
        .or(fitted.map(|f| f.max_windows))
        .unwrap_or(WindowOptions::default().max_windows);
    let window_tokens = args
        .embed_window_tokens
        .or(fitted.map(|f| f.window_tokens))
        .unwrap_or(EncoderOptions::default().window_tokens);
    EmbedScorerConfig {
        model_dir: dir,
        cache_root: (!args.embed_no_cache).then(|| ctx.cache_dir.clone()),
        windows: WindowOptions {
            max_windows: max_windows.max(1),
            decay: args.embed_window_decay,
            lead_weight: args
                .embed_lead_weight
                .or(fitted.map(|f| f.lead_weight))
                .unwrap_or(WindowOptions::default().lead_weight),
        },
        encoder: EncoderOptions {
            threads: args.embed_threads,
            batch_tokens: args.embed_batch_tokens,
            window_tokens,
        },
        fit: FitOptions {
            k: args.embed_k.max(1),
            linear: !args.embed_no_linear,
            linear_readme_weight: args.embed_linear_readme_weight,
            ..FitOptions::default()
        },
    }
}
