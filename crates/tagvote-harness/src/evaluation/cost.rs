//! Tokens, cost, cache hits and requests summed over a system's documents.

use serde::{Deserialize, Serialize};

use crate::record::DocResult;

/// Totals of the `ScoreMeta` cost fields.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct CostSummary {
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cost: f64,
    pub cache_hits: usize,
    pub attempts: u64,
}

impl CostSummary {
    /// The totals over `results`; `None` when no result reports any cost field.
    pub fn sum<'a>(results: impl IntoIterator<Item = &'a DocResult>) -> Option<CostSummary> {
        let mut total = CostSummary::default();
        for scored in results.into_iter().filter_map(DocResult::scored) {
            let m = &scored.meta;
            total.input_tokens += m.input_tokens;
            total.output_tokens += m.output_tokens;
            total.cost += m.cost;
            total.cache_hits += usize::from(m.cache_hit);
            total.attempts += u64::from(m.attempts);
        }
        (total != CostSummary::default()).then_some(total)
    }

    pub fn tokens(&self) -> u64 {
        self.input_tokens + self.output_tokens
    }
}
