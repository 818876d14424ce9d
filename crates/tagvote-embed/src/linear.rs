//! A one-vs-rest logistic classifier over document vectors (one weight vector and bias per tag),
//! trained by mini-batch Adam with an L2 penalty on single-threaded OpenBLAS products (deterministic).

use tagvote_core::TagIdx;

use crate::blas::{gemm, use_caller_thread_only, View};

/// Settings of the classifier's training.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Rows per Adam step.
    pub batch: usize,
    pub learning_rate: f32,
    /// L2 penalty on the weights (per unit of total sample weight).
    pub l2: f32,
}

impl Default for LinearOptions {
    fn default() -> Self {
        LinearOptions {
            epochs: 10,
            batch: 256,
            learning_rate: 0.01,
            l2: 1e-4,
        }
    }
}

/// The learned classifier: `tags × dim` weights, row-major, and a bias per tag.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearHead {
    pub dim: usize,
    pub weights: Vec<f32>,
    pub bias: Vec<f32>,
}

/// Labelled rows to learn from: `rows × dim` vectors, row-major, with labels and sample weights.
pub struct LinearData<'a> {
    pub vectors: &'a [f32],
    pub dim: usize,
    pub labels: Vec<&'a [TagIdx]>,
    pub weights: Vec<f32>,
}

impl LinearHead {
    /// The probability of every tag for one unit vector.
    pub fn probabilities(&self, v: &[f32]) -> Vec<f32> {
        self.weights
            .chunks_exact(self.dim.max(1))
            .zip(&self.bias)
            .map(|(w, b)| sigmoid(b + crate::ops::dot(w, v)))
            .collect()
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
}

/// Trains the classifier for `tags` tags on `data`: mini-batch Adam over a fixed, seedless order
/// (a stride permutation that changes every epoch), so the result depends on the data alone.
pub fn train(data: &LinearData, tags: usize, opts: &LinearOptions) -> LinearHead {
    use_caller_thread_only();
    let (n, dim) = (data.labels.len(), data.dim);
    let total: f32 = data.weights.iter().sum::<f32>().max(1e-6);
    let mut rate = vec![0.0f32; tags];
    for (i, labels) in data.labels.iter().enumerate() {
        for &t in labels.iter().filter(|&&t| (t as usize) < tags) {
            rate[t as usize] += data.weights[i] / total;
        }
    }
    let mut head = LinearHead {
        dim,
        weights: vec![0.0; tags * dim],
        bias: rate
            .iter()
            .map(|r| (r.clamp(1e-4, 0.5) / (1.0 - r.clamp(1e-4, 0.5))).ln())
            .collect(),
    };
    let mut adam_w = Adam::new(tags * dim);
    let mut adam_b = Adam::new(tags);
    let batch = opts.batch.clamp(1, n.max(1));
    let mut step = 0;
    for epoch in 0..opts.epochs {
        let order = permutation(n, epoch);
        for rows in order.chunks(batch) {
            step += 1;
            let (grad_w, grad_b) = batch_gradient(&head, data, rows, tags, opts.l2);
            adam_w.step(&mut head.weights, &grad_w, opts.learning_rate, step);
            adam_b.step(&mut head.bias, &grad_b, opts.learning_rate, step);
        }
    }
    head
}

/// `0..n` visited with a stride coprime to `n` that depends on the epoch.
fn permutation(n: usize, epoch: usize) -> Vec<usize> {
    const STRIDES: [usize; 6] = [7919, 104_729, 15_485_863, 1, 3571, 49_979_687];
    let gcd = |mut a: usize, mut b: usize| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    let mut stride = STRIDES[epoch % STRIDES.len()] % n.max(1);
    while n > 1 && gcd(stride.max(1), n) != 1 {
        stride += 1;
    }
    (0..n).map(|i| (i * stride.max(1) + epoch) % n.max(1)).collect()
}

/// The weighted log-loss gradient (plus the L2 term) over the rows of one batch.
fn batch_gradient(head: &LinearHead, data: &LinearData, rows: &[usize], tags: usize, l2: f32) -> (Vec<f32>, Vec<f32>) {
    let dim = data.dim;
    let x: Vec<f32> = rows
        .iter()
        .flat_map(|&i| data.vectors[i * dim..(i + 1) * dim].iter().copied())
        .collect();
    let m = rows.len();
    let xv = View::new(&x, m, dim, dim);
    let mut z = vec![0.0f32; tags * m];
    gemm(1.0, View::new(&head.weights, tags, dim, dim), xv, true, 0.0, &mut z, m);
    let weight: f32 = rows.iter().map(|&i| data.weights[i]).sum::<f32>().max(1e-6);
    let mut grad_b = vec![0.0f32; tags];
    for (t, zt) in z.chunks_exact_mut(m).enumerate() {
        for (k, &i) in rows.iter().enumerate() {
            let y = data.labels[i].contains(&(t as TagIdx)) as u8 as f32;
            let r = (sigmoid(zt[k] + head.bias[t]) - y) * data.weights[i] / weight;
            zt[k] = r;
            grad_b[t] += r;
        }
    }
    let mut grad_w = vec![0.0f32; tags * dim];
    gemm(1.0, View::new(&z, tags, m, m), xv, false, 0.0, &mut grad_w, dim);
    grad_w.iter_mut().zip(&head.weights).for_each(|(g, w)| *g += l2 * w);
    (grad_w, grad_b)
}

/// Adam's moment estimates for one parameter block.
struct Adam {
    m: Vec<f32>,
    v: Vec<f32>,
}

impl Adam {
    fn new(len: usize) -> Self {
        Adam {
            m: vec![0.0; len],
            v: vec![0.0; len],
        }
    }

