//! Matching two runs' documents by id: the outcomes of one system on the documents with gold in both.

use std::collections::HashMap;

use crate::metrics::DocOutcome;
use crate::record::{DocRecord, RunRecord};

/// One system's outcomes in both runs, aligned on the same documents (base order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairedRuns {
    pub system: String,
    pub ids: Vec<String>,
    pub base: Vec<DocOutcome>,
    pub new: Vec<DocOutcome>,
}

impl PairedRuns {
    /// Documents with gold in both runs; a missing, failed or skipped result is an empty prediction.
    pub fn new(base: &RunRecord, new: &RunRecord, system: &str) -> PairedRuns {
        let by_id: HashMap<String, &DocRecord> = new.docs.iter().map(|d| (d.id.key(), d)).collect();
        let mut paired = PairedRuns {
            system: system.to_string(),
            ..PairedRuns::default()
        };
        for b in &base.docs {
            let key = b.id.key();
            let Some(n) = by_id.get(&key) else { continue };
            let (Some(bg), Some(ng)) = (&b.gold, &n.gold) else {
                continue;
            };
            paired.base.push(DocOutcome::new(bg, &tags(b, system)));
            paired.new.push(DocOutcome::new(ng, &tags(n, system)));
            paired.ids.push(key);
        }
        paired
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

fn tags(doc: &DocRecord, system: &str) -> Vec<tagvote_core::TagIdx> {
    doc.results.get(system).map(|r| r.tags()).unwrap_or_default()
}
