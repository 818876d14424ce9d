//! Embedding throughput (texts/s) of the encoder, for each model of `--embed-model` (all-MiniLM-L6-v2,
//! all-mpnet-base-v2): short texts (~100-character package summaries) and README windows (256 tokens, and
//! 128 as the default model reads them),
//! batch 32 as sentence-transformers, all cores, with the OpenBLAS kernels the binary would pick.
//! MPNet, about 8× the work per token, runs on the first quarter of each set so a sample stays short. The texts are read at
//! bench time and never stored in the repository: short ones from `$TAGVOTE_BENCH_SUMMARIES` (a TSV whose
//! last column is a summary; the first 512 of 60–140 characters), long ones from the first 64 READMEs of
//! `../shared/datasets/readmes/train` that fill a window; our own generated texts stand in when absent.
//! `scripts/bench-embed-python.sh` measures sentence-transformers on the same texts.

use std::path::Path;

use criterion::{criterion_group, Criterion, Throughput};
use tagvote_embed::{catalog, model_dir, Encoder, EncoderOptions};

const SHORT_TEXTS: usize = 512;
const LONG_TEXTS: usize = 64;
/// Window sizes benched: the encoder's default, and the default model's (docs/levers.md row M4).
const WINDOW_TOKENS: [usize; 2] = [256, 128];

fn summaries() -> Vec<String> {
    let path =
        std::env::var("TAGVOTE_BENCH_SUMMARIES").unwrap_or_else(|_| "/work/.library/env/packages/pypi.tsv".into());
    let Ok(text) = std::fs::read_to_string(&path) else {
        return generated(SHORT_TEXTS, 14);
    };
    text.lines()
        .skip(1)
        .filter_map(|l| l.rsplit('\t').next())
        .map(str::trim)
        .filter(|s| (60..=140).contains(&s.chars().count()))
        .take(SHORT_TEXTS)
        .map(str::to_string)
        .collect()
}

fn readmes(encoder: &Encoder) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/readmes/train/docs.jsonl");
    let window = encoder.tokens().window();
    let Ok(text) = std::fs::read_to_string(path) else {
        return generated(LONG_TEXTS, 400);
    };
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .filter(|t| encoder.tokens().sentence(t).is_ok_and(|ids| ids.len() == window))
        .take(LONG_TEXTS)
        .collect()
}

/// Our own filler sentences of about `words` words each.
fn generated(n: usize, words: usize) -> Vec<String> {
    let vocab = [
        "fast", "library", "parser", "server", "tool", "queue", "game", "render", "secure", "data",
    ];
    (0..n)
        .map(|i| {
            (0..words)
                .map(|w| vocab[(i * 7 + w * 3) % vocab.len()])
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The encoder of `model` with windows of `tokens` tokens.
fn encoder(model: &catalog::KnownModel, tokens: usize) -> Encoder {
    let dir = model_dir::resolve(None, &tagvote_core::paths::cache_dir(), model.name);
    let options = EncoderOptions {
        window_tokens: tokens,
        ..EncoderOptions::default()
    };
    Encoder::load(&dir, &options).unwrap_or_else(|e| {
        panic!(
            "The embed bench needs the model `{}` (`scripts/setup` fetches it): {e}",
            model.name
        )
    })
}

fn bench(c: &mut Criterion) {
    for model in catalog::MODELS {
        let (full, short) = (encoder(model, WINDOW_TOKENS[0]), encoder(model, WINDOW_TOKENS[1]));
        let share = if model.name == catalog::DEFAULT_MODEL { 1 } else { 4 };
        let mut group = c.benchmark_group(format!("embed/{}", model.name));
        group.sample_size(10);
        let cases = [
            ("short_texts", &full, summaries()),
            ("readme_windows_256", &full, readmes(&full)),
            ("readme_windows_128", &short, readmes(&short)),
        ];
        for (name, encoder, mut texts) in cases {
            texts.truncate(texts.len() / share);
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            group.throughput(Throughput::Elements(refs.len() as u64));
            group.bench_function(name, |b| {
                b.iter(|| {
                    for batch in refs.chunks(32) {
                        std::hint::black_box(encoder.embed_texts(batch).expect("tokenises"));
                    }
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);

fn main() {
    tagvote_embed::blas_core::restart_with_suited_kernels();
    eprintln!("OpenBLAS kernels: {}", tagvote_embed::blas_core::core_name());
    benches();
    Criterion::default().configure_from_args().final_summary();
}
