//! The `embed` scorer: document vectors scored against tag prototypes, fitted centroids and README
//! neighbours, combined into per-tag scores in `[0, 1]`, at most three tags kept.

use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use tagvote_core::prediction::sort_scores;
use tagvote_core::{Document, ScoreError, ScoreMeta, ScoredDoc, Scorer, TagScore, Taxonomy, TrainSet};

use crate::docvec::{DocEmbedder, DocVector, WindowOptions};
use crate::encoder::EncoderOptions;
use crate::error::EmbedError;
use crate::features::{self, NeighbourSet, TagSpace};
use crate::fit::{self, FitInput, FitOptions};
use crate::linear::LinearHead;
use crate::part::{self, Combination, EmbedPart, Neighbours, PART_VERSION};
use crate::prototypes::prototype_texts;

/// Everything the scorer is built from.
#[derive(Debug, Clone)]
pub struct EmbedScorerConfig {
    pub model_dir: PathBuf,
    /// Root of the embedding cache (`None`: no cache).
    pub cache_root: Option<PathBuf>,
    pub windows: WindowOptions,
    pub encoder: EncoderOptions,
    pub fit: FitOptions,
}

/// The sentence-embedding scorer.
pub struct EmbedScorer {
    taxonomy: Arc<Taxonomy>,
    embedder: Arc<DocEmbedder>,
    space: TagSpace,
    combination: Combination,
    fit_options: FitOptions,
    fitted: bool,
}

impl EmbedScorer {
    /// Loads the model and embeds the tag prototypes.
    pub fn new(taxonomy: Arc<Taxonomy>, config: &EmbedScorerConfig) -> Result<Self, EmbedError> {
        let embedder = DocEmbedder::load(
            &config.model_dir,
            config.cache_root.as_deref(),
            config.windows.clone(),
            &config.encoder,
        )?;
        let texts = prototype_texts(&taxonomy);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let prototypes = embedder
            .encoder()
            .embed_texts(&refs)
            .map_err(|reason| EmbedError::Tokenizer {
                path: config.model_dir.join("tokenizer.json"),
                reason,
            })?;
        Ok(EmbedScorer {
            taxonomy,
            embedder: Arc::new(embedder),
            space: TagSpace {
                prototypes,
                centroids: Vec::new(),
                neighbours: None,
                linear: None,
            },
            combination: features::zero_shot_combination(),
            fit_options: config.fit.clone(),
            fitted: false,
        })
    }

    /// The document embedder (for tools that need vectors).
    pub fn embedder(&self) -> &DocEmbedder {
        &self.embedder
    }

    /// Whether a fitted part is in use.
    pub fn is_fitted(&self) -> bool {
        self.fitted
    }

    fn scored(&self, doc: &DocVector) -> ScoredDoc {
        let meta = ScoreMeta {
            cache_hit: doc.cache_hit,
            detail: serde_json::json!({"windows": doc.windows}),
            ..ScoreMeta::default()
        };
        let Some(v) = &doc.vector else {
            return ScoredDoc {
                meta,
                ..ScoredDoc::default()
            };
        };
        let values: Vec<f32> = self
            .space
            .features(v, None)
            .iter()
            .map(|f| features::combine(&self.combination, f))
            .collect();
        let tags = features::pick(&self.combination, &values)
            .into_iter()
            .map(|t| TagScore {
                tag: t as u16,
                score: values[t],
            })
            .collect();
        let mut scores: Vec<TagScore> = values
            .iter()
            .enumerate()
            .map(|(t, &score)| TagScore { tag: t as u16, score })
            .collect();
        sort_scores(&mut scores);
        scores.truncate(10);
        ScoredDoc { tags, scores, meta }
    }

    fn to_part(&self, training: serde_json::Value) -> EmbedPart {
        let n = self.space.neighbours.as_ref();
        EmbedPart {
            version: PART_VERSION,
            model_sha256: self.embedder.model_sha().to_string(),
            tags: self.taxonomy.tags().iter().map(|t| t.name.clone()).collect(),
            dim: self.embedder.encoder().dim(),
            max_windows: self.embedder.windows().max_windows,
            window_tokens: self.embedder.encoder().tokens().window(),
            lead_weight: self.embedder.windows().lead_weight,
            centroids: part::encode_vectors(&self.space.centroids),
            neighbours: Neighbours {
                vectors: n.map_or_else(String::new, |n| part::encode_vectors(&n.vectors)),
                labels: n.map_or_else(Vec::new, |n| n.labels.clone()),
                k: n.map_or(0, |n| n.k),
            },
            linear_weights: self.space.linear.as_ref().map_or_else(String::new, |h| {
                part::encode_vectors(&h.weights.chunks(h.dim.max(1)).map(<[f32]>::to_vec).collect::<Vec<_>>())
            }),
            linear_bias: self.space.linear.as_ref().map_or_else(Vec::new, |h| h.bias.clone()),
            combination: self.combination.clone(),
            training,
        }
    }
}

#[async_trait]
impl Scorer for EmbedScorer {
    fn name(&self) -> &str {
        "embed"
    }

    fn config(&self) -> serde_json::Value {
        let mut config = serde_json::json!({
            "model_sha256": self.embedder.model_sha(),
            "max_windows": self.embedder.windows().max_windows,
            "window_tokens": self.embedder.encoder().tokens().window(),
            "window_decay": self.embedder.windows().decay,
            "fitted": self.fitted,
            "combination": self.combination,
            "prototypes_sha256": tagvote_core::hash::sha256_hex(crate::prototypes::DESCRIPTIONS_JSON.as_bytes()),
        });
        // Named only when used, so reports of runs without a lead vector keep their bytes.
        let lead = self.embedder.windows().lead_weight;
        if lead != 0.0 {
            config["lead_weight"] = lead.into();
        }
        config
    }

