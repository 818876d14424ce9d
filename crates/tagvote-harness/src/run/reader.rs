//! The reading stage: pulls documents lazily from the corpus on a blocking thread, drops those
//! outside the shard or already done, and sends batches down a bounded channel.

use tagvote_core::{CorpusReader, Document, InputError};
use tokio::sync::mpsc;

use super::journal::ResumeState;
use super::observer::RunObserver;
use super::shard::Shard;
use crate::record::DocRecord;

/// What the reader sends, in corpus order.
pub(crate) enum ReadItem {
    /// Documents to score.
    Batch(Vec<Document>),
    /// A document an earlier run already finished (with its record when one was kept).
    Done(Option<DocRecord>),
    /// A rejected record of the input.
    Failed(InputError),
}

/// Counts and hash of what was read.
#[derive(Debug, Clone, Default)]
pub struct ReadSummary {
    /// Hash over the ids and texts of every valid document of the corpus (all shards).
    pub dataset_hash: String,
    /// Valid documents in the corpus.
    pub documents: u64,
    /// Records rejected.
    pub input_errors: u64,
    /// Valid documents left to other shards.
    pub outside_shard: u64,
    /// Documents skipped because an earlier run finished them.
    pub resumed: u64,
}

/// Which documents the reader passes on.
pub(crate) struct ReadPlan {
    pub shard: Option<Shard>,
    pub resume: ResumeState,
    pub batch_size: usize,
}

/// Runs the reader to the end of the corpus (or until the receiver is gone).
pub(crate) fn read_corpus(
    corpus: CorpusReader,
    mut plan: ReadPlan,
    tx: mpsc::Sender<ReadItem>,
    observer: &dyn RunObserver,
) -> ReadSummary {
    let mut corpus = corpus;
    let mut summary = ReadSummary::default();
    let mut batch = Vec::with_capacity(plan.batch_size);
    let send = |item| tx.blocking_send(item).is_ok();
    for item in corpus.by_ref() {
        let doc = match item {
            Ok(doc) => doc,
            Err(e) => {
                if !send(ReadItem::Failed(e)) {
                    return summary;
                }
                continue;
            }
        };
        if plan.shard.is_some_and(|s| !s.contains(&doc.id)) {
            summary.outside_shard += 1;
            continue;
        }
        let key = doc.id.key();
        if plan.resume.is_done(&key) {
            summary.resumed += 1;
            let flushed = batch.is_empty() || send(ReadItem::Batch(std::mem::take(&mut batch)));
            if !flushed || !send(ReadItem::Done(plan.resume.take_record(&key))) {
                return summary;
            }
            continue;
        }
        observer.document_read(&doc);
        batch.push(doc);
        if batch.len() >= plan.batch_size && !send(ReadItem::Batch(std::mem::take(&mut batch))) {
            return summary;
        }
    }
    if !batch.is_empty() {
        send(ReadItem::Batch(batch));
    }
    summary.dataset_hash = corpus.dataset_hash();
    summary.documents = corpus.documents();
    summary.input_errors = corpus.errors();
    summary
}
