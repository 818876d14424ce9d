//! Micro average: precision, recall and F1 of the counts summed over all documents and tags.

use tagvote_core::{Counts, Prf};

use super::labels::DocOutcome;

/// Micro-averaged precision/recall/F1 over documents.
pub fn micro_average<'a>(docs: impl IntoIterator<Item = &'a DocOutcome>) -> Prf {
    let mut total = Counts::default();
    for doc in docs {
        total += doc.counts();
    }
    total.prf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_micro() {
        // tp = 1 + 0 + 0, pred = 2 + 1 + 0, gold = 1 + 0 + 2
        let docs = [
            DocOutcome::new(&[1], &[1, 2]),
            DocOutcome::new(&[], &[3]),
            DocOutcome::new(&[4, 5], &[]),
        ];
        let p = micro_average(&docs);
        assert_eq!(p.precision, 1.0 / 3.0);
        assert_eq!(p.recall, 1.0 / 3.0);
        assert_eq!(p.f1, 2.0 / 6.0);
    }

    #[test]
    fn nothing_predicted_and_nothing_gold_is_zero() {
        let docs = [DocOutcome::new(&[], &[])];
        assert_eq!(micro_average(&docs), Prf::default());
        assert_eq!(micro_average(&[]), Prf::default());
    }

    #[test]
    fn duplicates_are_counted_once() {
        let docs = [DocOutcome::new(&[1, 1], &[1, 1, 2])];
        let p = micro_average(&docs);
        assert_eq!((p.precision, p.recall), (0.5, 1.0));
    }
}
