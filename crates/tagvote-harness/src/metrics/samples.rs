//! Samples average (per-document scores, then their mean) and exact match (subset accuracy).
//!
//! As in scikit-learn with `zero_division=0`: a document with an empty prediction has precision 0,
//! one with empty gold has recall 0, and one with both empty scores 0 for precision, recall and F1
//! (even though its prediction is exactly right, which exact match does count).

use tagvote_core::Prf;

use super::labels::DocOutcome;

/// Mean over documents of per-document precision, recall and F1; 0 for no documents.
pub fn samples_average<'a>(docs: impl IntoIterator<Item = &'a DocOutcome>) -> Prf {
    let mut sum = Prf::default();
    let mut n = 0usize;
    for doc in docs {
        let p = doc.counts().prf();
        sum.precision += p.precision;
        sum.recall += p.recall;
        sum.f1 += p.f1;
        n += 1;
    }
    if n == 0 {
        return Prf::default();
    }
    let n = n as f64;
    Prf {
        precision: sum.precision / n,
        recall: sum.recall / n,
        f1: sum.f1 / n,
    }
}

/// Share of documents whose predicted set equals the gold set; 0 for no documents.
pub fn exact_match<'a>(docs: impl IntoIterator<Item = &'a DocOutcome>) -> f64 {
    let (mut hits, mut n) = (0usize, 0usize);
    for doc in docs {
        hits += usize::from(doc.is_exact());
        n += 1;
    }
    super::ratio(hits as f64, n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> [DocOutcome; 4] {
        [
            DocOutcome::new(&[1, 2], &[1, 3]), // P 1/2, R 1/2, F1 1/2
            DocOutcome::new(&[1], &[]),        // empty prediction: 0, 0, 0
            DocOutcome::new(&[], &[]),         // both empty: 0, 0, 0 (zero_division=0)
            DocOutcome::new(&[], &[4]),        // empty gold: 0, 0, 0
        ]
    }

    #[test]
    fn hand_computed_samples_average() {
        let p = samples_average(&docs());
        assert_eq!((p.precision, p.recall, p.f1), (0.125, 0.125, 0.125));
    }

    #[test]
    fn per_document_f1_is_harmonic_mean_of_p_and_r() {
        // P = 1/3, R = 1 → F1 = 0.5
        let p = samples_average(&[DocOutcome::new(&[1], &[1, 2, 3])]);
        assert!((p.f1 - 0.5).abs() < 1e-12);
    }

    #[test]
    fn exact_match_counts_the_empty_empty_document() {
        assert_eq!(exact_match(&docs()), 0.25);
        assert_eq!(exact_match(&[]), 0.0);
    }
}
