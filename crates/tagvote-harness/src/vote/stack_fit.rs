//! Fitting the stacking vote on out-of-fold scorer outputs: weighted logistic regression over every
//! candidate tag of every document, full-batch Adam with L2 penalties (deterministic), then the
//! selection tuned like the other votes.

use tagvote_core::TagIdx;

use super::fit::{tune_selection, OofDoc, SelectionSearch};
use super::selection::{candidate_tags, Selection};
use super::stack::{evidences, linear, Aligned, Stack, StackModel};

/// Settings of the stacker's fit.
#[derive(Debug, Clone, PartialEq)]
pub struct StackOptions {
    pub iterations: usize,
    pub learning_rate: f64,
    /// L2 penalty of the shared feature weights.
    pub l2_shared: f64,
    /// L2 penalty of each per-tag bias and per-tag evidence weight (pulls them to 0).
    pub l2_tag: f64,
    /// Per tag, log-odds added to the fitted biases: the label shift of `prior_shift.rs`, made
    /// once by `fit_vote` for fusion and the stacker alike (empty: none).
    pub shift: Vec<f32>,
    /// What the selection search may use (exclusive pairs, the kind slot).
    pub search: SelectionSearch,
}

impl Default for StackOptions {
    fn default() -> Self {
        StackOptions {
            iterations: 300,
            learning_rate: 0.05,
            l2_shared: 1e-4,
            l2_tag: 1e-3,
            shift: Vec::new(),
            search: SelectionSearch::default(),
        }
    }
}

/// One training candidate: features, tag, outcome, weight.
struct Row {
    x: Vec<f32>,
    tag: usize,
    y: f64,
    w: f64,
}

fn rows(docs: &[OofDoc], scorers: &[String], prior_logit: &[f32]) -> Vec<Row> {
    let mut rows = Vec::new();
    for doc in docs.iter().filter(|d| d.weight > 0.0) {
        let view = doc.view();
        let aligned = Aligned::new(scorers, &view);
        for tag in candidate_tags(&view) {
            let t = tag as usize;
            let Some(&prior) = prior_logit.get(t) else { continue };
            rows.push(Row {
                x: aligned.features(tag, prior),
                tag: t,
                y: doc.gold.contains(&(tag as TagIdx)) as u8 as f64,
                w: doc.weight,
            });
        }
    }
    rows
}

/// Fits the stacker for `scorers` on `docs` (gold, weights, out-of-fold outputs).
pub fn fit_stack(docs: &[OofDoc], scorers: &[String], prior_logit: &[f32], opts: &StackOptions) -> StackModel {
    let n_tags = prior_logit.len();
    let nf = StackModel::feature_count(scorers.len());
    let mut model = StackModel {
        scorers: scorers.to_vec(),
        prior_logit: prior_logit.to_vec(),
        weights: vec![0.0; nf],
        tag_bias: vec![0.0; n_tags],
        tag_evidence: vec![vec![0.0; n_tags]; scorers.len()],
        selection: Selection::default(),
    };
    let data = rows(docs, scorers, prior_logit);
    let total: f64 = data.iter().map(|r| r.w).sum();
    if total > 0.0 {
        adam(&mut model, &data, total, opts);
    }
    model.tag_bias.iter_mut().zip(&opts.shift).for_each(|(b, s)| *b += s);
    let probe = Stack::new(model.clone(), model.selection.clone());
    model.selection = tune_selection(docs, &opts.search, |view| probe.candidates(view));
    model
}

/// Parameters as one flat vector: shared weights, tag biases, then per scorer the per-tag weights.
fn flatten(m: &StackModel) -> Vec<f64> {
    m.weights
        .iter()
        .chain(&m.tag_bias)
        .chain(m.tag_evidence.iter().flatten())
        .map(|&v| v as f64)
        .collect()
}

fn unflatten(m: &mut StackModel, p: &[f64]) {
    let (nf, nt) = (m.weights.len(), m.tag_bias.len());
    m.weights.iter_mut().zip(p).for_each(|(w, v)| *w = *v as f32);
    m.tag_bias.iter_mut().zip(&p[nf..]).for_each(|(w, v)| *w = *v as f32);
    for (s, row) in m.tag_evidence.iter_mut().enumerate() {
        let at = nf + nt + s * nt;
        row.iter_mut().zip(&p[at..at + nt]).for_each(|(w, v)| *w = *v as f32);
    }
}

