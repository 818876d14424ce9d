//! The one registration list of scorers: their flags (`ScorerArgs`) and how each is built.
//!
//! Each scorer lives in its own file exporting `Args` (clap flags prefixed with its name) and
//! `build`; adding a scorer means adding its file and one entry to `REGISTRY`.

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
}

impl BuildContext {
    /// The context of a command run: its taxonomy and seed, and the user's cache directory.
    pub fn new(taxonomy: &Arc<Taxonomy>, seed: u64) -> Self {
        BuildContext {
            taxonomy: Arc::clone(taxonomy),
            cache_dir: tagvote_core::paths::cache_dir(),
            seed,
        }
    }
}

/// Every scorer's flags, flattened into the commands that run scorers.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ScorerArgs {
    #[command(flatten)]
    pub keyword: Flags<keyword::Args>,
    #[cfg(feature = "embed")]
    #[command(flatten)]
    pub embed: Flags<embed::Args>,
    #[cfg(feature = "llm")]
    #[command(flatten)]
    pub llm: Flags<llm::Args>,
}

/// The LLM scorer's flags alone (for `tagvote llm check`).
#[cfg(feature = "llm")]
pub type LlmFlags = Flags<llm::Args>;
#[cfg(feature = "llm")]
pub use llm::checker as llm_checker;

/// One scorer's `Args`, flattened without its argument group: every scorer's struct is named
/// `Args`, and clap would otherwise see the same group name several times in one command.
#[derive(Debug, Clone, Default)]
pub struct Flags<T>(pub T);

impl<T: clap::FromArgMatches> clap::FromArgMatches for Flags<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Flags)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
}

/// The `--help` section of a scorer's flags.
pub trait HelpHeading {
    const HEADING: &'static str;
}

impl HelpHeading for keyword::Args {
    const HEADING: &'static str = "Keyword scorer";
}

#[cfg(feature = "embed")]
impl HelpHeading for embed::Args {
    const HEADING: &'static str = "Embedding scorer";
}

#[cfg(feature = "llm")]
impl HelpHeading for llm::Args {
    const HEADING: &'static str = "LLM scorer";
}

impl<T: clap::Args + HelpHeading> clap::Args for Flags<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        copy_arguments(T::augment_args(clap::Command::new("flags")), cmd, T::HEADING)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        copy_arguments(T::augment_args_for_update(clap::Command::new("flags")), cmd, T::HEADING)
    }
}

/// Adds every argument of `from` to `into` under `heading`, after the command's own flags.
fn copy_arguments(from: clap::Command, into: clap::Command, heading: &'static str) -> clap::Command {
    from.get_arguments().cloned().enumerate().fold(into, |cmd, (i, arg)| {
        cmd.arg(arg.help_heading(heading).display_order(1000 + i))
    })
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
        build: |args, ctx| keyword::build(&args.keyword.0, ctx),
    },
    #[cfg(feature = "embed")]
    Registered {
        name: "embed",
        build: |args, ctx| embed::build(&args.embed.0, ctx),
    },
    #[cfg(feature = "llm")]
    Registered {
        name: "llm",
        build: |args, ctx| llm::build(&args.llm.0, ctx),
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
