//! Choosing at most three tags from per-tag scores: an absolute threshold and a cut relative
//! to the best score.

use serde::{Deserialize, Serialize};
use tagvote_core::{ScoredDoc, TagIdx, TagScore, MAX_TAGS};

/// Candidates kept in `ScoredDoc::scores` besides the chosen tags.
pub const MAX_CANDIDATES: usize = 10;

/// How tags are picked from scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    /// A tag needs at least this score.
    pub threshold: f32,
    /// …and at least this fraction of the best tag's score.
    pub relative: f32,
}

impl Selection {
    /// The chosen tag indices (best first) for dense per-tag scores.
    pub fn choose(&self, scores: &[f32]) -> Vec<TagIdx> {
        let ranked = top_candidates(scores, MAX_TAGS);
        let best = ranked.first().map_or(0.0, |s| s.score);
        ranked
            .iter()
            .filter(|s| s.score >= self.threshold && s.score >= self.relative * best && s.score > 0.0)
            .map(|s| s.tag)
            .collect()
    }

    /// The chosen tags and the best candidates as a `ScoredDoc`.
    pub fn scored_doc(&self, scores: &[f32]) -> ScoredDoc {
        let candidates = top_candidates(scores, MAX_CANDIDATES);
        let chosen = self.choose(scores);
        let tags = candidates.iter().filter(|s| chosen.contains(&s.tag)).copied().collect();
        ScoredDoc {
            tags,
            scores: candidates,
            meta: Default::default(),
        }
    }
}

/// The `k` best non-zero scores, best first, ties by tag order.
pub fn top_candidates(scores: &[f32], k: usize) -> Vec<TagScore> {
    let mut best: Vec<TagScore> = Vec::with_capacity(k + 1);
    for (t, &score) in scores.iter().enumerate() {
        // Later tags lose ties, so a candidate must beat the current last strictly.
        if score.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
            || (best.len() == k && best.last().is_some_and(|b| b.score >= score))
        {
            continue;
        }
        let at = best.iter().position(|b| b.score < score).unwrap_or(best.len());
        best.insert(
            at,
            TagScore {
                tag: t as TagIdx,
                score,
            },
        );
        best.truncate(k);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_at_most_three_above_both_cuts() {
        let sel = Selection {
            threshold: 0.3,
            relative: 0.5,
        };
        assert_eq!(sel.choose(&[0.9, 0.2, 0.5, 0.44, 0.8, 0.6]), vec![0, 4, 5]);
        assert_eq!(sel.choose(&[0.9, 0.2, 0.44]), vec![0]);
        assert!(sel.choose(&[0.1, 0.2]).is_empty());
        assert!(sel.choose(&[]).is_empty());
    }

    #[test]
    fn candidates_are_sorted_and_capped() {
        let scores: Vec<f32> = (0..20).map(|i| i as f32 / 20.0).collect();
        let top = top_candidates(&scores, MAX_CANDIDATES);
        assert_eq!(top.len(), MAX_CANDIDATES);
        assert_eq!(top[0].tag, 19);
        assert!(top.windows(2).all(|w| w[0].score >= w[1].score));
    }
}
