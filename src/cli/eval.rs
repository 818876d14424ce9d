//! `tagvote eval`: runs every chosen scorer and the vote over a labelled corpus, prints the table
//! and writes the JSON report (and Markdown, HTML, JUnit on request).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use tagvote_core::gold::describe_problems;
use tagvote_core::hash::sha256_hex;
use tagvote_core::{Gold, GoldProblem, Taxonomy};
use tagvote_harness::compare::GateSpec;
use tagvote_harness::evaluation::EvalOptions;
use tagvote_harness::record::{InputFailure, VOTE_SYSTEM};
use tagvote_harness::report::ReportFile;
use tagvote_harness::run::{self, OutputKind, OutputSpec, RunOutcome, RunSetup};

use super::common::{run_config, say_summary, RunArgs, SystemArgs};
use crate::defaults::{self, DefaultData};
use crate::progress::{count_records, Progress};
use crate::setup::{build_systems, load_models, open_corpus, runtime, LoadedModels, WhenUnavailable};

/// Where the JSON report goes when `--report` is not given.
const DEFAULT_REPORT: &str = "reports/local/eval.json";

/// Measure every scorer and the vote against gold labels.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Taxonomy file [default: `../shared/seed/tags.json`, else `datasets/sample/tags.json`]
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Corpus: JSONL or a directory of READMEs [default: the readmes test split of `../shared`, else `datasets/sample`]
    #[arg(long, value_name = "CORPUS", requires = "gold")]
    pub input: Option<PathBuf>,
    /// Gold labels, JSONL `{"id","tags"}` (tags as names or ids)
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,
    /// JSON report [default: `reports/local/eval.json`]
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Markdown summary
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Self-contained HTML report with charts
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// JUnit XML, as `report --format junit` writes it: per system, micro-F1 and failed documents
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also print per-tag precision, recall and F1
    #[arg(long)]
    pub per_tag: bool,
    /// Bootstrap resamples for confidence intervals and paired tests (0: none)
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub bootstrap: usize,
    /// Final tags of the vote per document, JSONL, as `tag` writes them
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Every system's result per document, JSONL (what `--resume` continues)
    #[arg(long, value_name = "FILE")]
    pub records: Option<PathBuf>,
    /// An annotator's labels, JSONL like `--gold` (repeatable, at least two): the report adds their
    /// pairwise agreement and every system scored against each
    #[arg(long = "annotator", value_name = "NAME=FILE")]
    pub annotators: Vec<crate::annotators::AnnotatorArg>,
    /// Evaluate even on documents the model was fitted on (the report says so)
    #[arg(long)]
    pub allow_overlap: bool,
    #[command(flatten)]
    pub run: RunArgs,
    #[command(flatten)]
    pub systems: SystemArgs,
}

/// Runs `eval`; exit code 0, or 1 when input records or gold lines were rejected or documents failed.
pub fn run(args: Args) -> anyhow::Result<i32> {
    if args.run.resume && args.records.is_none() {
        anyhow::bail!("`--resume` needs `--records FILE`: the report is rebuilt from the records an earlier run wrote");
    }
    let data = resolve_data(&args)?;
    let taxonomy = Arc::new(Taxonomy::load(&data.taxonomy)?);
    let (gold, gold_problems) = Gold::load_lenient(&data.gold, &taxonomy)?;
    if !gold_problems.is_empty() {
        eprintln!(
            "Invalid gold file `{}`:\n{}; the other rows are used, these documents are not measured",
            data.gold.display(),
            describe_problems(&gold_problems)
        );
    }
    let gold = Arc::new(gold);
    let (annotations, annotator_failures) = crate::annotators::load(&args.annotators, &taxonomy)?;
    let models = load_models(&args.systems, &taxonomy)?;
    check_overlap(models.as_ref(), &gold, args.allow_overlap)?;
    let systems = build_systems(&args.systems, &taxonomy, models.as_ref(), WhenUnavailable::Skip)?;
    let corpus = open_corpus(&data.docs, args.run.max_doc_bytes, args.run.quiet)?;
    let mut config = run_config(systems.config, &args.run, "eval");
    config["dataset"] = data.label.clone().into();
    config["allow_overlap"] = args.allow_overlap.into();
    let setup = RunSetup {
        taxonomy,
        gold: Some(Arc::clone(&gold)),
        scorers: systems.scorers,
        vote: systems.vote,
        config,
        skipped_systems: systems.skipped,
        git_commit: crate::git::current_commit(),
        outputs: outputs(&args),
        gold_hash: Some(file_hash(&data.gold)?),
    };
    let total = Progress::wants_total(args.run.quiet)
        .then(|| count_records(&data.docs))
        .flatten();
    let progress = Arc::new(Progress::new(args.run.quiet, total));
    let options = args.run.options(true);
    let mut outcome = runtime()?.block_on(run::run(setup, corpus, &options, progress))?;
    outcome
        .record
        .input_failures
        .extend(gold_failures(&gold_problems, &data.gold));
    outcome.record.input_failures.extend(annotator_failures.iter().cloned());
    crate::annotators::warn_unknown_ids(&annotations, &outcome.record, &args.annotators);
    say_summary(&outcome, args.run.quiet);
    warn_unmatched(&outcome, &gold, data.gold.as_path(), args.run.shard.is_some());
    let report = ReportFile::new(outcome.record, &eval_options(&args, models.as_ref())).with_annotators(&annotations);
    println!("{}", report.table(args.per_tag));
    write_reports(&args, &report)?;
    let problems = outcome.failed + outcome.read.input_errors + (gold_problems.len() + annotator_failures.len()) as u64;
    Ok(if problems > 0 { 1 } else { 0 })
}

