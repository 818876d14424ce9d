//! The audit: gold labels most likely wrong, where every scorer confidently agrees against the gold.

use std::collections::BTreeMap;

use tagvote_core::{ScoredDoc, TagIdx};

use super::coverage::answer;
use super::{AnalysisOptions, SuspectGold};
use crate::record::{DocRecord, RunRecord};

/// Documents whose gold lacks a tag that every answering scorer (at least two) proposed with a score
/// of at least `opts.audit_min_score`, most suspect first (then by id), at most `opts.audit_limit`.
pub fn suspect_gold(record: &RunRecord, scorers: &[String], opts: &AnalysisOptions) -> Vec<SuspectGold> {
    let mut suspects: Vec<SuspectGold> = record
        .docs
        .iter()
        .filter_map(|doc| suspect(record, doc, scorers, opts))
        .collect();
    suspects.sort_by(|a, b| b.confidence.total_cmp(&a.confidence).then_with(|| a.id.cmp(&b.id)));
    suspects.truncate(opts.audit_limit);
    suspects
}

fn suspect(record: &RunRecord, doc: &DocRecord, scorers: &[String], opts: &AnalysisOptions) -> Option<SuspectGold> {
    let gold = doc.gold.as_ref()?;
    let answers: Vec<(&str, &ScoredDoc)> = scorers
        .iter()
        .filter_map(|s| answer(doc, s).map(|a| (s.as_str(), a)))
        .collect();
    if answers.len() < 2 {
        return None;
    }
    let confident = |d: &ScoredDoc, t: TagIdx| d.tags.iter().any(|s| s.tag == t && s.score >= opts.audit_min_score);
    let first = answers[0].1;
    let disputed: Vec<TagIdx> = first
        .tag_indices()
        .into_iter()
        .filter(|t| !gold.contains(t) && answers.iter().all(|(_, d)| confident(d, *t)))
        .collect();
    if disputed.is_empty() {
        return None;
    }
    let unsupported: Vec<TagIdx> = gold
        .iter()
        .copied()
        .filter(|t| !answers.iter().any(|(_, d)| d.tag_indices().contains(t)))
        .collect();
    let least_score = |t: TagIdx| {
        answers
            .iter()
            .map(|(_, d)| d.score_of(t).clamp(0.0, 1.0))
            .fold(1.0f32, f32::min)
    };
    let strength = disputed.iter().map(|&t| least_score(t)).fold(0.0f32, f32::max) as f64;
    let share_unsupported = if gold.is_empty() {
        1.0
    } else {
        unsupported.len() as f64 / gold.len() as f64
    };
    let name = |t: &TagIdx| {
        record
            .taxonomy
            .get(*t as usize)
            .map_or_else(|| t.to_string(), |tag| tag.name.clone())
    };
    Some(SuspectGold {
        id: doc.id.key(),
        gold: gold.iter().map(name).collect(),
        disputed: disputed.iter().map(name).collect(),
        unsupported: unsupported.iter().map(name).collect(),
        scorers: answers
            .iter()
            .map(|(s, d)| (s.to_string(), d.tags.iter().map(|t| (name(&t.tag), t.score)).collect()))
            .collect::<BTreeMap<_, _>>(),
        confidence: strength * (0.5 + 0.5 * share_unsupported),
    })
}
