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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use tagvote_core::{DocId, ScoredDoc, Tag, TagScore};
    use tagvote_harness::record::{DocRecord, DocResult, RunRecord, RECORD_SCHEMA_VERSION};

    use super::*;

    /// 200 documents with gold `[i % 4]`; `vote` is right on the first `right`.
    fn write_run(path: &Path, right: usize, dataset_hash: &str) {
        let docs = (0..200)
            .map(|i| {
                let tag = if i < right {
                    (i % 4) as u16
                } else {
                    ((i + 1) % 4) as u16
                };
                let scored = ScoredDoc {
                    tags: vec![TagScore { tag, score: 0.9 }],
                    ..ScoredDoc::default()
                };
                DocRecord {
                    id: DocId::Str(format!("d{i}")),
                    gold: Some(vec![(i % 4) as u16]),
                    results: BTreeMap::from([(
                        "vote".to_string(),
                        DocResult::Ok {
                            scored,
                            latency_ms: 1.0,
                        },
                    )]),
                }
            })
            .collect();
        let run = RunRecord {
            schema_version: RECORD_SCHEMA_VERSION,
            taxonomy: (0..4)
                .map(|i| Tag {
                    id: i,
                    name: format!("t{i}"),
                })
                .collect(),
            taxonomy_hash: "t".into(),
            dataset_hash: dataset_hash.into(),
            gold_hash: None,
            systems: vec!["vote".into()],
            config: serde_json::Value::Null,
            shard: None,
            git_commit: None,
            docs,
            input_failures: Vec::new(),
            skipped_systems: BTreeMap::new(),
            wall_seconds: BTreeMap::new(),
        };
        ReportFile::new(run, &EvalOptions::with_bootstrap(100, 1))
            .save_json(path)
            .unwrap();
    }

    fn args(base: &Path, new: &Path, force: bool) -> Args {
        Args {
            base: base.into(),
            new: new.into(),
            max_drop: 0.01,
            alpha: 0.05,
            systems: Vec::new(),
            metrics: Vec::new(),
            per_tag: false,
            flips: 0,
            force,
            bootstrap: 200,
            seed: 1,
            markdown: false,
            junit: None,
        }
    }

    #[test]
    fn exit_codes_ok_regression_refusal_and_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = |name: &str| dir.path().join(name);
        write_run(&p("base.json"), 180, "d");
        write_run(&p("same.json"), 180, "d");
        write_run(&p("worse.json"), 100, "d");
        write_run(&p("other.json"), 180, "x");
        assert_eq!(run(args(&p("base.json"), &p("same.json"), false)).unwrap(), 0);
        let mut gated = args(&p("base.json"), &p("worse.json"), false);
        gated.junit = Some(p("gate.xml"));
        assert_eq!(run(gated).unwrap(), 1);
        assert!(std::fs::read_to_string(p("gate.xml")).unwrap().contains("<failure"));
        let refused = run(args(&p("base.json"), &p("other.json"), false)).unwrap_err();
        assert!(
            format!("{refused:#}").contains("different dataset hashes"),
            "{refused:#}"
        );
        assert_eq!(run(args(&p("base.json"), &p("other.json"), true)).unwrap(), 0);
    }
}
