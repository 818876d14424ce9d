//! The run itself: reader → bounded queue → batch tasks → in-order writer, and the `RunRecord`.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use tagvote_core::{CorpusReader, Gold, Scorer, ScorerKind, Taxonomy};
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinHandle;

use super::error::RunError;
use super::journal::{open_all, Journal, OutputSpec};
use super::observer::RunObserver;
use super::reader::{read_corpus, ReadItem, ReadPlan, ReadSummary};
use super::score::{score_batch, RunningSystems};
use super::timing::Timings;
use super::RunOptions;
use crate::record::{DocRecord, InputFailure, RunRecord, RECORD_SCHEMA_VERSION, VOTE_SYSTEM};
use crate::vote::VoteStrategy;

/// What a run is made of; the binary builds it.
pub struct RunSetup {
    pub taxonomy: Arc<Taxonomy>,
    pub gold: Option<Arc<Gold>>,
    /// Scorers in the order given; the run puts CPU-bound ones before I/O-bound ones.
    pub scorers: Vec<Box<dyn Scorer>>,
    pub vote: Box<dyn VoteStrategy>,
    /// Recorded as `RunRecord.config` (scorer configs, vote, seed, flags).
    pub config: serde_json::Value,
    /// Scorers that could not be built, with the reason.
    pub skipped_systems: BTreeMap<String, String>,
    pub git_commit: Option<String>,
    /// Where results are written as documents finish.
    pub outputs: Vec<OutputSpec>,
    /// Hash of the gold file, when evaluating.
    pub gold_hash: Option<String>,
}

/// What a finished run produced.
#[derive(Debug)]
pub struct RunOutcome {
    /// The record; `docs` is empty unless `RunOptions::keep_records`.
    pub record: RunRecord,
    pub read: ReadSummary,
    /// Documents scored in this run (not counting resumed ones).
    pub scored: u64,
    /// Documents whose vote failed (no scorer answered), in this run.
    pub failed: u64,
}

enum Pending {
    Batch(JoinHandle<Vec<DocRecord>>),
    Done(Option<DocRecord>),
}

/// Accumulates finished documents in corpus order: writes them, keeps them if asked.
struct Collector {
    journals: Vec<Journal>,
    taxonomy: Arc<Taxonomy>,
    keep: bool,
    docs: Vec<DocRecord>,
    input_failures: Vec<InputFailure>,
    scored: u64,
    failed: u64,
}

impl Collector {
    fn finish_new(&mut self, records: Vec<DocRecord>) -> Result<(), RunError> {
        for journal in &mut self.journals {
            journal.write_batch(&records, &self.taxonomy)?;
        }
        for record in records {
            self.scored += 1;
            if !matches!(record.results.get(VOTE_SYSTEM), Some(crate::DocResult::Ok { .. })) {
                self.failed += 1;
            }
            if self.keep {
                self.docs.push(record);
            }
        }
        Ok(())
    }

    async fn finish(&mut self, pending: Pending) -> Result<(), RunError> {
        match pending {
            Pending::Done(record) => {
                if let (true, Some(record)) = (self.keep, record) {
                    self.docs.push(record);
                }
                Ok(())
            }
            Pending::Batch(handle) => {
                let records = handle.await.map_err(|e| RunError::Internal(e.to_string()))?;
                self.finish_new(records)
            }
        }
    }
}

/// Runs every scorer and the vote over the corpus, writing outputs as documents finish.
pub async fn run(
    setup: RunSetup,
    corpus: CorpusReader,
    options: &RunOptions,
    observer: Arc<dyn RunObserver>,
) -> Result<RunOutcome, RunError> {
    let RunSetup {
        taxonomy,
        gold,
        scorers,
        vote,
        mut config,
        skipped_systems,
        git_commit,
        outputs,
        gold_hash,
    } = setup;
    if scorers.is_empty() {
        return Err(RunError::NoScorers);
    }
    let (journals, resume) = open_all(&outputs, options.resume)?;
    let systems = Arc::new(running_systems(scorers, vote, gold, options, Arc::clone(&observer)));
    let names = system_names(&systems);
    observer.started(&names);
    let (tx, rx) = mpsc::channel(options.queue_batches.max(1));
    let plan = ReadPlan {
        shard: options.shard,
        resume,
        batch_size: options.batch_size.max(1),
    };
    let reader_observer = Arc::clone(&observer);
    let reader = tokio::task::spawn_blocking(move || read_corpus(corpus, plan, tx, reader_observer.as_ref()));
    let mut collector = Collector {
        journals,
        taxonomy: Arc::clone(&taxonomy),
        keep: options.keep_records,
        docs: Vec::new(),
        input_failures: Vec::new(),
        scored: 0,
        failed: 0,
    };
    let started = std::time::Instant::now();
    drive(rx, &systems, &mut collector, options, observer.as_ref()).await?;
    let read = reader.await.map_err(|e| RunError::Internal(e.to_string()))?;
    let mut wall_seconds = systems.timings.lock().expect("timings lock").wall_seconds();
    let total = started.elapsed().as_secs_f64();
    wall_seconds.insert(TOTAL_WALL.into(), total);
    wall_seconds.insert(VOTE_SYSTEM.into(), total);
    observer.finished();
    refresh_scorer_configs(&mut config, &systems.scorers);
    let record = RunRecord {
        schema_version: RECORD_SCHEMA_VERSION,
        taxonomy: taxonomy.tags().to_vec(),
        taxonomy_hash: taxonomy.hash().to_string(),
        dataset_hash: read.dataset_hash.clone(),
        gold_hash,
        systems: names,
        config,
        shard: options.shard,
        git_commit,
        docs: collector.docs,
        input_failures: collector.input_failures,
        skipped_systems,
        wall_seconds,
    };
    Ok(RunOutcome {
        record,
        read,
        scored: collector.scored,
        failed: collector.failed,
    })
}

