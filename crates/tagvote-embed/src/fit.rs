//! Learning from labelled documents: per-tag centroids (READMEs weighted up), README neighbours, a
//! one-vs-rest linear classifier, and a logistic combination of the features plus two thresholds, all
//! chosen on held-out features of the training READMEs (each document scored without its own centroid
//! share or neighbour vote, and by a classifier trained without its fold).

use tagvote_core::linalg::solve;
use tagvote_core::{Counts, Prf, TagIdx};

use crate::features::{self, NeighbourSet, TagFeatures, TagSpace};
use crate::linear::{self, LinearData, LinearHead, LinearOptions};
use crate::ops::{dot, normalize};
use crate::part::{Combination, FEATURES};

/// Settings of the fit.
#[derive(Debug, Clone)]
pub struct FitOptions {
    /// Neighbours that vote per document.
    pub k: usize,
    /// Weight of a README in the centroids (one-line descriptions weigh 1).
    pub readme_weight: f32,
    /// Most neighbour vectors kept in the part (bounds its size).
    pub max_neighbours: usize,
    /// L2 penalty of the logistic combination.
    pub l2: f32,
    /// Whether to train the one-vs-rest linear classifier (its features are 0 otherwise).
    pub linear: bool,
    /// Weight of a README in the classifier's training (one-line descriptions weigh 1).
    pub linear_readme_weight: f32,
    pub linear_options: LinearOptions,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            k: 30,
            readme_weight: 4.0,
            max_neighbours: 800,
            l2: 1.0,
            linear: true,
            linear_readme_weight: 8.0,
            linear_options: LinearOptions::default(),
        }
    }
}

/// The labelled vectors to learn from (`None`: a document without prose, skipped).
pub struct FitInput<'a> {
    pub vectors: &'a [Option<Vec<f32>>],
    pub labels: &'a [Vec<TagIdx>],
    /// Whether each document is a README (else a short description).
    pub is_readme: &'a [bool],
    pub prototypes: Vec<Vec<f32>>,
}

/// The learned pieces, and the leave-one-out quality on the training READMEs.
pub struct Fitted {
    pub space: TagSpace,
    pub combination: Combination,
    pub training: serde_json::Value,
}

/// Fits centroids, neighbours, combination and thresholds.
pub fn fit(input: &FitInput, options: &FitOptions) -> Fitted {
    let tags = input.prototypes.len();
    let dim = input.prototypes.first().map_or(0, Vec::len);
    let usable: Vec<usize> = (0..input.vectors.len())
        .filter(|&i| input.vectors[i].is_some())
        .collect();
    let weight = |i: usize| if input.is_readme[i] { options.readme_weight } else { 1.0 };
    let mut sums = vec![vec![0.0f32; dim]; tags];
    for &i in &usable {
        let v = input.vectors[i].as_ref().expect("usable");
        for &t in &input.labels[i] {
            sums[t as usize]
                .iter_mut()
                .zip(v)
                .for_each(|(s, x)| *s += weight(i) * x);
        }
    }
    let readmes: Vec<usize> = usable.iter().copied().filter(|&i| input.is_readme[i]).collect();
    let held: Vec<usize> = if readmes.is_empty() {
        spread(&usable, options.max_neighbours)
    } else {
        readmes
    };
    let kept: Vec<usize> = held.iter().copied().take(options.max_neighbours).collect();
    let mut space = TagSpace {
        prototypes: input.prototypes.clone(),
        centroids: sums.iter().map(|s| unit(s)).collect(),
        neighbours: Some(NeighbourSet {
            vectors: kept
                .iter()
                .map(|&i| input.vectors[i].clone().expect("usable"))
                .collect(),
            labels: kept.iter().map(|&i| input.labels[i].clone()).collect(),
            k: options.k,
        }),
        linear: None,
    };
    let held_linear = match options.linear {
        true => out_of_fold_linear(input, &usable, &held, options),
        false => vec![vec![0.0; tags]; held.len()],
    };
    let rows: Vec<(TagFeatures, &[TagIdx])> = held
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let own = Own {
                is_neighbour: n < kept.len(),
                n,
                weight: weight(i),
                linear: &held_linear[n],
            };
            (loo_features(&space, &sums, input, i, &own), &input.labels[i][..])
        })
        .collect();
    if options.linear {
        let mut head = train_linear(input, &usable, options);
        // As saved (f16), so the thresholds tuned here fit the model that is loaded.
        head.weights.iter_mut().for_each(|w| *w = half_round(*w));
        space.linear = Some(head);
    }
    let (weights, bias) = logistic(&rows, options.l2);
    let mut combination = Combination {
        weights,
        bias,
        threshold_first: 0.5,
        threshold: 0.5,
    };
    let (first, rest, quality) = tune_thresholds(&rows, &combination);
    combination.threshold_first = first;
    combination.threshold = rest;
    space
        .centroids
        .iter_mut()
        .for_each(|c| c.iter_mut().for_each(|x| *x = half_round(*x)));
    Fitted {
        space,
        combination,
        training: serde_json::json!({"leave_one_out_documents": held.len(), "micro": quality}),
    }
}

