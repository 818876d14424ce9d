//! Sentence-embedding scorer of tagvote: all-MiniLM-L6-v2 run on the CPU by a forward pass of its own
//! over the system OpenBLAS, with the sentence-transformers recipe (WordPiece, 256 tokens, masked mean
//! pooling, L2 norm), README windows, tag prototypes and neighbours, and an on-disk embedding cache.

pub mod bert;
pub mod blas;
pub mod blas_core;
pub mod cache;
pub mod catalog;
pub mod clean;
pub mod docvec;
pub mod encoder;
pub mod error;
pub mod features;
pub mod fetch;
pub mod fit;
pub mod linear;
pub mod model_dir;
pub mod ops;
pub mod part;
pub mod prototypes;
pub mod relative;
pub mod scorer;
pub mod tokenize;
pub mod weights;
pub mod wheel;

pub use docvec::{DocEmbedder, DocVector, WindowOptions};
pub use encoder::{Encoder, EncoderOptions};
pub use error::EmbedError;
pub use fetch::{fetch, FetchOptions, FetchOutcome};
pub use fit::FitOptions;
pub use scorer::{EmbedScorer, EmbedScorerConfig};
