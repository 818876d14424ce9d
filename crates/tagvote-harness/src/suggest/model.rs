//! The expected per-document F1 of the vote: a ridge regression on standardised features, fitted on
//! training data by `tagvote fit vote` and saved as the model's `suggest` part.

use serde::{Deserialize, Serialize};

use super::features::FEATURES;

/// Name of the model part.
pub const SUGGEST_PART: &str = "suggest";

/// Current schema of the `suggest` part.
pub const SUGGEST_MODEL_VERSION: u32 = 1;

/// Why the `suggest` part could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SuggestModelError {
    #[error("The model's `suggest` part is unusable: {0}; refit it with `tagvote fit vote`")]
    Invalid(String),
}

/// `expected F1 = intercept + Σ weight · (feature − mean) / scale`, clamped to `[0, 1]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpectedF1Model {
    pub version: u32,
    /// Names of the features used (a subset of `FEATURES`), in the order of the vectors below.
    pub features: Vec<String>,
    pub mean: Vec<f64>,
    pub scale: Vec<f64>,
    pub weights: Vec<f64>,
    pub intercept: f64,
    /// Ridge penalty chosen by cross-validation.
    pub lambda: f64,
    /// How it was fitted: documents, folds, the cross-validated candidates and lifts.
    #[serde(default)]
    pub fit: serde_json::Value,
}

impl ExpectedF1Model {
    /// Reads the `suggest` part of a model file.
    pub fn from_part(part: &serde_json::Value) -> Result<Self, SuggestModelError> {
        let m: ExpectedF1Model =
            serde_json::from_value(part.clone()).map_err(|e| SuggestModelError::Invalid(e.to_string()))?;
        if m.version != SUGGEST_MODEL_VERSION {
            return Err(SuggestModelError::Invalid(format!(
                "version `{}` is not the supported `{SUGGEST_MODEL_VERSION}`",
                m.version
            )));
        }
        let n = m.features.len();
        if [m.mean.len(), m.scale.len(), m.weights.len()].iter().any(|&l| l != n) {
            return Err(SuggestModelError::Invalid(format!("vectors do not have `{n}` entries")));
        }
        if let Some(bad) = m.features.iter().find(|f| !FEATURES.contains(&f.as_str())) {
            return Err(SuggestModelError::Invalid(format!("unknown feature `{bad}`")));
        }
        Ok(m)
    }

    pub fn to_part(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// Each used feature's name and its contribution to the prediction (weight × standardised value).
    pub fn contributions(&self, all: &[f64]) -> Vec<(&str, f64)> {
        self.features
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let x = feature_value(all, name);
                (name.as_str(), self.weights[i] * (x - self.mean[i]) / self.scale[i])
            })
            .collect()
    }

    /// The expected F1 of the vote on a document with features `all` (every `FEATURES` entry).
    pub fn predict(&self, all: &[f64]) -> f64 {
        let sum: f64 = self.contributions(all).iter().map(|(_, c)| c).sum();
        (self.intercept + sum).clamp(0.0, 1.0)
    }
}

/// The value of feature `name` in a full feature vector (0 when absent).
pub fn feature_value(all: &[f64], name: &str) -> f64 {
    FEATURES
        .iter()
        .position(|f| *f == name)
        .and_then(|i| all.get(i))
        .copied()
        .unwrap_or(0.0)
}
