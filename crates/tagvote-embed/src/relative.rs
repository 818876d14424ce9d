//! MPNet's relative position bias: T5-style buckets of the distance between two tokens, one learned
//! bias per bucket and head, added to the attention scores of every layer.

/// Longest distance that still gets its own logarithmic bucket (MPNet's `max_distance`).
const MAX_DISTANCE: f32 = 128.0;

/// The learned biases, spread out once at load by relative position: for each head, the bias of every
/// distance `j - i` from `-(max_len - 1)` to `max_len - 1` (bucketed as MPNet does), so attention only
/// slices it.
pub struct RelativeBias {
    max_len: usize,
    /// `heads × (2·max_len − 1)`, head by head.
    by_distance: Vec<f32>,
}

/// MPNet's bucket of the relative position `memory - context` (bidirectional: half the buckets for
/// keys before the query, half for keys after; exact up to a quarter, logarithmic beyond).
pub fn bucket(relative: i64, buckets: usize) -> usize {
    let half = (buckets / 2) as i64;
    let n = -relative;
    let side = if n < 0 { half } else { 0 };
    let n = n.abs();
    let exact = half / 2;
    if n < exact {
        return (side + n) as usize;
    }
    // In f32, as PyTorch computes it, so the bucket edges fall where the model was trained with them.
    let scale = (MAX_DISTANCE / exact as f32).ln();
    let log = (n as f32 / exact as f32).ln() / scale * (half - exact) as f32;
    let large = (exact + log as i64).min(half - 1);
    (side + large) as usize
}

impl RelativeBias {
    /// From the `buckets × heads` table (the `encoder.relative_attention_bias` embedding), for sequences
    /// of at most `max_len` tokens.
    pub fn new(table: &[f32], buckets: usize, heads: usize, max_len: usize) -> Self {
        let len = max_len as i64;
        let by_distance = (0..heads)
            .flat_map(|head| (-(len - 1)..len).map(move |r| table[bucket(r, buckets) * heads + head]))
            .collect();
        RelativeBias { max_len, by_distance }
    }

    /// Adds the bias of `head` to its `len × len` score matrix: row `i`, column `j` gets the bias of `j - i`.
    pub fn add(&self, head: usize, scores: &mut [f32], len: usize) {
        assert!(len <= self.max_len, "sequence longer than the relative bias table");
        let width = 2 * self.max_len - 1;
        let centre = head * width + self.max_len - 1;
        for (i, row) in scores.chunks_exact_mut(len).enumerate() {
            let from = centre - i;
            for (s, b) in row.iter_mut().zip(&self.by_distance[from..from + len]) {
                *s += b;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_exact_near_and_logarithmic_far_on_both_sides() {
        // Keys after the query (j > i, n < 0) use the upper half of the 32 buckets.
        assert_eq!(bucket(0, 32), 0);
        assert_eq!(bucket(-1, 32), 1);
        assert_eq!(bucket(1, 32), 17);
        assert_eq!(bucket(-7, 32), 7);
        assert_eq!(bucket(7, 32), 23);
        assert_eq!(bucket(-8, 32), 8);
        assert_eq!(bucket(-1000, 32), 15);
        assert_eq!(bucket(1000, 32), 31);
        // The edges of the logarithmic buckets, as PyTorch's `MPNetEncoder.relative_position_bucket` gives them.
        for (n, want) in [
            (15, 9),
            (16, 10),
            (17, 10),
            (31, 11),
            (32, 12),
            (33, 12),
            (63, 13),
            (64, 14),
            (127, 15),
        ] {
            assert_eq!(bucket(-n, 32), want, "distance {n}");
            assert_eq!(bucket(n, 32), want + 16, "distance -{n}");
        }
        let far: Vec<usize> = (8..200).map(|n| bucket(-n, 32)).collect();
        assert!(far.windows(2).all(|w| w[0] <= w[1]), "{far:?}");
    }

    #[test]
    fn bias_is_added_by_relative_position() {
        let table: Vec<f32> = (0..64).map(|i| i as f32).collect();
        let bias = RelativeBias::new(&table, 32, 2, 8);
        let mut scores = vec![0.0; 9];
        bias.add(1, &mut scores, 3);
        // (i, j) = (0, 1): relative +1, bucket 17, head 1 → 35; (1, 0): relative -1, bucket 1 → 3.
        assert_eq!(scores[1], 35.0);
        assert_eq!(scores[3], 3.0);
        assert_eq!(scores[0], 1.0);
        assert_eq!(scores[4], 1.0);
    }
}
