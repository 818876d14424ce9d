//! Fits the embed scorer on readmes train + awesome and scores readmes test, printing micro P/R/F1
//! (and the leave-one-out figures of the fit). Data is read from `../shared` at run time.
//!
//! `cargo run --release -p tagvote-embed --example embed_evaluate -- [SHARED_DIR] [--windows N] [--decay D] [--k K]
//!  [--readme-weight W] [--no-awesome] [--out PART.json]`

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use tagvote_core::{CorpusOptions, CorpusReader, CorpusSource, Document, Gold, Scorer, TagIdx, Taxonomy, TrainSet};
use tagvote_embed::{EmbedScorer, EmbedScorerConfig, EncoderOptions, FitOptions, WindowOptions};

fn read(dir: &Path, taxonomy: &Taxonomy) -> (Vec<Document>, Vec<Vec<TagIdx>>) {
    let reader = CorpusReader::open(&CorpusSource::Jsonl(dir.join("docs.jsonl")), CorpusOptions::default()).unwrap();
    let gold = Gold::load(&dir.join("gold.jsonl"), taxonomy).unwrap();
    let docs: Vec<Document> = reader.filter_map(Result::ok).collect();
    let labels = docs.iter().map(|d| gold.get(&d.id).unwrap_or(&[]).to_vec()).collect();
    (docs, labels)
}

fn flag<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn micro(pred: &[Vec<TagIdx>], gold: &[Vec<TagIdx>]) -> (f64, f64, f64) {
    let tp: usize = pred
        .iter()
        .zip(gold)
        .map(|(p, g)| p.iter().filter(|t| g.contains(t)).count())
        .sum();
    let (np, ng): (usize, usize) = (pred.iter().map(Vec::len).sum(), gold.iter().map(Vec::len).sum());
    let (p, r) = (tp as f64 / np.max(1) as f64, tp as f64 / ng.max(1) as f64);
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let shared = args
        .first()
        .filter(|a| !a.starts_with("--"))
        .map_or_else(|| PathBuf::from("../shared"), PathBuf::from);
    let taxonomy = Arc::new(Taxonomy::load(&shared.join("seed/tags.json")).unwrap());
    let data = shared.join("datasets");
    let (mut docs, mut labels) = read(&data.join("readmes/train"), &taxonomy);
    let mut origin = vec![0u16; docs.len()];
    if !args.iter().any(|a| a == "--no-awesome") {
        let (d, l) = read(&data.join("awesome"), &taxonomy);
        origin.extend(std::iter::repeat_n(1, d.len()));
        docs.extend(d);
        labels.extend(l);
    }
    let train = TrainSet {
        taxonomy: taxonomy.clone(),
        docs,
        labels,
        origin,
        origins: vec!["readmes/train".into(), "awesome".into()],
    };
    let config = EmbedScorerConfig {
        model_dir: tagvote_embed::model_dir::resolve(
            None,
            &tagvote_core::paths::cache_dir(),
            tagvote_embed::catalog::DEFAULT_MODEL,
        ),
        cache_root: Some(tagvote_core::paths::cache_dir()),
        windows: WindowOptions {
            max_windows: flag(&args, "--windows", 4),
            decay: flag(&args, "--decay", 0.6),
            lead_weight: flag(&args, "--lead-weight", 0.0),
        },
        encoder: EncoderOptions::default(),
        fit: FitOptions {
            k: flag(&args, "--k", 30),
            readme_weight: flag(&args, "--readme-weight", 4.0),
            ..FitOptions::default()
        },
    };
    let mut scorer = EmbedScorer::new(taxonomy.clone(), &config).unwrap();
    let started = Instant::now();
    let part = scorer.fit(&train).await.unwrap().unwrap();
    eprintln!(
        "fit on {} documents in {:.1}s; training {}",
        train.len(),
        started.elapsed().as_secs_f64(),
        part["training"]
    );
    eprintln!("combination {}", part["combination"]);
    if let Some(out) = args.iter().position(|a| a == "--out").and_then(|i| args.get(i + 1)) {
        std::fs::write(out, serde_json::to_vec(&part).unwrap()).unwrap();
    }
    let (test_docs, test_gold) = read(&data.join("readmes/test"), &taxonomy);
    let started = Instant::now();
    let results = scorer.score_batch(&test_docs).await;
    let pred: Vec<Vec<TagIdx>> = results
        .into_iter()
        .map(|r| r.map(|d| d.tag_indices()).unwrap_or_default())
        .collect();
    let (p, r, f) = micro(&pred, &test_gold);
    println!(
        "readmes/test: {} documents in {:.1}s: micro P {p:.3} R {r:.3} F1 {f:.3}",
        test_docs.len(),
        started.elapsed().as_secs_f64()
    );
}
