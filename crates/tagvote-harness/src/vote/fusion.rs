//! The fusion vote: per scorer × tag calibrated probabilities, combined, thresholded and cut at top-k.

use tagvote_core::{ScoredDoc, TagIdx, TagScore};

use super::calibration::sigmoid;
use super::model::{evidence, CombineRule, FusionModel};
use super::selection::{candidate_tags, Selection};
use super::{trivial_vote, VoteStrategy};

/// Calibrates each scorer's evidence per tag, combines the probabilities (mean or naive-Bayes
/// log-odds) and keeps the tags at or above the fitted threshold, at most the fitted top-k.
#[derive(Debug, Clone, PartialEq)]
pub struct Fusion {
    model: FusionModel,
    selection: Selection,
}

fn logit(p: f32) -> f32 {
    let p = p.clamp(1e-4, 1.0 - 1e-4);
    (p / (1.0 - p)).ln()
}

impl Fusion {
    pub fn new(model: FusionModel, selection: Selection) -> Self {
        Fusion { model, selection }
    }

    /// One scorer's calibrated probability for `tag` (its raw evidence when the model lacks it).
    pub fn calibrated(&self, scorer: &str, doc: &ScoredDoc, tag: TagIdx) -> f32 {
        let e = evidence(doc, tag);
        match self.model.calibrators.get(scorer) {
            Some(c) => c.prob(tag as usize, e),
            None => e,
        }
    }

    /// A scorer's weight in the combination (1 unless fitted).
    fn weight(&self, scorer: &str) -> f32 {
        self.model.weights.get(scorer).copied().unwrap_or(1.0)
    }

    /// The combined probability of `tag` (see `combined`), moved by the model's label shift.
    pub fn probability(&self, results: &[(&str, &ScoredDoc)], tag: TagIdx) -> f32 {
        let combined = self.combined(results, tag);
        match self.model.shift.get(tag as usize) {
            Some(&shift) if shift != 0.0 => sigmoid((logit(combined) + shift).clamp(-30.0, 30.0)),
            _ => combined,
        }
    }

    /// The weighted mean of the calibrated probabilities, or the prior's log-odds plus each
    /// scorer's weighted log-odds over it; before any label shift.
    fn combined(&self, results: &[(&str, &ScoredDoc)], tag: TagIdx) -> f32 {
        let probs = results
            .iter()
            .map(|(s, d)| (self.weight(s), self.calibrated(s, d, tag)));
        match self.model.combine {
            CombineRule::Mean => {
                let (total, sum) = probs.fold((0.0f32, 0.0f32), |(t, s), (w, p)| (t + w, s + w * p));
                if total > 0.0 {
                    sum / total
                } else {
                    0.0
                }
            }
            CombineRule::LogOdds => {
                let prior = logit(self.model.prior.get(tag as usize).copied().unwrap_or(0.5));
                let sum: f32 = probs.map(|(w, p)| w * (logit(p) - prior)).sum();
                sigmoid((prior + sum).clamp(-30.0, 30.0))
            }
        }
    }

    /// The combined probability of every tag any scorer proposed or scored.
    pub fn candidates(&self, results: &[(&str, &ScoredDoc)]) -> Vec<TagScore> {
        candidate_tags(results)
            .into_iter()
            .map(|tag| TagScore {
                tag,
                score: self.probability(results, tag),
            })
            .collect()
    }
}

impl VoteStrategy for Fusion {
    fn name(&self) -> &str {
        "fusion"
    }

    fn config(&self) -> serde_json::Value {
        serde_json::json!({
            "strategy": "fusion",
            "calibration": self.model.calibration,
            "combine": self.model.combine,
            "selection": self.selection,
        })
    }

    fn combine(&self, results: &[(&str, &ScoredDoc)]) -> ScoredDoc {
        trivial_vote(results).unwrap_or_else(|| self.selection.apply(self.candidates(results)))
    }
}
