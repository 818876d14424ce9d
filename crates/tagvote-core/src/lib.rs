//! The shared vocabulary of tagvote: taxonomy, documents, gold labels, predictions and the `Scorer` trait.
//!
//! Scorer crates depend on this crate alone; the harness and the binary build on it.

pub mod corpus;
pub mod counts;
pub mod document;
pub mod error;
pub mod folder;
pub mod gold;
pub mod hash;
pub mod linalg;
pub mod markdown;
pub mod model;
pub mod paths;
pub mod prediction;
pub mod scorer;
pub mod taxonomy;

pub use corpus::{CorpusOptions, CorpusReader, CorpusSource};
pub use counts::{Counts, Prf};
pub use document::{DocId, Document};
pub use error::{CoreError, InputError};
pub use gold::{Gold, GoldProblem};
pub use model::ModelBundle;
pub use prediction::{ScoreMeta, ScoredDoc, TagFormat, TagScore, MAX_TAGS};
pub use scorer::{ScoreError, Scorer, ScorerKind, TrainSet};
pub use taxonomy::{Tag, TagIdx, Taxonomy};
