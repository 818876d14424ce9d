//! The keyword scorer of tagvote: a hand-written lexicon of cue phrases per tag, matched in one
//! Aho-Corasick pass over the Markdown segments of a README, plus per-tag logistic weights over
//! unigrams and bigrams learned by `fit`.
//!
//! Without a model the lexicon alone scores; with one, the lexicon evidence is one learned
//! feature among the terms.

pub mod cues;
pub mod definition;
pub mod error;
pub mod features;
pub mod fit;
pub mod lexicon;
pub mod matcher;
pub mod model;
pub mod scorer;
pub mod select;
pub mod tokens;
pub mod train;
pub mod tune;

mod encoding;

pub use error::KeywordError;
pub use features::SegmentWeights;
pub use fit::FitParams;
pub use lexicon::{Lexicon, BUILTIN_LEXICON};
pub use model::KeywordModel;
pub use scorer::{KeywordConfig, KeywordScorer, LexiconScoring};
pub use select::Selection;
pub use train::TrainParams;
