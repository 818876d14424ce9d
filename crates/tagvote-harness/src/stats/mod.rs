//! Statistics on per-document results: bootstrap confidence intervals, paired significance tests
//! (paired bootstrap and approximate randomisation) and quantiles, all with a seeded RNG.

mod bootstrap;
mod doc_stats;
mod paired;
mod quantile;
mod rng;

pub use bootstrap::{bootstrap_interval, Interval};
pub use paired::{paired_test, PairedTest};
pub use quantile::quantile;
pub use rng::SplitMix64;

use serde::{Deserialize, Serialize};

/// The default seed of every resampling (any fixed value gives reproducible reports).
pub const DEFAULT_SEED: u64 = 0x7461_6776_6f74_6531;

/// How many resamples and which seed the statistics use.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StatsOptions {
    /// Bootstrap resamples for confidence intervals and the paired bootstrap (`--bootstrap`).
    pub resamples: usize,
    /// Shuffles for approximate randomisation.
    pub permutations: usize,
    pub seed: u64,
    /// Confidence level of intervals (0.95).
    pub level: f64,
}

impl Default for StatsOptions {
    fn default() -> Self {
        StatsOptions {
            resamples: 1000,
            permutations: 1000,
            seed: DEFAULT_SEED,
            level: 0.95,
        }
    }
}
