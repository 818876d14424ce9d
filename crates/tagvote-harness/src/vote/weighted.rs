//! The weighted vote: per scorer × tag reliability (log-odds of being right) learned from gold.

use tagvote_core::{ScoredDoc, TagIdx, TagScore};

use super::calibration::sigmoid;
use super::model::WeightedModel;
use super::selection::{proposed_tags, proposes, Selection};
use super::{trivial_vote, VoteStrategy};

/// Each proposing scorer adds its evidence `w[s][t] - prior[t]` to the tag's prior log-odds; tags
/// whose resulting probability reaches the fitted threshold win (at most the fitted top-k).
#[derive(Debug, Clone, PartialEq)]
pub struct Weighted {
    model: WeightedModel,
    selection: Selection,
}

impl Weighted {
    pub fn new(model: WeightedModel, selection: Selection) -> Self {
        Weighted { model, selection }
    }

    fn weight(&self, scorer: &str, tag: TagIdx) -> f32 {
        self.model
            .weights
            .get(scorer)
            .and_then(|w| w.get(tag as usize))
            .copied()
            .unwrap_or(self.model.unknown_weight)
    }

    /// The probability that `tag` is right given which scorers proposed it.
    pub fn probability(&self, results: &[(&str, &ScoredDoc)], tag: TagIdx) -> f32 {
        let prior = self.model.prior_logit.get(tag as usize).copied().unwrap_or(0.0);
        let evidence: f32 = results
            .iter()
            .filter(|(_, d)| proposes(d, tag))
            .map(|(s, _)| self.weight(s, tag) - prior)
            .sum();
        sigmoid((prior + evidence).clamp(-30.0, 30.0))
    }

    /// The probability of every tag some scorer proposed.
    pub fn candidates(&self, results: &[(&str, &ScoredDoc)]) -> Vec<TagScore> {
        proposed_tags(results)
            .into_iter()
            .map(|tag| TagScore {
                tag,
                score: self.probability(results, tag),
            })
            .collect()
    }
}

impl VoteStrategy for Weighted {
    fn name(&self) -> &str {
        "weighted"
    }

    fn config(&self) -> serde_json::Value {
        serde_json::json!({"strategy": "weighted", "selection": self.selection})
    }

    fn combine(&self, results: &[(&str, &ScoredDoc)]) -> ScoredDoc {
        trivial_vote(results).unwrap_or_else(|| self.selection.apply(self.candidates(results)))
    }
}
