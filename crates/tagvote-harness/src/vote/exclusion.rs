//! Tag pairs the gold keeps apart: pairs that share no training document although their
//! frequencies say they should (`lib` with `framework`, a kind tag with another kind tag). The
//! selection demotes the lower-ranked tag of such a pair, so it rarely picks both.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use tagvote_core::prediction::sort_scores;
use tagvote_core::{TagIdx, TagScore};

use super::fit::tag_counts;

/// Least expected co-occurrences (if the two tags were independent) for a never-seen pair to count.
pub const MIN_EXPECTED: f64 = 1.0;

/// Learned exclusive pairs and how hard the lower-ranked tag of one is demoted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exclusions {
    /// Pairs `[a, b]` with `a < b`, sorted.
    pub pairs: Vec<[TagIdx; 2]>,
    /// Factor on the demoted tag's probability (0: never both; 1 would be no effect).
    pub factor: f32,
}

/// The pairs of tags that never share a document of `golds` (gold, weight) although they would
/// share at least `MIN_EXPECTED` if independent.
pub fn exclusive_pairs(golds: &[(&[TagIdx], f64)]) -> Vec<[TagIdx; 2]> {
    let n_tags = golds
        .iter()
        .flat_map(|(g, _)| g.iter())
        .map(|&t| t as usize + 1)
        .max()
        .unwrap_or(0);
    let kept = || golds.iter().copied().filter(|(_, w)| *w > 0.0);
    let (single, total) = tag_counts(kept(), n_tags);
    let mut joint = BTreeSet::new();
    for (gold, _) in kept() {
        for (i, &a) in gold.iter().enumerate() {
            for &b in gold[i + 1..].iter().filter(|&&b| b != a) {
                joint.insert([a.min(b), a.max(b)]);
            }
        }
    }
    let mut pairs = Vec::new();
    for a in 0..n_tags {
        for b in a + 1..n_tags {
            let pair = [a as TagIdx, b as TagIdx];
            if total > 0.0 && single[a] * single[b] >= MIN_EXPECTED * total && !joint.contains(&pair) {
                pairs.push(pair);
            }
        }
    }
    pairs
}

impl Exclusions {
    fn excludes(&self, a: TagIdx, b: TagIdx) -> bool {
        self.pairs.binary_search(&[a.min(b), a.max(b)]).is_ok()
    }

    /// Demotes, best first, each candidate that is exclusive with a better one left standing,
    /// then sorts again (`sort_scores` order).
    pub fn demote(&self, candidates: &mut [TagScore]) {
        sort_scores(candidates);
        let mut standing: Vec<TagIdx> = Vec::new();
        for c in candidates.iter_mut() {
            if standing.iter().any(|&s| self.excludes(s, c.tag)) {
                c.score *= self.factor;
            } else {
                standing.push(c.tag);
            }
        }
        sort_scores(candidates);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(tag: TagIdx, score: f32) -> TagScore {
        TagScore { tag, score }
    }

    #[test]
    fn pairs_that_never_meet_but_should_are_exclusive() {
        // Tags 0 and 1 are on half the documents each and never together; 0 and 2 meet once.
        let golds: Vec<Vec<TagIdx>> = (0..20)
            .map(|i| match i {
                0 => vec![0, 2],
                _ if i % 2 == 0 => vec![0],
                1 | 3 => vec![1, 2],
                _ => vec![1],
            })
            .collect();
        let weighted = |w: f64| golds.iter().map(|g| (g.as_slice(), w)).collect::<Vec<_>>();
        let pairs = exclusive_pairs(&weighted(1.0));
        assert_eq!(pairs, vec![[0, 1]], "0–2 met once, 1–2 meet");
        let none = exclusive_pairs(&weighted(0.0));
        assert!(none.is_empty(), "documents of weight 0 teach nothing");
    }

    #[test]
    fn the_lower_tag_of_an_exclusive_pair_is_demoted_below_the_others() {
        let ex = Exclusions {
            pairs: vec![[1, 4]],
            factor: 0.1,
        };
        let mut c = vec![ts(4, 0.7), ts(1, 0.9), ts(2, 0.5)];
        ex.demote(&mut c);
        let order: Vec<TagIdx> = c.iter().map(|c| c.tag).collect();
        assert_eq!(order, vec![1, 2, 4]);
        assert!((c[2].score - 0.07).abs() < 1e-6);
    }

    #[test]
    fn a_demoted_tag_does_not_demote_others() {
        let ex = Exclusions {
            pairs: vec![[0, 1], [1, 2]],
            factor: 0.0,
        };
        let mut c = vec![ts(0, 0.9), ts(1, 0.8), ts(2, 0.7)];
        ex.demote(&mut c);
        assert_eq!(c.iter().map(|c| c.tag).collect::<Vec<_>>(), vec![0, 2, 1]);
        assert_eq!(c[1].score, 0.7, "2 conflicts only with the demoted 1");
    }
}
