//! What to label next (`tagvote suggest`): per-document features of the scorers' outputs and the
//! vote, an expected-F1 model fitted on training data, the ranking with its reasons, the lift of a
//! ranking against gold, and the JSONL and Markdown outputs.

pub mod features;
pub mod fit;
pub mod lift;
pub mod measure;
pub mod model;
pub mod output;
pub mod rank;
pub mod training;

pub use model::{ExpectedF1Model, SUGGEST_PART};
pub use rank::{rank, Suggestion};
