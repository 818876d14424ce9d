//! The kind slot: most documents have one kind-of-artifact tag (`lib`, `cli`, `framework`, …) beside
//! what they are about, and a vote whose confident tags are all topical tends to leave it out. The
//! slot adds the best-ranked kind tag when none was chosen, room is left and its probability reaches
//! a threshold of its own, fitted out of fold with the rest of the selection.

use serde::{Deserialize, Serialize};
use tagvote_core::{TagIdx, TagScore};

/// The kind tags and the probability the best of them needs to fill the slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindSlot {
    /// The kind tags (a handful: looked up by scanning).
    pub tags: Vec<TagIdx>,
    pub threshold: f32,
}

impl KindSlot {
    /// The index in `sorted` (best first) of the kind tag that fills the slot, given that the first
    /// `chosen` candidates are taken and at most `top_k` tags may be: none when a chosen tag is
    /// already a kind tag, no room is left, or the best remaining kind tag is below the threshold.
    pub fn pick(&self, sorted: &[TagScore], chosen: usize, top_k: usize) -> Option<usize> {
        let is_kind = |c: &TagScore| self.tags.contains(&c.tag);
        let chosen = chosen.min(sorted.len());
        if chosen >= top_k || sorted[..chosen].iter().any(is_kind) {
            return None;
        }
        let i = chosen + sorted[chosen..].iter().position(is_kind)?;
        (sorted[i].score >= self.threshold && sorted[i].score > 0.0).then_some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(tags: &[(TagIdx, f32)]) -> Vec<TagScore> {
        tags.iter().map(|&(tag, score)| TagScore { tag, score }).collect()
    }

    fn slot(threshold: f32) -> KindSlot {
        KindSlot {
            tags: vec![9, 5],
            threshold,
        }
    }

    #[test]
    fn fills_the_slot_with_the_best_kind_tag_below_the_selection_threshold() {
        let sorted = ranked(&[(1, 0.9), (2, 0.4), (9, 0.3), (5, 0.25)]);
        assert_eq!(
            slot(0.2).pick(&sorted, 1, 3),
            Some(2),
            "tag 9, not tag 5 nor topical tag 2"
        );
        assert_eq!(
            slot(0.35).pick(&sorted, 1, 3),
            None,
            "the best kind tag is below the threshold"
        );
    }

    #[test]
    fn leaves_the_slot_empty_when_a_kind_tag_is_chosen_or_there_is_no_room() {
        let sorted = ranked(&[(5, 0.9), (1, 0.8), (9, 0.5)]);
        assert_eq!(slot(0.1).pick(&sorted, 2, 3), None, "tag 5 is chosen already");
        let sorted = ranked(&[(1, 0.9), (2, 0.8), (9, 0.5)]);
        assert_eq!(slot(0.1).pick(&sorted, 2, 2), None, "top-k reached");
        assert_eq!(slot(0.1).pick(&sorted, 2, 3), Some(2));
    }

    #[test]
    fn never_takes_a_candidate_without_probability() {
        let sorted = ranked(&[(1, 0.9), (9, 0.0)]);
        assert_eq!(slot(0.0).pick(&sorted, 1, 3), None);
        assert_eq!(
            slot(0.0).pick(&ranked(&[(1, 0.9)]), 1, 3),
            None,
            "no kind candidate at all"
        );
    }
}
