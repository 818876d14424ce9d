//! The clap command tree: one file per subcommand, each exporting `Args` and `run`.

pub mod audit;
pub mod common;
pub mod compare;
pub mod cv_out;
pub mod eval;
pub mod fit;
pub mod fit_vote;
#[cfg(feature = "llm")]
pub mod llm;
pub mod merge;
#[cfg(feature = "embed")]
pub mod model;
pub mod report;
pub mod suggest;
pub mod tag;
pub mod train_data;

use clap::{Parser, Subcommand};

/// Tag software projects from their README with at most 3 tags of a fixed taxonomy, by a vote of
/// scorers (keyword rules, sentence embeddings, an LLM), and measure them against gold labels.
#[derive(Parser, Debug)]
#[command(name = "tagvote", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Every subcommand.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Tag every document of a corpus (or one README) and write JSONL `{"id","tags"}`
    Tag(Box<tag::Args>),
    /// Run every scorer and the vote on a labelled corpus; print the table and write reports
    Eval(Box<eval::Args>),
    /// Fit a scorer (`keyword`, `embed`) or the vote and save the model part
    Fit(Box<fit::Args>),
    /// Render a saved JSON report as a table, Markdown, HTML or JUnit
    Report(report::Args),
    /// Compare two reports with paired significance tests; non-zero exit on a regression
    Compare(compare::Args),
    /// Join the outputs or reports of `--shard I/N` runs into one
    Merge(merge::Args),
    /// List the documents most worth labelling next (where the vote is most likely wrong)
    Suggest(Box<suggest::Args>),
    /// Inspect how scorers agree, where the vote goes wrong and what a cascade would save
    Audit(audit::Args),
    /// Probe the LLM endpoint (`llm check`)
    #[cfg(feature = "llm")]
    Llm(llm::Args),
    /// Manage the embedding model (`model fetch`)
    #[cfg(feature = "embed")]
    Model(model::Args),
}

/// Runs the chosen subcommand; returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        Command::Tag(args) => tag::run(*args),
        Command::Eval(args) => eval::run(*args),
        Command::Fit(args) => fit::run(*args),
        Command::Report(args) => report::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Suggest(args) => suggest::run(*args),
        Command::Audit(args) => audit::run(args),
        #[cfg(feature = "llm")]
        Command::Llm(args) => llm::run(args),
        #[cfg(feature = "embed")]
        Command::Model(args) => model::run(args),
    }
}
