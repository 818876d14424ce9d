//! Tuning the selection on out-of-fold scores: micro-F1 of the chosen tags against gold.

use tagvote_core::Counts;

use crate::select::Selection;

/// Micro-F1 of a selection over scored documents (`scores[i]` dense per tag, `gold[i]`).
pub fn micro_f1(selection: &Selection, scores: &[Vec<f32>], gold: &[Vec<u16>]) -> f64 {
    let mut counts = Counts::default();
    for (s, g) in scores.iter().zip(gold) {
        counts.add(&selection.choose(s), g, 1.0);
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
    fn tuning_finds_a_separating_threshold() {
        let scores = vec![vec![0.9, 0.3], vec![0.2, 0.8], vec![0.35, 0.1]];
        let gold = vec![vec![0], vec![1], vec![]];
        let (sel, f1) = best_selection(&scores, &gold);
        assert_eq!(f1, 1.0);
        assert!(sel.threshold > 0.35 && sel.threshold <= 0.8, "{sel:?}");
    }
}
