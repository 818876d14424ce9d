//! The corpus order: each valid document's position, read back from the corpus itself.

use std::collections::HashMap;

use tagvote_core::{CorpusReader, DocId};

/// Position of every valid document of a corpus, and the corpus's dataset hash.
#[derive(Debug, Clone, Default)]
pub struct CorpusOrder {
    positions: HashMap<String, u64>,
    dataset_hash: String,
}

impl CorpusOrder {
    /// Reads the corpus to the end; rejected records are skipped, as a run skips them.
    pub fn read(mut corpus: CorpusReader) -> CorpusOrder {
        let mut positions = HashMap::new();
        for doc in corpus.by_ref().flatten() {
            let next = positions.len() as u64;
            positions.entry(doc.id.key()).or_insert(next);
        }
        CorpusOrder {
            positions,
            dataset_hash: corpus.dataset_hash(),
        }
    }

    /// An order from ids listed in corpus order (tests, callers that know the order).
    pub fn from_ids<'a>(ids: impl IntoIterator<Item = &'a DocId>, dataset_hash: &str) -> CorpusOrder {
        let mut positions = HashMap::new();
        for id in ids {
            let next = positions.len() as u64;
            positions.entry(id.key()).or_insert(next);
        }
        CorpusOrder {
            positions,
            dataset_hash: dataset_hash.to_string(),
        }
    }

    /// Position of a document (by id text form), `None` when the corpus lacks it.
    pub fn position(&self, key: &str) -> Option<u64> {
        self.positions.get(key).copied()
    }

    /// Valid documents in the corpus.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Hash over the ids and texts of the valid documents, as a run records it.
    pub fn dataset_hash(&self) -> &str {
        &self.dataset_hash
    }
}