/// Bootstrap and seed from the flags; the analysis simulates the vote that ran, fitted part included.
fn eval_options(args: &Args, models: Option<&LoadedModels>) -> EvalOptions {
    let mut opts = EvalOptions::with_bootstrap(args.bootstrap, args.systems.seed);
    opts.analysis.vote = args.systems.vote.strategy.clone();
    opts.analysis.vote_options = args.systems.vote.options();
    opts.analysis.vote_model = models.and_then(|m| m.bundle.parts.get(VOTE_SYSTEM)).cloned();
    opts
}

/// Each bad gold line as an input failure of the record (so reports count them).
fn gold_failures(problems: &[GoldProblem], path: &Path) -> Vec<InputFailure> {
    problems
        .iter()
        .map(|p| InputFailure {
            id: None,
            message: format!("Gold {p} (in `{}`)", path.display()),
        })
        .collect()
}

/// The data to evaluate on: the flags, else the defaults (which say what they chose).
fn resolve_data(args: &Args) -> anyhow::Result<DefaultData> {
    match (&args.input, &args.gold) {
        (Some(input), Some(gold)) => Ok(DefaultData {
            taxonomy: args.taxonomy.clone().unwrap_or_else(defaults::taxonomy),
            docs: input.clone(),
            gold: gold.clone(),
            label: file_label(input),
        }),
        (None, Some(_)) => anyhow::bail!("`--gold` needs `--input`: the corpus the labels belong to"),
        _ => {
            let mut data = defaults::eval_data();
            if let Some(t) = &args.taxonomy {
                data.taxonomy = t.clone();
            }
            Ok(data)
        }
    }
}

fn file_label(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn file_hash(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("Cannot read `{}`", path.display()))?;
    Ok(sha256_hex(&bytes))
}

/// Refuses to measure on documents the model learned from, unless allowed.
fn check_overlap(models: Option<&LoadedModels>, gold: &Gold, allow: bool) -> anyhow::Result<()> {
    let Some(models) = models else { return Ok(()) };
    let ids: Vec<_> = gold.rows().iter().map(|(id, _)| id.clone()).collect();
    let overlap = models.bundle.fitted_overlap(&ids);
    if overlap.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = overlap.iter().take(5).map(|id| format!("`{id}`")).collect();
    let more = overlap.len().saturating_sub(5);
    let list = if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    };
    if allow {
        eprintln!(
            "Warning: evaluating on {} documents the model was fitted on ({list})",
            overlap.len()
        );
        return Ok(());
    }
    anyhow::bail!(
        "The model was fitted on {} of the evaluation documents ({list}); evaluate on other data, refit without them, or pass `--allow-overlap`",
        overlap.len()
    )
}

fn outputs(args: &Args) -> Vec<OutputSpec> {
    let predictions = args.output.clone().map(|path| OutputSpec {
        path: Some(path),
        kind: OutputKind::Predictions(tagvote_core::TagFormat::Name),
    });
    let records = args.records.clone().map(|path| OutputSpec {
        path: Some(path),
        kind: OutputKind::Records,
    });
    predictions.into_iter().chain(records).collect()
}

/// Notices for documents without gold, and (unsharded) gold rows without a document.
fn warn_unmatched(outcome: &RunOutcome, gold: &Gold, gold_path: &Path, sharded: bool) {
    let docs = &outcome.record.docs;
    let without_gold = docs.iter().filter(|d| d.gold.is_none()).count();
    if without_gold > 0 {
        eprintln!(
            "{without_gold} documents have no row in `{}` and are not measured",
            gold_path.display()
        );
    }
    let failed_inputs = outcome.record.input_failures.len();
    let orphans = gold.len().saturating_sub(docs.len() - without_gold);
    if !sharded && orphans > failed_inputs {
        eprintln!(
            "{orphans} rows of `{}` have no document in the corpus{}",
            gold_path.display(),
            if failed_inputs > 0 {
                " (some may be rejected records)"
            } else {
                ""
            }
        );
    }
}

fn write_reports(args: &Args, report: &ReportFile) -> anyhow::Result<()> {
    let json_path = args.report.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_REPORT));
    create_parent(&json_path)?;
    report.save_json(&json_path)?;
    eprintln!("Report written to `{}`", json_path.display());
    let extra: [(&Option<PathBuf>, &dyn Fn() -> String); 3] = [
        (&args.markdown, &|| report.to_markdown()),
        (&args.html, &|| report.to_html()),
        (&args.junit, &|| report.to_junit(&GateSpec::default())),
    ];
    for (path, render) in extra {
        if let Some(path) = path {
            create_parent(path)?;
            std::fs::write(path, render()).with_context(|| format!("Cannot write `{}`", path.display()))?;
        }
    }
    Ok(())
}

fn create_parent(path: &Path) -> anyhow::Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => std::fs::create_dir_all(dir).with_context(|| format!("Cannot create `{}`", dir.display())),
        None => Ok(()),
    }
}
