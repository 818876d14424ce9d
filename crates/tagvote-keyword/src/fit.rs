//! Learning the model part from labelled documents: vocabulary, features, cross-validated
//! selection on the README-like documents, final training and pruning to a compact model.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tagvote_core::TrainSet;

use crate::error::KeywordError;
use crate::features::{Extractor, Scratch, SegmentWeights};
use crate::model::{term_norm, term_value, KeywordModel, TagWeights, MODEL_FORMAT};
use crate::select::Selection;
use crate::tokens::{canonical_term, for_each_term, PrehashedState, Vocabulary};
use crate::train::{shuffle, sigmoid, train, Example, LinearModel, SplitMix, TrainParams};
use crate::tune::best_selection;

/// Everything that shapes a fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FitParams {
    pub train: TrainParams,
    pub segment_weights: SegmentWeights,
    /// Sample weight of a multi-line README relative to a one-line description.
    pub readme_weight: f32,
    /// A term must occur in at least this many documents.
    pub min_df: u32,
    /// At most this many terms, most frequent first.
    pub max_terms: usize,
    /// Weights kept per tag (largest magnitude first).
    pub weights_per_tag: usize,
    /// Smaller weights are dropped.
    pub min_weight: f32,
    /// Cross-validation folds for tuning the selection.
    pub folds: usize,
}

impl Default for FitParams {
    fn default() -> Self {
        FitParams {
            train: TrainParams::default(),
            segment_weights: SegmentWeights::default(),
            readme_weight: 8.0,
            min_df: 3,
            max_terms: 12_000,
            weights_per_tag: 400,
            min_weight: 0.02,
            folds: 4,
        }
    }
}

/// Documents with at least this many README-like members are tuned on those alone.
const MIN_TUNING_DOCS: usize = 10;

/// Fits a model on `train` with lexicon evidence from `base` (whose vocabulary is ignored).
pub fn fit_model(train: &TrainSet, base: &Extractor, params: &FitParams) -> Result<KeywordModel, KeywordError> {
    if train.is_empty() {
        return Err(KeywordError::Fit(
            "the training set is empty; give labelled documents".into(),
        ));
    }
    let mut extractor = base.clone();
    extractor.weights = params.segment_weights;
    extractor.vocabulary = Vocabulary::default();
    let (terms, idf) = vocabulary(train, &extractor, params);
    extractor.vocabulary = terms.iter().enumerate().map(|(i, (h, _))| (*h, i as u32)).collect();
    let examples = examples(train, &extractor, &idf, params);
    let (selection, cv_f1, tuned_on) = tune_selection(&examples, terms.len(), params);
    let mut linear = crate::train::train(&examples, extractor.n_tags, terms.len(), &params.train);
    prune(&mut linear, params);
    let fit_info = serde_json::json!({
        "params": params,
        "documents": train.len(),
        "tuned_on_documents": tuned_on,
        "cross_validated_micro_f1": (cv_f1 * 1e4).round() / 1e4,
    });
    Ok(compact_model(train, &linear, terms, idf, selection, params, fit_info))
}

/// Terms with enough document frequency, most frequent first (ties by text), and their idf.
fn vocabulary(train: &TrainSet, extractor: &Extractor, params: &FitParams) -> (Vec<(u64, String)>, Vec<f32>) {
    let mut seen: HashMap<u64, (u32, u32, String), PrehashedState> = HashMap::default();
    for (d, doc) in train.docs.iter().enumerate() {
        let doc_no = d as u32 + 1;
        extractor.for_each_segment(&doc.text, |_, seg| {
            for_each_term(seg, |hash, start, end| {
                let entry = seen
                    .entry(hash)
                    .or_insert_with(|| (0, 0, canonical_term(&seg[start..end])));
                if entry.1 != doc_no {
                    entry.1 = doc_no;
                    entry.0 += 1;
                }
            });
        });
    }
    let mut kept: Vec<(u32, u64, String)> = seen
        .into_iter()
        .filter(|(_, (df, _, _))| *df >= params.min_df)
        .map(|(h, (df, _, term))| (df, h, term))
        .collect();
    kept.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
    kept.truncate(params.max_terms);
    let n = train.len() as f32;
    let idf = kept
        .iter()
        .map(|(df, _, _)| round_to(((n + 1.0) / (*df as f32 + 1.0)).ln() + 1.0, 1e3))
        .collect();
    (kept.into_iter().map(|(_, h, t)| (h, t)).collect(), idf)
}

fn examples(train: &TrainSet, extractor: &Extractor, idf: &[f32], params: &FitParams) -> Vec<Example> {
    let mut scratch = Scratch::default();
    train
        .docs
        .iter()
        .zip(&train.labels)
        .map(|(doc, labels)| {
            extractor.extract(&doc.text, &mut scratch);
            let norm = term_norm(&scratch.terms, idf);
            let mut terms: Vec<(u32, f32)> = scratch
                .terms
                .iter()
                .map(|&(f, tf)| (f, term_value(tf, idf[f as usize]) / norm))
                .collect();
            terms.sort_by_key(|&(f, _)| f);
            Example {
                terms,
                lexicon: scratch.lexicon.clone(),
                short: scratch.short,
                labels: labels.clone(),
                weight: if scratch.short { 1.0 } else { params.readme_weight },
            }
        })
        .collect()
}

