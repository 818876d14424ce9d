//! Scorer diagnostics for a run: coverage, overlap, conflicts, agreement, oracle bound, cascade curve, audit.
//!
//! Everything is computed from a `RunRecord` alone (the scorers' per-document results and gold),
//! so a saved report can be analysed again without re-running anything.

mod agreement;
mod audit;
mod cascade_curve;
mod coverage;
mod oracle;

pub(crate) use agreement::jaccard;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::record::{RunRecord, VOTE_SYSTEM};
use crate::vote::VoteOptions;

pub use audit::suspect_gold;

/// What `analyse` needs besides the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisOptions {
    /// The vote the cascade curve simulates (cheap vote, then the full vote): name as for `--vote`.
    pub vote: String,
    pub vote_options: VoteOptions,
    /// The fitted `vote` part of the model, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote_model: Option<serde_json::Value>,
    /// Confidence thresholds the cascade curve is drawn at (the default is 0, 0.05, ..., 1).
    pub cascade_thresholds: Vec<f32>,
    /// Most suspect gold labels listed.
    pub audit_limit: usize,
    /// Least score a scorer must give a tag to count as confident in the audit.
    pub audit_min_score: f32,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            vote: crate::vote::DEFAULT_STRATEGY.to_string(),
            vote_options: VoteOptions::default(),
            vote_model: None,
            cascade_thresholds: (0..=20).map(|i| i as f32 / 20.0).collect(),
            audit_limit: 50,
            audit_min_score: 0.0,
        }
    }
}

/// How one scorer behaves over the whole run (Snorkel's LF summary, for multi-label).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScorerDiagnostics {
    pub scorer: String,
    /// Documents the scorer answered / failed on / was not run on.
    pub docs_ok: usize,
    pub docs_failed: usize,
    pub docs_skipped: usize,
    /// Fraction of all documents where it proposed at least one tag.
    pub coverage: f64,
    /// Fraction of all documents where it proposed a tag that another scorer also proposed.
    pub overlap: f64,
    /// Fraction of all documents where it and another scorer both proposed tags, with none in common.
    pub conflict: f64,
    /// Share of its proposed tags that are in the gold (documents with gold only); `None` without gold.
    pub precision: Option<f64>,
    /// Tags proposed in total.
    pub proposed: usize,
    /// Taxonomy tags it never proposed in this run.
    pub never_predicts: Vec<String>,
}

/// One scorer on one tag. Fractions are of all documents in the run (Snorkel's convention).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TagDiagnostics {
    pub scorer: String,
    pub tag: String,
    /// Documents where the scorer proposed the tag.
    pub proposed: usize,
    pub coverage: f64,
    /// Fraction of documents where it proposed the tag and another scorer did too.
    pub overlap: f64,
    /// Fraction of documents where it proposed the tag and another scorer proposed tags, not this one.
    pub conflict: f64,
    /// Share of its proposals of this tag that the gold confirms; `None` when it never proposed it on a
    /// document with gold.
    pub precision: Option<f64>,
    /// Documents whose gold has the tag.
    pub gold_count: usize,
}

/// Pairwise agreement between scorers: mean Jaccard of their tag sets over the documents both answered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AgreementMatrix {
    pub scorers: Vec<String>,
    /// `jaccard[i][j]`, 1 on the diagonal; two empty answers agree fully. `None` when no document had both.
    pub jaccard: Vec<Vec<Option<f64>>>,
    /// `docs[i][j]`: documents both answered.
    pub docs: Vec<Vec<usize>>,
}

/// The F1 if the vote always picked the best scorer's tags for each document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OracleBound {
    pub micro_precision: f64,
    pub micro_recall: f64,
    pub micro_f1: f64,
    /// Documents (with gold) the bound is computed over.
    pub docs: usize,
    /// How often each scorer was the best pick (ties go to the first scorer in run order).
    pub picks: BTreeMap<String, usize>,
}

/// One threshold of the simulated cascade.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CascadePoint {
    pub threshold: f32,
    /// Documents the expensive scorer would be called on / spared.
    pub calls: usize,
    pub calls_saved: usize,
    pub micro_f1: f64,
}

/// Calls saved versus F1 when the expensive scorer only runs where the cheap vote is unsure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CascadeCurve {
    /// The vote simulated (the cheap vote and the full vote both use it).
    pub vote: String,
    pub expensive: String,
    pub cheap: Vec<String>,
    /// Documents with gold where every scorer answered (the simulation's population).
    pub docs: usize,
    /// Micro-F1 when the expensive scorer is always called / never called.
    pub f1_always: f64,
    pub f1_never: f64,
    pub points: Vec<CascadePoint>,
}

/// A gold label that every scorer confidently disagrees with, for a person to review.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SuspectGold {
    pub id: String,
    pub gold: Vec<String>,
    /// Tags every scorer proposed that the gold lacks.
    pub disputed: Vec<String>,
    /// Gold tags no scorer proposed.
    pub unsupported: Vec<String>,
    /// What every scorer said: scorer -> `(tag, score)` best first.
    pub scorers: BTreeMap<String, Vec<(String, f32)>>,
    /// Ranking key in `[0, 1]`: the scorers' least score on the disputed tags, scaled by the share
    /// of gold tags no scorer supports.
    pub confidence: f64,
}

/// Everything `analyse` finds about the scorers of one run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScorerAnalysis {
    /// Scorers analysed, in run order (the `vote` system excluded).
    pub scorers: Vec<String>,
    pub per_scorer: Vec<ScorerDiagnostics>,
    /// Per scorer × tag, only for tags the scorer proposed or the gold has; scorer order, then taxonomy order.
    pub per_tag: Vec<TagDiagnostics>,
    pub agreement: AgreementMatrix,
    /// `None` without gold or without scorers.
    pub oracle: Option<OracleBound>,
    /// `None` without gold or with fewer than two scorers.
    pub cascade: Option<CascadeCurve>,
    /// Ranked, most suspect first; empty with fewer than two scorers or without gold.
    pub suspect_gold: Vec<SuspectGold>,
}

/// Analyses the scorers of a run (the `vote` system is left out of the diagnostics).
pub fn analyse(record: &RunRecord, opts: &AnalysisOptions) -> ScorerAnalysis {
    let scorers = scorer_names(record);
    let (per_scorer, per_tag) = coverage::diagnostics(record, &scorers);
    ScorerAnalysis {
        per_scorer,
        per_tag,
        agreement: agreement::matrix(record, &scorers),
        oracle: oracle::bound(record, &scorers),
        cascade: cascade_curve::simulate(record, &scorers, opts),
        suspect_gold: audit::suspect_gold(record, &scorers, opts),
        scorers,
    }
}

/// The scorer systems of a record, in run order.
pub fn scorer_names(record: &RunRecord) -> Vec<String> {
    record.systems.iter().filter(|s| *s != VOTE_SYSTEM).cloned().collect()
}

#[cfg(test)]
mod tests;
