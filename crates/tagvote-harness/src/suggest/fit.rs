//! Fitting the expected-F1 model on training documents: ridge regression of the vote's per-document
//! F1 on the features, with the feature set and penalty chosen by K-fold cross-validation.

use tagvote_core::linalg::solve;

use super::features::{DISAGREEMENT, FEATURES, MARGIN};
use super::lift::{lift, order_by};
use super::model::{ExpectedF1Model, SUGGEST_MODEL_VERSION};
use crate::vote::folds;

/// One training document: its id, its features (`FEATURES` order), the vote's F1 and its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingRow {
    pub id: String,
    pub features: Vec<f64>,
    pub f1: f64,
    pub weight: f64,
}

/// Penalties tried.
const LAMBDAS: [f64; 5] = [0.01, 0.1, 1.0, 10.0, 100.0];

/// The feature sets tried: all, all but the length, the vote's probabilities alone, and
/// disagreement with the F1 the vote's probabilities imply.
fn feature_sets() -> Vec<Vec<usize>> {
    let all: Vec<usize> = (0..FEATURES.len()).collect();
    let no_length = all.iter().copied().filter(|&i| FEATURES[i] != "log_length").collect();
    vec![all, no_length, vec![1, 2, 3, 4, 5], vec![DISAGREEMENT, 4]]
}

/// Share of documents whose lift the cross-validation reports (about 20 of 140).
const LIFT_SHARE: f64 = 0.15;

/// Fits the model: the (feature set, penalty) with the lowest cross-validated weighted squared error.
pub fn fit_expected_f1(rows: &[TrainingRow], k: usize, seed: u64) -> ExpectedF1Model {
    let rows: Vec<&TrainingRow> = rows.iter().filter(|r| r.weight > 0.0).collect();
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let fold_of = folds::split(&ids, k.max(2), seed);
    let mut best: Option<(f64, Vec<usize>, f64, Vec<f64>)> = None;
    let mut tried = Vec::new();
    for set in feature_sets() {
        for lambda in LAMBDAS {
            let predicted = cross_predict(&rows, &fold_of, &set, lambda);
            let mse = weighted_mse(&rows, &predicted);
            tried.push(serde_json::json!({"features": names(&set), "lambda": lambda, "cv_mse": mse}));
            if best.as_ref().is_none_or(|(b, ..)| mse < *b - 1e-12) {
                best = Some((mse, set.clone(), lambda, predicted));
            }
        }
    }
    let (mse, set, lambda, predicted) =
        best.unwrap_or_else(|| (0.0, feature_sets()[0].clone(), 1.0, vec![0.0; rows.len()]));
    let cv_lift = cv_lifts(&rows, &predicted);
    let mut model = ridge(&rows, &set, lambda);
    model.fit = serde_json::json!({
        "documents": rows.len(),
        "folds": k.max(2),
        "seed": seed,
        "cv_mse": mse,
        "candidates": tried,
        "cv_lift_top_15_percent": cv_lift,
    });
    model
}

fn names(set: &[usize]) -> Vec<&'static str> {
    set.iter().map(|&i| FEATURES[i]).collect()
}

/// Out-of-fold predictions of every row.
fn cross_predict(rows: &[&TrainingRow], fold_of: &[usize], set: &[usize], lambda: f64) -> Vec<f64> {
    let mut predicted = vec![0.0; rows.len()];
    for fold in 0..=fold_of.iter().copied().max().unwrap_or(0) {
        let (held, rest) = folds::partition(fold_of, fold);
        let train: Vec<&TrainingRow> = rest.iter().map(|&i| rows[i]).collect();
        let model = ridge(&train, set, lambda);
        for i in held {
            predicted[i] = model.predict(&rows[i].features);
        }
    }
    predicted
}

fn weighted_mse(rows: &[&TrainingRow], predicted: &[f64]) -> f64 {
    let total: f64 = rows.iter().map(|r| r.weight).sum();
    let sum: f64 = rows
        .iter()
        .zip(predicted)
        .map(|(r, p)| r.weight * (r.f1 - p).powi(2))
        .sum();
    if total == 0.0 {
        0.0
    } else {
        sum / total
    }
}