/// Scorers may learn settings during a run (an LLM endpoint that refused a parameter): the
/// report records their config as it was at the end.
fn refresh_scorer_configs(config: &mut serde_json::Value, scorers: &[Arc<dyn tagvote_core::Scorer>]) {
    for scorer in scorers {
        if let Some(slot) = config.get_mut("scorers").and_then(|c| c.get_mut(scorer.name())) {
            *slot = scorer.config();
        }
    }
}

/// Takes reader items in order, keeps at most `max_in_flight` batches scoring, finishes in order.
async fn drive(
    mut rx: mpsc::Receiver<ReadItem>,
    systems: &Arc<RunningSystems>,
    collector: &mut Collector,
    options: &RunOptions,
    observer: &dyn RunObserver,
) -> Result<(), RunError> {
    let mut in_flight: VecDeque<Pending> = VecDeque::new();
    let limit = options.max_in_flight.max(1);
    while let Some(item) = rx.recv().await {
        let pending = match item {
            ReadItem::Failed(e) => {
                observer.input_failed(&e.message);
                collector.input_failures.push(InputFailure {
                    id: e.id,
                    message: e.message,
                });
                continue;
            }
            ReadItem::Done(record) => Pending::Done(record),
            ReadItem::Batch(docs) => Pending::Batch(tokio::spawn(score_batch(Arc::clone(systems), docs))),
        };
        in_flight.push_back(pending);
        while in_flight.len() > limit {
            let front = in_flight.pop_front().expect("non-empty");
            if let Err(e) = collector.finish(front).await {
                abort_all(in_flight);
                return Err(e);
            }
        }
    }
    while let Some(front) = in_flight.pop_front() {
        if let Err(e) = collector.finish(front).await {
            abort_all(in_flight);
            return Err(e);
        }
    }
    Ok(())
}

fn abort_all(pending: VecDeque<Pending>) {
    for p in pending {
        if let Pending::Batch(handle) = p {
            handle.abort();
        }
    }
}

/// Key of the whole run's wall time in `RunRecord.wall_seconds`. The vote's entry is the same
/// end-to-end time (its answer is the run's final one); each scorer's is the span from its first
/// batch's start to its last batch's end.
pub const TOTAL_WALL: &str = "total";

/// The scorers (CPU-bound first, order otherwise kept) and the vote, shared by the batch tasks.
fn running_systems(
    scorers: Vec<Box<dyn Scorer>>,
    vote: Box<dyn VoteStrategy>,
    gold: Option<Arc<Gold>>,
    options: &RunOptions,
    observer: Arc<dyn RunObserver>,
) -> RunningSystems {
    let mut scorers: Vec<Arc<dyn Scorer>> = scorers.into_iter().map(Arc::from).collect();
    scorers.sort_by_key(|s| match s.kind() {
        ScorerKind::Cpu => 0,
        ScorerKind::Io => 1,
    });
    RunningSystems {
        scorers,
        vote: Arc::from(vote),
        gold,
        cpu: Arc::new(Semaphore::new(options.cpu_workers.max(1))),
        io: Arc::new(Semaphore::new(options.io_batches.max(1))),
        observer,
        timings: Mutex::new(Timings::default()),
    }
}

fn system_names(systems: &RunningSystems) -> Vec<String> {
    let mut names: Vec<String> = systems.scorers.iter().map(|s| s.name().to_string()).collect();
    names.push(VOTE_SYSTEM.to_string());
    names
}
