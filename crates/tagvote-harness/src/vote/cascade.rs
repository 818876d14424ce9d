//! The cascade: the cheap scorers vote first; the expensive scorer runs only where that vote is unsure.

use tagvote_core::ScoredDoc;

use super::VoteStrategy;

/// Runs every scorer but `expensive`; calls `expensive` only when the cheap vote's best tag scores
/// below `threshold` (or the cheap vote has no tag). Both votes use the `inner` strategy.
pub struct Cascade {
    inner: Box<dyn VoteStrategy>,
    expensive: String,
    threshold: f32,
}

impl Cascade {
    pub fn new(inner: Box<dyn VoteStrategy>, expensive: &str, threshold: f32) -> Self {
        Cascade {
            inner,
            expensive: expensive.to_string(),
            threshold,
        }
    }

    /// The cheap vote's confidence: its best tag's score, 0 without a tag.
    pub fn confidence(&self, cheap: &[(&str, &ScoredDoc)]) -> f32 {
        let vote = self.inner.combine(cheap);
        vote.tags.first().map_or(0.0, |t| t.score)
    }

    /// Whether the cheap vote is unsure enough to call the expensive scorer.
    pub fn unsure(&self, cheap: &[(&str, &ScoredDoc)]) -> bool {
        cheap.is_empty() || self.confidence(cheap) < self.threshold
    }
}

impl VoteStrategy for Cascade {
    fn name(&self) -> &str {
        "cascade"
    }

    fn config(&self) -> serde_json::Value {
        serde_json::json!({
            "strategy": "cascade",
            "expensive": self.expensive,
            "threshold": self.threshold,
            "inner": self.inner.config(),
        })
    }

    fn needs(&self, scorer: &str, so_far: &[(&str, &ScoredDoc)]) -> bool {
        if scorer != self.expensive {
            return true;
        }
        let cheap: Vec<(&str, &ScoredDoc)> = so_far.iter().filter(|(s, _)| *s != self.expensive).copied().collect();
        self.unsure(&cheap)
    }

    fn combine(&self, results: &[(&str, &ScoredDoc)]) -> ScoredDoc {
        self.inner.combine(results)
    }
}
