//! The scoring stage: one batch of documents through every scorer (cheap first, asking the vote
//! whether each is still needed), then the vote; failures become recorded results.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tagvote_core::{Document, Gold, ScoreError, ScoredDoc, Scorer, ScorerKind};
use tokio::sync::Semaphore;

use super::observer::RunObserver;
use super::timing::Timings;
use crate::record::{DocRecord, DocResult, VOTE_SYSTEM};
use crate::vote::VoteStrategy;

/// Everything a batch needs, shared by all batch tasks.
pub(crate) struct RunningSystems {
    /// Scorers in running order: CPU-bound before I/O-bound.
    pub scorers: Vec<Arc<dyn Scorer>>,
    pub vote: Arc<dyn VoteStrategy>,
    pub gold: Option<Arc<Gold>>,
    /// Permits for CPU-bound batches (one per worker thread).
    pub cpu: Arc<Semaphore>,
    /// Permits for I/O-bound batches in flight.
    pub io: Arc<Semaphore>,
    pub observer: Arc<dyn RunObserver>,
    pub timings: Mutex<Timings>,
}

type Results = Vec<BTreeMap<String, DocResult>>;

/// Scores one batch and returns its records in the batch's order.
pub(crate) async fn score_batch(systems: Arc<RunningSystems>, docs: Vec<Document>) -> Vec<DocRecord> {
    let started = Instant::now();
    let docs = Arc::new(docs);
    let mut results: Results = vec![BTreeMap::new(); docs.len()];
    for scorer in &systems.scorers {
        run_scorer(&systems, scorer, &docs, &mut results).await;
    }
    vote_all(&systems, &docs, &mut results, started);
    docs.iter()
        .zip(results)
        .map(|(doc, results)| DocRecord {
            id: doc.id.clone(),
            gold: systems.gold.as_ref().and_then(|g| g.get(&doc.id)).map(<[_]>::to_vec),
            results,
        })
        .collect()
}

/// The successful results of the scorers that have run so far on one document, in running order.
fn so_far<'a>(systems: &'a RunningSystems, results: &'a BTreeMap<String, DocResult>) -> Vec<(&'a str, &'a ScoredDoc)> {
    systems
        .scorers
        .iter()
        .filter_map(|s| results.get(s.name()).and_then(DocResult::scored).map(|d| (s.name(), d)))
        .collect()
}

async fn run_scorer(
    systems: &RunningSystems,
    scorer: &Arc<dyn Scorer>,
    docs: &Arc<Vec<Document>>,
    results: &mut Results,
) {
    let name = scorer.name().to_string();
    let needed: Vec<usize> = (0..docs.len())
        .filter(|&i| systems.vote.needs(&name, &so_far(systems, &results[i])))
        .collect();
    for i in (0..docs.len()).filter(|i| !needed.contains(i)) {
        let reason = "Not needed: the vote was sure without it".to_string();
        results[i].insert(name.clone(), DocResult::Skipped { reason });
    }
    if !needed.is_empty() {
        let subset = if needed.len() == docs.len() {
            Arc::clone(docs)
        } else {
            Arc::new(needed.iter().map(|&i| docs[i].clone()).collect())
        };
        let started = Instant::now();
        let outcome = match call_scorer(systems, scorer, Arc::clone(&subset)).await {
            Err(_) if subset.len() > 1 => Ok(one_by_one(systems, scorer, &subset).await),
            outcome => outcome,
        };
        let elapsed = started.elapsed();
        systems
            .timings
            .lock()
            .expect("timings lock")
            .add(&name, started, elapsed);
        let per_doc_ms = elapsed.as_secs_f64() * 1000.0 / needed.len() as f64;
        for (k, result) in fill(outcome, needed.len()).into_iter().enumerate() {
            let doc = &subset[k];
            let recorded = to_doc_result(result, per_doc_ms);
            if let DocResult::Failed { error } = &recorded {
                systems.observer.doc_failed(&name, &doc.id.key(), error);
            }
            results[needed[k]].insert(name.clone(), recorded);
        }
    }
    systems.observer.advanced(&name, docs.len() as u64);
}

type BatchOutcome = Result<Vec<Result<ScoredDoc, ScoreError>>, String>;

