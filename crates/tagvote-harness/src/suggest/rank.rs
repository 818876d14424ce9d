//! Ranking a run's documents by how likely the vote is wrong: lowest expected F1 first, each with
//! the reason (the signals that pulled its expected F1 down).

use std::collections::{BTreeMap, HashMap};

use tagvote_core::{DocId, ScoredDoc, TagIdx};

use super::features::features;
use super::model::{feature_value, ExpectedF1Model};
use crate::record::{DocRecord, RunRecord, VOTE_SYSTEM};

/// One document worth labelling.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub id: DocId,
    pub reason: String,
    pub expected_f1: f64,
    /// The vote's tags.
    pub tags: Vec<TagIdx>,
    /// Each scorer's tags.
    pub scorers: BTreeMap<String, Vec<TagIdx>>,
    /// Every feature (`FEATURES` order).
    pub features: Vec<f64>,
    /// Position of the document in the run (ties of one-signal rankings keep corpus order).
    pub position: usize,
}

/// Every document of `record` with a vote, most likely wrong first. `lengths` maps id keys to text
/// bytes; without a model the expected F1 is the one the vote's own probabilities imply.
pub fn rank(record: &RunRecord, lengths: &HashMap<String, usize>, model: Option<&ExpectedF1Model>) -> Vec<Suggestion> {
    let mut docs: Vec<Suggestion> = record
        .docs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| suggestion(i, d, lengths.get(&d.id.key()).copied().unwrap_or(0), model))
        .collect();
    // Stable: ties keep corpus order.
    docs.sort_by(|a, b| a.expected_f1.total_cmp(&b.expected_f1));
    docs
}

fn suggestion(position: usize, doc: &DocRecord, bytes: usize, model: Option<&ExpectedF1Model>) -> Option<Suggestion> {
    let vote = doc.results.get(VOTE_SYSTEM)?.scored()?;
    let scorers: Vec<(&str, &ScoredDoc)> = doc
        .results
        .iter()
        .filter(|(name, _)| name.as_str() != VOTE_SYSTEM)
        .filter_map(|(name, r)| Some((name.as_str(), r.scored()?)))
        .collect();
    let f = features(&scorers, vote, bytes);
    let (expected_f1, reason) = match model {
        Some(m) => {
            let e = m.predict(&f);
            (e, reason(e, &m.contributions(&f), &f))
        }
        None => {
            let e = feature_value(&f, "expected_f1_of_scores");
            (
                e,
                format!("expected F1 {e:.2} from the vote's probabilities (no fitted `suggest` part)"),
            )
        }
    };
    Some(Suggestion {
        id: doc.id.clone(),
        reason,
        expected_f1,
        tags: vote.tag_indices(),
        scorers: scorers.iter().map(|(n, d)| (n.to_string(), d.tag_indices())).collect(),
        features: f,
        position,
    })
}

/// `expected F1 0.13: the vote's probabilities imply F1 0.13; the candidates' probabilities sum to
/// 0.34`: the two signals that lowered the expected F1 most.
fn reason(expected: f64, contributions: &[(&str, f64)], all: &[f64]) -> String {
    let mut lowering: Vec<&(&str, f64)> = contributions.iter().filter(|(_, c)| *c < 0.0).collect();
    lowering.sort_by(|a, b| a.1.total_cmp(&b.1));
    let parts: Vec<String> = lowering
        .iter()
        .take(2)
        .map(|(name, _)| phrase(name, feature_value(all, name)))
        .collect();
    if parts.is_empty() {
        format!("expected F1 {expected:.2}")
    } else {
        format!("expected F1 {expected:.2}: {}", parts.join("; "))
    }
}

/// What a feature's value says, in words that hold whichever way its weight points.
fn phrase(feature: &str, v: f64) -> String {
    match feature {
        "disagreement" => format!("scorer disagreement {v:.2}"),
        "margin" => format!("vote margin {v:.2}"),
        "top_probability" => format!("top probability {v:.2}"),
        "mean_chosen_probability" => format!("mean probability of the chosen tags {v:.2}"),
        "expected_f1_of_scores" => format!("the vote's probabilities imply F1 {v:.2}"),
        "tags" => format!("{v:.0} tags chosen"),
        "vote_agreement" => format!("agreement of the vote with the scorers {v:.2}"),
        "log_length" => format!("text of {:.0} bytes", v.exp() - 1.0),
        "sum_probability" => format!("the candidates' probabilities sum to {v:.2}"),
        "second_probability" => format!("second candidate's probability {v:.2}"),
        "first_tags_agree" if v < 0.5 => "the scorers' first tags differ".to_string(),
        "first_tags_agree" => "the scorers' first tags agree".to_string(),
        "empty_scorers" => format!("{:.0}% of the scorers chose no tag", v * 100.0),
        "weakest_scorer_top" => format!("weakest scorer's best score {v:.2}"),
        other => format!("{other} {v:.2}"),
    }
}
