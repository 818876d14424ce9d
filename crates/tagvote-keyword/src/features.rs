//! From a README to evidence: Markdown segments weighted by kind, lexicon hits per tag and
//! weighted counts of known terms, in one automaton pass and one token pass per segment.

use serde::{Deserialize, Serialize};
use tagvote_core::markdown::{segments, SegmentKind};

use crate::matcher::PhraseMatcher;
use crate::tokens::{for_each_term, Vocabulary};

/// How much an occurrence counts in each part of a README.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SegmentWeights {
    pub title: f32,
    pub lead: f32,
    pub heading: f32,
    pub body: f32,
    pub code: f32,
    pub boilerplate: f32,
    /// Body text this many characters into the README counts half (0: no decay).
    #[serde(default)]
    pub decay_chars: f32,
    /// Weight of each kind cue a README shows (`crate::cues`: install commands, import lines, CLI
    /// usage, `docker run`, screenshots, downloads), counted as a pseudo-term (0: not counted).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub kind_cues: f32,
    /// Weight of the words of a README's self-description (`crate::definition`: "curl is a
    /// command-line tool …"), counted as pseudo-terms of their own (0: not counted).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub definition: f32,
}

impl Default for SegmentWeights {
    fn default() -> Self {
        SegmentWeights {
            title: 3.0,
            lead: 2.0,
            heading: 1.5,
            body: 1.0,
            code: 0.1,
            boilerplate: 0.0,
            decay_chars: 6000.0,
            kind_cues: 0.0,
            definition: 0.0,
        }
    }
}

fn is_zero(w: &f32) -> bool {
    *w == 0.0
}

impl SegmentWeights {
    /// Weight of a segment of `kind` starting `offset` cleaned characters into the README.
    pub fn of(&self, kind: SegmentKind, offset: usize) -> f32 {
        let decay = if self.decay_chars > 0.0 {
            self.decay_chars / (self.decay_chars + offset as f32)
        } else {
            1.0
        };
        match kind {
            SegmentKind::Title => self.title,
            SegmentKind::Lead => self.lead,
            SegmentKind::Heading => self.heading * decay,
            SegmentKind::Body => self.body * decay,
            SegmentKind::Code => self.code * decay,
            SegmentKind::Boilerplate => self.boilerplate,
        }
    }
}

/// Reusable buffers for one document's evidence (no allocation once warm).
#[derive(Debug, Default)]
pub struct Scratch {
    /// Per tag: `ln(1 + positive) - ln(1 + negative)` lexicon evidence.
    pub lexicon: Vec<f32>,
    /// Known terms seen: (feature index, weighted count), in first-seen order.
    pub terms: Vec<(u32, f32)>,
    /// The document is a single line (a one-line description, not a README).
    pub short: bool,
    positive: Vec<f32>,
    negative: Vec<f32>,
    pattern_tf: Vec<f32>,
    patterns_seen: Vec<u32>,
    term_slot: Vec<u32>,
}

/// Whether a text is a one-line description rather than a README.
pub fn is_short(text: &str) -> bool {
    !text.trim().contains('\n')
}

/// Turns texts into evidence for a taxonomy of `n_tags` tags.
#[derive(Debug, Clone)]
pub struct Extractor {
    pub matcher: PhraseMatcher,
    pub weights: SegmentWeights,
    pub n_tags: usize,
    /// Known terms (empty without a fitted model).
    pub vocabulary: Vocabulary,
}

impl Extractor {
    /// Visits the weighted segments of `text`: `f(weight, segment_text)`.
    pub fn for_each_segment(&self, text: &str, mut f: impl FnMut(f32, &str)) {
        let short = is_short(text);
        let mut offset = 0;
        let segs = segments(text);
        for seg in &segs {
            let weight = if short {
                self.weights.lead
            } else {
                self.weights.of(seg.kind, offset)
            };
            offset += seg.text.len();
            if weight > 0.0 {
                f(weight, &seg.text);
            }
        }
        if !short && self.weights.kind_cues > 0.0 {
            crate::cues::kind_cues(text, &segs)
                .into_iter()
                .for_each(|cue| f(self.weights.kind_cues, cue));
        }
        if !short && self.weights.definition > 0.0 {
            let terms = crate::definition::definition_terms(&segs);
            if !terms.is_empty() {
                f(self.weights.definition, &terms);
            }
        }
    }