/// Runs `score_batch` on the worker pool (CPU) or as an async task (I/O); a panic is an error.
async fn call_scorer(systems: &RunningSystems, scorer: &Arc<dyn Scorer>, docs: Arc<Vec<Document>>) -> BatchOutcome {
    let scorer = Arc::clone(scorer);
    let joined = match scorer.kind() {
        ScorerKind::Cpu => {
            let _permit = systems.cpu.acquire().await.map_err(|e| e.to_string())?;
            let handle = tokio::runtime::Handle::current();
            tokio::task::spawn_blocking(move || handle.block_on(scorer.score_batch(&docs))).await
        }
        ScorerKind::Io => {
            let _permit = systems.io.acquire().await.map_err(|e| e.to_string())?;
            tokio::spawn(async move { scorer.score_batch(&docs).await }).await
        }
    };
    joined.map_err(|e| format!("The scorer stopped on this batch: {e}"))
}

/// After a batch stopped (a panic), scores its documents one at a time so only the culprit fails.
async fn one_by_one(
    systems: &RunningSystems,
    scorer: &Arc<dyn Scorer>,
    docs: &[Document],
) -> Vec<Result<ScoredDoc, ScoreError>> {
    let mut results = Vec::with_capacity(docs.len());
    for doc in docs {
        let single = Arc::new(vec![doc.clone()]);
        let result = match call_scorer(systems, scorer, single).await {
            Ok(mut one) if one.len() == 1 => one.remove(0),
            Ok(_) => Err(ScoreError::Document {
                id: doc.id.key(),
                reason: "The scorer returned no result".into(),
            }),
            Err(reason) => Err(ScoreError::Document {
                id: doc.id.key(),
                reason,
            }),
        };
        results.push(result);
    }
    results
}

/// One result per document: a batch-level failure, or a short answer, fails the missing ones.
fn fill(outcome: BatchOutcome, n: usize) -> Vec<Result<ScoredDoc, String>> {
    match outcome {
        Err(message) => vec![Err(message); n],
        Ok(results) => {
            let got = results.len();
            let mut out: Vec<_> = results
                .into_iter()
                .take(n)
                .map(|r| r.map_err(|e| e.to_string()))
                .collect();
            let missing = format!("The scorer returned `{got}` results for `{n}` documents");
            out.resize(n, Err(missing));
            out
        }
    }
}

fn to_doc_result(result: Result<ScoredDoc, String>, per_doc_ms: f64) -> DocResult {
    match result {
        Ok(scored) => DocResult::Ok {
            latency_ms: scored.meta.latency_ms.unwrap_or(per_doc_ms),
            scored,
        },
        Err(error) => DocResult::Failed { error },
    }
}

/// The vote for each document, from the scorers that produced a result. The vote's latency is the
/// end-to-end time per document: the batch's time from `started` (every scorer and the vote) over
/// its documents, the figure a user of the run waits for.
fn vote_all(systems: &RunningSystems, docs: &[Document], results: &mut Results, started: Instant) {
    let per_doc_ms = started.elapsed().as_secs_f64() * 1000.0 / docs.len().max(1) as f64;
    for (doc, doc_results) in docs.iter().zip(results.iter_mut()) {
        let answers = so_far(systems, doc_results);
        let result = if answers.is_empty() {
            let error = no_answer_message(systems, doc_results);
            systems.observer.doc_failed(VOTE_SYSTEM, &doc.id.key(), &error);
            DocResult::Failed { error }
        } else {
            let scored = systems.vote.combine(&answers);
            DocResult::Ok {
                scored,
                latency_ms: per_doc_ms,
            }
        };
        doc_results.insert(VOTE_SYSTEM.to_string(), result);
    }
    systems.observer.advanced(VOTE_SYSTEM, docs.len() as u64);
}

fn no_answer_message(systems: &RunningSystems, results: &BTreeMap<String, DocResult>) -> String {
    let reasons: Vec<String> = systems
        .scorers
        .iter()
        .filter_map(|s| match results.get(s.name()) {
            Some(DocResult::Failed { error }) => Some(format!("`{}`: {error}", s.name())),
            _ => None,
        })
        .collect();
    format!("No scorer produced a result ({})", reasons.join("; "))
}
