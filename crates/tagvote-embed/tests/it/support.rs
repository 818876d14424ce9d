//! Shared helpers: the model directory (or a failure that says how to get it) and one loaded encoder.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use tagvote_embed::{model_dir, Encoder, EncoderOptions};

/// The model directory; panics with the fetch command when the model is missing.
pub fn model_dir() -> PathBuf {
    model_dir_of(tagvote_embed::catalog::DEFAULT_MODEL)
}

/// The directory of the known model `name` in the cache; panics with the fetch command when it is missing.
pub fn model_dir_of(name: &str) -> PathBuf {
    let dir = model_dir::resolve(None, &tagvote_core::paths::cache_dir(), name);
    if let Err(e) = model_dir::check(&dir) {
        panic!("These tests need the embedding model `{name}` (`scripts/setup` fetches it). {e}");
    }
    dir
}

/// One encoder shared by the tests of this binary.
pub fn encoder() -> Arc<Encoder> {
    static ENCODER: OnceLock<Arc<Encoder>> = OnceLock::new();
    ENCODER.get_or_init(|| load(&model_dir())).clone()
}

/// all-mpnet-base-v2, loaded once for the tests of this binary.
pub fn mpnet_encoder() -> Arc<Encoder> {
    static ENCODER: OnceLock<Arc<Encoder>> = OnceLock::new();
    ENCODER.get_or_init(|| load(&model_dir_of("all-mpnet-base-v2"))).clone()
}

fn load(dir: &std::path::Path) -> Arc<Encoder> {
    Arc::new(Encoder::load(dir, &EncoderOptions::default()).expect("model loads"))
}

/// Cosine of two vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| *x as f64 * *y as f64).sum();
    let na: f64 = a.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    dot / (na * nb)
}
