//! `tagvote suggest`: runs the scorers and the vote without gold and lists the documents most worth
//! labelling next (the vote most likely wrong first), as JSONL or a Markdown labelling sheet.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use tagvote_core::gold::describe_problems;
use tagvote_core::{Document, Gold, Taxonomy};
use tagvote_harness::run::{self, RunObserver, RunSetup};
use tagvote_harness::suggest::measure::lift_table;
use tagvote_harness::suggest::output::{first_lines, jsonl_line, sheet, SheetEntry};
use tagvote_harness::suggest::{rank, ExpectedF1Model, Suggestion, SUGGEST_PART};

use super::common::{RunArgs, SystemArgs};
use crate::progress::Progress;
use crate::setup::{build_systems, load_models, open_corpus, runtime, LoadedModels, WhenUnavailable};

/// How suggestions are written.
#[derive(clap::ValueEnum, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SuggestFormat {
    /// One JSON object per line: `{"id","reason","expected_f1","tags","scorers"}`
    #[default]
    Jsonl,
    /// A labelling sheet: one section per document with its first lines and the proposed tags
    Md,
}

/// Cut-offs of the lift printed with `--gold`.
const LIFT_AT: [usize; 3] = [10, 20, 50];

/// Lines of each README quoted in the labelling sheet.
const SHEET_LINES: usize = 8;

/// List the documents most worth labelling next: where the vote is most likely wrong.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Taxonomy file [default: `../shared/seed/tags.json`, else `datasets/sample/tags.json`]
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Corpus: JSONL or a directory of READMEs [default: the readmes test split of `../shared`, else `datasets/sample`]
    #[arg(long, value_name = "CORPUS")]
    pub input: Option<PathBuf>,
    /// How many documents to suggest (0: all)
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub n: usize,
    /// Ids to leave out (already labelled): JSONL with an `id` per line, or one id per line (repeatable)
    #[arg(long, value_name = "FILE")]
    pub exclude: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = SuggestFormat::Jsonl)]
    pub format: SuggestFormat,
    /// Where to write [default: stdout]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Gold labels to measure the ranking: prints on stderr the lift at 10, 20 and 50 documents
    #[arg(long, value_name = "FILE")]
    pub gold: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
    #[command(flatten)]
    pub systems: SystemArgs,
}

/// Runs `suggest`; exit code 0, or 1 when some documents could not be read or scored.
pub fn run(args: Args) -> anyhow::Result<i32> {
    if args.run.resume {
        anyhow::bail!("`suggest` cannot `--resume`; run it again");
    }
    let (taxonomy_path, input) = match &args.input {
        Some(input) => (
            args.taxonomy.clone().unwrap_or_else(crate::defaults::taxonomy),
            input.clone(),
        ),
        None => {
            let data = crate::defaults::eval_data();
            (args.taxonomy.clone().unwrap_or(data.taxonomy), data.docs)
        }
    };
    let taxonomy = Arc::new(Taxonomy::load(&taxonomy_path)?);
    let exclude = read_exclude(&args.exclude)?;
    let models = load_models(&args.systems, &taxonomy)?;
    let model = suggest_model(models.as_ref())?;
    let systems = build_systems(&args.systems, &taxonomy, models.as_ref(), WhenUnavailable::FailIfAsked)?;
    let setup = RunSetup {
        taxonomy: Arc::clone(&taxonomy),
        gold: None,
        scorers: systems.scorers,
        vote: systems.vote,
        config: super::common::run_config(systems.config, &args.run, "suggest"),
        skipped_systems: systems.skipped,
        git_commit: None,
        outputs: Vec::new(),
        gold_hash: None,
    };
    let corpus = open_corpus(&input, args.run.max_doc_bytes, args.run.quiet)?;
    let texts = Arc::new(TextNotes::new(
        Progress::new(args.run.quiet, None),
        args.format == SuggestFormat::Md,
    ));
    let observer = Arc::clone(&texts) as Arc<dyn RunObserver>;
    let outcome = runtime()?.block_on(run::run(setup, corpus, &args.run.options(true), observer))?;
    super::common::say_summary(&outcome, args.run.quiet);
    let lengths = texts.lengths.lock().expect("lengths lock");
    let ranked: Vec<Suggestion> = rank(&outcome.record, &lengths, model.as_ref())
        .into_iter()
        .filter(|s| !exclude.contains(&s.id.key()))
        .collect();
    if let Some(gold) = &args.gold {
        print_lift(&ranked, gold, &taxonomy)?;
    }
    let chosen = if args.n == 0 {
        &ranked[..]
    } else {
        &ranked[..args.n.min(ranked.len())]
    };
    let text = match args.format {
        SuggestFormat::Jsonl => chosen.iter().map(|s| jsonl_line(s, &taxonomy) + "\n").collect(),
        SuggestFormat::Md => labelling_sheet(chosen, &texts, &taxonomy_path, &taxonomy),
    };
    write_out(args.output.as_deref(), &text)?;
    Ok(if outcome.failed + outcome.read.input_errors > 0 {
        1
    } else {
        0
    })
}