fn gradient(m: &StackModel, data: &[Row], total: f64, opts: &StackOptions, p: &[f64]) -> Vec<f64> {
    let (nf, nt) = (m.weights.len(), m.tag_bias.len());
    let mut g = vec![0.0f64; p.len()];
    for r in data {
        let z = linear(m, &r.x, r.tag) as f64;
        let d = r.w * (1.0 / (1.0 + (-z).exp()) - r.y) / total;
        g.iter_mut().zip(&r.x).for_each(|(gi, &x)| *gi += d * x as f64);
        g[nf + r.tag] += d;
        for (s, e) in evidences(&r.x).enumerate() {
            g[nf + nt + s * nt + r.tag] += d * e as f64;
        }
    }
    for (i, gi) in g.iter_mut().enumerate() {
        let l2 = if i < nf { opts.l2_shared } else { opts.l2_tag };
        *gi += l2 * p[i];
    }
    g
}

fn adam(model: &mut StackModel, data: &[Row], total: f64, opts: &StackOptions) {
    let (b1, b2, eps) = (0.9f64, 0.999f64, 1e-8);
    let mut p = flatten(model);
    let (mut m1, mut m2) = (vec![0.0; p.len()], vec![0.0; p.len()]);
    for step in 1..=opts.iterations {
        let g = gradient(model, data, total, opts, &p);
        let (c1, c2) = (1.0 - b1.powi(step as i32), 1.0 - b2.powi(step as i32));
        for i in 0..p.len() {
            m1[i] = b1 * m1[i] + (1.0 - b1) * g[i];
            m2[i] = b2 * m2[i] + (1.0 - b2) * g[i] * g[i];
            p[i] -= opts.learning_rate * (m1[i] / c1) / ((m2[i] / c2).sqrt() + eps);
        }
        unflatten(model, &p);
    }
}

#[cfg(test)]
mod tests {
    use tagvote_core::{ScoredDoc, TagScore};

    use super::*;
    use crate::vote::fit::{fit_vote, oof_f1, FitOptions};
    use crate::vote::{build, VoteOptions, VoteStrategy};

    fn scored(tags: &[(TagIdx, f32)]) -> ScoredDoc {
        ScoredDoc {
            tags: tags.iter().map(|&(tag, score)| TagScore { tag, score }).collect(),
            ..ScoredDoc::default()
        }
    }

    /// Scorer `a` is right about tag 0 and proposes a wrong tag 2 half the time; scorer `b` is right
    /// about tag 1 and proposes a wrong tag 3 half the time, with high confidence.
    fn docs() -> Vec<OofDoc> {
        (0..80)
            .map(|i| {
                let (has0, has1, noise) = (i % 2 == 0, i % 3 == 0, i % 4 < 2);
                let mut a = Vec::new();
                let mut b = Vec::new();
                if has0 {
                    a.push((0, 0.6));
                }
                if noise {
                    a.push((2, 0.9));
                    b.push((3, 0.95));
                }
                if has1 {
                    b.push((1, 0.55));
                }
                let gold = [(has0, 0), (has1, 1)].iter().filter(|p| p.0).map(|p| p.1).collect();
                OofDoc {
                    gold,
                    weight: 1.0,
                    target: false,
                    results: vec![("a".into(), scored(&a)), ("b".into(), scored(&b))],
                }
            })
            .collect()
    }

    #[test]
    fn the_stacker_learns_which_scorer_to_trust_per_tag() {
        let docs = docs();
        let scorers = vec!["a".to_string(), "b".to_string()];
        let model = fit_stack(&docs, &scorers, &[-1.0; 4], &StackOptions::default());
        assert!(model.lengths_match(4));
        let probe = OofDoc {
            gold: vec![],
            weight: 1.0,
            target: false,
            results: vec![
                ("a".into(), scored(&[(2, 0.9), (0, 0.6)])),
                ("b".into(), scored(&[(3, 0.95), (1, 0.55)])),
            ],
        };
        let stack = Stack::new(model.clone(), model.selection.clone());
        let p = stack.candidates(&probe.view());
        let of = |t: TagIdx| p.iter().find(|s| s.tag == t).map(|s| s.score).unwrap();
        assert!(of(0) > 0.8 && of(1) > 0.8, "{p:?}");
        assert!(of(2) < 0.2 && of(3) < 0.2, "{p:?}");
        let vote = stack.combine(&probe.view());
        let mut chosen = vote.tag_indices();
        chosen.sort_unstable();
        assert_eq!(chosen, vec![0, 1]);
    }

    #[test]
    fn fit_vote_fits_the_stack_and_it_beats_the_union_out_of_fold() {
        let docs = docs();
        let vote = fit_vote(&docs, &FitOptions::new(4));
        let part = vote.to_part();
        let stack = build("stack", &VoteOptions::default(), Some(&part)).unwrap();
        let majority = build("majority", &VoteOptions::default(), Some(&part)).unwrap();
        assert!(oof_f1(stack.as_ref(), &docs) > 0.99);
        assert!(oof_f1(majority.as_ref(), &docs) < 0.9);
        let without = fit_vote(
            &docs,
            &FitOptions {
                stack: false,
                ..FitOptions::new(4)
            },
        );
        assert!(build("stack", &VoteOptions::default(), Some(&without.to_part())).is_err());
    }
}
