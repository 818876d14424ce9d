//! Multi-label metrics as scikit-learn defines them with `zero_division=0`: micro, macro and
//! samples-averaged precision/recall/F1, exact match and per-tag counts.
//!
//! Inputs are `DocOutcome`s (gold and predicted tag sets of one document); a failed or skipped
//! document is an outcome with an empty prediction.

mod kind;
mod labels;
mod macro_avg;
mod micro;
mod per_tag;
mod samples;
mod summary;

pub use kind::MetricKind;
pub use labels::DocOutcome;
pub use macro_avg::macro_average;
pub use micro::micro_average;
pub(crate) use per_tag::{accumulate, counts_of};
pub use per_tag::{per_tag_counts, TagCounts};
pub use samples::{exact_match, samples_average};
pub use summary::Metrics;
pub use tagvote_core::counts::{ratio, Counts, Prf};
