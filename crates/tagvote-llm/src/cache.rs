//! Content-addressed on-disk cache of validated answers, written atomically (temp file + rename).
//! Only answers that parsed are stored; errors never are. Entries hold no secrets.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use tagvote_core::hash::FieldHasher;
use tagvote_core::Tag;

/// Bump when the entry format or key fields change.
const CACHE_FORMAT: &str = "tagvote-llm-cache-v1";

/// How the scorer uses the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CacheMode {
    /// Read hits, store misses.
    #[default]
    Use,
    /// Ignore stored answers, store fresh ones.
    Refresh,
    /// Neither read nor write.
    Off,
    /// Read only; a miss fails the document and nothing touches the network.
    Replay,
}

impl CacheMode {
    pub fn reads(self) -> bool {
        matches!(self, CacheMode::Use | CacheMode::Replay)
    }

    pub fn writes(self) -> bool {
        matches!(self, CacheMode::Use | CacheMode::Refresh)
    }

    /// Whether the endpoint's profile (what it refused, its context) is read at start.
    pub(crate) fn reads_profile(self) -> bool {
        self != CacheMode::Off
    }
}

/// The hex key of one request: SHA-256 over everything that determines the answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey(pub String);

impl CacheKey {
    /// Hashes the fields in order (length-prefixed, so boundaries matter).
    pub fn from_fields(fields: &[&str]) -> Self {
        let mut hasher = FieldHasher::new();
        hasher.field(CACHE_FORMAT.as_bytes());
        for field in fields {
            hasher.field(field.as_bytes());
        }
        CacheKey(hasher.finish_hex())
    }
}

/// A stored, validated answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedAnswer {
    /// The chosen tags in order (ids and names, re-resolved against the taxonomy on read).
    pub tags: Vec<Tag>,
    /// The per-document detail recorded when the answer was made (raw answer, parse outcome…).
    pub detail: serde_json::Value,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub attempts: u32,
}

/// The cache directory `<root>/llm/` with entries `<key[..2]>/<key>.json`.
#[derive(Debug, Clone)]
pub struct LlmCache {
    dir: PathBuf,
    mode: CacheMode,
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl LlmCache {
    pub fn new(root: &Path, mode: CacheMode) -> Self {
        LlmCache {
            dir: root.join("llm"),
            mode,
        }
    }

    pub fn mode(&self) -> CacheMode {
        self.mode
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, key: &CacheKey) -> PathBuf {
        let prefix = key.0.get(..2).unwrap_or("00");
        self.dir.join(prefix).join(format!("{}.json", key.0))
    }

    /// The stored answer, when the mode reads and a readable entry exists.
    pub fn get(&self, key: &CacheKey) -> Option<CachedAnswer> {
        if !self.mode.reads() {
            return None;
        }
        let bytes = std::fs::read(self.path(key)).ok()?;
        match serde_json::from_slice(&bytes) {
            Ok(entry) => Some(entry),
            Err(e) => {
                tracing::warn!(key = %key.0, "Ignoring unreadable LLM cache entry: {e}");
                None
            }
        }
    }

    /// Stores an answer when the mode writes; a failure is logged, never fatal.
    pub fn put(&self, key: &CacheKey, entry: &CachedAnswer) {
        if !self.mode.writes() {
            return;
        }
        if let Err(e) = self.write_atomic(&self.path(key), entry) {
            tracing::warn!(dir = %self.dir.display(), "Cannot write the LLM cache: {e}; answers are not cached");
        }
    }

    fn write_atomic(&self, path: &Path, entry: &CachedAnswer) -> std::io::Result<()> {
        let parent = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent)?;
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = parent.join(format!(".tmp-{}-{n}", std::process::id()));
        let bytes = serde_json::to_vec_pretty(entry).map_err(std::io::Error::other)?;
        let written = std::fs::File::create(&temp).and_then(|mut f| {
            f.write_all(&bytes)?;
            f.sync_all()
        });
        match written.and_then(|()| std::fs::rename(&temp, path)) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> CachedAnswer {
        CachedAnswer {
            tags: vec![Tag {
                id: 4,
                name: "cli".into(),
            }],
            detail: serde_json::json!({"raw_answer": "x"}),
            input_tokens: 3,
            output_tokens: 1,
            attempts: 1,
        }
    }

    #[test]
    fn modes_gate_reads_and_writes() {
        let dir = tempfile::tempdir().unwrap();
        let key = CacheKey::from_fields(&["a", "b"]);
        LlmCache::new(dir.path(), CacheMode::Off).put(&key, &entry());
        assert_eq!(LlmCache::new(dir.path(), CacheMode::Use).get(&key), None);
        LlmCache::new(dir.path(), CacheMode::Refresh).put(&key, &entry());
        assert_eq!(LlmCache::new(dir.path(), CacheMode::Refresh).get(&key), None);
        assert_eq!(LlmCache::new(dir.path(), CacheMode::Replay).get(&key), Some(entry()));
    }

    #[test]
    fn keys_depend_on_field_boundaries() {
        assert_ne!(CacheKey::from_fields(&["ab", "c"]), CacheKey::from_fields(&["a", "bc"]));
    }
}
