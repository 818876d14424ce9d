//! The fitted `embed` model part: tag centroids, labelled neighbour vectors and the linear classifier's
//! weights (f16, base64), and the learned combination and thresholds, as compact JSON.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::error::EmbedError;

/// Current layout of the part.
pub const PART_VERSION: u32 = 2;

/// Names of the features the combination weighs, in order.
pub const FEATURES: [&str; 8] = [
    "prototype",
    "prototype_vs_best",
    "centroid",
    "centroid_vs_best",
    "neighbours",
    "neighbours_vs_best",
    "linear",
    "linear_vs_best",
];

/// How the per-tag features become a score in `[0, 1]` and which tags are kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Combination {
    /// One weight per entry of `FEATURES`.
    pub weights: Vec<f32>,
    pub bias: f32,
    /// The best tag is kept when its score reaches this.
    pub threshold_first: f32,
    /// The second and third tags are kept when their score reaches this.
    pub threshold: f32,
}

/// Labelled documents to vote by similarity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Neighbours {
    /// Unit vectors, f16, row-major, base64.
    pub vectors: String,
    /// Tag indices of each vector.
    pub labels: Vec<Vec<u16>>,
    /// Neighbours consulted per document.
    pub k: usize,
}

/// Everything `tagvote fit embed` learns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmbedPart {
    pub version: u32,
    pub model_sha256: String,
    /// Tag names in taxonomy order (checked on load).
    pub tags: Vec<String>,
    pub dim: usize,
    /// Windows per document the part was fitted with.
    pub max_windows: usize,
    /// Tokens per window it was fitted with (written only when not the default 256).
    #[serde(default = "default_window_tokens", skip_serializing_if = "is_default_window_tokens")]
    pub window_tokens: usize,
    /// Weight of the lead's vector in each document vector it was fitted with (written only when not 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lead_weight: f32,
    /// One unit centroid per tag (zero when the tag had no example), f16, base64.
    pub centroids: String,
    pub neighbours: Neighbours,
    /// The one-vs-rest logistic classifier: `tags × dim` weights (f16, base64; empty when not
    /// fitted) and a bias per tag.
    #[serde(default)]
    pub linear_weights: String,
    #[serde(default)]
    pub linear_bias: Vec<f32>,
    pub combination: Combination,
    /// Training quality measured on held-out folds of the training data (for reports).
    #[serde(default)]
    pub training: serde_json::Value,
}

/// What a part was fitted with, read without decoding its vectors: a program builds the scorer with
/// these before it loads the part.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FittedWith {
    pub model_sha256: String,
    pub max_windows: usize,
    #[serde(default = "default_window_tokens")]
    pub window_tokens: usize,
    #[serde(default)]
    pub lead_weight: f32,
}

impl FittedWith {
    /// The settings of an `embed` part (`None` when it is not one).
    pub fn of(part: &serde_json::Value) -> Option<Self> {
        Self::deserialize(part).ok()
    }
}

fn default_window_tokens() -> usize {
    crate::tokenize::WINDOW_TOKENS
}

fn is_default_window_tokens(n: &usize) -> bool {
    *n == crate::tokenize::WINDOW_TOKENS
}

fn is_zero(x: &f32) -> bool {
    *x == 0.0
}

/// Encodes vectors as f16 little-endian, base64.
pub fn encode_vectors(rows: &[Vec<f32>]) -> String {
    let mut bytes = Vec::with_capacity(rows.iter().map(|r| r.len() * 2).sum());
    for x in rows.iter().flatten() {
        bytes.extend_from_slice(&half::f16::from_f32(*x).to_le_bytes());
    }
    STANDARD.encode(bytes)
}

/// Decodes `encode_vectors` output into rows of `dim`.
pub fn decode_vectors(text: &str, dim: usize) -> Result<Vec<Vec<f32>>, EmbedError> {
    let bytes = STANDARD
        .decode(text)
        .map_err(|e| EmbedError::Part(format!("vectors are not base64 ({e})")))?;
    if dim == 0 || bytes.len() % (dim * 2) != 0 {
        return Err(EmbedError::Part(format!(
            "vector data is not a multiple of `{dim}` halves"
        )));
    }
    let floats: Vec<f32> = bytes
        .chunks_exact(2)
        .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
        .collect();
    Ok(floats.chunks(dim).map(<[f32]>::to_vec).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_round_trip_at_half_precision() {
        let rows = vec![vec![0.5, -0.25, 0.1], vec![1.0, 0.0, -1.0]];
        let back = decode_vectors(&encode_vectors(&rows), 3).unwrap();
        for (a, b) in rows.iter().flatten().zip(back.iter().flatten()) {
            assert!((a - b).abs() < 1e-3);
        }
        assert!(decode_vectors("AAAA", 3).is_err());
    }

    #[test]
    fn the_window_size_and_lead_weight_are_written_only_when_not_the_default() {
        let mut part = EmbedPart {
            version: PART_VERSION,
            model_sha256: "ab".into(),
            tags: vec!["cli".into()],
            dim: 3,
            max_windows: 1,
            window_tokens: crate::tokenize::WINDOW_TOKENS,
            lead_weight: 0.0,
            centroids: String::new(),
            neighbours: Neighbours {
                vectors: String::new(),
                labels: Vec::new(),
                k: 1,
            },
            linear_weights: String::new(),
            linear_bias: Vec::new(),
            combination: Combination {
                weights: vec![0.0; FEATURES.len()],
                bias: 0.0,
                threshold_first: 0.5,
                threshold: 0.5,
            },
            training: serde_json::Value::Null,
        };
        let json = serde_json::to_value(&part).unwrap();
        assert!(json.get("window_tokens").is_none(), "{json}");
        assert!(json.get("lead_weight").is_none(), "{json}");
        let fitted = FittedWith::of(&json).unwrap();
        assert_eq!(
            (fitted.max_windows, fitted.window_tokens, fitted.lead_weight),
            (1, 256, 0.0)
        );
        assert_eq!(serde_json::from_value::<EmbedPart>(json).unwrap(), part);
        part.window_tokens = 384;
        let json = serde_json::to_value(&part).unwrap();
        assert_eq!(json["window_tokens"], 384);
        assert_eq!(FittedWith::of(&json).unwrap().window_tokens, 384);
        assert_eq!(serde_json::from_value::<EmbedPart>(json).unwrap(), part);
        part.lead_weight = 0.25;
        let json = serde_json::to_value(&part).unwrap();
        assert_eq!(FittedWith::of(&json).unwrap().lead_weight, 0.25);
        assert_eq!(serde_json::from_value::<EmbedPart>(json).unwrap(), part);
    }
}
