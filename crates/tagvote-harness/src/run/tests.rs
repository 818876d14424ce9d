//! Pipeline tests with fake scorers: order, failures, cascade, shards and resume.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use tagvote_core::{
    CorpusOptions, CorpusReader, Document, ScoreError, ScoredDoc, Scorer, ScorerKind, TagFormat, TagScore, Taxonomy,
};

use super::*;
use crate::record::{DocResult, VOTE_SYSTEM};
use crate::vote::VoteStrategy;

/// Tags every document with tag `n % 3` where `n` is the number in its text; fails on "fail",
/// panics on "panic"; I/O flavour sleeps a little, longer for small numbers, to shuffle finishing order.
struct Fake {
    name: &'static str,
    kind: ScorerKind,
    calls: Arc<AtomicUsize>,
}

#[async_trait]
impl Scorer for Fake {
    fn name(&self) -> &str {
        self.name
    }
    fn kind(&self) -> ScorerKind {
        self.kind
    }
    async fn score(&self, doc: &Document) -> Result<ScoredDoc, ScoreError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if doc.text.contains("panic") {
            panic!("fake scorer panicked");
        }
        if doc.text.contains("fail") {
            return Err(ScoreError::Document {
                id: doc.id.key(),
                reason: "told to fail".into(),
            });
        }
        let n: u64 = doc.text.trim_start_matches("doc ").parse().unwrap_or(0);
        if self.kind == ScorerKind::Io {
            tokio::time::sleep(std::time::Duration::from_millis(5 * (3 - n % 3))).await;
        }
        Ok(ScoredDoc::from_scores(
            vec![TagScore {
                tag: (n % 3) as u16,
                score: 0.9,
            }],
            0.5,
        ))
    }
}

/// Takes the first answer; with `cascade`, the `io` scorer is only needed when nothing answered.
struct FirstAnswer {
    cascade: bool,
}

impl VoteStrategy for FirstAnswer {
    fn name(&self) -> &str {
        "first"
    }
    fn needs(&self, scorer: &str, so_far: &[(&str, &ScoredDoc)]) -> bool {
        !(self.cascade && scorer == "io" && !so_far.is_empty())
    }
    fn combine(&self, results: &[(&str, &ScoredDoc)]) -> ScoredDoc {
        results[0].1.clone()
    }
}

fn taxonomy() -> Arc<Taxonomy> {
    let json = br#"[{"id":1,"name":"a"},{"id":2,"name":"b"},{"id":3,"name":"c"}]"#;
    Arc::new(Taxonomy::from_json_bytes(json, Path::new("t")).unwrap())
}

fn corpus(lines: &[String]) -> CorpusReader {
    let bytes = lines.join("\n").into_bytes();
    CorpusReader::from_jsonl_reader(
        Path::new("c.jsonl"),
        Box::new(Cursor::new(bytes)),
        CorpusOptions::default(),
    )
}

fn doc_lines(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{{\"id\":\"d{i}\",\"text\":\"doc {i}\"}}"))
        .collect()
}

fn fake(name: &'static str, kind: ScorerKind) -> (Box<dyn Scorer>, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let scorer = Fake {
        name,
        kind,
        calls: Arc::clone(&calls),
    };
    (Box::new(scorer), calls)
}

fn setup(scorers: Vec<Box<dyn Scorer>>, cascade: bool, output: Option<PathBuf>) -> RunSetup {
    RunSetup {
        taxonomy: taxonomy(),
        gold: None,
        scorers,
        vote: Box::new(FirstAnswer { cascade }),
        config: serde_json::Value::Null,
        skipped_systems: BTreeMap::new(),
        git_commit: None,
        outputs: output
            .into_iter()
            .map(|path| OutputSpec {
                path: Some(path),
                kind: OutputKind::Predictions(TagFormat::Name),
            })
            .collect(),
        gold_hash: None,
    }
}

fn small_batches() -> RunOptions {
    RunOptions {
        batch_size: 3,
        cpu_workers: 2,
        max_in_flight: 4,
        ..RunOptions::default()
    }
}

