//! An in-process chat-completions server on loopback for tests and benches (feature `test-server`):
//! scripted deterministic answers, configurable delay, status and headers, a count of concurrent
//! requests, a log of what arrived, an emulation of the files + batches API, and `Behaviour`s that
//! refuse or fail like real endpoints do.

mod batch;
mod modes;
mod reply;
mod server;

pub use modes::Behaviour;
pub use reply::{ChatRequest, MockReply, RecordedRequest};
pub use server::{MockOptions, MockServer};
