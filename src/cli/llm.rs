//! `tagvote llm check`: probes the configured LLM endpoint and prints what works, the context
//! size where the server tells it, and the parameters a run will send.

use std::path::PathBuf;
use std::sync::Arc;

use tagvote_core::Taxonomy;
use tagvote_harness::stats::DEFAULT_SEED;

use crate::scorers::{BuildContext, LlmFlags};

/// `tagvote llm …`
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: LlmCommand,
}

/// The LLM subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum LlmCommand {
    /// Probe the endpoint (models list, one tiny request per feature) and print what works and the
    /// settings a run will use; exit 0 when tagging will work
    Check(Box<CheckArgs>),
}

/// `tagvote llm check` flags: the LLM scorer's own.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Taxonomy whose names go into the structured-output schema [default: the seed's, else the sample's]
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Seed sent with requests (as in `tag` and `eval`)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    #[command(flatten)]
    pub llm: LlmFlags,
}

/// Runs `tagvote llm …`; exit 0 when tagging will work, 1 when it will not.
pub fn run(args: Args) -> anyhow::Result<i32> {
    match args.command {
        LlmCommand::Check(check) => run_check(*check),
    }
}

fn run_check(args: CheckArgs) -> anyhow::Result<i32> {
    let taxonomy_path = args.taxonomy.clone().unwrap_or_else(crate::defaults::taxonomy);
    let taxonomy = Arc::new(Taxonomy::load(&taxonomy_path)?);
    let ctx = BuildContext::new(&taxonomy, args.seed);
    let scorer = crate::scorers::llm_checker(&args.llm, &ctx).map_err(|e| anyhow::anyhow!("{e}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let report = runtime.block_on(scorer.check());
    print!("{}", report.render());
    Ok(if report.usable { 0 } else { 1 })
}
