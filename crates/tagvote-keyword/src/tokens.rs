//! Word tokens and hashed unigram/bigram terms: ASCII letters and digits, case-folded, no allocation.

/// Tokens longer than this (hashes, base64, URLs' leftovers) are skipped.
pub const MAX_TOKEN_LEN: usize = 24;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Calls `f(start, end, hash)` for every kept token of `text`, in order. A token is a run
/// of ASCII letters and digits; all-digit tokens and overlong tokens are skipped.
pub fn for_each_token(text: &str, mut f: impl FnMut(usize, usize, u64)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let mut hash = FNV_OFFSET;
        let mut has_letter = false;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            let b = bytes[i].to_ascii_lowercase();
            has_letter |= b.is_ascii_lowercase();
            hash = (hash ^ u64::from(b)).wrapping_mul(FNV_PRIME);
            i += 1;
        }
        if has_letter && i - start <= MAX_TOKEN_LEN {
            f(start, i, hash);
        }
    }
}

/// Hash of the bigram `first second` from the two unigram hashes (order matters).
#[inline]
pub fn bigram_hash(first: u64, second: u64) -> u64 {
    first.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29) ^ second.wrapping_add(0x632b_e59b_d9b4_e019)
}

/// Calls `f(hash, start, end)` for every unigram and bigram of `text` (a bigram spans both
/// tokens, so `&text[start..end]` shows it).
pub fn for_each_term(text: &str, mut f: impl FnMut(u64, usize, usize)) {
    let mut prev: Option<(usize, u64)> = None;
    for_each_token(text, |start, end, hash| {
        f(hash, start, end);
        if let Some((prev_start, prev_hash)) = prev {
            f(bigram_hash(prev_hash, hash), prev_start, end);
        }
        prev = Some((start, hash));
    });
}

/// The canonical form of a term as stored in a model: its tokens, lower-case, one space apart.
pub fn canonical_term(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for_each_token(raw, |start, end, _| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&raw[start..end].to_ascii_lowercase());
    });
    out
}

/// Hash of a stored term (`word` or `word word`); `None` unless it has one or two tokens.
pub fn term_hash(term: &str) -> Option<u64> {
    let mut hashes = [0u64; 2];
    let mut n = 0;
    for_each_token(term, |_, _, h| {
        if n < 2 {
            hashes[n] = h;
        }
        n += 1;
    });
    match n {
        1 => Some(hashes[0]),
        2 => Some(bigram_hash(hashes[0], hashes[1])),
        _ => None,
    }
}

/// A `HashMap` hasher for keys that are already good 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub struct PrehashedHasher(u64);

impl std::hash::Hasher for PrehashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Build-hasher for maps keyed by term hashes.
pub type PrehashedState = std::hash::BuildHasherDefault<PrehashedHasher>;

/// Term hash → feature index.
pub type TermIndex = std::collections::HashMap<u64, u32, PrehashedState>;

/// Bits of the membership filter in front of the term index (32 KiB).
const FILTER_BITS: u32 = 18;

/// Known terms: a term index behind a one-bit-per-hash filter, so the many unknown terms of a
/// text (most bigrams) are ruled out without a table lookup.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    index: TermIndex,
    filter: Vec<u64>,
}

impl Vocabulary {
    pub fn new(index: TermIndex) -> Self {
        let mut filter = vec![0u64; (1usize << FILTER_BITS) / 64];
        for &hash in index.keys() {
            let bit = filter_bit(hash);
            filter[bit / 64] |= 1 << (bit % 64);
        }
        Vocabulary { index, filter }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The feature index of a term hash.
    #[inline]
    pub fn get(&self, hash: u64) -> Option<u32> {
        let bit = filter_bit(hash);
        if self
            .filter
            .get(bit / 64)
            .is_none_or(|word| word & (1 << (bit % 64)) == 0)
        {
            return None;
        }
        self.index.get(&hash).copied()
    }
}

impl FromIterator<(u64, u32)> for Vocabulary {
    fn from_iter<I: IntoIterator<Item = (u64, u32)>>(iter: I) -> Self {
        Vocabulary::new(iter.into_iter().collect())
    }
}

#[inline]
fn filter_bit(hash: u64) -> usize {
    (hash >> (64 - FILTER_BITS)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_term(text, |_, s, e| out.push(canonical_term(&text[s..e])));
        out
    }

    #[test]
    fn tokens_are_case_folded_and_digits_skipped() {
        assert_eq!(
            terms("Fast HTTP-server 2024"),
            ["fast", "http", "fast http", "server", "http server"]
        );
        assert_eq!(term_hash("HTTP server"), term_hash("http  server"));
        assert_ne!(term_hash("server http"), term_hash("http server"));
        assert_eq!(term_hash("a b c"), None);
    }
}