fn half_round(x: f32) -> f32 {
    half::f16::from_f32(x).to_f32()
}

fn unit(v: &[f32]) -> Vec<f32> {
    let mut u = v.to_vec();
    normalize(&mut u);
    u
}

/// Up to `n` items spread evenly over `items`.
fn spread(items: &[usize], n: usize) -> Vec<usize> {
    let step = (items.len() / n.max(1)).max(1);
    items.iter().copied().step_by(step).take(n).collect()
}

/// Folds of the held-out documents for the classifier's out-of-fold probabilities.
const LINEAR_FOLDS: usize = 4;

/// The classifier trained on the documents at `rows` of the input.
fn train_linear(input: &FitInput, rows: &[usize], options: &FitOptions) -> LinearHead {
    let dim = input.prototypes.first().map_or(0, Vec::len);
    let vectors: Vec<f32> = rows
        .iter()
        .flat_map(|&i| input.vectors[i].as_ref().expect("usable").iter().copied())
        .collect();
    let data = LinearData {
        vectors: &vectors,
        dim,
        labels: rows.iter().map(|&i| &input.labels[i][..]).collect(),
        weights: rows
            .iter()
            .map(|&i| {
                if input.is_readme[i] {
                    options.linear_readme_weight
                } else {
                    1.0
                }
            })
            .collect(),
    };
    linear::train(&data, input.prototypes.len(), &options.linear_options)
}

/// Each held document's classifier probabilities from a classifier trained without its fold (held
/// documents are dealt into `LINEAR_FOLDS` folds by position; the other documents always train).
fn out_of_fold_linear(input: &FitInput, usable: &[usize], held: &[usize], options: &FitOptions) -> Vec<Vec<f32>> {
    let mut out = vec![Vec::new(); held.len()];
    for fold in 0..LINEAR_FOLDS.min(held.len()) {
        let members: Vec<usize> = (fold..held.len()).step_by(LINEAR_FOLDS).collect();
        let left_out: std::collections::HashSet<usize> = members.iter().map(|&n| held[n]).collect();
        let rows: Vec<usize> = usable.iter().copied().filter(|i| !left_out.contains(i)).collect();
        let head = train_linear(input, &rows, options);
        for n in members {
            out[n] = head.probabilities(input.vectors[held[n]].as_ref().expect("usable"));
        }
    }
    out
}

/// What a held document must not see of itself: its neighbour slot `n` (when it is a neighbour), its
/// weight in the centroids, and its out-of-fold classifier probabilities.
struct Own<'a> {
    is_neighbour: bool,
    n: usize,
    weight: f32,
    linear: &'a [f32],
}

/// Features of document `i` with its own share removed from each centroid, without its own vote when
/// it is a neighbour, and with out-of-fold classifier probabilities.
fn loo_features(space: &TagSpace, sums: &[Vec<f32>], input: &FitInput, i: usize, own: &Own) -> TagFeatures {
    let w = own.weight;
    let v = input.vectors[i].as_ref().expect("usable");
    let proto: Vec<f32> = space.prototypes.iter().map(|p| dot(v, p)).collect();
    let cen: Vec<f32> = sums
        .iter()
        .enumerate()
        .map(|(t, s)| {
            let own = if input.labels[i].contains(&(t as TagIdx)) {
                w
            } else {
                0.0
            };
            let sv = dot(s, v);
            let norm2 = dot(s, s) - 2.0 * own * sv + own * own;
            if norm2 <= 1e-6 {
                0.0
            } else {
                (sv - own) / norm2.sqrt()
            }
        })
        .collect();
    let votes = match &space.neighbours {
        Some(set) => features::neighbour_votes(set, v, own.is_neighbour.then_some(own.n), proto.len()),
        None => vec![0.0; proto.len()],
    };
    features::assemble(&proto, &cen, &votes, own.linear)
}