/// Cross-validated lift of the first `LIFT_SHARE` of the documents for the model (its out-of-fold
/// `predicted` F1), disagreement and margin, over the rows of the heaviest weight (the documents the
/// vote is fitted for).
fn cv_lifts(rows: &[&TrainingRow], predicted: &[f64]) -> serde_json::Value {
    let heaviest = rows.iter().map(|r| r.weight).fold(0.0, f64::max);
    let kept: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].weight >= heaviest * 0.999)
        .collect();
    let n = ((kept.len() as f64) * LIFT_SHARE).round().max(1.0) as usize;
    let at = |key: &dyn Fn(usize) -> f64| {
        let order = order_by(kept.len(), |j| key(kept[j]));
        let errors: Vec<f64> = order.iter().map(|&j| 1.0 - rows[kept[j]].f1).collect();
        lift(&errors, n)
    };
    serde_json::json!({
        "documents": kept.len(),
        "first": n,
        "expected_f1": at(&|i| predicted[i]),
        "disagreement": at(&|i| -rows[i].features[DISAGREEMENT]),
        "margin": at(&|i| rows[i].features[MARGIN]),
    })
}

/// Weighted ridge regression on the standardised features of `set`.
pub(crate) fn ridge(rows: &[&TrainingRow], set: &[usize], lambda: f64) -> ExpectedF1Model {
    let total: f64 = rows.iter().map(|r| r.weight).sum::<f64>().max(1e-12);
    let wmean = |f: &dyn Fn(&TrainingRow) -> f64| rows.iter().map(|r| r.weight * f(r)).sum::<f64>() / total;
    let intercept = wmean(&|r| r.f1);
    let mean: Vec<f64> = set.iter().map(|&j| wmean(&|r| r.features[j])).collect();
    let scale: Vec<f64> = set
        .iter()
        .zip(&mean)
        .map(|(&j, m)| wmean(&|r| (r.features[j] - m).powi(2)).sqrt().max(1e-9))
        .collect();
    let d = set.len();
    let mut a = vec![vec![0.0; d]; d];
    let mut b = vec![0.0; d];
    for r in rows {
        let z: Vec<f64> = (0..d).map(|i| (r.features[set[i]] - mean[i]) / scale[i]).collect();
        for i in 0..d {
            b[i] += r.weight / total * z[i] * (r.f1 - intercept);
            for j in 0..d {
                a[i][j] += r.weight / total * z[i] * z[j];
            }
        }
    }
    (0..d).for_each(|i| a[i][i] += lambda / rows.len().max(1) as f64);
    ExpectedF1Model {
        version: SUGGEST_MODEL_VERSION,
        features: names(set).into_iter().map(String::from).collect(),
        mean,
        scale,
        weights: solve(&mut a, &mut b),
        intercept,
        lambda,
        fit: serde_json::Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows whose F1 is a known linear function of the margin plus noise-free offsets.
    fn rows(n: usize) -> Vec<TrainingRow> {
        (0..n)
            .map(|i| {
                let m = (i % 17) as f64 / 17.0;
                let mut features = vec![0.0; FEATURES.len()];
                features[MARGIN] = m;
                features[DISAGREEMENT] = ((i * 7) % 5) as f64 / 5.0;
                features[FEATURES.len() - 1] = ((i * 3) % 11) as f64;
                TrainingRow {
                    id: format!("r{i}"),
                    features,
                    f1: 0.2 + 0.6 * m,
                    weight: 1.0,
                }
            })
            .collect()
    }

    #[test]
    fn ridge_recovers_a_linear_relation() {
        let data = rows(200);
        let refs: Vec<&TrainingRow> = data.iter().collect();
        let model = ridge(&refs, &[DISAGREEMENT, MARGIN], 1e-6);
        for r in &data[..20] {
            assert!((model.predict(&r.features) - r.f1).abs() < 1e-6, "{model:?}");
        }
    }

    #[test]
    fn the_fit_ranks_low_f1_first_and_records_its_cross_validation() {
        let model = fit_expected_f1(&rows(200), 5, 3);
        assert!(model.features.iter().any(|f| f == "margin"), "{model:?}");
        let lifts = &model.fit["cv_lift_top_15_percent"];
        let lift = |k: &str| lifts[k].as_f64().unwrap();
        assert!(
            lift("expected_f1") > 1.4 && lift("expected_f1") >= lift("margin") - 1e-9,
            "{lifts}"
        );
        assert!(lift("expected_f1") > lift("disagreement") + 0.3, "{lifts}");
        assert_eq!(model.fit["candidates"].as_array().unwrap().len(), 20);
        let again = fit_expected_f1(&rows(200), 5, 3);
        assert_eq!(model, again, "deterministic");
    }
}
