//! The sentence encoder: tokenise, pack sequences longest first into token-budgeted batches, run them on
//! every core (each thread its own batches, buffers and single-threaded BLAS), mean-pool and normalise.

use std::path::Path;

use crate::bert::{self, Workspace};
use crate::error::EmbedError;
use crate::tokenize::WordPiece;
use crate::weights::BertWeights;
use crate::{blas, model_dir};

/// How the encoder spends the machine.
#[derive(Debug, Clone)]
pub struct EncoderOptions {
    /// Worker threads (0: one per available core).
    pub threads: usize,
    /// Most tokens in one packed batch (bounds memory; larger batches make larger GEMMs).
    pub batch_tokens: usize,
    /// Tokens per window, the wrapping tokens included (at most the model's positions).
    pub window_tokens: usize,
}

impl Default for EncoderOptions {
    fn default() -> Self {
        EncoderOptions {
            threads: 0,
            batch_tokens: 2048,
            window_tokens: crate::tokenize::WINDOW_TOKENS,
        }
    }
}

/// all-MiniLM-L6-v2 (or any BERT encoder with mean pooling) ready to embed.
pub struct Encoder {
    tokens: WordPiece,
    weights: BertWeights,
    threads: usize,
    batch_tokens: usize,
}

impl Encoder {
    /// Loads the model from `dir`; a missing file gives the message that says how to fetch it.
    pub fn load(dir: &Path, options: &EncoderOptions) -> Result<Self, EmbedError> {
        model_dir::check(dir)?;
        blas::use_caller_thread_only();
        let threads = match options.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let weights = BertWeights::load(dir)?;
        if options.window_tokens > weights.max_tokens() || options.window_tokens < 3 {
            return Err(EmbedError::bad_model(
                dir.join("config.json"),
                format!(
                    "a window of `{}` tokens does not fit; give 3 to `{}`",
                    options.window_tokens,
                    weights.max_tokens()
                ),
            ));
        }
        Ok(Encoder {
            tokens: WordPiece::load(dir, options.window_tokens)?,
            weights,
            threads,
            batch_tokens: options.batch_tokens.max(options.window_tokens),
        })
    }

    /// The tokeniser, for windowing documents.
    pub fn tokens(&self) -> &WordPiece {
        &self.tokens
    }

    /// Width of the embeddings.
    pub fn dim(&self) -> usize {
        self.weights.config.hidden_size
    }

    /// Embeds texts exactly as sentence-transformers does (first window of tokens, mean pooling, L2 norm).
    pub fn embed_texts(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        let seqs = texts
            .iter()
            .map(|t| self.tokens.sentence(t))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(self.embed_sequences(&seqs))
    }

    /// Embeds token sequences (each `[CLS] … [SEP]`, at most one window long); one unit vector per sequence.
    pub fn embed_sequences(&self, seqs: &[Vec<u32>]) -> Vec<Vec<f32>> {
        let groups = split_by_cost(seqs, self.threads);
        let mut out = vec![Vec::new(); seqs.len()];
        if groups.len() <= 1 {
            for (i, v) in groups.into_iter().flatten().zip(self.run_group(seqs, &[])) {
                out[i] = v;
            }
            return out;
        }
        let results: Vec<(Vec<usize>, Vec<Vec<f32>>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = groups
                .into_iter()
                .map(|g| scope.spawn(move || (g.clone(), self.run_group(seqs, &g))))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("encoder worker panicked"))
                .collect()
        });
        for (group, vectors) in results {
            for (i, v) in group.into_iter().zip(vectors) {
                out[i] = v;
            }
        }
        out
    }

    /// Embeds the sequences `order` (all when empty) in batches of at most `batch_tokens` tokens.
    fn run_group(&self, seqs: &[Vec<u32>], order: &[usize]) -> Vec<Vec<f32>> {
        let all: Vec<usize>;
        let order = if order.is_empty() {
            all = longest_first(seqs);
            &all
        } else {
            order
        };
        let mut ws = Workspace::default();
        let mut out = Vec::with_capacity(order.len());
        let mut batch: Vec<&[u32]> = Vec::new();
        let mut tokens = 0;
        for &i in order {
            if tokens + seqs[i].len() > self.batch_tokens && !batch.is_empty() {
                out.extend(bert::embed(&self.weights, &batch, &mut ws));
                batch.clear();
                tokens = 0;
            }
            batch.push(&seqs[i]);
            tokens += seqs[i].len();
        }
        if !batch.is_empty() {
            out.extend(bert::embed(&self.weights, &batch, &mut ws));
        }
        out
    }
}

/// Indices of `seqs`, longest first (ties in input order).
fn longest_first(seqs: &[Vec<u32>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..seqs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(seqs[i].len()));
    order
}

/// Relative cost of a sequence: the dense layers grow with its length, attention with its square.
fn cost(len: usize) -> f64 {
    len as f64 * (1.0 + len as f64 / 2300.0)
}

/// Deals sequences, longest first, to the least-loaded of `threads` groups (each group stays longest first).
fn split_by_cost(seqs: &[Vec<u32>], threads: usize) -> Vec<Vec<usize>> {
    let threads = threads.clamp(1, seqs.len().max(1));
    let mut groups = vec![Vec::new(); threads];
    let mut load = vec![0.0f64; threads];
    for i in longest_first(seqs) {
        let g = (0..threads).min_by(|&a, &b| load[a].total_cmp(&load[b])).unwrap_or(0);
        groups[g].push(i);
        load[g] += cost(seqs[i].len());
    }
    groups.retain(|g| !g.is_empty());
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_balances_cost_and_keeps_every_index_once() {
        let seqs: Vec<Vec<u32>> = [256, 10, 256, 30, 20, 256, 5].iter().map(|&n| vec![0; n]).collect();
        let groups = split_by_cost(&seqs, 2);
        let mut all: Vec<usize> = groups.concat();
        all.sort();
        assert_eq!(all, (0..7).collect::<Vec<_>>());
        let loads: Vec<f64> = groups
            .iter()
            .map(|g| g.iter().map(|&i| cost(seqs[i].len())).sum())
            .collect();
        assert!(loads[0].max(loads[1]) / loads[0].min(loads[1]) < 2.1, "{loads:?}");
        assert_eq!(split_by_cost(&[], 2).concat(), Vec::<usize>::new());
    }
}
