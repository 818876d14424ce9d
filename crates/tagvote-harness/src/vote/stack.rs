//! The stacking vote: one logistic model over every scorer's evidence for a tag together (chosen or
//! only scored, rank, distance to the scorer's best tag, agreement), with per-tag biases and per-tag
//! weights on each scorer's evidence, so it learns which scorer to trust for which tag and when they agree.

use serde::{Deserialize, Serialize};
use tagvote_core::{ScoredDoc, TagIdx, TagScore};

use super::calibration::sigmoid;
use super::model::evidence;
use super::selection::{candidate_tags, Selection};
use super::{trivial_vote, VoteStrategy};

/// Features per scorer, in order (`PER_SCORER.len()` values for each scorer of the model).
pub const PER_SCORER: [&str; 5] = ["evidence", "chosen", "first", "below_best", "answered"];
/// Features shared by all scorers, after the per-scorer ones.
pub const SHARED: [&str; 3] = ["prior_logit", "chosen_by_two", "evidence_product"];

/// The fitted stacker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StackModel {
    /// Scorers in feature order.
    pub scorers: Vec<String>,
    /// Each tag's base rate, as log-odds (a feature).
    pub prior_logit: Vec<f32>,
    /// Weights of the features (`PER_SCORER` per scorer, then `SHARED`).
    pub weights: Vec<f32>,
    /// Per-tag bias added to the linear score.
    pub tag_bias: Vec<f32>,
    /// Per scorer (model order), per tag: extra weight on that scorer's evidence.
    pub tag_evidence: Vec<Vec<f32>>,
    pub selection: Selection,
}

impl StackModel {
    /// Number of feature weights for `scorers` scorers.
    pub fn feature_count(scorers: usize) -> usize {
        scorers * PER_SCORER.len() + SHARED.len()
    }

    /// Whether every vector has the length the scorer list and `n_tags` ask for.
    pub fn lengths_match(&self, n_tags: usize) -> bool {
        self.weights.len() == Self::feature_count(self.scorers.len())
            && self.prior_logit.len() == n_tags
            && self.tag_bias.len() == n_tags
            && self.tag_evidence.len() == self.scorers.len()
            && self.tag_evidence.iter().all(|w| w.len() == n_tags)
    }
}

/// One document's results laid out in the model's scorer order, with each scorer's best score.
pub struct Aligned<'a> {
    docs: Vec<Option<&'a ScoredDoc>>,
    best: Vec<f32>,
}

impl<'a> Aligned<'a> {
    pub fn new(scorers: &[String], results: &[(&str, &'a ScoredDoc)]) -> Self {
        let docs: Vec<Option<&ScoredDoc>> = scorers
            .iter()
            .map(|s| results.iter().find(|(n, _)| n == s).map(|(_, d)| *d))
            .collect();
        let best = docs
            .iter()
            .map(|d| {
                d.map_or(0.0, |d| {
                    d.tags.iter().chain(&d.scores).map(|s| s.score).fold(0.0f32, f32::max)
                })
            })
            .collect();
        Aligned { docs, best }
    }

    /// The feature vector of `tag` (see `PER_SCORER` and `SHARED`); `prior_logit` is the tag's.
    pub fn features(&self, tag: TagIdx, prior_logit: f32) -> Vec<f32> {
        let mut x = Vec::with_capacity(StackModel::feature_count(self.docs.len()));
        let (mut chosen_by, mut product) = (0usize, 1.0f32);
        for (doc, &best) in self.docs.iter().zip(&self.best) {
            let Some(doc) = doc else {
                x.extend([0.0; PER_SCORER.len()]);
                product = 0.0;
                continue;
            };
            let chosen = doc.tags.iter().any(|t| t.tag == tag);
            let first = doc.tags.first().is_some_and(|t| t.tag == tag);
            let e = evidence(doc, tag);
            chosen_by += chosen as usize;
            product *= e;
            x.extend([
                e,
                chosen as u8 as f32,
                first as u8 as f32,
                doc.score_of(tag) - best,
                1.0,
            ]);
        }
        x.extend([prior_logit, (chosen_by >= 2) as u8 as f32, product]);
        x
    }
}

/// Each scorer's evidence for the tag of feature vector `x` (the first of its `PER_SCORER` values;
/// 0 for a scorer that did not answer).
pub fn evidences(x: &[f32]) -> impl Iterator<Item = f32> + '_ {
    x[..x.len().saturating_sub(SHARED.len())]
        .chunks_exact(PER_SCORER.len())
        .map(|per_scorer| per_scorer[0])
}

/// The linear score of one candidate with feature vector `x`.
pub fn linear(model: &StackModel, x: &[f32], tag: usize) -> f32 {
    let shared: f32 = model.weights.iter().zip(x).map(|(w, v)| w * v).sum();
    let own: f32 = model
        .tag_evidence
        .iter()
        .zip(evidences(x))
        .map(|(w, e)| w.get(tag).copied().unwrap_or(0.0) * e)
        .sum();
    shared + own + model.tag_bias.get(tag).copied().unwrap_or(0.0)
}

/// The stacking vote strategy.
#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    model: StackModel,
    selection: Selection,
}

impl Stack {
    pub fn new(model: StackModel, selection: Selection) -> Self {
        Stack { model, selection }
    }

    /// Probability of every candidate tag of a document.
    pub fn candidates(&self, results: &[(&str, &ScoredDoc)]) -> Vec<TagScore> {
        let aligned = Aligned::new(&self.model.scorers, results);
        candidate_tags(results)
            .into_iter()
            .map(|tag| {
                let prior = self.model.prior_logit.get(tag as usize).copied().unwrap_or(0.0);
                let z = linear(&self.model, &aligned.features(tag, prior), tag as usize);
                TagScore {
                    tag,
                    score: sigmoid(z.clamp(-30.0, 30.0)),
                }
            })
            .collect()
    }
}

impl VoteStrategy for Stack {
    fn name(&self) -> &str {
        "stack"
    }

    fn config(&self) -> serde_json::Value {
        serde_json::json!({
            "strategy": "stack",
            "scorers": self.model.scorers,
            "selection": self.selection,
        })
    }

    fn combine(&self, results: &[(&str, &ScoredDoc)]) -> ScoredDoc {
        trivial_vote(results).unwrap_or_else(|| self.selection.apply(self.candidates(results)))
    }
}
