//! The one registration list of scorers: their flags (`ScorerArgs`) and how each is built.
//!
//! Each scorer lives in its own file exporting its flags (`KeywordArgs`, `EmbedArgs`, `LlmArgs`,
//! prefixed with its name) and `build`; adding a scorer means adding its file and one entry to `REGISTRY`.

#[cfg(feature = "embed")]
mod embed;
mod keyword;
#[cfg(feature = "llm")]
mod llm;

use std::path::PathBuf;
use std::sync::Arc;

use tagvote_core::{ScoreError, Scorer, Taxonomy};

/// What every scorer's `build` gets besides its own flags.
pub struct BuildContext {
    pub taxonomy: Arc<Taxonomy>,
    pub cache_dir: PathBuf,
    pub seed: u64,
    /// The scorer's part of the loaded model, when there is one: settings it was fitted with (the
    /// embedding model, its windows) are taken from it unless a flag says otherwise.
    pub fitted_part: Option<serde_json::Value>,
}

impl BuildContext {
    /// The context of a command run: its taxonomy and seed, and the user's cache directory.
    pub fn new(taxonomy: &Arc<Taxonomy>, seed: u64) -> Self {
        BuildContext {
            taxonomy: Arc::clone(taxonomy),
            cache_dir: tagvote_core::paths::cache_dir(),
            seed,
            fitted_part: None,
        }
    }
}

/// Every scorer's flags, flattened into the commands that run scorers (each under its own
/// `--help` heading).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ScorerArgs {
    #[command(flatten)]
    pub keyword: keyword::KeywordArgs,
    #[cfg(feature = "embed")]
    #[command(flatten)]
    pub embed: embed::EmbedArgs,
    #[cfg(feature = "llm")]
    #[command(flatten)]
    pub llm: llm::LlmArgs,
}

/// The LLM scorer's flags alone and its constructor (for `tagvote llm check`).
#[cfg(feature = "llm")]
pub use llm::{checker as llm_checker, LlmArgs as LlmFlags};

/// A flags struct with every flag at its clap default, what an empty command line gives: the
/// defaults are written once, in the `#[arg]` attributes.
pub fn clap_defaults<T: clap::Args + clap::FromArgMatches>() -> T {
    let cmd = T::augment_args(clap::Command::new("defaults").no_binary_name(true));
    let matches = cmd.get_matches_from(std::iter::empty::<&str>());
    T::from_arg_matches(&matches).expect("every scorer flag has a default or is optional")
}

/// Parses a flag value that must lie in `[0, 1]` (a score or probability threshold).
pub fn unit_interval(text: &str) -> Result<f32, String> {
    let value: f32 = text.trim().parse().map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("`{text}` is outside [0, 1]; give a score between 0 and 1"))
    }
}

type BuildFn = fn(&ScorerArgs, &BuildContext) -> Result<Box<dyn Scorer>, ScoreError>;

/// A registered scorer: its name (as `Scorer::name` returns it) and its constructor.
pub struct Registered {
    pub name: &'static str,
    pub build: BuildFn,
}

/// Every scorer, cheapest first (the default order of a run).
pub const REGISTRY: &[Registered] = &[
    Registered {
        name: "keyword",
        build: |args, ctx| keyword::build(&args.keyword, ctx),
    },
    #[cfg(feature = "embed")]
    Registered {
        name: "embed",
        build: |args, ctx| embed::build(&args.embed, ctx),
    },
    #[cfg(feature = "llm")]
    Registered {
        name: "llm",
        build: |args, ctx| llm::build(&args.llm, ctx),
    },
];

/// The registered names, in registry order.
pub fn names() -> Vec<&'static str> {
    REGISTRY.iter().map(|r| r.name).collect()
}

/// The registry entry for `name`, or an error listing the known ones.
pub fn find(name: &str) -> anyhow::Result<&'static Registered> {
    REGISTRY
        .iter()
        .find(|r| r.name == name)
        .ok_or_else(|| anyhow::anyhow!("Unknown scorer `{name}`; expected one of `{}`", names().join("`, `")))
}
