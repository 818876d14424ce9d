//! `tagvote audit --report RUN.json`: scorer diagnostics of a saved run and the gold labels most likely
//! wrong (every scorer confident and agreeing against the gold), ranked for a person to review.

use std::path::PathBuf;

use anyhow::Context;
use tagvote_harness::analysis::{analyse, AnalysisOptions};
use tagvote_harness::report::analysis_text;
use tagvote_harness::RunRecord;

/// Inspect how scorers agree, where the gold looks wrong and what a cascade would save.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// JSON report written by `tagvote eval --report` (its `run` is analysed again)
    #[arg(long, value_name = "FILE")]
    pub report: PathBuf,
    /// Most suspect gold labels listed
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    /// Least score each scorer must give a disputed tag
    #[arg(long, value_name = "SCORE", default_value_t = 0.0)]
    pub min_score: f32,
    /// Print the whole analysis as JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// Runs `audit`; exit code 0.
pub fn run(args: Args) -> anyhow::Result<i32> {
    let (record, mut opts) = load(&args.report)?;
    opts.audit_limit = args.limit;
    opts.audit_min_score = args.min_score;
    let analysis = analyse(&record, &opts);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&analysis)?);
    } else {
        print!("{}", analysis_text(&record, &analysis));
    }
    Ok(0)
}

/// The report's run and the analysis options it was evaluated with (defaults when absent).
fn load(path: &PathBuf) -> anyhow::Result<(RunRecord, AnalysisOptions)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("Cannot read the report `{}`", path.display()))?;
    let mut value: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("`{}` is not JSON; give the JSON report `eval` wrote", path.display()))?;
    let run = value.get_mut("run").map(serde_json::Value::take).with_context(|| {
        format!(
            "`{}` has no `run`; give the JSON report `eval` wrote, not a table or records",
            path.display()
        )
    })?;
    let record: RunRecord = serde_json::from_value(run).with_context(|| {
        format!(
            "The `run` of `{}` is not a run record this version reads",
            path.display()
        )
    })?;
    let opts = value
        .pointer("/evaluation/options/analysis")
        .and_then(|o| serde_json::from_value(o.clone()).ok())
        .unwrap_or_default();
    Ok((record, opts))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report whose one document has gold `t0` while both scorers say `t1`.
    fn report_json() -> serde_json::Value {
        let said =
            |score: f64| serde_json::json!({"status": "ok", "tags": [{"tag": 1, "score": score}], "latency_ms": 0.0});
        serde_json::json!({
            "run": {
                "schema_version": 1,
                "taxonomy": [{"id": 5, "name": "t0"}, {"id": 6, "name": "t1"}],
                "taxonomy_hash": "h", "dataset_hash": "d",
                "systems": ["a", "b", "vote"], "config": null,
                "docs": [{"id": "p/q", "gold": [0], "results": {"a": said(0.9), "b": said(0.7)}}],
            },
            "evaluation": {"options": {"analysis": {"audit_limit": 1}}},
        })
    }

    #[test]
    fn audit_reads_the_run_of_a_report_and_lists_the_suspect_gold() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.json");
        std::fs::write(&path, report_json().to_string()).unwrap();
        let (record, _) = load(&path).unwrap();
        let opts = AnalysisOptions::default();
        let text = analysis_text(&record, &analyse(&record, &opts));
        assert!(
            text.contains("1. `p/q` confidence 0.700: gold [t0]; every scorer says [t1]"),
            "{text}"
        );
        assert!(text.contains("a: t1 0.90") && text.contains("b: t1 0.70"), "{text}");
    }

    #[test]
    fn audit_explains_a_file_that_is_not_a_report() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.json");
        std::fs::write(&path, "{\"id\": 1}").unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("has no `run`"), "{err}");
        assert!(load(&dir.path().join("missing.json")).is_err());
    }
}
