//! Element-wise kernels of the forward pass (bias + exact GELU, residual + LayerNorm, softmax), written
//! branch-free so they vectorise, and compiled twice: for AVX2+FMA (picked at run time) and for the baseline.

/// Runs `$body` compiled with AVX2+FMA when the CPU has them, else the portable build.
macro_rules! multiversion {
    ($(#[$doc:meta])* pub fn $name:ident($($arg:ident: $ty:ty),*) $body:block) => {
        $(#[$doc])*
        pub fn $name($($arg: $ty),*) {
            #[inline(always)]
            fn imp($($arg: $ty),*) $body
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx2,fma")]
                unsafe fn avx2($($arg: $ty),*) {
                    imp($($arg),*)
                }
                if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
                    // SAFETY: the CPU supports the features `avx2` was compiled for.
                    return unsafe { avx2($($arg),*) };
                }
            }
            imp($($arg),*)
        }
    };
}

const LOG2E: f32 = std::f32::consts::LOG2_E;
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;
const ROUND_MAGIC: f32 = 12_582_912.0; // 1.5 · 2²³: adding and subtracting it rounds to nearest

/// `eˣ` with relative error below 2e-7 on `[-87, 88]` (Cephes polynomial), clamped outside.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.0, 88.0);
    let n = (x * LOG2E + ROUND_MAGIC) - ROUND_MAGIC;
    let r = x - n * LN2_HI - n * LN2_LO;
    let mut p = 1.987_569_1e-4_f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5;
    p = p * r * r + r + 1.0;
    // 2ⁿ: n + 127 lands in the mantissa of 2²³ + n + 127; shifting it left puts it in the exponent field.
    let scale = f32::from_bits((n + 8_388_735.0).to_bits() << 23);
    p * scale
}

/// `erf(x)` with absolute error below 2e-7 (Abramowitz–Stegun 7.1.26).
#[inline(always)]
pub fn erf(x: f32) -> f32 {
    let a = x.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * a);
    let mut p = 1.061_405_4_f32;
    p = p * t - 1.453_152;
    p = p * t + 1.421_413_8;
    p = p * t - 0.284_496_74;
    p = p * t + 0.254_829_6;
    let y = 1.0 - p * t * exp(-a * a);
    y.copysign(x)
}

/// The exact (erf) GELU of BERT.
#[inline(always)]
pub fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// Sum with eight lanes, so it vectorises without reassociation.
#[inline(always)]
fn sum(xs: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let chunks = xs.chunks_exact(8);
    let tail: f32 = chunks.remainder().iter().sum();
    for c in chunks {
        for (a, v) in acc.iter_mut().zip(c) {
            *a += v;
        }
    }
    acc.iter().sum::<f32>() + tail
}

#[inline(always)]
fn max(xs: &[f32]) -> f32 {
    let mut acc = [f32::NEG_INFINITY; 8];
    let chunks = xs.chunks_exact(8);
    let tail = chunks.remainder().iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    for c in chunks {
        for (a, &v) in acc.iter_mut().zip(c) {
            *a = a.max(v);
        }
    }
    acc.iter().fold(tail, |m, &v| m.max(v))
}

multiversion! {
    /// `x[r][c] = gelu(x[r][c] + bias[c])` over rows of `bias.len()` columns.
    pub fn bias_gelu(x: &mut [f32], bias: &[f32]) {
        for row in x.chunks_exact_mut(bias.len()) {
            for (v, b) in row.iter_mut().zip(bias) {
                *v = gelu(*v + b);
            }
        }
    }
}

multiversion! {
    /// Fills each row of `x` with `bias` (before a GEMM that accumulates into it).
    pub fn fill_rows(x: &mut [f32], bias: &[f32]) {
        for row in x.chunks_exact_mut(bias.len()) {
            row.copy_from_slice(bias);
        }
    }
}

/// Parameters of one LayerNorm.
pub struct LayerNorm<'a> {
    pub gamma: &'a [f32],
    pub beta: &'a [f32],
    pub eps: f32,
}

multiversion! {
    /// `hidden = LayerNorm(hidden + delta + bias)`, row by row (the post-LN residual of BERT).
    pub fn residual_layer_norm(hidden: &mut [f32], delta: &[f32], bias: &[f32], ln: &LayerNorm) {
        let width = bias.len();
        for (row, d) in hidden.chunks_exact_mut(width).zip(delta.chunks_exact(width)) {
            for ((h, d), b) in row.iter_mut().zip(d).zip(bias) {
                *h += d + b;
            }
            normalize_row(row, ln);
        }
    }
}

