//! On-disk embedding cache: one append-only file per model (`<cache>/embed/<model sha>/windows.bin`)
//! mapping a key (hash of the model, the windowing settings and the text) to the text's window vectors.
//! A record cut short by a crash is ignored; records are appended in one write each.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::error::EmbedError;

const MAGIC: &[u8; 8] = b"TVEMB01\n";

/// What a cache entry is looked up by: SHA-256 of length-prefixed fields.
pub type CacheKey = [u8; 32];

/// Hashes the fields that decide a text's vectors.
pub fn cache_key(fields: &[&[u8]]) -> CacheKey {
    let mut h = Sha256::new();
    for f in fields {
        h.update((f.len() as u64).to_le_bytes());
        h.update(f);
    }
    h.finalize().into()
}

/// Window vectors per key, loaded from disk at open and appended to as texts are embedded.
pub struct EmbeddingCache {
    path: PathBuf,
    dim: usize,
    entries: Mutex<HashMap<CacheKey, Vec<Vec<f32>>>>,
    file: Mutex<Option<File>>,
}

impl EmbeddingCache {
    /// Opens (creating) the cache of the model `model_sha` under `root` for vectors of `dim` numbers.
    pub fn open(root: &Path, model_sha: &str, dim: usize) -> Result<Self, EmbedError> {
        let dir = root.join("embed").join(&model_sha[..model_sha.len().min(16)]);
        std::fs::create_dir_all(&dir).map_err(|e| EmbedError::io(&dir, e))?;
        let path = dir.join("windows.bin");
        let entries = match std::fs::read(&path) {
            Ok(bytes) if bytes.starts_with(MAGIC) => parse_records(&bytes[MAGIC.len()..], dim),
            Ok(_) => HashMap::new(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashMap::new(),
            Err(e) => return Err(EmbedError::io(&path, e)),
        };
        Ok(EmbeddingCache {
            path,
            dim,
            entries: Mutex::new(entries),
            file: Mutex::new(None),
        })
    }

    /// The file the cache lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Number of cached texts.
    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The window vectors cached for `key`.
    pub fn get(&self, key: &CacheKey) -> Option<Vec<Vec<f32>>> {
        self.entries.lock().ok()?.get(key).cloned()
    }

    /// Stores the window vectors of `key` in memory and appends them to the file.
    pub fn put(&self, key: CacheKey, windows: Vec<Vec<f32>>) -> Result<(), EmbedError> {
        let record = encode_record(&key, &windows, self.dim);
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(key, windows);
        }
        let mut file = self
            .file
            .lock()
            .map_err(|_| EmbedError::Fetch("cache lock poisoned".into()))?;
        if file.is_none() {
            *file = Some(self.open_for_append()?);
        }
        let f = file.as_mut().expect("opened above");
        f.write_all(&record).map_err(|e| EmbedError::io(&self.path, e))
    }

    fn open_for_append(&self) -> Result<File, EmbedError> {
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| EmbedError::io(&self.path, e))?;
        let len = f.metadata().map_err(|e| EmbedError::io(&self.path, e))?.len();
        if len == 0 {
            f.write_all(MAGIC).map_err(|e| EmbedError::io(&self.path, e))?;
        }
        Ok(f)
    }
}

/// `key (32) | windows (u32) | windows × dim f32`, little-endian.
fn encode_record(key: &CacheKey, windows: &[Vec<f32>], dim: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(36 + windows.len() * dim * 4);
    out.extend_from_slice(key);
    out.extend_from_slice(&(windows.len() as u32).to_le_bytes());
    for w in windows {
        assert_eq!(w.len(), dim, "vector width differs from the cache's");
        for x in w {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
    out
}

fn parse_records(mut bytes: &[u8], dim: usize) -> HashMap<CacheKey, Vec<Vec<f32>>> {
    let mut entries = HashMap::new();
    while bytes.len() >= 36 {
        let key: CacheKey = bytes[..32].try_into().expect("32 bytes");
        let count = u32::from_le_bytes(bytes[32..36].try_into().expect("4 bytes")) as usize;
        let size = count * dim * 4;
        let Some(body) = bytes.get(36..36 + size) else {
            break; // a record cut short: ignore it and what follows
        };
        let floats: Vec<f32> = body
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().expect("4")))
            .collect();
        entries.insert(key, floats.chunks(dim).map(<[f32]>::to_vec).collect());
        bytes = &bytes[36 + size..];
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_survive_reopening_and_a_torn_tail_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let cache = EmbeddingCache::open(dir.path(), "abcdef", 2).unwrap();
        let (k1, k2) = (cache_key(&[b"a"]), cache_key(&[b"b"]));
        cache.put(k1, vec![vec![1.0, 2.0], vec![3.0, 4.0]]).unwrap();
        cache.put(k2, vec![]).unwrap();
        let path = cache.path().to_path_buf();
        drop(cache);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(&[7u8; 40]).unwrap();
        let back = EmbeddingCache::open(dir.path(), "abcdef", 2).unwrap();
        assert_eq!(back.get(&k1), Some(vec![vec![1.0, 2.0], vec![3.0, 4.0]]));
        assert_eq!(back.get(&k2), Some(vec![]));
        assert_eq!(back.len(), 2);
    }

    #[test]
    fn keys_separate_fields() {
        assert_ne!(cache_key(&[b"ab", b"c"]), cache_key(&[b"a", b"bc"]));
    }
}
