//! The expected-F1 model's training rows: each training document's out-of-fold scorer outputs, the
//! fitted vote's answer on them, its features and the vote's F1 against gold.

use tagvote_core::TrainSet;

use super::features::features;
use super::fit::{fit_expected_f1, TrainingRow};
use super::model::ExpectedF1Model;
use crate::metrics::DocOutcome;
use crate::vote::{build, Majority, OofDoc, VoteModel, VoteOptions, VoteStrategy};

/// One row per document; `ids` and `text_bytes` are in the order of `docs`.
pub fn training_rows(
    docs: &[OofDoc],
    ids: &[String],
    text_bytes: &[usize],
    vote: &dyn VoteStrategy,
) -> Vec<TrainingRow> {
    docs.iter()
        .zip(ids)
        .zip(text_bytes)
        .map(|((doc, id), &bytes)| {
            let view = doc.view();
            let voted = vote.combine(&view);
            TrainingRow {
                id: id.clone(),
                features: features(&view, &voted, bytes),
                f1: DocOutcome::new(&doc.gold, &voted.tag_indices()).counts().prf().f1,
                weight: doc.weight,
            }
        })
        .collect()
}

/// Fits the expected-F1 model for the fitted vote `model` (its `auto` choice) on the out-of-fold
/// documents of `train` (in the same order).
pub fn fit_for_vote(docs: &[OofDoc], train: &TrainSet, model: &VoteModel, folds: usize, seed: u64) -> ExpectedF1Model {
    let part = model.to_part();
    let vote: Box<dyn VoteStrategy> = match build(&model.best, &VoteOptions::default(), Some(&part)) {
        Ok(v) => v,
        Err(_) => Box::new(Majority::new(0)),
    };
    let ids: Vec<String> = train.docs.iter().map(|d| d.id.key()).collect();
    let bytes: Vec<usize> = train.docs.iter().map(|d| d.text.len()).collect();
    fit_expected_f1(&training_rows(docs, &ids, &bytes, vote.as_ref()), folds, seed)
}

/// One line on what the cross-validation found (for `fit vote`'s output).
pub fn summary(model: &ExpectedF1Model) -> String {
    let lift = &model.fit["cv_lift_top_15_percent"];
    let f = |k: &str| lift[k].as_f64().map_or_else(|| "-".to_string(), |v| format!("{v:.2}x"));
    format!(
        "Expected-F1 model for `suggest`: features `{}`, lambda {}; cross-validated lift of the first {} of {} documents: expected F1 {}, disagreement {}, margin {}",
        model.features.join("`, `"),
        model.lambda,
        lift["first"],
        lift["documents"],
        f("expected_f1"),
        f("disagreement"),
        f("margin")
    )
}
