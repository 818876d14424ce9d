//! The BERT (or MPNet) encoder's forward pass over a packed batch: dense layers run over the concatenated real
//! tokens of every sequence (no padding), attention runs per sequence and head, buffers are reused.

use crate::blas::{gemm, View};
use crate::ops::{self, LayerNorm};
use crate::relative::RelativeBias;
use crate::weights::{BertWeights, LayerWeights};

/// Buffers reused from one batch to the next (one per worker thread).
#[derive(Default)]
pub struct Workspace {
    hidden: Vec<f32>,
    qkv: Vec<f32>,
    context: Vec<f32>,
    delta: Vec<f32>,
    inter: Vec<f32>,
    scores: Vec<f32>,
}

fn sized(buf: &mut Vec<f32>, len: usize) -> &mut [f32] {
    if buf.len() < len {
        buf.resize(len, 0.0);
    }
    &mut buf[..len]
}

/// Where each sequence sits among the packed rows.
struct Packing {
    starts: Vec<usize>,
    lens: Vec<usize>,
    total: usize,
}

impl Packing {
    fn new(seqs: &[&[u32]]) -> Self {
        let lens: Vec<usize> = seqs.iter().map(|s| s.len()).collect();
        let mut starts = Vec::with_capacity(lens.len());
        let mut total = 0;
        for &len in &lens {
            starts.push(total);
            total += len;
        }
        Packing { starts, lens, total }
    }
}

/// Embeds token sequences (each already `[CLS] … [SEP]`, at most `BertWeights::max_tokens` long, ids
/// inside the vocabulary): the mean of the last hidden states, L2-normalised, one vector per sequence.
pub fn embed(w: &BertWeights, seqs: &[&[u32]], ws: &mut Workspace) -> Vec<Vec<f32>> {
    let cfg = &w.config;
    for s in seqs {
        assert!(s.len() <= w.max_tokens(), "sequence longer than the model's positions");
        assert!(
            s.iter().all(|&id| (id as usize) < cfg.vocab_size),
            "token id outside the vocabulary"
        );
    }
    let pack = Packing::new(seqs);
    let h = cfg.hidden_size;
    embeddings(w, seqs, sized(&mut ws.hidden, pack.total * h));
    for layer in &w.layers {
        layer_forward(w, layer, &pack, ws);
    }
    let hidden = &ws.hidden[..pack.total * h];
    (0..seqs.len())
        .map(|i| {
            let rows = &hidden[pack.starts[i] * h..(pack.starts[i] + pack.lens[i]) * h];
            ops::mean_pool_normalize(rows, h)
        })
        .collect()
}

fn embeddings(w: &BertWeights, seqs: &[&[u32]], hidden: &mut [f32]) {
    let h = w.config.hidden_size;
    let mut rows = hidden.chunks_exact_mut(h);
    for seq in seqs {
        for (pos, &id) in seq.iter().enumerate() {
            let row = rows.next().expect("hidden sized to the token count");
            let word = &w.word_emb[id as usize * h..][..h];
            let position = &w.pos_emb[(pos + w.position_offset) * h..][..h];
            for (((r, a), b), c) in row.iter_mut().zip(word).zip(position).zip(&w.type0_emb) {
                *r = a + b + c;
            }
        }
    }
    let ln = LayerNorm {
        gamma: &w.emb_ln_g,
        beta: &w.emb_ln_b,
        eps: w.config.layer_norm_eps,
    };
    ops::layer_norm(hidden, &ln);
}

fn layer_forward(w: &BertWeights, layer: &LayerWeights, pack: &Packing, ws: &mut Workspace) {
    let (h, f, t) = (w.config.hidden_size, w.config.intermediate_size, pack.total);
    let eps = w.config.layer_norm_eps;
    let hidden = &mut ws.hidden[..t * h];
    let qkv = sized(&mut ws.qkv, t * 3 * h);
    ops::fill_rows(qkv, &layer.qkv_b);
    gemm(
        1.0,
        View::new(hidden, t, h, h),
        View::new(&layer.qkv_w, 3 * h, h, h),
        true,
        1.0,
        qkv,
        3 * h,
    );
    let context = sized(&mut ws.context, t * h);
    let shape = AttentionShape {
        heads: w.config.num_attention_heads,
        hidden: h,
        relative: w.relative.as_ref(),
    };
    attention(qkv, context, pack, &shape, &mut ws.scores);
    let delta = sized(&mut ws.delta, t * h);
    gemm(
        1.0,
        View::new(context, t, h, h),
        View::new(&layer.attn_out_w, h, h, h),
        true,
        0.0,
        delta,
        h,
    );
    let ln = LayerNorm {
        gamma: &layer.attn_ln_g,
        beta: &layer.attn_ln_b,
        eps,
    };
    ops::residual_layer_norm(hidden, delta, &layer.attn_out_b, &ln);
    let inter = sized(&mut ws.inter, t * f);
    gemm(
        1.0,
        View::new(hidden, t, h, h),
        View::new(&layer.inter_w, f, h, h),
        true,
        0.0,
        inter,
        f,
    );
    ops::bias_gelu(inter, &layer.inter_b);
    gemm(
        1.0,
        View::new(inter, t, f, f),
        View::new(&layer.out_w, h, f, f),
        true,
        0.0,
        delta,
        h,
    );
    let ln = LayerNorm {
        gamma: &layer.out_ln_g,
        beta: &layer.out_ln_b,
        eps,
    };
    ops::residual_layer_norm(hidden, delta, &layer.out_b, &ln);
}

/// The heads of one attention and MPNet's relative position bias, if any.
struct AttentionShape<'a> {
    heads: usize,
    hidden: usize,
    relative: Option<&'a RelativeBias>,
}

/// Scaled dot-product attention per sequence and head (plus the relative position bias when the model
/// has one); writes the heads side by side into `context`.
fn attention(qkv: &[f32], context: &mut [f32], pack: &Packing, shape: &AttentionShape, scores: &mut Vec<f32>) {
    let (heads, h) = (shape.heads, shape.hidden);
    let dh = h / heads;
    let scale = 1.0 / (dh as f32).sqrt();
    let ld = 3 * h;
    for (&start, &len) in pack.starts.iter().zip(&pack.lens) {
        let rows = &qkv[start * ld..(start + len) * ld];
        let out = &mut context[start * h..(start + len) * h];
        let s = sized(scores, len * len);
        for head in 0..heads {
            let q = View::new(&rows[head * dh..], len, dh, ld);
            let k = View::new(&rows[h + head * dh..], len, dh, ld);
            let v = View::new(&rows[2 * h + head * dh..], len, dh, ld);
            gemm(scale, q, k, true, 0.0, s, len);
            if let Some(relative) = shape.relative {
                relative.add(head, s, len);
            }
            ops::softmax_rows(s, len);
            gemm(
                1.0,
                View::new(s, len, len, len),
                v,
                false,
                0.0,
                &mut out[head * dh..],
                h,
            );
        }
    }
}
