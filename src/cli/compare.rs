//! `tagvote compare BASE.json NEW.json`: what changed between two runs, and the CI gate.
//!
//! Exit codes: 0 no regression, 1 a gated metric dropped by more than `--max-drop` and the paired
//! test says it is not noise, 2 usage errors and refusals (unreadable reports, different taxonomy,
//! dataset or gold hashes without `--force`, unknown `--system`).

use std::path::PathBuf;

use tagvote_harness::compare::{CompareOptions, Comparison, GateSpec};
use tagvote_harness::evaluation::EvalOptions;
use tagvote_harness::metrics::MetricKind;
use tagvote_harness::report::ReportFile;
use tagvote_harness::stats::{StatsOptions, DEFAULT_SEED};

use super::report::write_out;

/// Compare two reports; exit 1 on a significant regression.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The baseline JSON report (or run record)
    #[arg(value_name = "BASE.json")]
    pub base: PathBuf,
    /// The new JSON report (or run record)
    #[arg(value_name = "NEW.json")]
    pub new: PathBuf,
    /// Largest allowed drop of a gated metric
    #[arg(long, value_name = "X", default_value_t = 0.01)]
    pub max_drop: f64,
    /// A drop counts only when the approximate-randomisation p-value is below this
    #[arg(long, value_name = "P", default_value_t = 0.05)]
    pub alpha: f64,
    /// Gated system (repeatable) [default: every system in both runs]
    #[arg(long = "system", value_name = "NAME")]
    pub systems: Vec<String>,
    /// Gated metric (repeatable): `micro_f1`, `macro_f1`, `samples_f1`, `exact_match` [default: `micro_f1`]
    #[arg(long = "metric", value_name = "NAME")]
    pub metrics: Vec<MetricKind>,
    /// List every tag whose F1 changed, not only the ten that got worst
    #[arg(long)]
    pub per_tag: bool,
    /// Documents whose tags flipped to list per system
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub flips: usize,
    /// Compare runs of different taxonomy, dataset or gold hashes anyway
    #[arg(long)]
    pub force: bool,
    /// Resamples of the paired bootstrap and shuffles of approximate randomisation
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub bootstrap: usize,
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Print Markdown (for a pull-request comment) instead of tables
    #[arg(long)]
    pub markdown: bool,
    /// Also write the gate as JUnit XML, one test case per gated system and metric
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
}

/// Compares and gates; see the module docs for exit codes.
pub fn run(args: Args) -> anyhow::Result<i32> {
    let eval = EvalOptions::with_bootstrap(args.bootstrap, args.seed);
    let base = ReportFile::load_or_evaluate(&args.base, &eval)?;
    let new = ReportFile::load_or_evaluate(&args.new, &eval)?;
    let comparison = Comparison::compute(&base, &new, &options(&args))?;
    let text = if args.markdown {
        comparison.to_markdown(args.per_tag, args.flips)
    } else {
        comparison.to_text(args.per_tag, args.flips)
    };
    print!("{text}");
    if let Some(path) = &args.junit {
        write_out(Some(path), &comparison.to_junit())?;
    }
    Ok(comparison.exit_code())
}

fn options(args: &Args) -> CompareOptions {
    let mut gate = GateSpec {
        systems: args.systems.clone(),
        max_drop: args.max_drop,
        alpha: args.alpha,
        ..GateSpec::default()
    };
    if !args.metrics.is_empty() {
        gate.metrics = args.metrics.clone();
    }
    CompareOptions {
        gate,
        force: args.force,
        stats: StatsOptions {
            resamples: args.bootstrap,
            permutations: args.bootstrap,
            seed: args.seed,
            ..StatsOptions::default()
        },
    }
}
