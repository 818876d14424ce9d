//! The run pipeline: reads a corpus lazily, scores it in batches with every scorer and the vote,
//! and writes outputs as documents finish, in corpus order.
//!
//! Reading runs on a blocking thread and feeds a bounded queue; each batch is a task whose
//! CPU-bound scorers run on `cpu_workers` blocking threads and I/O-bound ones on the async
//! runtime; finished batches are written in order through a bounded reorder queue. Memory
//! stays flat in corpus size apart from the kept records (needed for metrics). Outputs are
//! JSONL with one flushed write per finished batch, so `--resume` can pick up after a kill, and
//! `--shard I/N` splits the corpus by a stable hash of the document id.

mod error;
mod journal;
mod observer;
mod pipeline;
mod reader;
mod score;
mod shard;
mod timing;

pub use error::RunError;
pub use journal::{OutputKind, OutputSpec, ResumeState};
pub use observer::{RunObserver, SilentObserver};
pub use pipeline::{run, RunOutcome, RunSetup, TOTAL_WALL};
pub use reader::ReadSummary;
pub use shard::{shard_of, Shard};

/// Documents per batch handed to `Scorer::score_batch`.
pub const DEFAULT_BATCH_SIZE: usize = 32;

/// How a run is scheduled and what it skips.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Documents per `score_batch` call.
    pub batch_size: usize,
    /// Threads for CPU-bound scorers.
    pub cpu_workers: usize,
    /// I/O-bound batches in flight at once.
    pub io_batches: usize,
    /// Batches scoring at once; also the size of the reorder queue that keeps output order.
    pub max_in_flight: usize,
    /// Batches waiting between the reader and the scorers.
    pub queue_batches: usize,
    /// Only the documents of this shard.
    pub shard: Option<Shard>,
    /// Read back the outputs and skip the documents they already hold.
    pub resume: bool,
    /// Keep every `DocRecord` in the returned `RunRecord` (needed for metrics).
    pub keep_records: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        RunOptions {
            batch_size: DEFAULT_BATCH_SIZE,
            cpu_workers: cpus,
            io_batches: 4,
            max_in_flight: cpus * 2 + 4,
            queue_batches: 2,
            shard: None,
            resume: false,
            keep_records: true,
        }
    }
}

#[cfg(test)]
mod tests;
