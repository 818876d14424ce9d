//! Macro average: the unweighted mean of per-tag precision, recall and F1 over the tags present
//! in gold or predictions.

use super::per_tag::TagCounts;
use tagvote_core::Prf;

/// Mean of per-tag scores; 0 when no tag appears anywhere.
pub fn macro_average(per_tag: &[TagCounts]) -> Prf {
    if per_tag.is_empty() {
        return Prf::default();
    }
    let n = per_tag.len() as f64;
    let mean = |f: fn(&TagCounts) -> f64| per_tag.iter().map(f).sum::<f64>() / n;
    Prf {
        precision: mean(|c| c.precision),
        recall: mean(|c| c.recall),
        f1: mean(|c| c.f1),
    }
}

#[cfg(test)]
mod tests {
    use super::super::labels::DocOutcome;
    use super::super::per_tag::per_tag_counts;
    use super::*;

    #[test]
    fn a_tag_only_in_predictions_counts_with_zero() {
        // tag 0: tp 1 (P 1, R 1, F1 1); tag 1: only predicted (P 0, R 0, F1 0)
        let docs = [DocOutcome::new(&[0], &[0, 1])];
        let m = macro_average(&per_tag_counts(&docs, 2));
        assert_eq!((m.precision, m.recall, m.f1), (0.5, 0.5, 0.5));
    }

    #[test]
    fn macro_f1_is_the_mean_of_f1_not_of_p_and_r() {
        // tag 0: P 1, R 0.5, F1 2/3; tag 1: P 0.5, R 1, F1 2/3
        let docs = [DocOutcome::new(&[0], &[0, 1]), DocOutcome::new(&[0, 1], &[1])];
        let m = macro_average(&per_tag_counts(&docs, 2));
        assert_eq!(m.precision, 0.75);
        assert_eq!(m.recall, 0.75);
        assert!((m.f1 - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn no_tags_anywhere_is_zero() {
        assert_eq!(macro_average(&[]), Prf::default());
    }
}
