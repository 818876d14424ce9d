//! One Aho-Corasick automaton over every cue phrase, matched case-folded on word boundaries.

use std::collections::BTreeMap;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA as DFA;
use aho_corasick::{Anchored, MatchKind};
use tagvote_core::TagIdx;

use crate::error::KeywordError;

/// What one phrase says about one tag (`weight < 0` for a negative cue).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cue {
    pub tag: TagIdx,
    pub weight: f32,
}

/// The compiled phrases: pattern `i` carries `cues[starts[i]..starts[i + 1]]`.
#[derive(Debug, Clone)]
pub struct PhraseMatcher {
    automaton: Option<WordAnchored>,
    phrases: Vec<String>,
    starts: Vec<u32>,
    cues: Vec<Cue>,
}

impl PhraseMatcher {
    /// Builds the automaton from phrase → cues (phrases lower-case ASCII).
    pub fn new(by_phrase: BTreeMap<String, Vec<Cue>>) -> Result<Self, KeywordError> {
        let mut phrases = Vec::with_capacity(by_phrase.len());
        let mut starts = vec![0u32];
        let mut cues = Vec::new();
        for (phrase, list) in by_phrase {
            phrases.push(phrase);
            cues.extend(list);
            starts.push(cues.len() as u32);
        }
        let automaton = if phrases.is_empty() {
            None
        } else {
            let dfa = DFA::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&phrases)
                .map_err(|e| KeywordError::Lexicon(format!("cannot build the phrase automaton: {e}")))?;
            let start = dfa
                .start_state(Anchored::Yes)
                .map_err(|e| KeywordError::Lexicon(format!("cannot start the phrase automaton: {e}")))?;
            Some(WordAnchored::new(dfa, start, &phrases))
        };
        Ok(PhraseMatcher {
            automaton,
            phrases,
            starts,
            cues,
        })
    }

    /// Number of distinct phrases.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The phrase of pattern `i`.
    pub fn phrase(&self, i: usize) -> &str {
        &self.phrases[i]
    }

    /// The cues of pattern `i`.
    pub fn cues(&self, i: usize) -> &[Cue] {
        &self.cues[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// Calls `f(pattern)` for every occurrence of a phrase that stands on word boundaries (no
    /// ASCII letter or digit right before or after it), so `api` in `rapid` never counts.
    /// The automaton is run anchored at each word start and each punctuation byte (phrases like
    /// `.net` start there); the longest phrase starting there that ends on a boundary wins, and
    /// the scan resumes after it.
    pub fn for_each_match(&self, text: &str, mut f: impl FnMut(usize)) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            let word_start = is_word_byte(b) && (at == 0 || !is_word_byte(bytes[at - 1]));
            if word_start || b.is_ascii_punctuation() {
                if let Some((pattern, end)) = automaton.longest_at(bytes, at) {
                    f(pattern);
                    at = end;
                    continue;
                }
            }
            at += 1;
        }
    }
}

/// Byte classes of the prefix filter: 0 for anything but an ASCII letter or digit.
const CLASSES: usize = 37;

#[inline]
fn class(b: u8) -> usize {
    match b {
        b'0'..=b'9' => (b - b'0') as usize + 1,
        b'a'..=b'z' => (b - b'a') as usize + 11,
        b'A'..=b'Z' => (b - b'A') as usize + 11,
        _ => 0,
    }
}

/// Index of the first three bytes at `at` (past the end counts as class 0).
#[inline]
fn prefix_key(bytes: &[u8], at: usize) -> usize {
    let c = |i: usize| bytes.get(at + i).map_or(0, |&b| class(b));
    (c(0) * CLASSES + c(1)) * CLASSES + c(2)
}

/// The prefix keys a text may show where `phrase` matches. A phrase shorter than three bytes
/// that ends in a letter or digit must be followed by a non-word byte (class 0); one that ends
/// in punctuation may be followed by anything.
fn phrase_keys(phrase: &[u8]) -> Vec<usize> {
    let mut keys = vec![0usize];
    for i in 0..3 {
        let classes: Vec<usize> = match phrase.get(i) {
            Some(&b) => vec![class(b)],
            None if phrase.last().is_some_and(|&b| is_word_byte(b)) => vec![0],
            None => (0..CLASSES).collect(),
        };
        keys = keys
            .iter()
            .flat_map(|k| classes.iter().map(move |c| k * CLASSES + c))
            .collect();
    }
    keys
}

