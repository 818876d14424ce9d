//! `tagvote tag`: writes the final tags of every document as JSONL, `{"id":"3930","tags":[…]}`.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use tagvote_core::{TagFormat, Taxonomy};
use tagvote_harness::run::{self, OutputKind, OutputSpec, RunSetup};

use super::common::{RunArgs, SystemArgs};
use crate::progress::{count_records, Progress};
use crate::setup::{build_systems, load_models, open_corpus, runtime, WhenUnavailable};

/// How tags are written.
#[derive(clap::ValueEnum, Debug, Clone, Copy, Default)]
pub enum TagFormatArg {
    /// Tag names, as in the seed: `["compiler","runtime","lib"]`
    #[default]
    Name,
    /// Tag ids: `[61,65,33]`
    Id,
    /// Both: `[{"id":61,"name":"compiler"}]`
    Object,
}

impl From<TagFormatArg> for TagFormat {
    fn from(arg: TagFormatArg) -> Self {
        match arg {
            TagFormatArg::Name => TagFormat::Name,
            TagFormatArg::Id => TagFormat::Id,
            TagFormatArg::Object => TagFormat::Object,
        }
    }
}

/// Tag every document of a corpus (or one README) with at most 3 tags.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Taxonomy file (`[{"id":…,"name":…}]`) [default: `../shared/seed/tags.json`, else `datasets/sample/tags.json`]
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Corpus: JSONL (`{"id","text"}` per line), a directory of README files, or `-` for stdin
    /// [default: the readmes test split of `../shared`, else `datasets/sample`]
    #[arg(long, value_name = "CORPUS", conflicts_with = "readme")]
    pub input: Option<PathBuf>,
    /// One README file to tag instead of a corpus
    #[arg(long, value_name = "FILE")]
    pub readme: Option<PathBuf>,
    /// The id to give `--readme` [default: its file name without extension]
    #[arg(long, value_name = "ID", requires = "readme")]
    pub id: Option<String>,
    /// Where to write the JSONL [default: stdout]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How tags are written
    #[arg(long, value_enum, default_value_t = TagFormatArg::Name)]
    pub tag_format: TagFormatArg,
    /// Also write every system's result per document (JSONL records) to this file
    #[arg(long, value_name = "FILE")]
    pub records: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
    #[command(flatten)]
    pub systems: SystemArgs,
}

/// Runs `tag`; exit code 0, or 1 when some documents could not be tagged.
pub fn run(args: Args) -> anyhow::Result<i32> {
    if args.run.resume && args.output.is_none() {
        anyhow::bail!("`--resume` needs `--output FILE`: it continues the file an earlier run wrote");
    }
    let default_data = (args.readme.is_none() && args.input.is_none()).then(crate::defaults::eval_data);
    let taxonomy_path = match (&args.taxonomy, &default_data) {
        (Some(path), _) => path.clone(),
        (None, Some(data)) => data.taxonomy.clone(),
        (None, None) => crate::defaults::taxonomy(),
    };
    let taxonomy = Arc::new(Taxonomy::load(&taxonomy_path)?);
    let input = args.input.clone().or_else(|| default_data.map(|d| d.docs));
    let (corpus, total) = match (&args.readme, &input) {
        (Some(readme), _) => (
            single_readme(readme, args.id.as_deref(), args.run.max_doc_bytes)?,
            Some(1),
        ),
        (None, Some(input)) => (
            open_corpus(input, args.run.max_doc_bytes, args.run.quiet)?,
            total_of(input, &args.run),
        ),
        (None, None) => anyhow::bail!("Nothing to tag; give `--input CORPUS` or `--readme FILE`"),
    };
    let models = load_models(&args.systems, &taxonomy)?;
    let systems = build_systems(&args.systems, &taxonomy, models.as_ref(), WhenUnavailable::FailIfAsked)?;
    let mut outputs = vec![OutputSpec {
        path: args.output.clone(),
        kind: OutputKind::Predictions(args.tag_format.into()),
    }];
    outputs.extend(args.records.clone().map(|path| OutputSpec {
        path: Some(path),
        kind: OutputKind::Records,
    }));
    let setup = RunSetup {
        taxonomy,
        gold: None,
        scorers: systems.scorers,
        vote: systems.vote,
        config: super::common::run_config(systems.config, &args.run, "tag"),
        skipped_systems: systems.skipped,
        git_commit: None,
        outputs,
        gold_hash: None,
    };
    let progress = Arc::new(Progress::new(args.run.quiet, total));
    let options = args.run.options(false);
    let outcome = runtime()?.block_on(run::run(setup, corpus, &options, progress.clone()))?;
    super::common::say_summary(&outcome, args.run.quiet);
    let problems = outcome.failed + outcome.read.input_errors;
    Ok(if problems > 0 { 1 } else { 0 })
}

fn total_of(input: &std::path::Path, run: &RunArgs) -> Option<u64> {
    Progress::wants_total(run.quiet)
        .then(|| count_records(input))
        .flatten()
        .map(|n| run.shard.map_or(n, |s| n.div_ceil(u64::from(s.count))))
}

/// A one-document corpus from a README file; its id is `id` or the file name's stem.
fn single_readme(
    path: &std::path::Path,
    id: Option<&str>,
    max_doc_bytes: usize,
) -> anyhow::Result<tagvote_core::CorpusReader> {
    let bytes = std::fs::read(path).with_context(|| format!("Cannot read `{}`", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "Invalid UTF-8 at byte `{}` of `{}`; re-encode the file as UTF-8",
            e.utf8_error().valid_up_to(),
            path.display()
        )
    })?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let id = id.map(str::to_string).or(stem).unwrap_or_else(|| "readme".into());
    let line = serde_json::json!({"id": id, "text": text}).to_string();
    let options = tagvote_core::CorpusOptions { max_doc_bytes };
    let reader = Box::new(std::io::Cursor::new(line.into_bytes()));
    Ok(tagvote_core::CorpusReader::from_jsonl_reader(path, reader, options))
}
