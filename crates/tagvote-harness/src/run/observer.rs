//! What the pipeline tells the outside world while it runs (progress bars, notices).

use tagvote_core::Document;

/// Receives progress and problems as the run goes; the binary draws bars and prints notices.
/// Every method has a no-op default.
pub trait RunObserver: Send + Sync {
    /// The run starts with these systems (scorers in order, then the vote).
    fn started(&self, _systems: &[String]) {}

    /// `docs` more documents went through `system` (run, skipped by the cascade, or failed).
    fn advanced(&self, _system: &str, _docs: u64) {}

    /// A document was read and goes to the scorers (called on the reader's thread, in corpus order).
    fn document_read(&self, _doc: &Document) {}

    /// A record of the input was rejected; `message` names the file, line and fix.
    fn input_failed(&self, _message: &str) {}

    /// A system failed on one document; the run goes on.
    fn doc_failed(&self, _system: &str, _id: &str, _message: &str) {}

    /// The run is over (all outputs written).
    fn finished(&self) {}
}

/// An observer that ignores everything.
#[derive(Debug, Default, Clone, Copy)]
pub struct SilentObserver;

impl RunObserver for SilentObserver {}