    fn step(&mut self, params: &mut [f32], grad: &[f32], rate: f32, step: usize) {
        let (b1, b2, eps) = (0.9f32, 0.999f32, 1e-8f32);
        let (c1, c2) = (1.0 - b1.powi(step as i32), 1.0 - b2.powi(step as i32));
        for i in 0..params.len() {
            self.m[i] = b1 * self.m[i] + (1.0 - b1) * grad[i];
            self.v[i] = b2 * self.v[i] + (1.0 - b2) * grad[i] * grad[i];
            params[i] -= rate * (self.m[i] / c1) / ((self.v[i] / c2).sqrt() + eps);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_epoch_visits_every_row_once() {
        for (n, epoch) in [(1, 0), (7, 3), (7919, 0), (300, 5)] {
            let mut p = permutation(n, epoch);
            p.sort_unstable();
            assert_eq!(p, (0..n).collect::<Vec<_>>(), "n {n} epoch {epoch}");
        }
    }

    #[test]
    fn learns_a_linearly_separable_tag_and_its_absence() {
        // Tag 0 when the first coordinate is positive, tag 1 when the second is; 2 never.
        let mut vectors = Vec::new();
        let mut labels: Vec<Vec<TagIdx>> = Vec::new();
        for i in 0..40 {
            let (a, b) = (if i % 2 == 0 { 0.8 } else { -0.8 }, if i % 3 == 0 { 0.6 } else { -0.6 });
            vectors.extend([a, b, 0.1 * (i % 5) as f32]);
            labels.push(
                [(a > 0.0, 0), (b > 0.0, 1)]
                    .iter()
                    .filter(|p| p.0)
                    .map(|p| p.1)
                    .collect(),
            );
        }
        let data = LinearData {
            vectors: &vectors,
            dim: 3,
            labels: labels.iter().map(Vec::as_slice).collect(),
            weights: vec![1.0; 40],
        };
        let opts = LinearOptions {
            epochs: 100,
            batch: 8,
            ..LinearOptions::default()
        };
        let head = train(&data, 3, &opts);
        let p = head.probabilities(&[0.8, -0.6, 0.2]);
        assert!(p[0] > 0.8 && p[1] < 0.2 && p[2] < 0.05, "{p:?}");
        let q = head.probabilities(&[-0.8, 0.6, 0.2]);
        assert!(q[0] < 0.2 && q[1] > 0.8, "{q:?}");
        assert_eq!(head, train(&data, 3, &opts), "deterministic");
    }
}
