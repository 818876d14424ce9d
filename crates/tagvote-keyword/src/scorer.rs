//! `KeywordScorer`: the `Scorer` implementation, lexicon-only until a model is fitted or loaded.

use std::cell::RefCell;
use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tagvote_core::{Document, ScoreError, ScoredDoc, Scorer, Taxonomy, TrainSet};

use crate::error::KeywordError;
use crate::features::{Extractor, Scratch, SegmentWeights};
use crate::fit::{fit_model, FitParams};
use crate::lexicon::Lexicon;
use crate::model::{CompiledModel, KeywordModel};
use crate::select::Selection;
use crate::tokens::Vocabulary;

/// How lexicon-only scores are made: `sigmoid(scale * evidence + offset)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LexiconScoring {
    pub scale: f32,
    pub offset: f32,
    pub selection: Selection,
}

impl Default for LexiconScoring {
    fn default() -> Self {
        LexiconScoring {
            scale: 2.0,
            offset: -2.5,
            selection: Selection {
                threshold: 0.65,
                relative: 0.0,
            },
        }
    }
}

/// Everything configurable about the keyword scorer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeywordConfig {
    pub lexicon_scoring: LexiconScoring,
    pub fit: FitParams,
    /// Overrides the selection's threshold (lexicon-only or learned).
    pub threshold: Option<f32>,
}

/// The keyword scorer.
pub struct KeywordScorer {
    taxonomy: Arc<Taxonomy>,
    config: KeywordConfig,
    extractor: Extractor,
    model: Option<(KeywordModel, CompiledModel)>,
}

thread_local! {
    static SCRATCH: RefCell<(Scratch, Vec<f32>)> = RefCell::new(Default::default());
}

impl KeywordScorer {
    /// A lexicon-only scorer with the built-in lexicon.
    pub fn new(taxonomy: Arc<Taxonomy>, config: KeywordConfig) -> Result<Self, KeywordError> {
        Self::with_lexicon(taxonomy, config, &Lexicon::builtin()?)
    }

    /// A lexicon-only scorer with the given lexicon (entries for tags outside the taxonomy are ignored).
    pub fn with_lexicon(
        taxonomy: Arc<Taxonomy>,
        config: KeywordConfig,
        lexicon: &Lexicon,
    ) -> Result<Self, KeywordError> {
        let extractor = Extractor {
            matcher: lexicon.compile(&taxonomy)?,
            weights: SegmentWeights::default(),
            n_tags: taxonomy.len(),
            vocabulary: Vocabulary::default(),
        };
        Ok(KeywordScorer {
            taxonomy,
            config,
            extractor,
            model: None,
        })
    }

    /// Uses a learned model from now on.
    pub fn set_model(&mut self, model: KeywordModel) -> Result<(), KeywordError> {
        let compiled = model.compile(&self.taxonomy)?;
        self.extractor.weights = compiled.segment_weights;
        self.extractor.vocabulary = compiled.vocabulary.clone();
        self.model = Some((model, compiled));
        Ok(())
    }

    /// The learned model, if any.
    pub fn model(&self) -> Option<&KeywordModel> {
        self.model.as_ref().map(|(m, _)| m)
    }

    /// The selection in force (model's or lexicon default, with the threshold override).
    pub fn selection(&self) -> Selection {
        let mut sel = match &self.model {
            Some((_, c)) => c.selection,
            None => self.config.lexicon_scoring.selection,
        };
        if let Some(t) = self.config.threshold {
            sel.threshold = t;
        }
        sel
    }

    /// Per-tag scores in `[0, 1]` for a text, one per taxonomy tag, written into `out`.
    pub fn tag_scores_into(&self, text: &str, scratch: &mut Scratch, out: &mut Vec<f32>) {
        self.extractor.extract(text, scratch);
        match &self.model {
            Some((_, compiled)) => compiled.probabilities(scratch, out),
            None => {
                let s = &self.config.lexicon_scoring;
                out.clear();
                out.extend(scratch.lexicon.iter().map(|&e| lexicon_probability(e, s)));
            }
        }
    }

    /// Scores a text synchronously (what `score` does, without the async wrapper).
    pub fn score_text(&self, text: &str) -> ScoredDoc {
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let (scratch, probs) = &mut *guard;
            self.tag_scores_into(text, scratch, probs);
            self.selection().scored_doc(probs)
        })
    }

    /// Learns a model from `train` and starts using it; returns it.
    pub fn fit_train_set(&mut self, train: &TrainSet) -> Result<&KeywordModel, KeywordError> {
        if train.taxonomy.hash() != self.taxonomy.hash() {
            return Err(KeywordError::Fit(
                "the training set uses another taxonomy than the scorer".into(),
            ));
        }
        let model = fit_model(train, &self.extractor, &self.config.fit)?;
        self.set_model(model)?;
        Ok(self.model().expect("model was just set"))
    }
}

fn lexicon_probability(evidence: f32, s: &LexiconScoring) -> f32 {
    if evidence <= 0.0 {
        0.0
    } else {
        crate::train::sigmoid(s.scale * evidence + s.offset)
    }
}

#[async_trait]
impl Scorer for KeywordScorer {
    fn name(&self) -> &str {
        "keyword"
    }

    fn config(&self) -> serde_json::Value {
        serde_json::json!({
            "mode": if self.model.is_some() { "learned" } else { "lexicon" },
            "selection": self.selection(),
            "phrases": self.extractor.matcher.len(),
            "terms": self.extractor.vocabulary.len(),
            "lexicon_scoring": self.config.lexicon_scoring,
        })
    }

    async fn score(&self, doc: &Document) -> Result<ScoredDoc, ScoreError> {
        Ok(self.score_text(&doc.text))
    }

    async fn score_batch(&self, docs: &[Document]) -> Vec<Result<ScoredDoc, ScoreError>> {
        docs.iter().map(|d| Ok(self.score_text(&d.text))).collect()
    }

    async fn fit(&mut self, train: &TrainSet) -> Result<Option<serde_json::Value>, ScoreError> {
        let model = self.fit_train_set(train)?;
        let value = serde_json::to_value(model)
            .map_err(|e| ScoreError::Model(format!("Cannot encode the keyword model: {e}")))?;
        Ok(Some(value))
    }

    fn load_model(&mut self, part: &serde_json::Value) -> Result<(), ScoreError> {
        let model: KeywordModel = serde_json::from_value(part.clone())
            .map_err(|e| KeywordError::Model(format!("cannot read the `keyword` part: {e}")))?;
        self.set_model(model)?;
        Ok(())
    }
}
