//! Joins the outputs of `--shard I/N` runs into what one machine would have written: JSONL
//! outputs in corpus order, and one report whose non-timing content equals a single run's.
//!
//! Shards lose the corpus order, so the order comes from re-reading the corpus (`CorpusOrder`);
//! without it, shards are concatenated in shard order. Every shard reads the whole corpus, so
//! each shard record carries the full corpus's dataset hash and input failures already.

mod error;
mod lines;
mod order;
mod records;
mod reports;

pub use error::MergeError;
pub use lines::{merge_jsonl, LinesSummary};
pub use order::CorpusOrder;
pub use records::{merge_runs, ShardedRun};
pub use reports::merge_reports;
