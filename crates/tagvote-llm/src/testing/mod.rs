//! An in-process chat-completions server on loopback for tests and benches (feature `test-server`):
//! scripted deterministic answers, configurable delay, status and headers, a count of concurrent
//! requests, a log of what arrived, and an emulation of the files + batches API.

mod batch;
mod reply;
mod server;

pub use reply::{ChatRequest, MockReply, RecordedRequest};
pub use server::{MockOptions, MockServer};
