//! The whole fit behind `tagvote fit vote`: out-of-fold scorer outputs, the vote fitted on them and
//! cross-validated (which picks `auto`), then every scorer fitted on all the training data.

use std::collections::BTreeMap;

use tagvote_core::{TagIdx, TrainSet};

use super::cv::{choose_by_cv, cross_validate};
use super::fit::{fit_vote, FitOptions};
use super::model::VoteModel;
use super::oof::{
    fit_one, origin_named, origin_weights, out_of_fold, FitError, OriginWeighting, OutOfFold, ScorerFactory,
};

/// What to fit and how.
#[derive(Debug, Clone)]
pub struct FitPlan {
    /// Scorers to fit and vote over, in order.
    pub scorers: Vec<String>,
    /// Folds for the out-of-fold outputs (at least 2).
    pub folds: usize,
    pub seed: u64,
    pub weighting: OriginWeighting,
    /// Origins the vote is fitted on (empty: all); the others train the scorers only.
    pub vote_origins: Vec<String>,
    /// Origins like the documents to tag: the vote's choices are made on their F1 (empty: all).
    pub target_origins: Vec<String>,
    pub vote: FitOptions,
}

/// Everything fitted: the vote's training data, the vote, and each scorer's part.
#[derive(Debug, Clone)]
pub struct FittedAll {
    pub oof: OutOfFold,
    pub vote: VoteModel,
    /// Per strategy, each document's tags from the vote cross-validated over the out-of-fold outputs.
    pub cv: BTreeMap<String, Vec<Vec<TagIdx>>>,
    /// Scorer name -> its model part, fitted on all the training data (scorers without one are absent).
    pub parts: BTreeMap<String, serde_json::Value>,
}

/// Fits the vote on out-of-fold scorer outputs (so it never sees a scorer's answer on a document
/// that scorer was fitted on), then each scorer on everything.
pub async fn fit_all(train: &TrainSet, make: &ScorerFactory<'_>, plan: &FitPlan) -> Result<FittedAll, FitError> {
    let weights = origin_weights(train, plan.weighting, &plan.vote_origins);
    let mut oof = out_of_fold(train, &plan.scorers, make, plan.folds, plan.seed, &weights).await?;
    for (doc, &o) in oof.docs.iter_mut().zip(&train.origin) {
        doc.target = origin_named(train, o, &plan.target_origins);
    }
    let mut vote = fit_vote(&oof.docs, &plan.vote);
    let cv = cross_validate(&oof.docs, &oof.folds, &plan.vote);
    choose_by_cv(&mut vote, &oof.docs, &cv);
    let mut parts = BTreeMap::new();
    for name in &plan.scorers {
        tracing::info!(scorer = %name, docs = train.len(), "fitting on all the training data");
        if let (_, Some(part)) = fit_one(make, name, train).await? {
            parts.insert(name.clone(), part);
        }
    }
    Ok(FittedAll { oof, vote, cv, parts })
}
