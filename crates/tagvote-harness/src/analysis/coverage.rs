//! Coverage, overlap, conflicts and empirical precision per scorer and per scorer × tag.

use tagvote_core::{ScoredDoc, TagIdx};

use super::{ScorerDiagnostics, TagDiagnostics};
use crate::record::{DocRecord, DocResult, RunRecord};

/// A scorer's answer on a document, when it produced one.
pub(super) fn answer<'a>(doc: &'a DocRecord, scorer: &str) -> Option<&'a ScoredDoc> {
    doc.results.get(scorer).and_then(DocResult::scored)
}

/// Per-tag tallies of one scorer.
#[derive(Default, Clone)]
struct TagTally {
    proposed: usize,
    overlap: usize,
    conflict: usize,
    with_gold: usize,
    correct: usize,
}

/// Per-scorer and per-scorer × tag diagnostics, in scorer order then taxonomy order.
pub(super) fn diagnostics(record: &RunRecord, scorers: &[String]) -> (Vec<ScorerDiagnostics>, Vec<TagDiagnostics>) {
    let n_tags = record.taxonomy.len();
    let mut gold_count = vec![0usize; n_tags];
    for gold in record.docs.iter().filter_map(|d| d.gold.as_ref()) {
        gold.iter()
            .filter(|&&t| (t as usize) < n_tags)
            .for_each(|&t| gold_count[t as usize] += 1);
    }
    let mut per_scorer = Vec::new();
    let mut per_tag = Vec::new();
    for scorer in scorers {
        let (summary, tallies) = scorer_diagnostics(record, scorers, scorer);
        per_scorer.push(summary);
        per_tag.extend(tag_rows(record, scorer, &tallies, &gold_count));
    }
    (per_scorer, per_tag)
}

fn fraction(count: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        count as f64 / total as f64
    }
}

fn scorer_diagnostics(record: &RunRecord, scorers: &[String], scorer: &str) -> (ScorerDiagnostics, Vec<TagTally>) {
    let n_tags = record.taxonomy.len();
    let mut tallies = vec![TagTally::default(); n_tags];
    let mut d = ScorerDiagnostics {
        scorer: scorer.to_string(),
        ..Default::default()
    };
    let (mut covered, mut overlaps, mut conflicts, mut with_gold, mut correct) = (0, 0, 0, 0, 0);
    for doc in &record.docs {
        match doc.results.get(scorer) {
            Some(DocResult::Ok { .. }) => d.docs_ok += 1,
            Some(DocResult::Failed { .. }) => d.docs_failed += 1,
            _ => d.docs_skipped += 1,
        }
        let Some(mine) = answer(doc, scorer).map(|a| a.tag_indices()).filter(|t| !t.is_empty()) else {
            continue;
        };
        let others: Vec<Vec<TagIdx>> = scorers
            .iter()
            .filter(|s| s.as_str() != scorer)
            .filter_map(|s| answer(doc, s).map(|a| a.tag_indices()))
            .filter(|t| !t.is_empty())
            .collect();
        covered += 1;
        overlaps += others.iter().any(|o| o.iter().any(|t| mine.contains(t))) as usize;
        conflicts += others.iter().any(|o| !o.iter().any(|t| mine.contains(t))) as usize;
        for &t in mine.iter().filter(|&&t| (t as usize) < n_tags) {
            let tally = &mut tallies[t as usize];
            tally.proposed += 1;
            tally.overlap += others.iter().any(|o| o.contains(&t)) as usize;
            tally.conflict += others.iter().any(|o| !o.contains(&t)) as usize;
            if let Some(gold) = &doc.gold {
                tally.with_gold += 1;
                tally.correct += gold.contains(&t) as usize;
                with_gold += 1;
                correct += gold.contains(&t) as usize;
            }
        }
    }
    let n = record.docs.len();
    d.coverage = fraction(covered, n);
    d.overlap = fraction(overlaps, n);
    d.conflict = fraction(conflicts, n);
    d.precision = (with_gold > 0).then(|| fraction(correct, with_gold));
    d.proposed = tallies.iter().map(|t| t.proposed).sum();
    d.never_predicts = (0..n_tags)
        .filter(|&t| tallies[t].proposed == 0)
        .map(|t| record.taxonomy[t].name.clone())
        .collect();
    (d, tallies)
}

fn tag_rows(record: &RunRecord, scorer: &str, tallies: &[TagTally], gold_count: &[usize]) -> Vec<TagDiagnostics> {
    let n = record.docs.len();
    tallies
        .iter()
        .enumerate()
        .filter(|(t, tally)| tally.proposed > 0 || gold_count[*t] > 0)
        .map(|(t, tally)| TagDiagnostics {
            scorer: scorer.to_string(),
            tag: record.taxonomy[t].name.clone(),
            proposed: tally.proposed,
            coverage: fraction(tally.proposed, n),
            overlap: fraction(tally.overlap, n),
            conflict: fraction(tally.conflict, n),
            precision: (tally.with_gold > 0).then(|| fraction(tally.correct, tally.with_gold)),
            gold_count: gold_count[t],
        })
        .collect()
}
