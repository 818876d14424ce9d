//! Merging shard reports: the merged run record, evaluated again with the shards' options.

use std::path::PathBuf;

use super::error::MergeError;
use super::order::CorpusOrder;
use super::records::{merge_runs, ShardedRun};
use crate::report::ReportFile;

/// Joins shard reports into the report one machine would have written (timing fields aside).
/// Metrics are computed again from the merged record, never averaged over shards.
pub fn merge_reports(
    reports: Vec<(PathBuf, ReportFile)>,
    order: Option<&CorpusOrder>,
) -> Result<ReportFile, MergeError> {
    let (first_path, first) = reports.first().ok_or(MergeError::Empty)?;
    let options = first.evaluation.options.clone();
    if let Some((path, _)) = reports.iter().find(|(_, r)| r.evaluation.options != options) {
        return Err(MergeError::Mismatch {
            path: path.clone(),
            first: first_path.clone(),
            what: "different evaluation options (`--bootstrap`, `--seed`)".into(),
        });
    }
    let runs = reports
        .into_iter()
        .map(|(path, report)| ShardedRun {
            path,
            record: report.run,
        })
        .collect();
    let run = merge_runs(runs, order)?;
    Ok(ReportFile::new(run, &options))
}
