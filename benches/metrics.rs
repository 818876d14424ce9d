//! Metrics and statistics over a synthetic 10k-document run: all metrics, the bootstrap interval,
//! the paired tests and a whole evaluation (everything `eval` computes after scoring).

use std::collections::BTreeMap;

use criterion::{criterion_group, criterion_main, Criterion};
use tagvote_core::{DocId, ScoredDoc, Tag, TagIdx, TagScore};
use tagvote_harness::evaluation::EvalOptions;
use tagvote_harness::metrics::{DocOutcome, MetricKind, Metrics};
use tagvote_harness::record::{DocRecord, DocResult, RunRecord, RECORD_SCHEMA_VERSION};
use tagvote_harness::report::ReportFile;
use tagvote_harness::stats::{bootstrap_interval, paired_test, SplitMix64, StatsOptions};

const DOCS: usize = 10_000;
const TAGS: usize = 90;

/// Up to three random tags, keeping each gold tag with probability `keep`.
fn tags(rng: &mut SplitMix64, gold: &[TagIdx], keep: u64) -> Vec<TagIdx> {
    let mut out: Vec<TagIdx> = gold
        .iter()
        .copied()
        .filter(|_| rng.below(100) < keep as usize)
        .collect();
    while out.len() < 2 {
        out.push(rng.below(TAGS) as TagIdx);
    }
    out.truncate(3);
    out
}

fn golds(rng: &mut SplitMix64) -> Vec<Vec<TagIdx>> {
    (0..DOCS)
        .map(|_| (0..1 + rng.below(3)).map(|_| rng.below(TAGS) as TagIdx).collect())
        .collect()
}

fn outcomes(golds: &[Vec<TagIdx>], keep: u64, seed: u64) -> Vec<DocOutcome> {
    let mut rng = SplitMix64::new(seed);
    golds
        .iter()
        .map(|g| DocOutcome::new(g, &tags(&mut rng, g, keep)))
        .collect()
}

fn record(golds: &[Vec<TagIdx>]) -> RunRecord {
    let mut rng = SplitMix64::new(3);
    let systems = [("keyword", 60), ("embed", 70), ("vote", 75)];
    let docs = golds
        .iter()
        .enumerate()
        .map(|(i, g)| DocRecord {
            id: DocId::Str(format!("doc{i}")),
            gold: Some(g.clone()),
            results: systems
                .iter()
                .map(|(s, keep)| (s.to_string(), result(&mut rng, g, *keep)))
                .collect(),
        })
        .collect();
    RunRecord {
        schema_version: RECORD_SCHEMA_VERSION,
        taxonomy: (0..TAGS)
            .map(|i| Tag {
                id: i as i64,
                name: format!("tag{i}"),
            })
            .collect(),
        taxonomy_hash: "t".into(),
        dataset_hash: "d".into(),
        gold_hash: None,
        systems: systems.iter().map(|(s, _)| s.to_string()).collect(),
        config: serde_json::Value::Null,
        shard: None,
        git_commit: None,
        docs,
        input_failures: Vec::new(),
        skipped_systems: BTreeMap::new(),
        wall_seconds: BTreeMap::new(),
    }
}

fn result(rng: &mut SplitMix64, gold: &[TagIdx], keep: u64) -> DocResult {
    let chosen = tags(rng, gold, keep);
    let scored = ScoredDoc {
        tags: chosen.iter().map(|&tag| TagScore { tag, score: 0.7 }).collect(),
        ..ScoredDoc::default()
    };
    DocResult::Ok {
        scored,
        latency_ms: 1.0 + rng.below(50) as f64,
    }
}

fn bench(c: &mut Criterion) {
    let golds = golds(&mut SplitMix64::new(1));
    let (a, b) = (outcomes(&golds, 70, 10), outcomes(&golds, 65, 11));
    let stats = StatsOptions::default();
    c.bench_function("metrics_10k", |bench| bench.iter(|| Metrics::compute(&a, TAGS)));
    c.bench_function("bootstrap_micro_f1_10k_x1000", |bench| {
        bench.iter(|| bootstrap_interval(&a, MetricKind::MicroF1, TAGS, &stats))
    });
    c.bench_function("paired_micro_f1_10k_x1000", |bench| {
        bench.iter(|| paired_test(&a, &b, MetricKind::MicroF1, TAGS, &stats))
    });
    let run = record(&golds);
    let opts = EvalOptions::with_bootstrap(1000, 7);
    c.bench_function("evaluate_10k_3_systems", |bench| {
        bench.iter(|| ReportFile::new(run.clone(), &opts))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
