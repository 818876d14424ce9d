//! Document vectors: clean the README, cut it into windows (256 tokens unless set), embed the first N
//! (cached by model, settings and cleaned text), pool them with weights that favour the beginning, and
//! optionally mix in the vector of the README's lead (its title and first paragraph).

use std::path::Path;

use crate::cache::{cache_key, EmbeddingCache};
use crate::clean::readme_text;
use crate::encoder::{Encoder, EncoderOptions};
use crate::error::EmbedError;
use crate::fetch;
use crate::ops;

/// One text's window vectors, or why it could not be tokenised.
type Windows = Result<Vec<Vec<f32>>, String>;

/// Documents embedded (and cached) together.
const DOCS_PER_CHUNK: usize = 512;

/// How a document becomes one vector.
#[derive(Debug, Clone)]
pub struct WindowOptions {
    /// Windows of 256 tokens embedded per document, from the start.
    pub max_windows: usize,
    /// Weight of window `i` is `decay^i` (1: plain mean; smaller: the beginning counts more).
    pub decay: f32,
    /// Weight of the lead's own vector (title and first paragraph) in the document vector; 0: none.
    pub lead_weight: f32,
}

impl Default for WindowOptions {
    fn default() -> Self {
        WindowOptions {
            max_windows: 4,
            decay: 0.6,
            lead_weight: 0.0,
        }
    }
}

/// One document's embedding.
#[derive(Debug, Clone, PartialEq)]
pub struct DocVector {
    /// Unit vector, or `None` when the document has no prose (empty, only badges or code).
    pub vector: Option<Vec<f32>>,
    /// Windows that were embedded.
    pub windows: usize,
    /// Served from the cache without running the model.
    pub cache_hit: bool,
}

/// The encoder plus windowing and the embedding cache.
pub struct DocEmbedder {
    encoder: Encoder,
    cache: Option<EmbeddingCache>,
    model_sha: String,
    windows: WindowOptions,
    /// What besides the model and the text decides a document's vectors, as hashed into its cache key.
    key_settings: String,
    /// The same for a lead's vector.
    lead_settings: String,
}

impl DocEmbedder {
    /// Loads the model from `model_dir`; caches under `cache_root` when given.
    pub fn load(
        model_dir: &Path,
        cache_root: Option<&Path>,
        windows: WindowOptions,
        options: &EncoderOptions,
    ) -> Result<Self, EmbedError> {
        let encoder = Encoder::load(model_dir, options)?;
        let model_sha = match fetch::verified_sha(model_dir) {
            Some(sha) => sha,
            None => fetch::file_sha256(&model_dir.join("model.safetensors"))?,
        };
        let cache = cache_root
            .map(|root| EmbeddingCache::open(root, &model_sha, encoder.dim()))
            .transpose()?;
        let key_settings = key_settings(&windows, encoder.tokens().window());
        let lead_settings = lead_settings(encoder.tokens().window());
        Ok(DocEmbedder {
            encoder,
            cache,
            model_sha,
            windows,
            key_settings,
            lead_settings,
        })
    }

    pub fn encoder(&self) -> &Encoder {
        &self.encoder
    }

    /// SHA-256 of the weights.
    pub fn model_sha(&self) -> &str {
        &self.model_sha
    }

    pub fn windows(&self) -> &WindowOptions {
        &self.windows
    }

    /// Embeds documents; the model runs once over all windows that are not cached. A document whose
    /// text the tokeniser rejects gets its error; the others are embedded.
    pub fn embed_docs(&self, texts: &[&str]) -> Vec<Result<DocVector, String>> {
        // In chunks, so a long run stores its progress in the cache as it goes.
        texts
            .chunks(DOCS_PER_CHUNK)
            .flat_map(|chunk| self.embed_chunk(chunk))
            .collect()
    }

