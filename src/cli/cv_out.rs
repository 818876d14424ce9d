//! `fit vote --cv-out FILE`: every training document's gold, each scorer's out-of-fold tags and each
//! strategy's cross-validated tags, one JSON line per document, so the vote's errors can be studied on
//! training data without touching the test split; `scores` holds each scorer's out-of-fold per-tag
//! scores, the evidence the vote is fitted on, for trying other votes outside the build.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use serde_json::{json, Value};
use tagvote_core::{ScoredDoc, TagIdx, Taxonomy, TrainSet};
use tagvote_harness::vote::oof::OutOfFold;

/// Writes one line per training document, in input order; `vote` is the `auto` strategy's tags (each
/// fold's own best, as in the `cv:auto` row).
pub fn write(
    path: &Path,
    train: &TrainSet,
    oof: &OutOfFold,
    cv: &BTreeMap<String, Vec<Vec<TagIdx>>>,
) -> anyhow::Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("Cannot create `{}`", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let names = |tags: &[TagIdx]| tag_names(&train.taxonomy, tags);
    for (i, doc) in oof.docs.iter().enumerate() {
        let scorers: BTreeMap<&str, Value> = doc
            .results
            .iter()
            .map(|(s, d)| (s.as_str(), names(&d.tag_indices())))
            .collect();
        let scores: BTreeMap<&str, Value> = doc
            .results
            .iter()
            .map(|(s, d)| (s.as_str(), tag_scores(&train.taxonomy, d)))
            .collect();
        let strategies: BTreeMap<&str, Value> = cv.iter().map(|(s, tags)| (s.as_str(), names(&tags[i]))).collect();
        let line = json!({
            "id": train.docs[i].id,
            "origin": train.origins.get(train.origin[i] as usize),
            "fold": oof.folds.get(i),
            "gold": names(&doc.gold),
            "vote": cv.get("auto").map_or(Value::Null, |tags| names(&tags[i])),
            "scorers": scorers,
            "cv": strategies,
            "scores": scores,
        });
        writeln!(out, "{line}").with_context(|| format!("Cannot write `{}`", path.display()))?;
    }
    out.flush()
        .with_context(|| format!("Cannot write `{}`", path.display()))
}

fn tag_names(taxonomy: &Taxonomy, tags: &[TagIdx]) -> Value {
    tags.iter().map(|&t| taxonomy.name(t)).collect()
}

/// A scorer's candidate scores as `{tag: score}`, its chosen tags included, sorted by tag name.
fn tag_scores(taxonomy: &Taxonomy, doc: &ScoredDoc) -> Value {
    let all: BTreeMap<&str, f32> = doc
        .scores
        .iter()
        .chain(&doc.tags)
        .map(|s| (taxonomy.name(s.tag), doc.score_of(s.tag)))
        .collect();
    json!(all)
}
