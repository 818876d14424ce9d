//! The hand-written lexicon: cue phrases with weights and negative cues per tag, loaded from JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tagvote_core::{TagIdx, Taxonomy};

use crate::error::KeywordError;
use crate::matcher::{Cue, PhraseMatcher};

/// The lexicon shipped with the crate (`data/lexicon.json`).
pub const BUILTIN_LEXICON: &str = include_str!("../data/lexicon.json");

/// Largest weight a phrase may carry.
pub const MAX_WEIGHT: f32 = 10.0;

/// Cues of one tag: phrase → weight, and negative phrase → weight (subtracted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagCues {
    #[serde(default)]
    pub phrases: BTreeMap<String, f32>,
    #[serde(default)]
    pub negative: BTreeMap<String, f32>,
}

#[derive(Deserialize)]
struct LexiconFile {
    version: u32,
    #[serde(default, rename = "note")]
    _note: String,
    tags: BTreeMap<String, TagCues>,
}

/// Cue phrases for tags, keyed by tag name.
#[derive(Debug, Clone, PartialEq)]
pub struct Lexicon {
    tags: BTreeMap<String, TagCues>,
}

impl Lexicon {
    /// The lexicon shipped with the crate.
    pub fn builtin() -> Result<Self, KeywordError> {
        Self::from_json(BUILTIN_LEXICON)
    }

    /// Parses and checks a lexicon: version 1, lower-case ASCII phrases, weights in `(0, 10]`.
    pub fn from_json(text: &str) -> Result<Self, KeywordError> {
        let file: LexiconFile = serde_json::from_str(text).map_err(|e| KeywordError::Lexicon(e.to_string()))?;
        if file.version != 1 {
            return Err(KeywordError::Lexicon(format!(
                "version `{}` is not the supported `1`",
                file.version
            )));
        }
        let problems: Vec<String> = file.tags.iter().flat_map(|(tag, cues)| check_cues(tag, cues)).collect();
        if !problems.is_empty() {
            return Err(KeywordError::Lexicon(problems.join("; ")));
        }
        Ok(Lexicon { tags: file.tags })
    }

    /// The cues of a tag, by trimmed name.
    pub fn cues(&self, tag: &str) -> Option<&TagCues> {
        self.tags.get(tag.trim())
    }

    /// Tag names the lexicon has entries for.
    pub fn tag_names(&self) -> impl Iterator<Item = &str> {
        self.tags.keys().map(String::as_str)
    }

    /// Taxonomy tags with no cue phrase at all.
    pub fn missing(&self, taxonomy: &Taxonomy) -> Vec<TagIdx> {
        taxonomy
            .indices()
            .filter(|&t| self.cues(taxonomy.name(t)).is_none_or(|c| c.phrases.is_empty()))
            .collect()
    }

    /// Builds the matcher for the tags of `taxonomy`; entries for other tags are ignored.
    pub fn compile(&self, taxonomy: &Taxonomy) -> Result<PhraseMatcher, KeywordError> {
        let mut cues: BTreeMap<String, Vec<Cue>> = BTreeMap::new();
        for tag in taxonomy.indices() {
            let Some(tag_cues) = self.cues(taxonomy.name(tag)) else {
                continue;
            };
            let signed = tag_cues
                .phrases
                .iter()
                .map(|(p, &w)| (p, w))
                .chain(tag_cues.negative.iter().map(|(p, &w)| (p, -w)));
            for (phrase, weight) in signed {
                for variant in variants(phrase) {
                    cues.entry(variant).or_default().push(Cue { tag, weight });
                }
            }
        }
        PhraseMatcher::new(cues)
    }
}

/// A phrase and, when it has spaces, its hyphenated spelling (`command line` → `command-line`).
fn variants(phrase: &str) -> Vec<String> {
    let phrase = phrase.trim().to_string();
    if phrase.contains(' ') {
        let hyphenated = phrase.replace(' ', "-");
        vec![phrase, hyphenated]
    } else {
        vec![phrase]
    }
}

fn check_cues(tag: &str, cues: &TagCues) -> Vec<String> {
    let all = cues.phrases.iter().chain(cues.negative.iter());
    all.filter_map(|(phrase, &weight)| {
        let bad_phrase = phrase.trim().is_empty() || !phrase.is_ascii() || phrase.to_ascii_lowercase() != *phrase;
        let bad_weight = !(weight > 0.0 && weight <= MAX_WEIGHT);
        (bad_phrase || bad_weight).then(|| {
            format!("tag `{tag}` phrase `{phrase}` weight `{weight}`: phrases must be non-empty lower-case ASCII, weights in (0, {MAX_WEIGHT}]")
        })
    })
    .collect()
}
