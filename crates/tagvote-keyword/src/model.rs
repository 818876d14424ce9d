//! The learned model part (`keyword` in a `ModelBundle`): terms, idf, per-tag sparse weights,
//! biases and the tuned selection; and its compiled, index-based form used for scoring.

use serde::{Deserialize, Serialize};
use tagvote_core::{TagIdx, Taxonomy};

use crate::error::KeywordError;
use crate::features::{Scratch, SegmentWeights};
use crate::select::Selection;
use crate::tokens::{term_hash, TermIndex, Vocabulary};
use crate::train::sigmoid;

/// Identifies the JSON layout of the model part.
pub const MODEL_FORMAT: &str = "tagvote-keyword/1";

/// What `fit` learned, as saved in the model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeywordModel {
    pub format: String,
    pub segment_weights: SegmentWeights,
    pub selection: Selection,
    /// Unigrams and bigrams (`word` / `word word`), feature `i` is `terms[i]`.
    #[serde(with = "crate::encoding::terms")]
    pub terms: Vec<String>,
    #[serde(with = "crate::encoding::numbers")]
    pub idf: Vec<f32>,
    pub tags: Vec<TagWeights>,
    /// Provenance of the fit (parameters, cross-validated scores); not used for scoring.
    #[serde(default)]
    pub fit: serde_json::Value,
}

/// One tag's learned parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagWeights {
    pub tag: String,
    pub bias: f32,
    /// Added for one-line descriptions.
    pub short_bias: f32,
    /// Multiplies the lexicon evidence.
    pub lexicon: f32,
    /// (term index, weight), by term index.
    #[serde(with = "crate::encoding::pairs")]
    pub weights: Vec<(u32, f32)>,
}

/// A model ready to score: tags resolved against the taxonomy, weights grouped by term.
#[derive(Debug, Clone)]
pub struct CompiledModel {
    pub selection: Selection,
    pub segment_weights: SegmentWeights,
    pub vocabulary: Vocabulary,
    idf: Vec<f32>,
    bias: Vec<f32>,
    short_bias: Vec<f32>,
    lexicon: Vec<f32>,
    row_start: Vec<u32>,
    row: Vec<(TagIdx, f32)>,
}

/// Tags the model knows nothing of never score.
const ABSENT_BIAS: f32 = -30.0;

impl KeywordModel {
    /// Resolves the model against a taxonomy; tags it lacks are ignored, tags it has no
    /// weights for never score.
    pub fn compile(&self, taxonomy: &Taxonomy) -> Result<CompiledModel, KeywordError> {
        self.check()?;
        let n = taxonomy.len();
        let mut bias = vec![ABSENT_BIAS; n];
        let mut short_bias = vec![0.0; n];
        let mut lexicon = vec![0.0; n];
        let mut per_term: Vec<Vec<(TagIdx, f32)>> = vec![Vec::new(); self.terms.len()];
        for tw in &self.tags {
            let Some(t) = taxonomy.by_name(&tw.tag) else {
                continue;
            };
            bias[t as usize] = tw.bias;
            short_bias[t as usize] = tw.short_bias;
            lexicon[t as usize] = tw.lexicon;
            for &(f, w) in &tw.weights {
                per_term[f as usize].push((t, w));
            }
        }
        let mut row_start = vec![0u32];
        let mut row = Vec::new();
        for list in per_term {
            row.extend(list);
            row_start.push(row.len() as u32);
        }
        Ok(CompiledModel {
            selection: self.selection,
            segment_weights: self.segment_weights,
            vocabulary: self.vocabulary()?,
            idf: self.idf.clone(),
            bias,
            short_bias,
            lexicon,
            row_start,
            row,
        })
    }

    fn check(&self) -> Result<(), KeywordError> {
        if self.format != MODEL_FORMAT {
            return Err(KeywordError::Model(format!(
                "format `{}` is not the supported `{MODEL_FORMAT}`",
                self.format
            )));
        }
        if self.idf.len() != self.terms.len() {
            return Err(KeywordError::Model(format!(
                "`{}` terms but `{}` idf values",
                self.terms.len(),
                self.idf.len()
            )));
        }
        let n = self.terms.len() as u32;
        if let Some(tw) = self.tags.iter().find(|tw| tw.weights.iter().any(|&(f, _)| f >= n)) {
            return Err(KeywordError::Model(format!(
                "tag `{}` has a weight for a term index past the `{n}` terms",
                tw.tag
            )));
        }
        Ok(())
    }

    fn vocabulary(&self) -> Result<Vocabulary, KeywordError> {
        let mut vocabulary = TermIndex::default();
        for (i, term) in self.terms.iter().enumerate() {
            let hash =
                term_hash(term).ok_or_else(|| KeywordError::Model(format!("term `{term}` is not one or two words")))?;
            if vocabulary.insert(hash, i as u32).is_some() {
                return Err(KeywordError::Model(format!("term `{term}` appears twice")));
            }
        }
        Ok(Vocabulary::new(vocabulary))
    }
}

impl CompiledModel {
    /// Tag probabilities for extracted evidence, written into `out` (one per tag). The term
    /// counts in `scratch` are turned into feature values on the way.
    pub fn probabilities(&self, scratch: &mut Scratch, out: &mut Vec<f32>) {
        out.clear();
        for t in 0..self.bias.len() {
            let short = if scratch.short { self.short_bias[t] } else { 0.0 };
            out.push(self.bias[t] + short + self.lexicon[t] * scratch.lexicon[t]);
        }
        let mut norm = 0.0f32;
        for (f, value) in scratch.terms.iter_mut() {
            *value = term_value(*value, self.idf[*f as usize]);
            norm += *value * *value;
        }
        let norm = norm.sqrt();
        if norm > 0.0 {
            for &(f, value) in &scratch.terms {
                let x = value / norm;
                let range = self.row_start[f as usize] as usize..self.row_start[f as usize + 1] as usize;
                for &(t, w) in &self.row[range] {
                    out[t as usize] += w * x;
                }
            }
        }
        for z in out.iter_mut() {
            *z = sigmoid(*z);
        }
    }
}

/// Feature value of a term seen with weighted count `tf`: sublinear tf times idf.
#[inline]
pub fn term_value(tf: f32, idf: f32) -> f32 {
    tf.ln_1p() * idf
}

/// L2 norm of a document's term values.
pub fn term_norm(terms: &[(u32, f32)], idf: &[f32]) -> f32 {
    terms
        .iter()
        .map(|&(f, tf)| term_value(tf, idf[f as usize]).powi(2))
        .sum::<f32>()
        .sqrt()
}
