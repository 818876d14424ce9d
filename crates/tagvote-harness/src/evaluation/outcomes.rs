//! Turning a record into per-system `DocOutcome`s: documents with gold, failures as empty predictions.

use crate::metrics::DocOutcome;
use crate::record::{DocRecord, RunRecord};

/// The systems to evaluate: the record's display order, then any other system with results
/// (sorted), leaving out systems that could not run at all.
pub fn evaluated_systems(record: &RunRecord) -> Vec<String> {
    let mut names: Vec<String> = record.systems.clone();
    let mut extra: Vec<&String> = record
        .docs
        .iter()
        .flat_map(|d| d.results.keys())
        .filter(|s| !names.contains(s))
        .collect();
    extra.sort();
    extra.dedup();
    names.extend(extra.into_iter().cloned());
    names.retain(|s| !record.skipped_systems.contains_key(s));
    names
}

/// One outcome per document with gold, in record order; a missing, failed or skipped result is an
/// empty prediction.
pub fn system_outcomes(record: &RunRecord, system: &str) -> Vec<DocOutcome> {
    record
        .docs
        .iter()
        .filter_map(|doc| Some(DocOutcome::new(doc.gold.as_deref()?, &predicted(doc, system))))
        .collect()
}

fn predicted(doc: &DocRecord, system: &str) -> Vec<tagvote_core::TagIdx> {
    doc.results.get(system).map(|r| r.tags()).unwrap_or_default()
}
