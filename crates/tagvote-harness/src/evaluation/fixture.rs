//! Synthetic run records for tests (made-up tags and ids, no real documents).

use std::collections::BTreeMap;

use tagvote_core::{DocId, ScoreMeta, ScoredDoc, Tag, TagIdx, TagScore};

use crate::record::{DocRecord, DocResult, RunRecord, RECORD_SCHEMA_VERSION};

pub(crate) const TAGS: [&str; 6] = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];

/// Gold of document `i`: two tags, or none for every tenth document; the last document has no gold row.
pub(crate) fn gold(i: usize, n: usize) -> Option<Vec<TagIdx>> {
    match i {
        _ if i + 1 == n => None,
        _ if i % 10 == 9 => Some(Vec::new()),
        _ => Some(vec![(i % 6) as TagIdx, ((i + 2) % 6) as TagIdx]),
    }
}

/// `n` documents; system `(name, right)` predicts the gold for the first `right` documents and a
/// wrong tag after. `keyword` fails on document 1; `llm` reports costs and hits its cache on every
/// fourth document. Latencies are `(i + 1) * latency_scale` ms.
pub(crate) fn record(n: usize, systems: &[(&str, usize)], latency_scale: f64) -> RunRecord {
    let docs = (0..n)
        .map(|i| DocRecord {
            id: if i % 2 == 0 {
                DocId::from(i as u64)
            } else {
                DocId::Str(format!("d{i}"))
            },
            gold: gold(i, n),
            results: systems
                .iter()
                .map(|(name, right)| (name.to_string(), result(name, i, i < *right, n, latency_scale)))
                .collect(),
        })
        .collect();
    RunRecord {
        schema_version: RECORD_SCHEMA_VERSION,
        taxonomy: TAGS
            .iter()
            .enumerate()
            .map(|(i, t)| Tag {
                id: 10 + i as i64,
                name: t.to_string(),
            })
            .collect(),
        taxonomy_hash: "t0a1b2c3d4e5f6".into(),
        dataset_hash: "d0a1b2c3d4e5f6".into(),
        gold_hash: Some("g0a1b2c3d4e5f6".into()),
        systems: systems.iter().map(|(s, _)| s.to_string()).collect(),
        config: serde_json::json!({"seed": 7}),
        shard: None,
        git_commit: Some("0123456789abcdef".into()),
        docs,
        input_failures: Vec::new(),
        skipped_systems: BTreeMap::new(),
        wall_seconds: systems
            .iter()
            .map(|(s, _)| (s.to_string(), n as f64 * latency_scale / 100.0))
            .collect(),
    }
}

fn result(system: &str, i: usize, right: bool, n: usize, latency_scale: f64) -> DocResult {
    if system == "keyword" && i == 1 {
        return DocResult::Failed {
            error: "Synthetic failure".into(),
        };
    }
    let gold = gold(i, n).unwrap_or_default();
    let tags: Vec<TagIdx> = if right { gold } else { vec![((i + 3) % 6) as TagIdx] };
    let mut scored = ScoredDoc {
        tags: tags.iter().map(|&tag| TagScore { tag, score: 0.8 }).collect(),
        ..ScoredDoc::default()
    };
    if system == "llm" {
        scored.meta = ScoreMeta {
            cache_hit: i % 4 == 0,
            input_tokens: 100,
            output_tokens: 10,
            cost: 0.001,
            attempts: 1,
            ..ScoreMeta::default()
        };
    }
    DocResult::Ok {
        scored,
        latency_ms: (i + 1) as f64 * latency_scale,
    }
}
