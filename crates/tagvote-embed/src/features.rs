//! Per-tag evidence for one document vector: similarity to the tag's prototype, to the tag's centroid,
//! the similarity-weighted vote of the nearest labelled documents and the linear classifier's
//! probability, each also relative to the best tag.

use crate::linear::LinearHead;
use crate::ops::dot;
use crate::part::{Combination, FEATURES};

/// Sharpness of the neighbour vote: weight `exp(SHARPNESS · similarity)`.
pub const SHARPNESS: f32 = 20.0;

/// The labelled vectors the vote is taken among.
pub struct NeighbourSet {
    pub vectors: Vec<Vec<f32>>,
    pub labels: Vec<Vec<u16>>,
    pub k: usize,
}

/// Everything the features are measured against.
pub struct TagSpace {
    pub prototypes: Vec<Vec<f32>>,
    /// Per-tag unit centroids (empty before fitting).
    pub centroids: Vec<Vec<f32>>,
    pub neighbours: Option<NeighbourSet>,
    /// The one-vs-rest classifier (`None` before fitting or when fitted without it).
    pub linear: Option<LinearHead>,
}

/// The feature vector of every tag.
pub type TagFeatures = Vec<[f32; FEATURES.len()]>;

impl TagSpace {
    /// Features of all tags for document vector `d`; `skip` leaves one neighbour out (for fitting).
    pub fn features(&self, d: &[f32], skip: Option<usize>) -> TagFeatures {
        let proto: Vec<f32> = self.prototypes.iter().map(|p| dot(d, p)).collect();
        let cen: Vec<f32> = match self.centroids.is_empty() {
            true => vec![0.0; proto.len()],
            false => self.centroids.iter().map(|c| dot(d, c)).collect(),
        };
        let votes = match &self.neighbours {
            Some(n) => neighbour_votes(n, d, skip, proto.len()),
            None => vec![0.0; proto.len()],
        };
        let linear = match &self.linear {
            Some(head) => head.probabilities(d),
            None => vec![0.0; proto.len()],
        };
        assemble(&proto, &cen, &votes, &linear)
    }
}

/// Builds the feature rows from the three similarity lists and the classifier's probabilities.
pub fn assemble(proto: &[f32], cen: &[f32], votes: &[f32], linear: &[f32]) -> TagFeatures {
    let best = |xs: &[f32]| xs.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let (bp, bc, bv, bl) = (best(proto), best(cen), best(votes), best(linear));
    (0..proto.len())
        .map(|t| {
            [
                proto[t],
                proto[t] - bp,
                cen[t],
                cen[t] - bc,
                votes[t],
                votes[t] - bv,
                linear[t],
                linear[t] - bl,
            ]
        })
        .collect()
}

/// Share of the `k` most similar neighbours (weighted by `exp(SHARPNESS · sim)`) that carry each tag.
pub fn neighbour_votes(set: &NeighbourSet, d: &[f32], skip: Option<usize>, tags: usize) -> Vec<f32> {
    let mut sims: Vec<(f32, usize)> = set
        .vectors
        .iter()
        .enumerate()
        .filter(|(j, _)| Some(*j) != skip)
        .map(|(j, v)| (dot(d, v), j))
        .collect();
    let k = set.k.min(sims.len());
    let mut votes = vec![0.0f32; tags];
    if k == 0 {
        return votes;
    }
    sims.select_nth_unstable_by(k - 1, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let top = &sims[..k];
    let best = top.iter().map(|s| s.0).fold(f32::NEG_INFINITY, f32::max);
    let mut total = 0.0;
    for &(sim, j) in top {
        let w = (SHARPNESS * (sim - best)).exp();
        total += w;
        for &t in &set.labels[j] {
            if let Some(v) = votes.get_mut(t as usize) {
                *v += w;
            }
        }
    }
    votes.iter_mut().for_each(|v| *v /= total);
    votes
}

/// The combined score in `[0, 1]` of one tag's features.
pub fn combine(c: &Combination, f: &[f32; FEATURES.len()]) -> f32 {
    let z = c.bias + c.weights.iter().zip(f).map(|(w, x)| w * x).sum::<f32>();
    1.0 / (1.0 + (-z).exp())
}

/// Keeps the best tag at `threshold_first` and two more at `threshold`: tag indices, best first.
pub fn pick(c: &Combination, scores: &[f32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order
        .into_iter()
        .take(tagvote_core::MAX_TAGS)
        .enumerate()
        .take_while(|&(rank, t)| scores[t] >= if rank == 0 { c.threshold_first } else { c.threshold })
        .map(|(_, t)| t)
        .collect()
}

/// The combination used before any fitting: prototypes only, the closest tag when it is clearly close.
pub fn zero_shot_combination() -> Combination {
    Combination {
        weights: vec![10.0, 25.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        bias: -3.5,
        threshold_first: 0.4,
        threshold: 0.6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_follow_the_nearest_neighbours() {
        let set = NeighbourSet {
            vectors: vec![vec![1.0, 0.0], vec![0.0, 1.0], vec![0.9, 0.1]],
            labels: vec![vec![0], vec![1], vec![0, 2]],
            k: 2,
        };
        let v = neighbour_votes(&set, &[1.0, 0.0], None, 3);
        assert!(v[0] > 0.99 && v[1] == 0.0 && v[2] > 0.1, "{v:?}");
        let skipped = neighbour_votes(&set, &[1.0, 0.0], Some(0), 3);
        assert!(skipped[0] > 0.99 && skipped[2] > 0.99, "{skipped:?}");
    }

    #[test]
    fn pick_applies_both_thresholds_and_the_cap() {
        let c = Combination {
            weights: vec![0.0; 8],
            bias: 0.0,
            threshold_first: 0.3,
            threshold: 0.5,
        };
        assert_eq!(pick(&c, &[0.35, 0.1, 0.2]), vec![0]);
        assert_eq!(pick(&c, &[0.9, 0.8, 0.7, 0.6]), vec![0, 1, 2]);
        assert!(pick(&c, &[0.2, 0.1]).is_empty());
    }
}
