//! Texts/s of the encoder on the bench's texts (the same selection as `benches/embed.rs` and
//! `scripts/bench-embed-python.sh`), median of R runs per kind: a quick side-by-side check without
//! criterion. `cargo run --release -p tagvote-embed --example throughput -- [RUNS] [THREADS] [KIND]`
//! (`TAGVOTE_MODEL_DIR` for another model; `OPENBLAS_CORETYPE` to try other kernels).

use std::path::Path;
use std::time::Instant;

use tagvote_embed::{model_dir, Encoder, EncoderOptions};

fn summaries() -> Vec<String> {
    let path =
        std::env::var("TAGVOTE_BENCH_SUMMARIES").unwrap_or_else(|_| "/work/.library/env/packages/pypi.tsv".into());
    let text = std::fs::read_to_string(&path).expect("the summaries list");
    text.lines()
        .skip(1)
        .filter_map(|l| l.rsplit('\t').next())
        .map(str::trim)
        .filter(|s| (60..=140).contains(&s.chars().count()))
        .take(512)
        .map(str::to_string)
        .collect()
}

fn readmes(encoder: &Encoder) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets/readmes/train/docs.jsonl");
    let text = std::fs::read_to_string(path).expect("readmes train");
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .filter(|t| encoder.tokens().sentence(t).is_ok_and(|ids| ids.len() == 256))
        .take(64)
        .collect()
}

fn main() {
    tagvote_embed::blas_core::restart_with_suited_kernels();
    eprintln!("OpenBLAS kernels: {}", tagvote_embed::blas_core::core_name());
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(5);
    let threads: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(0);
    let dir = model_dir::resolve(
        None,
        &tagvote_core::paths::cache_dir(),
        tagvote_embed::catalog::DEFAULT_MODEL,
    );
    let encoder = Encoder::load(
        &dir,
        &EncoderOptions {
            threads,
            ..EncoderOptions::default()
        },
    )
    .expect("model");
    let only = args.get(2).map(String::as_str);
    for name in ["short_texts", "readme_windows_256"]
        .into_iter()
        .filter(|n| only.is_none_or(|o| o == *n))
    {
        let texts = if name == "short_texts" {
            summaries()
        } else {
            readmes(&encoder)
        };
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let mut rates: Vec<f64> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                for batch in refs.chunks(32) {
                    std::hint::black_box(encoder.embed_texts(batch).expect("tokenises"));
                }
                refs.len() as f64 / start.elapsed().as_secs_f64()
            })
            .collect();
        rates.sort_by(f64::total_cmp);
        println!(
            "{name}: {} texts, median {:.1} texts/s over {runs} runs (min {:.1}, max {:.1})",
            refs.len(),
            rates[runs / 2],
            rates[0],
            rates[runs - 1]
        );
    }
}