    async fn score(&self, doc: &Document) -> Result<ScoredDoc, ScoreError> {
        let mut out = self.score_batch(std::slice::from_ref(doc)).await;
        out.pop().unwrap_or_else(|| Err(ScoreError::Model("No result".into())))
    }

    async fn score_batch(&self, docs: &[Document]) -> Vec<Result<ScoredDoc, ScoreError>> {
        let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
        self.embedder
            .embed_docs(&texts)
            .into_iter()
            .zip(docs)
            .map(|(r, d)| match r {
                Ok(v) => Ok(self.scored(&v)),
                Err(reason) => Err(ScoreError::Document { id: d.id.key(), reason }),
            })
            .collect()
    }

    async fn fit(&mut self, train: &TrainSet) -> Result<Option<serde_json::Value>, ScoreError> {
        let texts: Vec<&str> = train.docs.iter().map(|d| d.text.as_str()).collect();
        let vectors: Vec<Option<Vec<f32>>> = self
            .embedder
            .embed_docs(&texts)
            .into_iter()
            .map(|r| r.ok().and_then(|d| d.vector))
            .collect();
        let is_readme: Vec<bool> = (0..train.len())
            .map(|i| is_readme_origin(train.origin_name(i)))
            .collect();
        let input = FitInput {
            vectors: &vectors,
            labels: &train.labels,
            is_readme: &is_readme,
            prototypes: self.space.prototypes.clone(),
        };
        let fitted = fit::fit(&input, &self.fit_options);
        self.space = fitted.space;
        self.combination = fitted.combination;
        self.fitted = true;
        let part = self.to_part(fitted.training);
        serde_json::to_value(part)
            .map(Some)
            .map_err(|e| ScoreError::Model(format!("Cannot write the part: {e}")))
    }

    fn load_model(&mut self, value: &serde_json::Value) -> Result<(), ScoreError> {
        self.load_part(value).map_err(|e| ScoreError::Model(e.to_string()))
    }
}

impl EmbedScorer {
    fn load_part(&mut self, value: &serde_json::Value) -> Result<(), EmbedError> {
        let part: EmbedPart = serde_json::from_value(value.clone()).map_err(|e| EmbedError::Part(e.to_string()))?;
        let names: Vec<&str> = self.taxonomy.tags().iter().map(|t| t.name.as_str()).collect();
        self.check_fitted_with(&part)?;
        let dim = self.embedder.encoder().dim();
        if part.version != PART_VERSION || part.dim != dim || part.tags != names {
            return Err(EmbedError::Part(
                "it was fitted for another version, model width or tag list".into(),
            ));
        }
        let centroids = part::decode_vectors(&part.centroids, dim)?;
        let vectors = part::decode_vectors(&part.neighbours.vectors, dim)?;
        if centroids.len() != names.len() || vectors.len() != part.neighbours.labels.len() {
            return Err(EmbedError::Part("centroid or neighbour counts do not match".into()));
        }
        if part.combination.weights.len() != part::FEATURES.len() {
            return Err(EmbedError::Part(
                "the combination has the wrong number of weights".into(),
            ));
        }
        self.space.linear = linear_head(&part, dim, names.len())?;
        self.space.centroids = centroids;
        self.space.neighbours = Some(NeighbourSet {
            vectors,
            labels: part.neighbours.labels,
            k: part.neighbours.k,
        });
        self.combination = part.combination;
        self.fitted = true;
        Ok(())
    }

    /// The part's vectors only make sense with the sentence model and the windows it was fitted with.
    fn check_fitted_with(&self, part: &EmbedPart) -> Result<(), EmbedError> {
        if part.model_sha256 != self.embedder.model_sha() {
            let name = crate::catalog::by_sha(&part.model_sha256).map_or("another model", |m| m.name);
            return Err(EmbedError::Part(format!(
                "it was fitted with `{name}` (weights `{}`), not the model loaded (weights `{}`); run with `--embed-model {name}`",
                short(&part.model_sha256),
                short(self.embedder.model_sha())
            )));
        }
        let windows = self.embedder.windows().max_windows;
        if part.max_windows != windows {
            return Err(EmbedError::Part(format!(
                "it was fitted with `{}` windows per README, not `{windows}`; drop `--embed-windows`",
                part.max_windows
            )));
        }
        let tokens = self.embedder.encoder().tokens().window();
        if part.window_tokens != tokens {
            return Err(EmbedError::Part(format!(
                "it was fitted with windows of `{}` tokens, not `{tokens}`; drop `--embed-window-tokens`",
                part.window_tokens
            )));
        }
        let lead = self.embedder.windows().lead_weight;
        if part.lead_weight != lead {
            return Err(EmbedError::Part(format!(
                "it was fitted with a lead weight of `{}`, not `{lead}`; drop `--embed-lead-weight`",
                part.lead_weight
            )));
        }
        Ok(())
    }
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(12)]
}

/// The part's classifier (`None` when it was fitted without one).
fn linear_head(part: &EmbedPart, dim: usize, tags: usize) -> Result<Option<LinearHead>, EmbedError> {
    if part.linear_weights.is_empty() {
        return Ok(None);
    }
    let rows = part::decode_vectors(&part.linear_weights, dim)?;
    if rows.len() != tags || part.linear_bias.len() != tags {
        return Err(EmbedError::Part(
            "the linear classifier does not have one row per tag".into(),
        ));
    }
    Ok(Some(LinearHead {
        dim,
        weights: rows.concat(),
        bias: part.linear_bias.clone(),
    }))
}

/// Training origins that hold whole READMEs (the rest are one-line descriptions).
fn is_readme_origin(name: &str) -> bool {
    name.to_lowercase().contains("readme")
}
