//! Keyword scorer speed: MB/s over the readmes corpus and documents/s over one-line
//! descriptions, lexicon-only and with a model fitted at setup on the training data (without and
//! with the self-description terms of `--keyword-definition`).
//!
//! Reads `../shared/datasets` at bench time (or `$TAGVOTE_SHARED`); without it, falls back to
//! generated text so the bench still runs.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tagvote_core::{CorpusOptions, CorpusReader, CorpusSource, Document, Gold, Taxonomy, TrainSet};
use tagvote_keyword::{KeywordConfig, KeywordScorer};

fn shared_dir() -> PathBuf {
    std::env::var_os("TAGVOTE_SHARED").map_or_else(|| PathBuf::from("../shared"), PathBuf::from)
}

fn read_docs(path: &Path) -> Vec<Document> {
    match CorpusReader::open(&CorpusSource::Jsonl(path.to_path_buf()), CorpusOptions::default()) {
        Ok(reader) => reader.filter_map(Result::ok).collect(),
        Err(_) => Vec::new(),
    }
}

/// Our own filler words, for when the shared data is absent.
fn generated_docs(n: usize, words_per_doc: usize) -> Vec<Document> {
    const WORDS: [&str; 16] = [
        "fast",
        "library",
        "for",
        "parsing",
        "yaml",
        "command-line",
        "tool",
        "with",
        "rest",
        "api",
        "server",
        "kubernetes",
        "operator",
        "game",
        "engine",
        "testing",
    ];
    (0..n)
        .map(|d| {
            let text: Vec<&str> = (0..words_per_doc)
                .map(|i| WORDS[(d * 7 + i * 13) % WORDS.len()])
                .collect();
            Document::new(format!("g{d}").as_str(), text.join(" "))
        })
        .collect()
}

fn taxonomy(shared: &Path) -> Arc<Taxonomy> {
    let fallback = r#"[{"id":1,"name":"lib"},{"id":2,"name":"cli"},{"id":3,"name":"api"},{"id":4,"name":"k8s"}]"#;
    let t = Taxonomy::load(&shared.join("seed/tags.json"))
        .or_else(|_| Taxonomy::from_json_bytes(fallback.as_bytes(), Path::new("fallback")));
    Arc::new(t.expect("the fallback taxonomy is valid"))
}

/// A scorer fitted on readmes train + awesome when present (lexicon-only otherwise); with a
/// `definition` weight, a README's self-description counts as terms of its own (the default model: 1).
fn fitted(taxonomy: &Arc<Taxonomy>, shared: &Path, definition: f32) -> KeywordScorer {
    let mut config = KeywordConfig::default();
    config.fit.segment_weights.definition = definition;
    let mut scorer = KeywordScorer::new(taxonomy.clone(), config).expect("built-in lexicon");
    let data = shared.join("datasets");
    let mut train = TrainSet {
        taxonomy: taxonomy.clone(),
        docs: Vec::new(),
        labels: Vec::new(),
        origin: Vec::new(),
        origins: Vec::new(),
    };
    for (i, dir) in ["readmes/train", "awesome"].iter().enumerate() {
        let Ok(gold) = Gold::load(&data.join(dir).join("gold.jsonl"), taxonomy) else {
            continue;
        };
        train.origins.push(dir.to_string());
        for doc in read_docs(&data.join(dir).join("docs.jsonl")) {
            if let Some(tags) = gold.get(&doc.id) {
                train.labels.push(tags.to_vec());
                train.docs.push(doc);
                train.origin.push(i as u16);
            }
        }
    }
    if !train.is_empty() {
        scorer.fit_train_set(&train).expect("fit on the training data");
    }
    scorer
}

fn bench_keyword(c: &mut Criterion) {
    let shared = shared_dir();
    let taxonomy = taxonomy(&shared);
    let mut readmes = read_docs(&shared.join("datasets/readmes/test/docs.jsonl"));
    readmes.extend(read_docs(&shared.join("datasets/readmes/train/docs.jsonl")));
    if readmes.is_empty() {
        readmes = generated_docs(200, 1200);
    }
    let mut short = read_docs(&shared.join("datasets/awesome/docs.jsonl"));
    if short.is_empty() {
        short = generated_docs(5000, 12);
    }
    let scorers = [
        (
            "lexicon",
            KeywordScorer::new(taxonomy.clone(), KeywordConfig::default()).expect("lexicon"),
        ),
        ("learned", fitted(&taxonomy, &shared, 0.0)),
        ("learned-definition", fitted(&taxonomy, &shared, 1.0)),
    ];
    let mut group = c.benchmark_group("keyword");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    for (name, scorer) in &scorers {
        let bytes: usize = readmes.iter().map(|d| d.text.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(BenchmarkId::new("readmes", name), &readmes, |b, docs| {
            b.iter(|| {
                docs.iter()
                    .map(|d| scorer.score_text(&d.text).tags.len())
                    .sum::<usize>()
            })
        });
        group.throughput(Throughput::Elements(short.len() as u64));
        group.bench_with_input(BenchmarkId::new("one-liners", name), &short, |b, docs| {
            b.iter(|| {
                docs.iter()
                    .map(|d| scorer.score_text(&d.text).tags.len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_keyword);
criterion_main!(benches);