/// Logistic regression of "tag is gold" on the features, by Newton's method with an L2 penalty.
fn logistic(rows: &[(TagFeatures, &[TagIdx])], l2: f32) -> (Vec<f32>, f32) {
    const P: usize = FEATURES.len() + 1;
    let mut w = [0.0f64; P];
    w[P - 1] = -4.0;
    for _ in 0..25 {
        let mut grad = [0.0f64; P];
        let mut hess = [[0.0f64; P]; P];
        for (feats, gold) in rows {
            for (t, f) in feats.iter().enumerate() {
                let x: Vec<f64> = f.iter().map(|&v| v as f64).chain([1.0]).collect();
                let z: f64 = x.iter().zip(&w).map(|(a, b)| a * b).sum();
                let p = 1.0 / (1.0 + (-z).exp());
                let y = if gold.contains(&(t as TagIdx)) { 1.0 } else { 0.0 };
                for a in 0..P {
                    grad[a] += (p - y) * x[a];
                    for b in 0..P {
                        hess[a][b] += p * (1.0 - p) * x[a] * x[b];
                    }
                }
            }
        }
        for a in 0..P - 1 {
            grad[a] += l2 as f64 * w[a];
            hess[a][a] += l2 as f64;
        }
        grad[P - 1] += 1e-2 * w[P - 1];
        hess[P - 1][P - 1] += 1e-2;
        let step = solve(&mut hess, &mut grad);
        // Damped: separable data would otherwise take huge steps.
        let largest = step.iter().fold(0.0f64, |m, s| m.max(s.abs()));
        let scale = if largest > 4.0 { 4.0 / largest } else { 1.0 };
        w.iter_mut().zip(step).for_each(|(wi, s)| *wi -= scale * s);
    }
    (w[..P - 1].iter().map(|&x| x as f32).collect(), w[P - 1] as f32)
}

/// Micro precision, recall and F1 of `pick` over the rows for two thresholds.
fn micro(rows: &[(Vec<f32>, &[TagIdx])], c: &Combination) -> Prf {
    let mut counts = Counts::default();
    for (scores, g) in rows {
        let picked: Vec<TagIdx> = features::pick(c, scores).into_iter().map(|t| t as TagIdx).collect();
        counts.add(&picked, g, 1.0);
    }
    counts.prf()
}

/// The thresholds with the best leave-one-out micro-F1 (ties: the higher thresholds).
fn tune_thresholds(rows: &[(TagFeatures, &[TagIdx])], c: &Combination) -> (f32, f32, serde_json::Value) {
    let scored: Vec<(Vec<f32>, &[TagIdx])> = rows
        .iter()
        .map(|(f, g)| (f.iter().map(|x| features::combine(c, x)).collect(), *g))
        .collect();
    let mut best = (0.0, 0.5, 0.5);
    for i in 0..=30 {
        for j in 0..=45 {
            let trial = Combination {
                threshold_first: i as f32 * 0.02,
                threshold: 0.05 + j as f32 * 0.02,
                ..c.clone()
            };
            let f = micro(&scored, &trial).f1;
            if f >= best.0 {
                best = (f, trial.threshold_first, trial.threshold);
            }
        }
    }
    let chosen = Combination {
        threshold_first: best.1,
        threshold: best.2,
        ..c.clone()
    };
    let prf = micro(&scored, &chosen);
    (
        best.1,
        best.2,
        serde_json::json!({"precision": prf.precision, "recall": prf.recall, "f1": prf.f1}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_separates_two_clusters() {
        let protos = vec![vec![1.0, 0.0, 0.0], vec![0.0, 1.0, 0.0]];
        let mut vectors = Vec::new();
        let mut labels = Vec::new();
        for i in 0..20 {
            let e = 0.01 * i as f32;
            vectors.push(Some(unit(&[1.0, e, 0.3])));
            labels.push(vec![0]);
            vectors.push(Some(unit(&[e, 1.0, 0.3])));
            labels.push(vec![1]);
        }
        let is_readme = vec![true; 40];
        let input = FitInput {
            vectors: &vectors,
            labels: &labels,
            is_readme: &is_readme,
            prototypes: protos,
        };
        let fitted = fit(
            &input,
            &FitOptions {
                k: 3,
                ..FitOptions::default()
            },
        );
        let f = fitted.space.features(&unit(&[1.0, 0.05, 0.3]), None);
        let scores: Vec<f32> = f.iter().map(|x| features::combine(&fitted.combination, x)).collect();
        assert_eq!(
            features::pick(&fitted.combination, &scores),
            vec![0],
            "{scores:?} {:?}",
            fitted.combination
        );
        assert!(
            fitted.training["micro"]["f1"].as_f64().unwrap() > 0.99,
            "{}",
            fitted.training
        );
    }
}
