//! `tagvote merge`: joins the outputs of `--shard I/N` runs into what one machine would have written.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tagvote_core::corpus::DEFAULT_MAX_DOC_BYTES;
use tagvote_harness::merge::{merge_jsonl, merge_reports, CorpusOrder};
use tagvote_harness::report::ReportFile;

use crate::setup::open_corpus;

/// Join shard outputs: JSON reports of `eval --shard`, or JSONL outputs of `tag`/`eval --shard`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The shards' files, all of one kind: JSON reports (`*.json`, from `eval --report`) or JSONL
    /// outputs (from `--output` or `--records`)
    #[arg(required = true, value_name = "FILE")]
    pub shards: Vec<PathBuf>,
    /// The corpus the shards read: puts documents back in corpus order and checks it is the same
    /// corpus [without it: shard after shard, in the order given]
    #[arg(long, value_name = "CORPUS")]
    pub input: Option<PathBuf>,
    /// Where to write the merged report or JSONL [default: stdout]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The `--max-doc-bytes` the shards ran with [default: the reports' own, else the run default]
    #[arg(long, value_name = "BYTES")]
    pub max_doc_bytes: Option<usize>,
}

/// Runs `merge`; exit code 0.
pub fn run(args: Args) -> anyhow::Result<i32> {
    let reports = args.shards.iter().filter(|p| is_report(p)).count();
    match reports {
        0 => merge_lines(&args),
        n if n == args.shards.len() => merge_report_files(&args),
        _ => {
            anyhow::bail!("Give either JSON reports (`*.json`) or JSONL outputs, not both; merge each kind on its own")
        }
    }
}

fn is_report(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

fn merge_report_files(args: &Args) -> anyhow::Result<i32> {
    let mut reports = Vec::with_capacity(args.shards.len());
    for path in &args.shards {
        reports.push((path.clone(), ReportFile::load(path)?));
    }
    let recorded = reports[0]
        .1
        .run
        .config
        .pointer("/run/max_doc_bytes")
        .and_then(|v| v.as_u64());
    let max_doc_bytes = args.max_doc_bytes.or(recorded.map(|n| n as usize));
    let order = corpus_order(args.input.as_deref(), max_doc_bytes)?;
    let shards = reports.len();
    let merged = merge_reports(reports, order.as_ref())?;
    let json = merged.to_json();
    write_out(args.output.as_deref(), json.as_bytes())?;
    say(shards, merged.run.docs.len() as u64, order.is_some());
    Ok(0)
}

fn merge_lines(args: &Args) -> anyhow::Result<i32> {
    let order = corpus_order(args.input.as_deref(), args.max_doc_bytes)?;
    let summary = match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path).with_context(|| format!("Cannot create `{}`", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            merge_jsonl(&args.shards, order.as_ref(), &mut out, path)?
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            merge_jsonl(&args.shards, order.as_ref(), &mut out, Path::new("<stdout>"))?
        }
    };
    say(summary.files, summary.lines, order.is_some());
    Ok(0)
}

/// Reads the corpus for its order, when one is given.
fn corpus_order(input: Option<&Path>, max_doc_bytes: Option<usize>) -> anyhow::Result<Option<CorpusOrder>> {
    let Some(input) = input else { return Ok(None) };
    let corpus = open_corpus(input, max_doc_bytes.unwrap_or(DEFAULT_MAX_DOC_BYTES), false)?;
    Ok(Some(CorpusOrder::read(corpus)))
}

fn write_out(path: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match path {
        Some(path) => std::fs::write(path, bytes).with_context(|| format!("Cannot write `{}`", path.display())),
        None => std::io::stdout()
            .lock()
            .write_all(bytes)
            .context("Cannot write to stdout"),
    }
}

fn say(files: usize, items: u64, ordered: bool) {
    let order = if ordered {
        "in corpus order"
    } else {
        "shard after shard (give `--input` for corpus order)"
    };
    eprintln!("Merged {files} shard files: {items} documents, {order}");
}