/// Picks the selection by cross-validation on the README-like documents (or all when there are
/// too few); returns it with its out-of-fold micro-F1 and the number of documents tuned on.
fn tune_selection(examples: &[Example], n_terms: usize, params: &FitParams) -> (Selection, f64, usize) {
    let long: Vec<usize> = (0..examples.len()).filter(|&i| !examples[i].short).collect();
    let mut tuning = if long.len() >= MIN_TUNING_DOCS {
        long
    } else {
        (0..examples.len()).collect()
    };
    let folds = params.folds.max(2);
    if tuning.len() < folds * 2 {
        return (DEFAULT_SELECTION, 0.0, 0);
    }
    shuffle(&mut tuning, &mut SplitMix(params.train.seed ^ 0x5eed));
    let mut scores = Vec::with_capacity(tuning.len());
    let mut gold = Vec::with_capacity(tuning.len());
    for k in 0..folds {
        let held: Vec<usize> = tuning.iter().copied().skip(k).step_by(folds).collect();
        let model = fold_model(examples, &held, n_terms, params);
        for &i in &held {
            scores.push(probabilities(&model, &examples[i]));
            gold.push(examples[i].labels.clone());
        }
    }
    let (selection, f1) = best_selection(&scores, &gold);
    (selection, f1, tuning.len())
}

/// Selection used when there are too few documents to tune one.
const DEFAULT_SELECTION: Selection = Selection {
    threshold: 0.3,
    relative: 0.0,
};

/// A pruned model trained on every example except `held`.
fn fold_model(examples: &[Example], held: &[usize], n_terms: usize, params: &FitParams) -> LinearModel {
    let mut in_fold = vec![false; examples.len()];
    held.iter().for_each(|&i| in_fold[i] = true);
    let rest: Vec<Example> = examples
        .iter()
        .zip(&in_fold)
        .filter(|(_, held)| !**held)
        .map(|(e, _)| e.clone())
        .collect();
    let mut model = train(&rest, examples[0].lexicon.len(), n_terms, &params.train);
    prune(&mut model, params);
    model
}

fn probabilities(model: &LinearModel, ex: &Example) -> Vec<f32> {
    let mut out = vec![0.0; model.n_tags];
    model.logits(ex, &mut out);
    out.iter_mut().for_each(|z| *z = sigmoid(*z));
    out
}

/// Keeps the `weights_per_tag` largest weights of each tag (at least `min_weight`), rounded;
/// zeroes the rest. Both cross-validation and the final model are pruned the same way.
fn prune(model: &mut LinearModel, params: &FitParams) {
    let n = model.n_tags;
    let n_terms = model.weights.len() / n.max(1);
    for t in 0..n {
        let mut kept: Vec<(u32, f32)> = (0..n_terms)
            .map(|f| (f as u32, round_to(model.weights[f * n + t], 1e3)))
            .filter(|&(_, w)| w.abs() >= params.min_weight)
            .collect();
        kept.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        kept.truncate(params.weights_per_tag);
        (0..n_terms).for_each(|f| model.weights[f * n + t] = 0.0);
        kept.iter().for_each(|&(f, w)| model.weights[f as usize * n + t] = w);
        model.bias[t] = round_to(model.bias[t], 1e4);
        model.short_bias[t] = round_to(model.short_bias[t], 1e4);
        model.lexicon[t] = round_to(model.lexicon[t], 1e4);
    }
}

/// The model part of a pruned linear model: per tag its non-zero weights, by term index.
fn compact_model(
    train: &TrainSet,
    linear: &LinearModel,
    terms: Vec<(u64, String)>,
    idf: Vec<f32>,
    selection: Selection,
    params: &FitParams,
    fit: serde_json::Value,
) -> KeywordModel {
    let n = linear.n_tags;
    let tags = train
        .taxonomy
        .indices()
        .map(|t| {
            let t = t as usize;
            let weights = (0..terms.len())
                .map(|f| (f as u32, linear.weights[f * n + t]))
                .filter(|&(_, w)| w != 0.0)
                .collect();
            TagWeights {
                tag: train.taxonomy.name(t as u16).to_string(),
                bias: linear.bias[t],
                short_bias: linear.short_bias[t],
                lexicon: linear.lexicon[t],
                weights,
            }
        })
        .collect();
    KeywordModel {
        format: MODEL_FORMAT.to_string(),
        segment_weights: params.segment_weights,
        selection: Selection {
            threshold: round_to(selection.threshold, 1e4),
            relative: round_to(selection.relative, 1e4),
        },
        terms: terms.into_iter().map(|(_, t)| t).collect(),
        idf,
        tags,
        fit,
    }
}

fn round_to(x: f32, scale: f32) -> f32 {
    (x * scale).round() / scale
}
