//! `tagvote report RUN.json`: regenerates the table, Markdown, HTML or JUnit from a saved JSON report
//! (or a bare run record, which is evaluated first).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tagvote_harness::compare::GateSpec;
use tagvote_harness::evaluation::EvalOptions;
use tagvote_harness::metrics::MetricKind;
use tagvote_harness::report::ReportFile;
use tagvote_harness::stats::DEFAULT_SEED;

/// What to render.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The terminal table `eval` prints
    Text,
    /// The canonical JSON report
    Json,
    /// Markdown for a pull-request comment
    Md,
    /// A self-contained HTML page with SVG charts
    Html,
    /// JUnit XML, one test case per gated system and metric
    Junit,
}

/// Render a saved report; exit 1 when a `--min` floor is not met.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The JSON report written by `eval` (or a run record)
    #[arg(value_name = "RUN.json")]
    pub report: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write here instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// With `text`: also print per-tag support, TP, FP, FN, precision, recall and F1
    #[arg(long)]
    pub per_tag: bool,
    /// Evaluate the run again (new bootstrap or seed, or a report from an older tagvote)
    #[arg(long)]
    pub recompute: bool,
    /// Bootstrap resamples when evaluating (a run record, or `--recompute`)
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub bootstrap: usize,
    /// Seed when evaluating (a run record, or `--recompute`)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Gated system for JUnit and `--min` (repeatable) [default: every system]
    #[arg(long = "system", value_name = "NAME")]
    pub systems: Vec<String>,
    /// Gated metric for JUnit (repeatable): `micro_f1`, `macro_f1`, `samples_f1`, `exact_match` [default: `micro_f1`]
    #[arg(long = "metric", value_name = "NAME")]
    pub metrics: Vec<MetricKind>,
    /// Least allowed value, e.g. `micro_f1=0.5` (repeatable); a system under it fails the gate (exit 1)
    #[arg(long = "min", value_name = "METRIC=VALUE", value_parser = parse_floor)]
    pub floors: Vec<(MetricKind, f64)>,
}

/// Renders the report; 0, or 1 when a floor is not met.
pub fn run(args: Args) -> anyhow::Result<i32> {
    let opts = EvalOptions::with_bootstrap(args.bootstrap, args.seed);
    let mut report = ReportFile::load_or_evaluate(&args.report, &opts)?;
    if args.recompute {
        let annotators = report.evaluation.annotators.take();
        let opts = EvalOptions {
            analysis: report.evaluation.options.analysis.clone(),
            ..opts
        };
        report = ReportFile::new(report.run, &opts);
        report.evaluation.annotators = annotators;
    }
    let spec = gate_spec(&args);
    let text = match args.format {
        Format::Text => report.table(args.per_tag),
        Format::Json => report.to_json(),
        Format::Md => report.to_markdown(),
        Format::Html => report.to_html(),
        Format::Junit => report.to_junit(&spec),
    };
    write_out(args.out.as_deref(), &text)?;
    if report.passes_floors(&spec) {
        Ok(0)
    } else {
        eprintln!("A `--min` floor is not met; see the JUnit cases or the table");
        Ok(1)
    }
}

fn gate_spec(args: &Args) -> GateSpec {
    let mut spec = GateSpec {
        systems: args.systems.clone(),
        floors: args.floors.iter().copied().collect::<BTreeMap<_, _>>(),
        ..GateSpec::default()
    };
    if !args.metrics.is_empty() {
        spec.metrics = args.metrics.clone();
    }
    spec
}

fn parse_floor(s: &str) -> Result<(MetricKind, f64), String> {
    let (metric, value) = s
        .split_once('=')
        .ok_or_else(|| format!("Expected `METRIC=VALUE` such as `micro_f1=0.5`, got `{s}`"))?;
    let value: f64 = value
        .trim()
        .parse()
        .map_err(|_| format!("`{value}` is not a number; give a value between 0 and 1"))?;
    Ok((metric.parse()?, value))
}

/// Writes to `out` (creating its folder) or to stdout.
pub(crate) fn write_out(out: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| format!("Cannot create `{}`", dir.display()))?;
            }
            std::fs::write(path, text).with_context(|| format!("Cannot write `{}`", path.display()))
        }
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floors_parse_metric_and_value() {
        assert_eq!(parse_floor("micro_f1=0.5"), Ok((MetricKind::MicroF1, 0.5)));
        assert!(parse_floor("micro_f1").unwrap_err().contains("METRIC=VALUE"));
        assert!(parse_floor("f9=0.5").unwrap_err().contains("`f9`"));
        assert!(parse_floor("macro_f1=x").unwrap_err().contains("`x`"));
    }
}
