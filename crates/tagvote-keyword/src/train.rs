//! Per-tag logistic regression over normalised term features and the lexicon evidence,
//! trained by SGD in a seeded, deterministic order. Term weights share one AdaGrad rate per
//! term (from its squared feature values), so the per-tag update is a plain vector loop.

use serde::{Deserialize, Serialize};

/// One labelled training document, already turned into features.
#[derive(Debug, Clone)]
pub struct Example {
    /// (feature index, value) with values L2-normalised over the document.
    pub terms: Vec<(u32, f32)>,
    /// Lexicon evidence per tag.
    pub lexicon: Vec<f32>,
    pub short: bool,
    /// Positive tags (indices into the taxonomy).
    pub labels: Vec<u16>,
    /// Sample weight.
    pub weight: f32,
}

/// Hyper-parameters of the learner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainParams {
    pub epochs: u32,
    pub learning_rate: f32,
    /// L2 penalty on term weights (applied when a weight is touched).
    pub l2: f32,
    /// The lexicon weight of every tag starts at this prior and is pulled back to it.
    pub lexicon_prior: f32,
    pub lexicon_l2: f32,
    pub seed: u64,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            epochs: 12,
            learning_rate: 0.2,
            l2: 1e-3,
            lexicon_prior: 5.0,
            lexicon_l2: 0.1,
            seed: 17,
        }
    }
}

/// Dense learned parameters: `weights[f * n_tags + t]`.
#[derive(Debug, Clone)]
pub struct LinearModel {
    pub n_tags: usize,
    pub weights: Vec<f32>,
    pub bias: Vec<f32>,
    pub short_bias: Vec<f32>,
    pub lexicon: Vec<f32>,
}

impl LinearModel {
    fn new(n_tags: usize, n_terms: usize, lexicon_prior: f32) -> Self {
        LinearModel {
            n_tags,
            weights: vec![0.0; n_tags * n_terms],
            bias: vec![-3.0; n_tags],
            short_bias: vec![0.0; n_tags],
            lexicon: vec![lexicon_prior; n_tags],
        }
    }

    /// Logits of every tag for one example, written into `out`.
    pub fn logits(&self, ex: &Example, out: &mut [f32]) {
        for (t, o) in out.iter_mut().enumerate().take(self.n_tags) {
            let short = if ex.short { self.short_bias[t] } else { 0.0 };
            *o = self.bias[t] + short + self.lexicon[t] * ex.lexicon[t];
        }
        for &(f, x) in &ex.terms {
            let row = &self.weights[f as usize * self.n_tags..][..self.n_tags];
            for (o, w) in out.iter_mut().zip(row) {
                *o += w * x;
            }
        }
    }
}

/// AdaGrad sums: per term (squared feature values) and per tag parameter (squared gradients).
struct Accumulators {
    terms: Vec<f32>,
    bias: Vec<f32>,
    short_bias: Vec<f32>,
    lexicon: Vec<f32>,
}

/// Trains on `examples` with `n_terms` term features and `n_tags` tags.
pub fn train(examples: &[Example], n_tags: usize, n_terms: usize, params: &TrainParams) -> LinearModel {
    let mut model = LinearModel::new(n_tags, n_terms, params.lexicon_prior);
    let mut acc = Accumulators {
        terms: vec![1e-6; n_terms],
        bias: vec![1e-6; n_tags],
        short_bias: vec![1e-6; n_tags],
        lexicon: vec![1e-6; n_tags],
    };
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = SplitMix(params.seed);
    let mut grad = vec![0.0f32; n_tags];
    for _ in 0..params.epochs {
        shuffle(&mut order, &mut rng);
        for &i in &order {
            step(&mut model, &mut acc, &examples[i], params, &mut grad);
        }
    }
    model
}

fn step(model: &mut LinearModel, acc: &mut Accumulators, ex: &Example, params: &TrainParams, grad: &mut [f32]) {
    model.logits(ex, grad);
    for (t, g) in grad.iter_mut().enumerate() {
        let y = if ex.labels.contains(&(t as u16)) { 1.0 } else { 0.0 };
        *g = ex.weight * (sigmoid(*g) - y);
    }
    let lr = params.learning_rate;
    let n = model.n_tags;
    for (t, &g) in grad.iter().enumerate().take(n) {
        adagrad(&mut model.bias[t], &mut acc.bias[t], g, lr);
        if ex.short {
            adagrad(&mut model.short_bias[t], &mut acc.short_bias[t], g, lr);
        }
        let pull = params.lexicon_l2 * (model.lexicon[t] - params.lexicon_prior);
        adagrad(&mut model.lexicon[t], &mut acc.lexicon[t], g * ex.lexicon[t] + pull, lr);
    }
    for &(f, x) in &ex.terms {
        let sum = &mut acc.terms[f as usize];
        *sum += x * x * ex.weight * ex.weight;
        let rate = lr / sum.sqrt();
        let row = &mut model.weights[f as usize * n..][..n];
        for (w, g) in row.iter_mut().zip(grad.iter()) {
            *w -= rate * (g * x + params.l2 * *w);
        }
    }
}

#[inline]
fn adagrad(w: &mut f32, acc: &mut f32, g: f32, lr: f32) {
    if g != 0.0 {
        *acc += g * g;
        *w -= lr * g / acc.sqrt();
    }
}

/// The logistic function.
#[inline]
pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// A tiny deterministic generator (SplitMix64).
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Fisher-Yates shuffle driven by `rng`.
pub fn shuffle<T>(items: &mut [T], rng: &mut SplitMix) {
    for i in (1..items.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}
