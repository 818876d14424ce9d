//! The whole fit behind `tagvote fit vote`: out-of-fold scorer outputs (once, or repeated over other
//! fold seeds), the vote fitted on them and cross-validated (which picks `auto`), then every scorer
//! fitted on all the training data.

use std::collections::BTreeMap;

use tagvote_core::{TagIdx, TrainSet};

use super::cv::{choose_by_cv, cross_validate};
use super::fit::{fit_vote, FitOptions, OofDoc};
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
    /// Times the out-of-fold outputs are made, each with other folds (1: once). The vote is fitted on
    /// every repeat's outputs, each document's copies sharing its weight.
    pub repeats: usize,
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
    let oof = targeted(
        out_of_fold(train, &plan.scorers, make, plan.folds, plan.seed, &weights).await?,
        train,
        plan,
    );
    let (docs, folds) = repeated(train, make, plan, &weights, &oof).await?;
    let mut vote = fit_vote(&docs, &plan.vote);
    let mut cv = cross_validate(&docs, &folds, &plan.vote);
    cv.values_mut().for_each(|tags| tags.truncate(oof.docs.len()));
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

/// Marks the documents of the target origins.
fn targeted(mut oof: OutOfFold, train: &TrainSet, plan: &FitPlan) -> OutOfFold {
    for (doc, &o) in oof.docs.iter_mut().zip(&train.origin) {
        doc.target = origin_named(train, o, &plan.target_origins);
    }
    oof
}

/// The vote's training documents and their folds: `first`, then the outputs of every further repeat
/// (fold seeds derived from the plan's), each copy weighing `1 / repeats` of its document. Every copy
/// of a document keeps the first repeat's fold, so the vote's cross-validation holds all of them out
/// together; with one repeat this is `first` as it is.
async fn repeated(
    train: &TrainSet,
    make: &ScorerFactory<'_>,
    plan: &FitPlan,
    weights: &[f64],
    first: &OutOfFold,
) -> Result<(Vec<OofDoc>, Vec<usize>), FitError> {
    let (mut docs, mut folds) = (first.docs.clone(), first.folds.clone());
    for r in 1..plan.repeats.max(1) as u64 {
        let seed = plan.seed ^ r.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let more = out_of_fold(train, &plan.scorers, make, plan.folds, seed, weights).await?;
        docs.extend(targeted(more, train, plan).docs);
        folds.extend_from_slice(&first.folds);
    }
    let share = 1.0 / plan.repeats.max(1) as f64;
    if plan.repeats > 1 {
        docs.iter_mut().for_each(|d| d.weight *= share);
    }
    Ok((docs, folds))
}
