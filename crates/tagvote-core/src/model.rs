//! The model file: every fitted part (per scorer and the vote) with the ids it was fitted on.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::document::DocId;
use crate::error::CoreError;

/// Current model file schema.
pub const MODEL_SCHEMA_VERSION: u32 = 1;

/// A JSON model file: `parts` maps a scorer name (or `vote`) to what it learned.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelBundle {
    pub schema_version: u32,
    /// Hash of the taxonomy the parts index into.
    pub taxonomy_hash: String,
    /// Ids (text form) of every document the model was fitted on, sorted.
    pub fitted_on: Vec<String>,
    /// Free-form provenance: inputs, command, seed.
    #[serde(default)]
    pub provenance: serde_json::Value,
    pub parts: BTreeMap<String, serde_json::Value>,
}

impl ModelBundle {
    pub fn new(taxonomy_hash: &str, mut fitted_on: Vec<String>) -> Self {
        fitted_on.sort();
        fitted_on.dedup();
        ModelBundle {
            schema_version: MODEL_SCHEMA_VERSION,
            taxonomy_hash: taxonomy_hash.to_string(),
            fitted_on,
            provenance: serde_json::Value::Null,
            parts: BTreeMap::new(),
        }
    }

    /// Reads a model file and checks it was made for this taxonomy.
    pub fn load(path: &Path, taxonomy_hash: &str) -> Result<Self, CoreError> {
        let bytes = std::fs::read(path).map_err(|e| CoreError::io(path, e))?;
        let bundle: ModelBundle = serde_json::from_slice(&bytes).map_err(|source| CoreError::Json {
            path: path.to_path_buf(),
            source,
        })?;
        let model_err = |reason: String| CoreError::Model {
            path: path.to_path_buf(),
            reason,
        };
        if bundle.schema_version != MODEL_SCHEMA_VERSION {
            return Err(model_err(format!(
                "schema version `{}` is not the supported `{MODEL_SCHEMA_VERSION}`; refit it with `tagvote fit`",
                bundle.schema_version
            )));
        }
        if bundle.taxonomy_hash != taxonomy_hash {
            return Err(model_err(
                "it was fitted on another taxonomy; refit it with this `--taxonomy`".into(),
            ));
        }
        Ok(bundle)
    }

    /// Writes the bundle as pretty JSON (stable key order).
    pub fn save(&self, path: &Path) -> Result<(), CoreError> {
        let json = serde_json::to_vec_pretty(self).map_err(|source| CoreError::Json {
            path: path.to_path_buf(),
            source,
        })?;
        std::fs::write(path, json).map_err(|e| CoreError::io(path, e))
    }

    /// Adds the parts and fitted ids of another bundle (later bundles win per part).
    pub fn merge(&mut self, other: ModelBundle) {
        self.parts.extend(other.parts);
        self.fitted_on.extend(other.fitted_on);
        self.fitted_on.sort();
        self.fitted_on.dedup();
    }

    /// Whether a document id (text form) was part of the training data.
    pub fn was_fitted_on(&self, key: &str) -> bool {
        self.fitted_on.binary_search_by(|k| k.as_str().cmp(key)).is_ok()
    }

    /// The ids (text form, sorted, unique) among `ids` this model was fitted on: evaluating on
    /// them would leak.
    pub fn fitted_overlap(&self, ids: &[DocId]) -> Vec<String> {
        let mut overlap: Vec<String> = ids.iter().map(DocId::key).filter(|k| self.was_fitted_on(k)).collect();
        overlap.sort();
        overlap.dedup();
        overlap
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fitted_ids_whatever_their_json_type() {
        let bundle = ModelBundle::new("h", vec!["3930".into(), "a/b".into()]);
        let ids = [
            DocId::from(3930),
            DocId::from("c"),
            DocId::from("a/b"),
            DocId::from("a/b"),
        ];
        assert_eq!(bundle.fitted_overlap(&ids), ["3930", "a/b"]);
        assert!(bundle.fitted_overlap(&[DocId::from("x")]).is_empty());
    }

    #[test]
    fn save_load_round_trip_and_taxonomy_check() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        let mut m = ModelBundle::new("h1", vec!["b".into(), "a".into(), "a".into()]);
        m.parts.insert("keyword".into(), serde_json::json!({"w": 1}));
        m.save(&path).unwrap();
        let back = ModelBundle::load(&path, "h1").unwrap();
        assert_eq!(back, m);
        assert!(back.was_fitted_on("a") && !back.was_fitted_on("c"));
        let err = ModelBundle::load(&path, "h2").unwrap_err().to_string();
        assert!(err.contains("another taxonomy"), "{err}");
    }
}