fn suggest_model(models: Option<&LoadedModels>) -> anyhow::Result<Option<ExpectedF1Model>> {
    match models.and_then(|m| m.bundle.parts.get(SUGGEST_PART)) {
        Some(part) => Ok(Some(ExpectedF1Model::from_part(part)?)),
        None => {
            eprintln!("The model has no `suggest` part (fit one with `tagvote fit vote`); ranking by the vote's own probabilities");
            Ok(None)
        }
    }
}

/// Ids of every `--exclude` file: a JSON object's `id`, a bare JSON string or number, or the line.
fn read_exclude(paths: &[PathBuf]) -> anyhow::Result<HashSet<String>> {
    let mut ids = HashSet::new();
    for path in paths {
        let text = std::fs::read_to_string(path).with_context(|| format!("Cannot read `{}`", path.display()))?;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let id = match serde_json::from_str::<serde_json::Value>(line) {
                Ok(serde_json::Value::Object(o)) => match o.get("id") {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(v @ serde_json::Value::Number(_)) => v.to_string(),
                    _ => anyhow::bail!("`{}`: a line has no `id`: `{line}`", path.display()),
                },
                Ok(serde_json::Value::String(s)) => s,
                Ok(v @ serde_json::Value::Number(_)) => v.to_string(),
                _ => line.to_string(),
            };
            ids.insert(id);
        }
    }
    Ok(ids)
}

fn print_lift(ranked: &[Suggestion], gold: &Path, taxonomy: &Taxonomy) -> anyhow::Result<()> {
    let (labels, problems) = Gold::load_lenient(gold, taxonomy)?;
    if !problems.is_empty() {
        eprintln!(
            "Invalid gold file `{}`:\n{}; the other rows are used",
            gold.display(),
            describe_problems(&problems)
        );
    }
    let (docs, mean_error, rows) = lift_table(ranked, &labels, &LIFT_AT);
    eprintln!("Lift against `{}`: mean error of the first N suggestions over the mean error {mean_error:.3} of all {docs} documents", gold.display());
    eprintln!(
        "{:<14}{}",
        "ranking",
        LIFT_AT.map(|n| format!("{:>10}", format!("@{n}"))).join("")
    );
    for row in rows {
        let cells: String = row
            .lifts
            .iter()
            .map(|l| format!("{:>10}", l.map_or_else(|| "-".to_string(), |v| format!("{v:.2}x"))))
            .collect();
        eprintln!("{:<14}{cells}", row.ranking);
    }
    Ok(())
}

fn labelling_sheet(chosen: &[Suggestion], texts: &TextNotes, taxonomy_path: &Path, taxonomy: &Taxonomy) -> String {
    let mut lines = std::mem::take(&mut *texts.first_lines.lock().expect("first lines lock"));
    let entries: Vec<SheetEntry> = chosen
        .iter()
        .map(|s| SheetEntry {
            suggestion: s,
            first_lines: lines.remove(&s.id.key()).unwrap_or_default(),
        })
        .collect();
    sheet(&entries, taxonomy, &taxonomy_path.display().to_string())
}

/// The progress bars, plus what `suggest` needs of each text as the run reads it (the run drops
/// the texts once scored): its length, and its first lines when a labelling sheet is written.
struct TextNotes {
    progress: Progress,
    keep_first_lines: bool,
    /// Text bytes by id key.
    lengths: Mutex<HashMap<String, usize>>,
    first_lines: Mutex<HashMap<String, Vec<String>>>,
}

impl TextNotes {
    fn new(progress: Progress, keep_first_lines: bool) -> Self {
        TextNotes {
            progress,
            keep_first_lines,
            lengths: Mutex::default(),
            first_lines: Mutex::default(),
        }
    }
}

impl RunObserver for TextNotes {
    fn document_read(&self, doc: &Document) {
        let key = doc.id.key();
        if self.keep_first_lines {
            let lines = first_lines(&doc.text, SHEET_LINES);
            self.first_lines
                .lock()
                .expect("first lines lock")
                .insert(key.clone(), lines);
        }
        self.lengths.lock().expect("lengths lock").insert(key, doc.text.len());
    }

    fn started(&self, systems: &[String]) {
        self.progress.started(systems);
    }

    fn advanced(&self, system: &str, docs: u64) {
        self.progress.advanced(system, docs);
    }

    fn input_failed(&self, message: &str) {
        self.progress.input_failed(message);
    }

    fn doc_failed(&self, system: &str, id: &str, message: &str) {
        self.progress.doc_failed(system, id, message);
    }

    fn finished(&self) {
        self.progress.finished();
    }
}

fn write_out(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(p) => std::fs::write(p, text).with_context(|| format!("Cannot write `{}`", p.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).context("Cannot write to stdout")
        }
    }
}