    fn embed_chunk(&self, texts: &[&str]) -> Vec<Result<DocVector, String>> {
        let (prose, leads): (Vec<String>, Vec<String>) = texts
            .iter()
            .map(|t| {
                let text = readme_text(t);
                (text.prose, text.lead)
            })
            .unzip();
        let windows = self.cached_windows(&prose, self.windows.max_windows, &self.key_settings);
        let leads = (self.windows.lead_weight > 0.0).then(|| self.cached_windows(&leads, 1, &self.lead_settings));
        windows
            .into_iter()
            .enumerate()
            .map(|(i, (w, hit))| {
                let lead = leads.as_ref().map(|l| &l[i]);
                let lead_hit = lead.is_none_or(|(_, h)| *h);
                let lead = lead.and_then(|(l, _)| l.as_ref().ok()).and_then(|l| l.first());
                w.map(|w| self.pool(&w, lead, hit && lead_hit))
            })
            .collect()
    }

    /// The first `max_windows` window vectors of each text, from the cache where it has them (keyed
    /// by the text itself, so a change to the cleaner can never serve stale vectors), else from one
    /// run of the model over every missing window; with whether each came from the cache.
    fn cached_windows(&self, texts: &[String], max_windows: usize, settings: &str) -> Vec<(Windows, bool)> {
        let keys: Vec<_> = texts.iter().map(|p| self.key(settings, p)).collect();
        let mut windows: Vec<Option<Windows>> = keys
            .iter()
            .map(|k| self.cache.as_ref().and_then(|c| c.get(k)).map(Ok))
            .collect();
        let hits: Vec<bool> = windows.iter().map(Option::is_some).collect();
        let mut seqs = Vec::new();
        let mut pending = Vec::new();
        for i in (0..texts.len()).filter(|&i| !hits[i]) {
            match self.encoder.tokens().windows(&texts[i], max_windows) {
                Ok(w) => {
                    pending.push((i, w.len()));
                    seqs.extend(w);
                }
                Err(e) => windows[i] = Some(Err(format!("Tokenising failed: {e}"))),
            }
        }
        let mut vectors = self.encoder.embed_sequences(&seqs).into_iter();
        for (i, n) in pending {
            let doc: Vec<Vec<f32>> = vectors.by_ref().take(n).collect();
            if let Some(cache) = &self.cache {
                // A cache that cannot be written only costs time later.
                let _ = cache.put(keys[i], doc.clone());
            }
            windows[i] = Some(Ok(doc));
        }
        windows
            .into_iter()
            .zip(hits)
            .map(|(w, hit)| (w.unwrap_or(Ok(Vec::new())), hit))
            .collect()
    }

    fn key(&self, settings: &str, text: &str) -> crate::cache::CacheKey {
        cache_key(&[self.model_sha.as_bytes(), settings.as_bytes(), text.as_bytes()])
    }

    /// The windows' weighted mean (window `i` weighs `decay^i`), unit length; then, with a lead
    /// weight `a`, `(1 - a) · that + a · lead`, unit length again.
    fn pool(&self, windows: &[Vec<f32>], lead: Option<&Vec<f32>>, cache_hit: bool) -> DocVector {
        let vector = (!windows.is_empty()).then(|| {
            let mut pooled = vec![0.0f32; self.encoder.dim()];
            let mut weight = 1.0f32;
            for w in windows {
                pooled.iter_mut().zip(w).for_each(|(p, x)| *p += weight * x);
                weight *= self.windows.decay;
            }
            ops::normalize(&mut pooled);
            if let Some(lead) = lead {
                let a = self.windows.lead_weight;
                pooled
                    .iter_mut()
                    .zip(lead)
                    .for_each(|(p, x)| *p = (1.0 - a) * *p + a * x);
                ops::normalize(&mut pooled);
            }
            pooled
        });
        DocVector {
            vector,
            windows: windows.len(),
            cache_hit,
        }
    }
}

/// The cache key's settings: the window count and size and the BLAS kernels (they change a vector's
/// last bits, and a cold and a warm run must agree exactly). The default window size adds nothing, so
/// caches made before it could change stay valid.
fn key_settings(windows: &WindowOptions, window_tokens: usize) -> String {
    let size = if window_tokens == crate::tokenize::WINDOW_TOKENS {
        String::new()
    } else {
        format!("/tokens{window_tokens}")
    };
    format!(
        "prose/windows{}{size}/blas-{}",
        windows.max_windows,
        crate::blas_core::core_name()
    )
}

/// The cache key's settings for a lead: one window, of the window size, and the BLAS kernels.
fn lead_settings(window_tokens: usize) -> String {
    format!("lead/tokens{window_tokens}/blas-{}", crate::blas_core::core_name())
}