async fn run_quietly(setup: RunSetup, corpus: CorpusReader, options: &RunOptions) -> RunOutcome {
    run(setup, corpus, options, Arc::new(SilentObserver)).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outputs_keep_corpus_order_while_batches_finish_out_of_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let (cpu, _) = fake("cpu", ScorerKind::Cpu);
    let (io, _) = fake("io", ScorerKind::Io);
    let outcome = run_quietly(
        setup(vec![io, cpu], false, Some(out.clone())),
        corpus(&doc_lines(40)),
        &small_batches(),
    )
    .await;
    let expected: Vec<String> = (0..40)
        .map(|i| format!("{{\"id\":\"d{i}\",\"tags\":[\"{}\"]}}\n", ["a", "b", "c"][i % 3]))
        .collect();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected.concat());
    assert_eq!(outcome.record.systems, ["cpu", "io", "vote"], "CPU scorers run first");
    let ids: Vec<String> = outcome.record.docs.iter().map(|d| d.id.key()).collect();
    assert_eq!(ids, (0..40).map(|i| format!("d{i}")).collect::<Vec<_>>());
    assert_eq!(outcome.scored, 40);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_are_recorded_and_the_run_goes_on() {
    let mut lines = doc_lines(5);
    lines[1] = r#"{"id":"d1","text":"please fail"}"#.into();
    lines[2] = r#"{"id":"d2","text":"panic now"}"#.into();
    lines.push("{not json".into());
    let (cpu, _) = fake("cpu", ScorerKind::Cpu);
    let outcome = run_quietly(setup(vec![cpu], false, None), corpus(&lines), &small_batches()).await;
    let results = |i: usize| &outcome.record.docs[i].results;
    assert!(matches!(&results(1)["cpu"], DocResult::Failed { error } if error.contains("told to fail")));
    assert!(matches!(&results(1)[VOTE_SYSTEM], DocResult::Failed { error } if error.contains("told to fail")));
    assert!(
        matches!(&results(2)["cpu"], DocResult::Failed { .. }),
        "a panicking batch fails its documents"
    );
    assert!(matches!(&results(3)["cpu"], DocResult::Ok { .. }));
    assert_eq!(outcome.record.input_failures.len(), 1);
    assert!(outcome.record.input_failures[0].message.contains("line 6"));
    assert_eq!((outcome.scored, outcome.read.input_errors), (5, 1));
    assert!(outcome.failed >= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_vote_can_spare_the_expensive_scorer() {
    let (cpu, _) = fake("cpu", ScorerKind::Cpu);
    let (io, io_calls) = fake("io", ScorerKind::Io);
    let outcome = run_quietly(
        setup(vec![cpu, io], true, None),
        corpus(&doc_lines(7)),
        &small_batches(),
    )
    .await;
    assert_eq!(io_calls.load(Ordering::SeqCst), 0);
    assert!(outcome
        .record
        .docs
        .iter()
        .all(|d| matches!(d.results["io"], DocResult::Skipped { .. }) && d.results[VOTE_SYSTEM].scored().is_some()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shards_split_the_corpus_without_overlap() {
    let mut seen = Vec::new();
    for index in 0..3 {
        let (cpu, _) = fake("cpu", ScorerKind::Cpu);
        let options = RunOptions {
            shard: Some(Shard { index, count: 3 }),
            ..small_batches()
        };
        let outcome = run_quietly(setup(vec![cpu], false, None), corpus(&doc_lines(30)), &options).await;
        assert_eq!(outcome.read.outside_shard + outcome.scored, 30);
        assert_eq!(outcome.read.documents, 30, "the dataset hash covers the whole corpus");
        seen.extend(outcome.record.docs.iter().map(|d| d.id.key()));
    }
    seen.sort();
    let mut all: Vec<String> = (0..30).map(|i| format!("d{i}")).collect();
    all.sort();
    assert_eq!(seen, all);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_skips_written_documents_and_finishes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    std::fs::write(
        &out,
        "{\"id\":\"d0\",\"tags\":[\"a\"]}\n{\"id\":\"d1\",\"tags\":[\"b\"]}\n{\"id\":\"d2\",\"t",
    )
    .unwrap();
    let (cpu, calls) = fake("cpu", ScorerKind::Cpu);
    let options = RunOptions {
        resume: true,
        ..small_batches()
    };
    let outcome = run_quietly(
        setup(vec![cpu], false, Some(out.clone())),
        corpus(&doc_lines(6)),
        &options,
    )
    .await;
    assert_eq!(calls.load(Ordering::SeqCst), 4);
    assert_eq!((outcome.read.resumed, outcome.scored), (2, 4));
    let text = std::fs::read_to_string(&out).unwrap();
    let ids: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"d0\"", "\"d1\"", "\"d2\"", "\"d3\"", "\"d4\"", "\"d5\""]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resumed_records_come_back_in_corpus_order() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records.jsonl");
    let spec = OutputSpec {
        path: Some(records.clone()),
        kind: OutputKind::Records,
    };
    let first = {
        let (cpu, _) = fake("cpu", ScorerKind::Cpu);
        let mut s = setup(vec![cpu], false, None);
        s.outputs = vec![spec.clone()];
        run_quietly(s, corpus(&doc_lines(4)), &small_batches()).await
    };
    let (cpu, calls) = fake("cpu", ScorerKind::Cpu);
    let mut s = setup(vec![cpu], false, None);
    s.outputs = vec![spec];
    let options = RunOptions {
        resume: true,
        ..small_batches()
    };
    let second = run_quietly(s, corpus(&doc_lines(6)), &options).await;
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let summary = |docs: &[crate::DocRecord]| -> Vec<(String, Vec<u16>)> {
        docs.iter()
            .map(|d| (d.id.key(), d.results[VOTE_SYSTEM].tags()))
            .collect()
    };
    assert_eq!(summary(&second.record.docs[..4]), summary(&first.record.docs));
    assert_eq!(second.record.docs.len(), 6);
}

/// Remembers the id and text of every document the reader passes on.
#[derive(Default)]
struct ReadLog(std::sync::Mutex<Vec<(String, String)>>);

impl RunObserver for ReadLog {
    fn document_read(&self, doc: &Document) {
        self.0.lock().unwrap().push((doc.id.key(), doc.text.clone()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_observer_sees_each_document_of_the_shard_once_in_corpus_order() {
    let (cpu, _) = fake("cpu", ScorerKind::Cpu);
    let options = RunOptions {
        shard: Some(Shard { index: 0, count: 2 }),
        ..small_batches()
    };
    let log = Arc::new(ReadLog::default());
    let mut lines = doc_lines(12);
    lines.insert(3, "not json".into());
    let outcome = run(setup(vec![cpu], false, None), corpus(&lines), &options, log.clone())
        .await
        .unwrap();
    let read = log.0.lock().unwrap().clone();
    let scored: Vec<(String, String)> = outcome
        .record
        .docs
        .iter()
        .map(|d| (d.id.key(), format!("doc {}", &d.id.key()[1..])))
        .collect();
    assert!(!scored.is_empty() && outcome.read.outside_shard > 0);
    assert_eq!(
        read, scored,
        "the scored documents, no rejected line, none of the other shard"
    );
}
