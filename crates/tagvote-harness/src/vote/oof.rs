//! Out-of-fold scorer outputs for fitting the vote without leakage, then the scorers' final fit.
//!
//! For each of K folds every scorer is fitted on the other folds and scores the held-out fold; the
//! vote is fitted on those outputs; finally every scorer is fitted on all the training data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tagvote_core::{ScoreError, ScoredDoc, Scorer, TrainSet};

use super::fit::OofDoc;
use super::folds;

/// Makes a fresh, unfitted scorer by name.
pub type ScorerFactory<'a> = dyn Fn(&str) -> Result<Box<dyn Scorer>, ScoreError> + 'a;

/// How documents from different origins weigh in the vote's fit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OriginWeighting {
    /// Every origin weighs the same in total (a few long READMEs count as much as many one-liners).
    #[default]
    Balanced,
    /// Every document weighs 1.
    Uniform,
}

/// Why fitting failed.
#[derive(Debug, thiserror::Error)]
pub enum FitError {
    #[error("Scorer `{scorer}` could not be fitted: {source}")]
    Scorer {
        scorer: String,
        #[source]
        source: ScoreError,
    },
    #[error("No labelled training documents; give `--input` with `--gold`")]
    Empty,
}

/// What cross-fitting produced: the vote's training data and how many scorer answers failed.
#[derive(Debug, Clone, Default)]
pub struct OutOfFold {
    pub docs: Vec<OofDoc>,
    /// Scorer -> documents it failed on (those documents vote without it).
    pub failures: BTreeMap<String, usize>,
    /// The fold of each document (the one its outputs were held out in).
    pub folds: Vec<usize>,
}

/// Each document's weight under `weighting` (weights sum to the number of documents); documents whose
/// origin is not in `vote_origins` (when given) weigh 0: they train the scorers, not the vote.
pub fn origin_weights(train: &TrainSet, weighting: OriginWeighting, vote_origins: &[String]) -> Vec<f64> {
    let counted = |o: u16| vote_origins.is_empty() || origin_named(train, o, vote_origins);
    let mut counts = vec![0usize; train.origins.len().max(1)];
    train
        .origin
        .iter()
        .filter(|&&o| counted(o))
        .for_each(|&o| counts[o as usize] += 1);
    let used = counts.iter().filter(|&&c| c > 0).count().max(1) as f64;
    let n = train.len() as f64;
    train
        .origin
        .iter()
        .map(|&o| match weighting {
            _ if !counted(o) => 0.0,
            OriginWeighting::Uniform => 1.0,
            OriginWeighting::Balanced => n / (used * counts[o as usize] as f64),
        })
        .collect()
}

/// Whether origin `o` of `train` is one of `names`.
pub fn origin_named(train: &TrainSet, o: u16, names: &[String]) -> bool {
    let name = train.origins.get(o as usize).map_or("", String::as_str);
    names.iter().any(|n| n == name)
}

/// The documents of `train` at `positions`, in that order.
pub fn subset(train: &TrainSet, positions: &[usize]) -> TrainSet {
    TrainSet {
        taxonomy: train.taxonomy.clone(),
        docs: positions.iter().map(|&i| train.docs[i].clone()).collect(),
        labels: positions.iter().map(|&i| train.labels[i].clone()).collect(),
        origin: positions.iter().map(|&i| train.origin[i]).collect(),
        origins: train.origins.clone(),
    }
}

/// Fits a fresh `scorer` on `train` and returns it with its model part.
pub async fn fit_one(
    make: &ScorerFactory<'_>,
    scorer: &str,
    train: &TrainSet,
) -> Result<(Box<dyn Scorer>, Option<serde_json::Value>), FitError> {
    let err = |source| FitError::Scorer {
        scorer: scorer.to_string(),
        source,
    };
    let mut s = make(scorer).map_err(err)?;
    let part = s.fit(train).await.map_err(err)?;
    Ok((s, part))
}

/// Every scorer's out-of-fold output on every training document (`k` folds split by id hash).
pub async fn out_of_fold(
    train: &TrainSet,
    scorers: &[String],
    make: &ScorerFactory<'_>,
    k: usize,
    seed: u64,
    weights: &[f64],
) -> Result<OutOfFold, FitError> {
    if train.is_empty() {
        return Err(FitError::Empty);
    }
    let ids: Vec<String> = train.docs.iter().map(|d| d.id.key()).collect();
    let fold_of = folds::split(&ids, k.max(2), seed);
    let mut results: Vec<Vec<(String, ScoredDoc)>> = vec![Vec::new(); train.len()];
    let mut failures = BTreeMap::new();
    for fold in 0..=fold_of.iter().copied().max().unwrap_or(0) {
        let (held, rest) = folds::partition(&fold_of, fold);
        let fit_on = subset(train, &rest);
        let held_docs: Vec<_> = held.iter().map(|&i| train.docs[i].clone()).collect();
        for name in scorers {
            tracing::info!(fold, scorer = %name, train = rest.len(), held = held.len(), "out-of-fold fit");
            let (scorer, _) = fit_one(make, name, &fit_on).await?;
            for (&i, outcome) in held.iter().zip(scorer.score_batch(&held_docs).await) {
                match outcome {
                    Ok(doc) => results[i].push((name.clone(), doc)),
                    Err(_) => *failures.entry(name.clone()).or_insert(0) += 1,
                }
            }
        }
    }
    let docs = results
        .into_iter()
        .zip(&train.labels)
        .zip(weights)
        .map(|((results, gold), &weight)| OofDoc {
            gold: gold.clone(),
            weight,
            target: false,
            results,
        })
        .collect();
    Ok(OutOfFold {
        docs,
        failures,
        folds: fold_of,
    })
}
