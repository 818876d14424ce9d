//! Deterministic sharding of a corpus by a stable hash of each document id (`--shard I/N`).

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};
use tagvote_core::DocId;

/// One shard out of `count`, numbered from 0: `0/4`, `1/4`, `2/4`, `3/4` cover a corpus.
/// Written as `"I/N"` in run records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Whether a document belongs to this shard: the first 8 bytes of SHA-256 of the id's
    /// text form, as a big-endian integer, modulo `count`. Stable across machines and runs.
    pub fn contains(&self, id: &DocId) -> bool {
        shard_of(&id.key(), self.count) == self.index
    }
}

/// The shard (0-based) a document id key falls into among `count` shards.
pub fn shard_of(key: &str, count: u32) -> u32 {
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(first) % u64::from(count.max(1))) as u32
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let usage = || format!("Invalid shard `{s}`; expected `I/N` with 0 <= I < N, e.g. `0/4` (shards count from 0)");
        let (i, n) = s.split_once('/').ok_or_else(usage)?;
        let index: u32 = i.trim().parse().map_err(|_| usage())?;
        let count: u32 = n.trim().parse().map_err(|_| usage())?;
        if count == 0 || index >= count {
            return Err(usage());
        }
        Ok(Shard { index, count })
    }
}

impl TryFrom<String> for Shard {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Shard> for String {
    fn from(shard: Shard) -> String {
        shard.to_string()
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_zero_based_shards_and_rejects_the_rest() {
        assert_eq!("1/4".parse::<Shard>(), Ok(Shard { index: 1, count: 4 }));
        for bad in ["4/4", "1/0", "x/2", "3", "-1/2", ""] {
            let err = bad.parse::<Shard>().unwrap_err();
            assert!(err.contains("`I/N`"), "{bad}: {err}");
        }
    }

    #[test]
    fn every_id_falls_in_exactly_one_shard() {
        let ids: Vec<DocId> = (0..200).map(|i| DocId::from(format!("doc-{i}").as_str())).collect();
        let mut sizes = [0; 3];
        for id in &ids {
            let owners: Vec<u32> = (0..3).filter(|&i| Shard { index: i, count: 3 }.contains(id)).collect();
            assert_eq!(owners.len(), 1);
            sizes[owners[0] as usize] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 40), "{sizes:?}");
    }

    #[test]
    fn shard_depends_on_the_id_text_only() {
        let s = Shard { index: 0, count: 7 };
        assert_eq!(s.contains(&DocId::from("42")), s.contains(&DocId::from(42)));
        assert_eq!(shard_of("abc", 7), shard_of("abc", 7));
    }
}