multiversion! {
    /// LayerNorm of each row of `x` in place.
    pub fn layer_norm(x: &mut [f32], ln: &LayerNorm) {
        for row in x.chunks_exact_mut(ln.gamma.len()) {
            normalize_row(row, ln);
        }
    }
}

#[inline(always)]
fn normalize_row(row: &mut [f32], ln: &LayerNorm) {
    let n = row.len() as f32;
    let mean = sum(row) / n;
    let mut sq = [0.0f32; 8];
    let chunks = row.chunks_exact(8);
    let tail: f32 = chunks.remainder().iter().map(|v| (v - mean) * (v - mean)).sum();
    for c in chunks {
        for (a, v) in sq.iter_mut().zip(c) {
            *a += (v - mean) * (v - mean);
        }
    }
    let var = (sq.iter().sum::<f32>() + tail) / n;
    let inv = 1.0 / (var + ln.eps).sqrt();
    for ((v, g), b) in row.iter_mut().zip(ln.gamma).zip(ln.beta) {
        *v = (*v - mean) * inv * g + b;
    }
}

multiversion! {
    /// Softmax of each row of `x` (rows of `width` values) in place.
    pub fn softmax_rows(x: &mut [f32], width: usize) {
        for row in x.chunks_exact_mut(width) {
            let m = max(row);
            for v in row.iter_mut() {
                *v = exp(*v - m);
            }
            let inv = 1.0 / sum(row);
            for v in row.iter_mut() {
                *v *= inv;
            }
        }
    }
}

multiversion! {
    /// Adds `bias` to every row of `x`.
    pub fn add_bias(x: &mut [f32], bias: &[f32]) {
        for row in x.chunks_exact_mut(bias.len()) {
            for (v, b) in row.iter_mut().zip(bias) {
                *v += b;
            }
        }
    }
}

/// Mean of the rows of `x` (`width` columns), then L2-normalised (a zero vector stays zero).
pub fn mean_pool_normalize(x: &[f32], width: usize) -> Vec<f32> {
    let rows = (x.len() / width).max(1) as f32;
    let mut out = vec![0.0f32; width];
    for row in x.chunks_exact(width) {
        for (o, v) in out.iter_mut().zip(row) {
            *o += v;
        }
    }
    out.iter_mut().for_each(|o| *o /= rows);
    normalize(&mut out);
    out
}

/// Scales `v` to unit length (leaves a zero vector alone).
pub fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// Dot product of two equally long vectors.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_is_accurate_over_the_softmax_range() {
        for i in -8700..=8800 {
            let x = i as f32 / 100.0;
            let rel = (exp(x) as f64 - (x as f64).exp()).abs() / (x as f64).exp();
            assert!(rel < 3e-7, "exp({x}) off by {rel}");
        }
        assert_eq!(exp(-1000.0), exp(-87.0));
    }

    #[test]
    fn erf_is_accurate() {
        // Reference values of erf to 9 digits.
        for (x, want) in [
            (0.0, 0.0),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (-2.0, -0.995_322_3),
            (3.5, 0.999_999_3),
        ] {
            assert!((erf(x) - want).abs() < 3e-7, "erf({x}) = {} not {want}", erf(x));
        }
    }

    #[test]
    fn layer_norm_gives_zero_mean_unit_variance() {
        let mut x: Vec<f32> = (0..12).map(|i| i as f32).collect();
        let ones = [1.0; 12];
        let zeros = [0.0; 12];
        layer_norm(
            &mut x,
            &LayerNorm {
                gamma: &ones,
                beta: &zeros,
                eps: 0.0,
            },
        );
        let mean: f32 = x.iter().sum::<f32>() / 12.0;
        let var: f32 = x.iter().map(|v| v * v).sum::<f32>() / 12.0;
        assert!(mean.abs() < 1e-6 && (var - 1.0).abs() < 1e-5, "{mean} {var}");
    }

    #[test]
    fn softmax_rows_sum_to_one() {
        let mut x = vec![1.0, 2.0, 3.0, 1000.0, 0.0, -1000.0];
        softmax_rows(&mut x, 3);
        assert!((x[0] + x[1] + x[2] - 1.0).abs() < 1e-6 && x[2] > x[1]);
        assert!((x[3] - 1.0).abs() < 1e-6 && x[5] < 1e-30, "{x:?}");
    }
}
