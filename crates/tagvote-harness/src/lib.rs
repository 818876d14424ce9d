//! The tagvote harness: runs scorers over a corpus, votes, measures, reports and compares.
//!
//! It only ever sees `Box<dyn Scorer>`; the binary decides which scorers exist.

pub mod record;
pub mod vote;

pub use record::{DocRecord, DocResult, RunRecord, VOTE_SYSTEM};
pub use vote::VoteStrategy;
