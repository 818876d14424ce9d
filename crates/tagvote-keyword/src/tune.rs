//! Tuning the selection on out-of-fold scores: micro-F1 of the chosen tags against gold.

use crate::select::Selection;

/// Micro-averaged counts over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MicroCounts {
    pub true_pos: u64,
    pub false_pos: u64,
    pub false_neg: u64,
}

impl MicroCounts {
    /// Adds one document's chosen tags against its gold tags.
    pub fn add(&mut self, chosen: &[u16], gold: &[u16]) {
        let hits = chosen.iter().filter(|t| gold.contains(t)).count() as u64;
        self.true_pos += hits;
        self.false_pos += chosen.len() as u64 - hits;
        self.false_neg += gold.len() as u64 - hits;
    }

    pub fn precision(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_pos)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_neg)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Micro-F1 of a selection over scored documents (`scores[i]` dense per tag, `gold[i]`).
pub fn micro_f1(selection: &Selection, scores: &[Vec<f32>], gold: &[Vec<u16>]) -> f64 {
    let mut counts = MicroCounts::default();
    for (s, g) in scores.iter().zip(gold) {
        counts.add(&selection.choose(s), g);
    }
    counts.f1()
}

/// The selection with the best micro-F1 on a grid (first best wins, so ties are stable).
pub fn best_selection(scores: &[Vec<f32>], gold: &[Vec<u16>]) -> (Selection, f64) {
    let mut best = (
        Selection {
            threshold: 0.5,
            relative: 0.0,
        },
        -1.0,
    );
    for ti in 1..=39 {
        for ri in 0..=7 {
            let sel = Selection {
                threshold: ti as f32 * 0.025,
                relative: ri as f32 * 0.1,
            };
            let f1 = micro_f1(&sel, scores, gold);
            if f1 > best.1 + 1e-9 {
                best = (sel, f1);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn micro_counts_add_up() {
        let mut c = MicroCounts::default();
        c.add(&[1, 2], &[2, 3]);
        c.add(&[], &[4]);
        assert_eq!((c.true_pos, c.false_pos, c.false_neg), (1, 1, 2));
        assert!((c.f1() - 0.4).abs() < 1e-9);
    }

    #[test]
    fn tuning_finds_a_separating_threshold() {
        let scores = vec![vec![0.9, 0.3], vec![0.2, 0.8], vec![0.35, 0.1]];
        let gold = vec![vec![0], vec![1], vec![]];
        let (sel, f1) = best_selection(&scores, &gold);
        assert_eq!(f1, 1.0);
        assert!(sel.threshold > 0.35 && sel.threshold <= 0.8, "{sel:?}");
    }
}
