//! Measuring a ranking against gold (`suggest --gold`): the lift of the expected-F1 ranking and of
//! disagreement and margin alone, at the first 10, 20 and 50 documents.

use tagvote_core::Gold;

use super::features::{DISAGREEMENT, MARGIN};
use super::lift::lift;
use super::rank::Suggestion;
use crate::metrics::DocOutcome;

/// One ranking's lift at each cut-off.
#[derive(Debug, Clone, PartialEq)]
pub struct LiftRow {
    pub ranking: &'static str,
    pub lifts: Vec<Option<f64>>,
}

/// The measured documents (those with gold), their mean error, and each ranking's lifts at `cuts`;
/// `ranked` is in the expected-F1 order, the one-signal rankings break ties by corpus order.
pub fn lift_table(ranked: &[Suggestion], gold: &Gold, cuts: &[usize]) -> (usize, f64, Vec<LiftRow>) {
    let measured: Vec<(&Suggestion, f64)> = ranked
        .iter()
        .filter_map(|s| {
            let g = gold.get(&s.id)?;
            Some((s, 1.0 - DocOutcome::new(g, &s.tags).counts().prf().f1))
        })
        .collect();
    let mean_error = measured.iter().map(|(_, e)| e).sum::<f64>() / measured.len().max(1) as f64;
    let row = |ranking, key: &dyn Fn(usize) -> f64| {
        let mut order: Vec<usize> = (0..measured.len()).collect();
        order.sort_by(|&a, &b| {
            key(a)
                .total_cmp(&key(b))
                .then(measured[a].0.position.cmp(&measured[b].0.position))
        });
        let errors: Vec<f64> = order.iter().map(|&i| measured[i].1).collect();
        LiftRow {
            ranking,
            lifts: cuts.iter().map(|&n| lift(&errors, n)).collect(),
        }
    };
    let rows = vec![
        row("expected F1", &|i| i as f64),
        row("disagreement", &|i| -measured[i].0.features[DISAGREEMENT]),
        row("margin", &|i| measured[i].0.features[MARGIN]),
    ];
    (measured.len(), mean_error, rows)
}

#[cfg(test)]
mod tests {
    use tagvote_core::DocId;

    use super::*;

    fn s(id: &str, position: usize, disagreement: f64, tags: &[u16]) -> Suggestion {
        let mut features = vec![0.0; crate::suggest::features::FEATURES.len()];
        features[DISAGREEMENT] = disagreement;
        Suggestion {
            id: DocId::from(id),
            reason: String::new(),
            expected_f1: 0.0,
            tags: tags.to_vec(),
            scorers: Default::default(),
            features,
            position,
        }
    }

    #[test]
    fn one_signal_rankings_break_ties_by_corpus_order() {
        // Model order: c, b, a. Errors: a 1, b 0, c 0 (gold [1] everywhere). Disagreement ties.
        let ranked = [s("c", 2, 1.0, &[1]), s("b", 1, 1.0, &[1]), s("a", 0, 1.0, &[2])];
        let gold = Gold::from_rows(["a", "b", "c"].iter().map(|i| (DocId::from(*i), vec![1])).collect());
        let (docs, mean, rows) = lift_table(&ranked, &gold, &[1]);
        assert_eq!((docs, mean), (3, 1.0 / 3.0));
        assert_eq!(rows[0].lifts, [Some(0.0)], "the model put `c` first");
        assert_eq!(
            rows[1].lifts,
            [Some(3.0)],
            "disagreement ties keep corpus order: `a` first"
        );
    }
}