/// An automaton run anchored at one position at a time, behind a filter of the phrases'
/// first three byte classes that rules out most positions without touching the automaton.
#[derive(Debug, Clone)]
struct WordAnchored {
    dfa: DFA,
    start: StateID,
    prefixes: Vec<u64>,
}

impl WordAnchored {
    fn new(dfa: DFA, start: StateID, phrases: &[String]) -> Self {
        let mut prefixes = vec![0u64; (CLASSES * CLASSES * CLASSES).div_ceil(64)];
        for phrase in phrases {
            for key in phrase_keys(phrase.as_bytes()) {
                prefixes[key / 64] |= 1 << (key % 64);
            }
        }
        WordAnchored { dfa, start, prefixes }
    }

    /// The longest phrase starting at `at` that also ends on a word boundary: (pattern, end).
    #[inline]
    fn longest_at(&self, bytes: &[u8], at: usize) -> Option<(usize, usize)> {
        let key = prefix_key(bytes, at);
        if self.prefixes[key / 64] & (1 << (key % 64)) == 0 {
            return None;
        }
        let mut sid = self.start;
        let mut best = None;
        for i in at..bytes.len() {
            sid = self.dfa.next_state(Anchored::Yes, sid, bytes[i]);
            if self.dfa.is_special(sid) {
                if self.dfa.is_dead(sid) {
                    break;
                }
                if self.dfa.is_match(sid) && on_word_boundaries(bytes, at, i + 1) {
                    best = Some((self.dfa.match_pattern(sid, 0).as_usize(), i + 1));
                }
            }
        }
        best
    }
}

#[inline]
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// Whether `bytes[start..end]` is not glued to a letter or digit on either side. A phrase that
/// itself starts or ends with punctuation (`.net`, `c++`) only needs the other side clear.
#[inline]
fn on_word_boundaries(bytes: &[u8], start: usize, end: usize) -> bool {
    let first_is_word = is_word_byte(bytes[start]);
    let last_is_word = is_word_byte(bytes[end - 1]);
    let before_ok = start == 0 || !first_is_word || !is_word_byte(bytes[start - 1]);
    let after_ok = end == bytes.len() || !last_is_word || !is_word_byte(bytes[end]);
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(phrases: &[&str]) -> PhraseMatcher {
        let map = phrases
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    p.to_string(),
                    vec![Cue {
                        tag: i as TagIdx,
                        weight: 1.0,
                    }],
                )
            })
            .collect();
        PhraseMatcher::new(map).unwrap()
    }

    fn found(m: &PhraseMatcher, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        m.for_each_match(text, |p| out.push(m.phrase(p).to_string()));
        out
    }

    #[test]
    fn matches_stand_on_word_boundaries_and_fold_case() {
        let m = matcher(&["api", "ai", "rest api", ".jl", "ci/cd", "x"]);
        assert_eq!(found(&m, "rapid maintainers"), Vec::<String>::new());
        assert_eq!(found(&m, "A REST API, an Api; AI-first"), ["rest api", "api", "ai"]);
        assert_eq!(found(&m, "Flux.jl runs CI/CD with x."), [".jl", "ci/cd", "x"]);
        assert_eq!(found(&m, "ai"), ["ai"]);
    }

    #[test]
    fn the_longest_phrase_on_a_boundary_wins() {
        let m = matcher(&["go", "go get"]);
        assert_eq!(found(&m, "go getter"), ["go"]);
        assert_eq!(found(&m, "go get it"), ["go get"]);
    }

    #[test]
    fn an_empty_matcher_finds_nothing() {
        let m = PhraseMatcher::new(BTreeMap::new()).unwrap();
        assert!(m.is_empty());
        assert!(found(&m, "anything").is_empty());
    }
}
