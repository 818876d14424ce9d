//! Vote strategies: how the scorers' outputs for one document become the final tags.

use tagvote_core::ScoredDoc;

/// Combines the scorers' results for one document into the final tags.
pub trait VoteStrategy: Send + Sync {
    /// Name shown in reports (`majority`, `weighted`, `fusion`, `cascade`).
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
