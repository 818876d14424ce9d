//! Throughput of the LLM scorer against the in-process test server answering after 50 ms, with 64
//! requests in flight: the ideal is 64 / 0.05 s = 1280 requests per second. Two batch sizes: 640
//! documents (10 rounds of 64, so the ramp-up of the first round and the tail of the last weigh in)
//! and 3,200 (50 rounds: the sustained rate). Each prints its share of the ideal once, then criterion
//! measures it.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tagvote_core::{Document, Scorer, Taxonomy};
use tagvote_llm::testing::{MockOptions, MockReply, MockServer};
use tagvote_llm::{CacheMode, LlmConfig, LlmScorer};

const DELAY: Duration = Duration::from_millis(50);
const CONCURRENCY: usize = 64;
/// Documents per measured batch: a short run and a sustained one.
const BATCHES: [usize; 2] = [640, 3200];

fn taxonomy() -> Arc<Taxonomy> {
    let seed = Path::new("../shared/seed/tags.json");
    let taxonomy = Taxonomy::load(seed).unwrap_or_else(|_| {
        let tags = r#"[{"id":1,"name":"cli"},{"id":2,"name":"lib"},{"id":3,"name":"compiler"}]"#;
        Taxonomy::from_json_bytes(tags.as_bytes(), Path::new("bench")).expect("the bench taxonomy is valid")
    });
    Arc::new(taxonomy)
}

fn docs() -> Vec<Document> {
    (0..BATCHES[1])
        .map(|i| {
            Document::new(
                format!("bench-{i}").as_str(),
                format!("# Project {i}\n\nA command line tool number {i}."),
            )
        })
        .collect()
}

fn setup(runtime: &tokio::runtime::Runtime) -> (MockServer, LlmScorer) {
    let options = MockOptions {
        record: false,
        ..MockOptions::default()
    };
    let script =
        |req: &tagvote_llm::testing::ChatRequest| MockReply::answer(req, r#"{"tags":["cli"]}"#).with_delay(DELAY);
    let server = runtime
        .block_on(MockServer::start_with(script, options))
        .expect("the test server starts");
    let mut config = LlmConfig::new(server.base_url(), "bench-model");
    config.concurrency = CONCURRENCY;
    config.cache_mode = CacheMode::Off;
    let scorer = LlmScorer::new(config, taxonomy()).expect("the scorer builds");
    (server, scorer)
}

fn throughput(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let (_server, scorer) = setup(&runtime);
    let docs = docs();
    runtime.block_on(scorer.score_batch(&docs[..CONCURRENCY]));

    let ideal = CONCURRENCY as f64 / DELAY.as_secs_f64();
    let mut group = c.benchmark_group("llm");
    group.sample_size(10);
    for n in BATCHES {
        let batch = &docs[..n];
        let start = Instant::now();
        let results = runtime.block_on(scorer.score_batch(batch));
        let rate = n as f64 / start.elapsed().as_secs_f64();
        assert!(results.iter().all(|r| r.is_ok()), "every request succeeds");
        eprintln!(
            "llm: {n} docs at {rate:.0} req/s = {:.1}% of the ideal {ideal:.0} req/s",
            100.0 * rate / ideal
        );
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("score_batch_{n}_docs_50ms_c64"), |b| {
            b.iter(|| runtime.block_on(scorer.score_batch(batch)))
        });
    }
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
