//! The fitted `vote` part of a model file: reliability weights, calibrators and tuned selections.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::calibration::Calibrator;
use super::selection::Selection;
use super::VoteError;

/// Current schema of the `vote` part.
pub const VOTE_MODEL_VERSION: u32 = 1;

/// Everything `tagvote fit vote` learns for the vote, saved as the model's `vote` part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteModel {
    pub version: u32,
    /// Scorers whose out-of-fold outputs the vote was fitted on.
    pub scorers: Vec<String>,
    /// Size of the taxonomy the per-tag vectors index into.
    pub n_tags: usize,
    /// The strategy with the best out-of-fold micro-F1; what `--vote auto` uses.
    pub best: String,
    /// Out-of-fold micro-F1 per strategy (on the data the vote was fitted on, so optimistic).
    pub oof_micro_f1: BTreeMap<String, f64>,
    pub weighted: WeightedModel,
    pub fusion: FusionModel,
    /// The stacking vote (absent in models fitted before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack: Option<super::stack::StackModel>,
    /// Micro-F1 per strategy of the vote cross-validated over the out-of-fold outputs (each fold's
    /// vote fitted without it); when present, `best` was chosen by it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cv_micro_f1: BTreeMap<String, f64>,
    /// How it was fitted: folds, seed, documents, weighting.
    #[serde(default)]
    pub fit: serde_json::Value,
}

impl VoteModel {
    /// Reads the `vote` part of a model file.
    pub fn from_part(part: &serde_json::Value) -> Result<Self, VoteError> {
        let model: VoteModel = serde_json::from_value(part.clone()).map_err(|e| VoteError::Model(e.to_string()))?;
        if model.version != VOTE_MODEL_VERSION {
            return Err(VoteError::Model(format!(
                "version `{}` is not the supported `{VOTE_MODEL_VERSION}`",
                model.version
            )));
        }
        model.check_lengths()?;
        Ok(model)
    }

    fn check_lengths(&self) -> Result<(), VoteError> {
        let bad = |what: &str| VoteError::Model(format!("`{what}` does not have `{}` tags", self.n_tags));
        if self.weighted.prior_logit.len() != self.n_tags || self.fusion.prior.len() != self.n_tags {
            return Err(bad("prior"));
        }
        if self.weighted.weights.values().any(|w| w.len() != self.n_tags) {
            return Err(bad("weights"));
        }
        if !self.fusion.shift.is_empty() && self.fusion.shift.len() != self.n_tags {
            return Err(bad("shift"));
        }
        if self.fusion.calibrators.values().any(|c| c.per_tag.len() != self.n_tags) {
            return Err(bad("calibrators"));
        }
        if self.stack.as_ref().is_some_and(|s| !s.lengths_match(self.n_tags)) {
            return Err(bad("stack"));
        }
        Ok(())
    }

    pub fn to_part(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// Reliability weights of the `weighted` vote.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WeightedModel {
    /// Log-odds of each tag's base rate.
    pub prior_logit: Vec<f32>,
    /// Scorer -> per tag: log-odds that the tag is right when the scorer proposes it (smoothed
    /// towards the scorer's overall precision for rare tags).
    pub weights: BTreeMap<String, Vec<f32>>,
    /// Weight of any tag proposed by a scorer the model has not seen.
    pub unknown_weight: f32,
    pub selection: Selection,
}

/// How `fusion` combines the scorers' calibrated probabilities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CombineRule {
    /// Mean of the calibrated probabilities.
    #[default]
    Mean,
    /// Naive Bayes: sum of each scorer's log-odds over the tag's prior log-odds.
    LogOdds,
}

/// Calibrators of one scorer: one per tag, falling back to the scorer-wide one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScorerCalibration {
    pub global: Calibrator,
    pub per_tag: Vec<Option<Calibrator>>,
}

impl ScorerCalibration {
    pub fn prob(&self, tag: usize, evidence: f32) -> f32 {
        match self.per_tag.get(tag) {
            Some(Some(c)) => c.prob(evidence),
            _ => self.global.prob(evidence),
        }
    }
}

/// Calibrated-probability fusion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FusionModel {
    /// `platt` or `isotonic`.
    pub calibration: String,
    pub combine: CombineRule,
    /// Each tag's base rate.
    pub prior: Vec<f32>,
    pub calibrators: BTreeMap<String, ScorerCalibration>,
    /// Each scorer's weight in the combination (a scorer not named weighs 1); fitted only with
    /// `--vote-scorer-weights`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub weights: BTreeMap<String, f32>,
    /// Per tag, log-odds added to the combined probability: the label shift from the fitted tag
    /// frequencies to the target documents' (`prior_shift.rs`); empty: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shift: Vec<f32>,
    pub selection: Selection,
}

/// A scorer's evidence for a tag in `[0, 1]`: the upper half when it chose the tag, the lower half
/// when it only scored it, so its own choice always counts more than any score it did not choose.
pub fn evidence(doc: &tagvote_core::ScoredDoc, tag: tagvote_core::TagIdx) -> f32 {
    let score = doc.score_of(tag);
    let score = if score.is_finite() { score.clamp(0.0, 1.0) } else { 0.0 };
    let chosen = doc.tags.iter().any(|t| t.tag == tag);
    if chosen {
        0.5 + 0.5 * score
    } else {
        0.5 * score
    }
}
