//! SHA-256 helpers used for taxonomy, dataset, model and cache keys.

use sha2::{Digest, Sha256};

/// Hex SHA-256 of a byte string.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// An incremental hasher over a sequence of length-prefixed fields, so that
/// `("ab", "c")` and `("a", "bc")` hash differently.
#[derive(Clone, Default)]
pub struct FieldHasher {
    inner: Sha256,
}

impl FieldHasher {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.inner.update((bytes.len() as u64).to_le_bytes());
        self.inner.update(bytes);
        self
    }

    pub fn finish_hex(self) -> String {
        hex::encode(self.inner.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_boundaries_change_the_hash() {
        let mut a = FieldHasher::new();
        a.field(b"ab").field(b"c");
        let mut b = FieldHasher::new();
        b.field(b"a").field(b"bc");
        assert_ne!(a.finish_hex(), b.finish_hex());
    }

    #[test]
    fn sha256_of_empty_is_the_known_value() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
