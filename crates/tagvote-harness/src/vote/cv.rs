//! Honest estimate of a fitted vote: the vote itself cross-validated over the out-of-fold scorer outputs
//! (fitted on K-1 folds, applied to the held fold), so settings can be chosen without the test split.

use std::collections::BTreeMap;

use tagvote_core::{Counts, TagIdx};

use super::fit::{best_of, decision_weights, fit_vote, FitOptions, OofDoc};
use super::model::VoteModel;
use super::{build, folds, VoteOptions};

/// The strategies whose held-out tags `cross_validate` returns (`auto`: each fold's own best).
pub const CV_STRATEGIES: [&str; 4] = ["auto", "weighted", "fusion", "stack"];

/// Per strategy, every document's tags from a vote fitted without its fold (`fold_of[i]` is the fold
/// of document `i`). A strategy the fitted model cannot build is left out.
pub fn cross_validate(docs: &[OofDoc], fold_of: &[usize], opts: &FitOptions) -> BTreeMap<String, Vec<Vec<TagIdx>>> {
    let mut out: BTreeMap<String, Vec<Vec<TagIdx>>> = BTreeMap::new();
    let k = fold_of.iter().copied().max().map_or(0, |m| m + 1);
    for fold in 0..k {
        let (held, rest) = folds::partition(fold_of, fold);
        let train: Vec<OofDoc> = rest.iter().map(|&i| docs[i].clone()).collect();
        if held.is_empty() || train.is_empty() {
            continue;
        }
        let part = fit_vote(&train, opts).to_part();
        for name in CV_STRATEGIES {
            let Ok(strategy) = build(name, &VoteOptions::default(), Some(&part)) else {
                continue;
            };
            let tags = out
                .entry(name.to_string())
                .or_insert_with(|| vec![Vec::new(); docs.len()]);
            for &i in &held {
                tags[i] = strategy.combine(&docs[i].view()).tag_indices();
            }
        }
    }
    out
}

/// Weighted micro-F1 of each strategy's cross-validated tags (`cv`, from `cross_validate`); sets
/// `model.cv_micro_f1` and makes `model.best` the strategy (majority, weighted, fusion or stack) with
/// the best cross-validated F1 (majority has nothing fitted: its out-of-fold F1 is already honest).
pub fn choose_by_cv(model: &mut VoteModel, docs: &[OofDoc], cv: &BTreeMap<String, Vec<Vec<TagIdx>>>) {
    let weights = decision_weights(docs);
    let mut f1 = BTreeMap::new();
    for (name, tags) in cv {
        let mut counts = Counts::default();
        docs.iter()
            .zip(tags)
            .zip(&weights)
            .for_each(|((d, t), &w)| counts.add(t, &d.gold, w));
        f1.insert(name.clone(), counts.f1());
    }
    if let Some(&m) = model.oof_micro_f1.get("majority") {
        f1.insert("majority".into(), m);
    }
    model.best = best_of(&f1);
    model.cv_micro_f1 = f1;
}

#[cfg(test)]
mod tests {
    use tagvote_core::{ScoredDoc, TagScore};

    use super::*;

    /// One scorer always proposes tag 0 and tag 1; gold is tag 0 on even documents only.
    fn docs() -> Vec<OofDoc> {
        (0..40)
            .map(|i| OofDoc {
                gold: if i % 2 == 0 { vec![0] } else { vec![1] },
                weight: 1.0,
                target: false,
                results: vec![
                    (
                        "a".into(),
                        ScoredDoc {
                            tags: vec![TagScore {
                                tag: (i % 2) as TagIdx,
                                score: 0.9,
                            }],
                            ..ScoredDoc::default()
                        },
                    ),
                    ("b".into(), ScoredDoc::default()),
                ],
            })
            .collect()
    }

    #[test]
    fn every_document_gets_tags_from_a_vote_fitted_without_its_fold() {
        let docs = docs();
        let fold_of: Vec<usize> = (0..docs.len()).map(|i| i % 4).collect();
        let cv = cross_validate(&docs, &fold_of, &FitOptions::new(2));
        assert!(cv.contains_key("auto") && cv.contains_key("stack"), "{:?}", cv.keys());
        for tags in cv.values() {
            assert_eq!(tags.len(), docs.len());
            assert!(tags.iter().zip(&docs).all(|(t, d)| *t == d.gold), "{tags:?}");
        }
        let mut model = fit_vote(&docs, &FitOptions::new(2));
        choose_by_cv(&mut model, &docs, &cv);
        assert_eq!(model.cv_micro_f1["fusion"], 1.0);
        assert!(model.cv_micro_f1.contains_key("majority"));
        assert_eq!(model.best, "majority", "ties go to the simplest vote");
    }
}