    /// Fills `scratch` with the evidence of `text`.
    pub fn extract(&self, text: &str, scratch: &mut Scratch) {
        self.reset(scratch);
        scratch.short = is_short(text);
        let Scratch {
            pattern_tf,
            patterns_seen,
            terms,
            term_slot,
            ..
        } = scratch;
        self.for_each_segment(text, |weight, seg| {
            self.matcher.for_each_match(seg, |p| {
                if pattern_tf[p] == 0.0 {
                    patterns_seen.push(p as u32);
                }
                pattern_tf[p] += weight;
            });
            if !self.vocabulary.is_empty() {
                count_terms(&self.vocabulary, seg, weight, terms, term_slot);
            }
        });
        self.fold_lexicon(scratch);
    }

    fn reset(&self, scratch: &mut Scratch) {
        for &p in &scratch.patterns_seen {
            scratch.pattern_tf[p as usize] = 0.0;
        }
        scratch.patterns_seen.clear();
        scratch.pattern_tf.resize(self.matcher.len(), 0.0);
        for &(f, _) in &scratch.terms {
            scratch.term_slot[f as usize] = u32::MAX;
        }
        scratch.terms.clear();
        scratch.term_slot.resize(self.vocabulary.len(), u32::MAX);
        for v in [&mut scratch.lexicon, &mut scratch.positive, &mut scratch.negative] {
            v.clear();
            v.resize(self.n_tags, 0.0);
        }
    }

    /// Saturates each phrase's count (`ln(1 + count)`) and sums the cues per tag.
    fn fold_lexicon(&self, scratch: &mut Scratch) {
        for &p in &scratch.patterns_seen {
            let hits = (1.0 + scratch.pattern_tf[p as usize]).ln();
            for cue in self.matcher.cues(p as usize) {
                let t = cue.tag as usize;
                if cue.weight > 0.0 {
                    scratch.positive[t] += cue.weight * hits;
                } else {
                    scratch.negative[t] -= cue.weight * hits;
                }
            }
        }
        for t in 0..self.n_tags {
            scratch.lexicon[t] = scratch.positive[t].ln_1p() - scratch.negative[t].ln_1p();
        }
    }
}

fn count_terms(vocabulary: &Vocabulary, seg: &str, weight: f32, terms: &mut Vec<(u32, f32)>, slot: &mut [u32]) {
    for_each_term(seg, |hash, _, _| {
        if let Some(f) = vocabulary.get(hash) {
            let s = &mut slot[f as usize];
            if *s == u32::MAX {
                *s = terms.len() as u32;
                terms.push((f, 0.0));
            }
            terms[*s as usize].1 += weight;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments_of(weights: SegmentWeights, text: &str) -> Vec<(f32, String)> {
        let extractor = Extractor {
            matcher: PhraseMatcher::new(Default::default()).unwrap(),
            weights,
            n_tags: 0,
            vocabulary: Vocabulary::default(),
        };
        let mut out = Vec::new();
        extractor.for_each_segment(text, |w, s| out.push((w, s.to_string())));
        out
    }

    /// `pseudo` is visited for `readme` with weights `on`, and neither without them nor in a
    /// one-liner saying the same.
    fn assert_only_weighted_readmes(on: SegmentWeights, readme: &str, one_liner: &str, pseudo: (f32, &str)) {
        let pseudo = (pseudo.0, pseudo.1.to_string());
        assert!(segments_of(on, readme).contains(&pseudo), "{readme:?}");
        assert!(!segments_of(SegmentWeights::default(), readme).contains(&pseudo));
        let prefix = &pseudo.1[..5];
        assert!(!segments_of(on, one_liner).iter().any(|(_, s)| s.starts_with(prefix)));
    }

    #[test]
    fn kind_cues_and_the_definition_are_visited_only_when_weighted_and_only_in_readmes() {
        let cues = SegmentWeights {
            kind_cues: 2.0,
            ..SegmentWeights::default()
        };
        let readme = "# t\n\nA tool.\n\n```\ncargo install t\n```\n";
        assert_only_weighted_readmes(
            cues,
            readme,
            "t: a tool, `cargo install t`",
            (2.0, "zzcueglobalinstall"),
        );
        let definition = SegmentWeights {
            definition: 4.0,
            ..SegmentWeights::default()
        };
        let readme = "# t\n\nT is a command-line tool for files.\n";
        let words = (4.0, "zzdefcommand zzdefline zzdeftool");
        assert_only_weighted_readmes(definition, readme, "t: a command-line tool", words);
    }
}
