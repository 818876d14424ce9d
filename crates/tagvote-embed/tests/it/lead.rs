//! The lead vector (`--embed-lead-weight`): a document vector leans towards its title and first
//! paragraph by the weight given, is cached apart from the windows, and is off by default.

use tagvote_embed::clean::readme_lead;
use tagvote_embed::{DocEmbedder, EncoderOptions, WindowOptions};

use crate::support::model_dir;

const README: &str = "# Tally\n\nA terminal spreadsheet that recalculates as you type.\n\n## Building\n\n\
    The build needs a C compiler, GNU make and about two minutes; see the wiki for packagers.\n";

fn embedder(lead_weight: f32, cache: Option<&std::path::Path>) -> DocEmbedder {
    let windows = WindowOptions {
        lead_weight,
        ..WindowOptions::default()
    };
    DocEmbedder::load(&model_dir(), cache, windows, &EncoderOptions::default()).unwrap()
}

fn vector(embedder: &DocEmbedder, text: &str) -> Vec<f32> {
    let doc = embedder.embed_docs(&[text]).remove(0).unwrap();
    doc.vector.unwrap()
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn the_lead_weight_moves_the_vector_towards_the_lead() {
    let lead = vector(&embedder(0.0, None), &readme_lead(README));
    let plain = vector(&embedder(0.0, None), README);
    let half = vector(&embedder(0.5, None), README);
    let whole = vector(&embedder(1.0, None), README);
    assert!(cosine(&whole, &lead) > 0.9999, "weight 1 is the lead alone");
    assert!(cosine(&half, &lead) > cosine(&plain, &lead) + 0.01);
    assert!(cosine(&half, &plain) > cosine(&whole, &plain));
}

#[test]
fn lead_vectors_are_cached_apart_from_windows() {
    let cache = tempfile::tempdir().unwrap();
    let first = embedder(0.5, Some(cache.path()));
    let cold = first.embed_docs(&[README]).remove(0).unwrap();
    assert!(!cold.cache_hit);
    let warm = embedder(0.5, Some(cache.path()))
        .embed_docs(&[README])
        .remove(0)
        .unwrap();
    assert!(warm.cache_hit);
    assert_eq!(warm.vector, cold.vector);
    let without = embedder(0.0, Some(cache.path()))
        .embed_docs(&[README])
        .remove(0)
        .unwrap();
    assert!(without.cache_hit, "the windows were cached by the first run");
    assert_ne!(without.vector, cold.vector);
}
