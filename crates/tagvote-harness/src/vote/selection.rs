//! Picking the final tags from ranked candidates: a probability threshold, a top-k and a floor.

use serde::{Deserialize, Serialize};
use tagvote_core::prediction::sort_scores;
use tagvote_core::{ScoredDoc, TagIdx, TagScore, MAX_TAGS};

use super::exclusion::Exclusions;
use super::kind_slot::KindSlot;

/// How many of the ranked candidates become tags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    /// Least combined probability a tag needs.
    pub threshold: f32,
    /// Most tags (1 to 3).
    pub top_k: usize,
    /// Least tags, taken from the best candidates even below the threshold (0 or 1).
    pub min_tags: usize,
    /// A kind tag added when the chosen tags have none (`kind_slot.rs`); `None`: no slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_slot: Option<KindSlot>,
    /// Tag pairs whose lower-ranked tag is demoted first (`exclusion.rs`); `None`: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusions: Option<Exclusions>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            threshold: 0.5,
            top_k: MAX_TAGS,
            min_tags: 1,
            kind_slot: None,
            exclusions: None,
        }
    }
}

impl Selection {
    /// Applies the `--vote-threshold`/`--vote-top-k` overrides.
    pub fn with_overrides(mut self, threshold: Option<f32>, top_k: Option<usize>) -> Self {
        if let Some(t) = threshold {
            self.threshold = t;
        }
        if let Some(k) = top_k {
            self.top_k = k.clamp(1, MAX_TAGS);
        }
        self
    }

    /// The chosen tags among `candidates` (tag, probability), best first; `scores` keeps them all.
    pub fn apply(&self, mut candidates: Vec<TagScore>) -> ScoredDoc {
        self.rank(&mut candidates);
        let tags = self.chosen(&candidates).map(|i| candidates[i]).collect();
        ScoredDoc {
            tags,
            scores: candidates,
            meta: Default::default(),
        }
    }

    /// Sorts `candidates` best first, after the exclusions' demotions.
    pub fn rank(&self, candidates: &mut [TagScore]) {
        match &self.exclusions {
            Some(ex) => ex.demote(candidates),
            None => sort_scores(candidates),
        }
    }

    /// The indices in `sorted` (ranked by `rank`) of the candidates that become tags, in order: the
    /// best ones the threshold, top-k and floor allow, then the kind slot's tag, if any.
    pub fn chosen(&self, sorted: &[TagScore]) -> impl Iterator<Item = usize> {
        let n = self.chosen_len(sorted);
        let slot = self
            .kind_slot
            .as_ref()
            .and_then(|k| k.pick(sorted, n, self.top_k.clamp(1, MAX_TAGS)));
        (0..n).chain(slot)
    }

    /// How many of the best `sorted` candidates (sorted by `sort_scores`) become tags.
    fn chosen_len(&self, sorted: &[TagScore]) -> usize {
        let top_k = self.top_k.clamp(1, MAX_TAGS);
        let positive = sorted.iter().take_while(|c| c.score > 0.0).count();
        let above = sorted[..positive]
            .iter()
            .take_while(|c| c.score >= self.threshold)
            .count();
        above.max(self.min_tags).min(top_k).min(positive)
    }
}

/// Every tag any scorer proposed or scored, ascending, without duplicates.
pub(crate) fn candidate_tags(results: &[(&str, &ScoredDoc)]) -> Vec<TagIdx> {
    let mut tags: Vec<TagIdx> = results
        .iter()
        .flat_map(|(_, d)| d.tags.iter().chain(d.scores.iter()).map(|s| s.tag))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

/// Every tag any scorer chose, ascending, without duplicates.
pub(crate) fn proposed_tags(results: &[(&str, &ScoredDoc)]) -> Vec<TagIdx> {
    let mut tags: Vec<TagIdx> = results.iter().flat_map(|(_, d)| d.tags.iter().map(|s| s.tag)).collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

/// Whether a scorer chose `tag`.
pub(crate) fn proposes(doc: &ScoredDoc, tag: TagIdx) -> bool {
    doc.tags.iter().any(|t| t.tag == tag)
}
