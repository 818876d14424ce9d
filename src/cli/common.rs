//! Flags shared by the commands that run scorers (which scorers, the vote, model files, scheduling),
//! and what `tag` and `eval` both do with a run: its recorded config and the summary line.

use std::path::PathBuf;

use tagvote_core::corpus::DEFAULT_MAX_DOC_BYTES;
use tagvote_harness::run::{RunOptions, Shard, DEFAULT_BATCH_SIZE};
use tagvote_harness::stats::DEFAULT_SEED;
use tagvote_harness::vote::{VoteOptions, DEFAULT_STRATEGY};

use crate::scorers::ScorerArgs;

/// Scorers, vote and model files.
#[derive(clap::Args, Debug, Clone)]
#[command(next_help_heading = "Scorers and models")]
pub struct SystemArgs {
    /// Scorers to run, comma-separated [default: every registered scorer that can run]
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub scorers: Vec<String>,
    /// Model file (repeatable; parts are merged, later files win) [default: `models/default.json` when it exists]
    #[arg(long = "model", value_name = "FILE")]
    pub models: Vec<PathBuf>,
    /// Do not load `models/default.json`
    #[arg(long)]
    pub no_default_model: bool,
    /// Seed for everything random (bootstrap, tie breaks, jitter)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    #[command(flatten)]
    pub vote: VoteArgs,
    #[command(flatten)]
    pub scorer: ScorerArgs,
}

/// How the scorers' results become the final tags.
#[derive(clap::Args, Debug, Clone)]
#[command(next_help_heading = "Vote")]
pub struct VoteArgs {
    /// Vote strategy: `auto` (the fitted vote's best, else `majority`), `majority`, `weighted`, `fusion`, `cascade`
    #[arg(long = "vote", value_name = "NAME", default_value = DEFAULT_STRATEGY)]
    pub strategy: String,
    /// `majority`: scorers that must propose a tag (0: half of those that answered, rounded up)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub min_votes: usize,
    /// `weighted`/`fusion`: probability threshold instead of the fitted one
    #[arg(long, value_name = "P", value_parser = crate::scorers::unit_interval)]
    pub vote_threshold: Option<f32>,
    /// `weighted`/`fusion`: most tags per document instead of the fitted number (1 to 3)
    #[arg(long, value_name = "K")]
    pub vote_top_k: Option<usize>,
    /// `cascade`: run the expensive scorer only when the cheap vote's best tag scores below this
    #[arg(long, value_name = "P", default_value_t = 0.5, value_parser = crate::scorers::unit_interval)]
    pub cascade_threshold: f32,
    /// `cascade`: the expensive scorer
    #[arg(long, value_name = "NAME", default_value = "llm")]
    pub cascade_expensive: String,
    /// `cascade`: the vote used before and after the expensive scorer
    #[arg(long, value_name = "NAME", default_value = DEFAULT_STRATEGY)]
    pub cascade_inner: String,
}

impl VoteArgs {
    pub fn options(&self) -> VoteOptions {
        VoteOptions {
            min_votes: self.min_votes,
            threshold: self.vote_threshold,
            top_k: self.vote_top_k,
            cascade_threshold: self.cascade_threshold,
            cascade_expensive: self.cascade_expensive.clone(),
            cascade_inner: self.cascade_inner.clone(),
        }
    }
}

/// Scheduling, sharding, resuming and the progress display.
#[derive(clap::Args, Debug, Clone)]
#[command(next_help_heading = "Run")]
pub struct RunArgs {
    /// Only this shard of the corpus, `I/N` with 0 <= I < N (split by a hash of each id)
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Read what an earlier, interrupted run wrote to the output files and skip those documents
    #[arg(long)]
    pub resume: bool,
    /// No progress bar and no notices (errors are still printed)
    #[arg(long, short)]
    pub quiet: bool,
    /// Documents per scorer call
    #[arg(long, value_name = "N", default_value_t = DEFAULT_BATCH_SIZE)]
    pub batch_size: usize,
    /// Threads for CPU-bound scorers (0: one per core)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub workers: usize,
    /// Documents larger than this many bytes are rejected
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_DOC_BYTES)]
    pub max_doc_bytes: usize,
}

impl RunArgs {
    /// The pipeline's options; `keep_records` when metrics or a report need every record.
    pub fn options(&self, keep_records: bool) -> RunOptions {
        let defaults = RunOptions::default();
        let cpu_workers = if self.workers == 0 {
            defaults.cpu_workers
        } else {
            self.workers
        };
        RunOptions {
            batch_size: self.batch_size.max(1),
            cpu_workers,
            max_in_flight: cpu_workers * 2 + 4,
            shard: self.shard,
            resume: self.resume,
            keep_records,
            ..defaults
        }
    }

    /// What the options contribute to a report's config (nothing that only changes speed; the
    /// shard is a field of the run record).
    pub fn config(&self) -> serde_json::Value {
        serde_json::json!({
            "max_doc_bytes": self.max_doc_bytes,
        })
    }
}

/// The report's config: the systems' config plus the flags that change results.
pub fn run_config(mut systems: serde_json::Value, run: &RunArgs, command: &str) -> serde_json::Value {
    systems["command"] = command.into();
    systems["run"] = run.config();
    systems
}

/// One line on stderr: what was read, scored, resumed and failed.
pub fn say_summary(outcome: &tagvote_harness::run::RunOutcome, quiet: bool) {
    let read = &outcome.read;
    let mut parts = vec![format!("{} documents tagged", outcome.scored - outcome.failed)];
    if outcome.failed > 0 {
        parts.push(format!("{} failed", outcome.failed));
    }
    if read.input_errors > 0 {
        parts.push(format!("{} input records rejected", read.input_errors));
    }
    if read.resumed > 0 {
        parts.push(format!("{} already done by an earlier run", read.resumed));
    }
    if read.outside_shard > 0 {
        parts.push(format!("{} left to other shards", read.outside_shard));
    }
    let seconds = outcome
        .record
        .wall_seconds
        .get(tagvote_harness::run::TOTAL_WALL)
        .copied()
        .unwrap_or(0.0);
    if !quiet || outcome.failed + read.input_errors > 0 {
        eprintln!("{} in {seconds:.1} s", parts.join(", "));
    }
}
