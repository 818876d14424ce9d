//! Vote strategies: how the scorers' outputs for one document become the final tags.
//!
//! `build` makes a strategy by name (`majority`, `weighted`, `fusion`, `stack`, `cascade`, or `auto`);
//! `fit` learns the `vote` model part from out-of-fold scorer outputs (`fit_all`: the whole fit of
//! `tagvote fit vote`; `cv`: the fitted vote cross-validated); `folds` splits ids for
//! cross-validation.

pub mod calibration;
mod cascade;
pub mod cv;
mod exclusion;
mod factory;
pub mod fit;
mod fit_all;
pub mod folds;
mod fusion;
mod kind_slot;
mod majority;
pub mod model;
pub mod oof;
mod prior_shift;
mod selection;
pub mod stack;
pub mod stack_fit;
mod weighted;

use serde::{Deserialize, Serialize};
use tagvote_core::ScoredDoc;

pub use cascade::Cascade;
pub use factory::{build, resolve_name, DEFAULT_STRATEGY, STRATEGIES};
pub use fit::{fit_vote, FitOptions, OofDoc};
pub use fit_all::{fit_all, FitPlan, FittedAll};
pub use fusion::Fusion;
pub use kind_slot::KindSlot;
pub use majority::Majority;
pub use model::VoteModel;
pub use oof::{origin_weights, out_of_fold, FitError, OriginWeighting, OutOfFold};
pub use stack::Stack;
pub use weighted::Weighted;

/// Combines the scorers' results for one document into the final tags.
pub trait VoteStrategy: Send + Sync {
    /// Name shown in reports (`majority`, `weighted`, `fusion`, `stack`, `cascade`).
    fn name(&self) -> &str;

    /// Everything that changes this strategy's output, recorded in reports.
    fn config(&self) -> serde_json::Value {
        serde_json::Value::Null
    }

    /// Whether `scorer` still needs to run given the results so far (a cascade answers
    /// `false` for the expensive scorer when the cheap vote is sure). Default: always.
    fn needs(&self, _scorer: &str, _so_far: &[(&str, &ScoredDoc)]) -> bool {
        true
    }

    /// The final tags (at most 3, best first) from the scorers that produced a result.
    fn combine(&self, results: &[(&str, &ScoredDoc)]) -> ScoredDoc;
}

/// Command-line settings of the vote (`--min-votes`, `--vote-threshold`, `--cascade-…`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VoteOptions {
    /// `majority`: least scorers that must propose a tag; 0 means half the scorers that answered,
    /// rounded up (1 of 1, 1 of 2, 2 of 3).
    pub min_votes: usize,
    /// `weighted`/`fusion`: overrides the fitted probability threshold.
    pub threshold: Option<f32>,
    /// `weighted`/`fusion`: overrides the fitted most tags per document (1 to 3).
    pub top_k: Option<usize>,
    /// `cascade`: the expensive scorer runs only when the cheap vote's best tag scores below this.
    pub cascade_threshold: f32,
    /// `cascade`: the expensive scorer's name.
    pub cascade_expensive: String,
    /// `cascade`: the strategy used for the cheap vote and the final vote (`auto` as for `--vote`).
    pub cascade_inner: String,
}

impl Default for VoteOptions {
    fn default() -> Self {
        VoteOptions {
            min_votes: 0,
            threshold: None,
            top_k: None,
            cascade_threshold: 0.5,
            cascade_expensive: "llm".into(),
            cascade_inner: DEFAULT_STRATEGY.into(),
        }
    }
}

/// Why a vote strategy could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VoteError {
    #[error(
        "Unknown vote strategy `{0}`; expected one of `auto`, `majority`, `weighted`, `fusion`, `stack`, `cascade`"
    )]
    UnknownStrategy(String),
    #[error("The `{0}` vote needs a fitted vote part; fit one with `tagvote fit vote` and pass `--model`")]
    NeedsModel(String),
    #[error("The model's `vote` part is unusable: {0}; refit it with `tagvote fit vote`")]
    Model(String),
    #[error("Invalid vote option: {0}")]
    Option(String),
}

/// The result of a vote over nothing (no scorer answered) or over one scorer (its own tags).
pub(crate) fn trivial_vote(results: &[(&str, &ScoredDoc)]) -> Option<ScoredDoc> {
    match results {
        [] => Some(ScoredDoc::default()),
        [(_, only)] => Some(ScoredDoc {
            tags: only.tags.clone(),
            scores: only.scores.clone(),
            meta: Default::default(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
