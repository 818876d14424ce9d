//! The raw outcome of a run: per document, per system (each scorer and the vote), what came out.
//!
//! This is what every report, metric, comparison and merge is computed from.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tagvote_core::{DocId, ScoredDoc, Tag, TagIdx};

use crate::run::Shard;

/// Name of the vote's system in records and reports.
pub const VOTE_SYSTEM: &str = "vote";

/// Current schema of run records (and the JSON report that embeds one).
pub const RECORD_SCHEMA_VERSION: u32 = 1;

/// What one system produced for one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum DocResult {
    Ok {
        #[serde(flatten)]
        scored: ScoredDoc,
        /// Wall time spent on this document by this system, in ms (timing field).
        latency_ms: f64,
    },
    Failed {
        error: String,
    },
    /// The system was not run on this document (e.g. a cascade saved the call).
    Skipped {
        reason: String,
    },
}

impl DocResult {
    /// The chosen tags, empty for failures and skips.
    pub fn tags(&self) -> Vec<TagIdx> {
        match self {
            DocResult::Ok { scored, .. } => scored.tag_indices(),
            _ => Vec::new(),
        }
    }

    pub fn scored(&self) -> Option<&ScoredDoc> {
        match self {
            DocResult::Ok { scored, .. } => Some(scored),
            _ => None,
        }
    }
}

/// One document's results across systems, with its gold labels when known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocRecord {
    pub id: DocId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gold: Option<Vec<TagIdx>>,
    /// Keyed by system name (scorer names and `vote`).
    pub results: BTreeMap<String, DocResult>,
}

/// A record rejected while reading inputs (counted as failed in reports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputFailure {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub message: String,
}

/// Everything a run produced, in corpus order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub schema_version: u32,
    /// The taxonomy as used (ids and trimmed names), so reports are self-contained.
    pub taxonomy: Vec<Tag>,
    pub taxonomy_hash: String,
    pub dataset_hash: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gold_hash: Option<String>,
    /// The systems in display order: scorers in the order given, then `vote`.
    pub systems: Vec<String>,
    /// Everything that determines the output: scorer configs, vote, seed, flags.
    pub config: serde_json::Value,
    /// The part of the corpus this run covered (`--shard I/N`); `None` for the whole corpus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git_commit: Option<String>,
    pub docs: Vec<DocRecord>,
    #[serde(default)]
    pub input_failures: Vec<InputFailure>,
    /// Scorers that could not run at all, with the reason.
    #[serde(default)]
    pub skipped_systems: BTreeMap<String, String>,
    /// Wall-clock seconds per system for the whole run (timing field).
    #[serde(default)]
    pub wall_seconds: BTreeMap<String, f64>,
}
