//! What a scorer returns for one document, and the seed's output line `{"id":…,"tags":[…]}`.

use serde::{Deserialize, Serialize};

use crate::document::DocId;
use crate::taxonomy::{TagIdx, Taxonomy};

/// The most tags a document may receive.
pub const MAX_TAGS: usize = 3;

/// A tag with a confidence in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TagScore {
    pub tag: TagIdx,
    pub score: f32,
}

/// Cost and provenance of one scored document (filled by scorers that have them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreMeta {
    /// Answered from a cache without new work.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cache_hit: bool,
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub input_tokens: u64,
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub output_tokens: u64,
    /// Cost in the configured currency unit.
    #[serde(default, skip_serializing_if = "is_zero_f64")]
    pub cost: f64,
    /// Requests made (including retries).
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub attempts: u32,
    /// Wall time the scorer itself measured, when it knows better than the harness (ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
    /// Scorer-specific detail (raw answer, parse outcome, cut point...), kept in reports.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub detail: serde_json::Value,
}

fn is_zero_u64(v: &u64) -> bool {
    *v == 0
}
fn is_zero_u32(v: &u32) -> bool {
    *v == 0
}
fn is_zero_f64(v: &f64) -> bool {
    *v == 0.0
}

/// A scorer's result for one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoredDoc {
    /// The chosen tags, at most `MAX_TAGS`, most confident first.
    pub tags: Vec<TagScore>,
    /// Per-tag scores in `[0, 1]` for the candidates the scorer considered (any order,
    /// may include the chosen tags); used by the vote and for calibration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scores: Vec<TagScore>,
    #[serde(default, skip_serializing_if = "is_default_meta")]
    pub meta: ScoreMeta,
}

fn is_default_meta(m: &ScoreMeta) -> bool {
    *m == ScoreMeta::default()
}

impl ScoredDoc {
    /// Picks at most `MAX_TAGS` of `scores` at or above `threshold`, best first
    /// (ties broken by taxonomy order, so results are deterministic).
    pub fn from_scores(mut scores: Vec<TagScore>, threshold: f32) -> Self {
        sort_scores(&mut scores);
        let tags = scores
            .iter()
            .filter(|s| s.score >= threshold && s.score > 0.0)
            .take(MAX_TAGS)
            .copied()
            .collect();
        ScoredDoc {
            tags,
            scores,
            meta: ScoreMeta::default(),
        }
    }

    /// The chosen tag indices, best first.
    pub fn tag_indices(&self) -> Vec<TagIdx> {
        self.tags.iter().map(|t| t.tag).collect()
    }

    /// Score of a tag among `scores` (or `tags`), 0 when absent.
    pub fn score_of(&self, tag: TagIdx) -> f32 {
        self.scores
            .iter()
            .chain(self.tags.iter())
            .find(|s| s.tag == tag)
            .map_or(0.0, |s| s.score)
    }
}

/// Sorts by score descending, then by tag index, with NaN last.
pub fn sort_scores(scores: &mut [TagScore]) {
    scores.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or_else(|| a.score.is_nan().cmp(&b.score.is_nan()))
            .then(a.tag.cmp(&b.tag))
    });
}

/// How tags are written in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TagFormat {
    /// `"compiler"` (the seed's shape).
    #[default]
    Name,
    /// `61`
    Id,
    /// `{"id":61,"name":"compiler"}`
    Object,
}

/// One output line in the seed's shape: `{"id":"3930","tags":["compiler","runtime","lib"]}`.
pub fn output_line(id: &DocId, tags: &[TagIdx], taxonomy: &Taxonomy, format: TagFormat) -> String {
    let tags: Vec<serde_json::Value> = tags
        .iter()
        .take(MAX_TAGS)
        .map(|&t| {
            let tag = taxonomy.tag(t);
            match format {
                TagFormat::Name => serde_json::Value::from(tag.name.as_str()),
                TagFormat::Id => serde_json::Value::from(tag.id),
                TagFormat::Object => serde_json::json!({"id": tag.id, "name": tag.name}),
            }
        })
        .collect();
    #[derive(Serialize)]
    struct Line<'a> {
        id: &'a DocId,
        tags: Vec<serde_json::Value>,
    }
    serde_json::to_string(&Line { id, tags }).expect("an id and tag names always serialise")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn taxonomy() -> Taxonomy {
        Taxonomy::from_json_bytes(
            br#"[{"id":61,"name":"compiler"},{"id":65,"name":"runtime"},{"id":33,"name":"lib"},{"id":4,"name":"cli"}]"#,
            Path::new("t"),
        )
        .unwrap()
    }

    #[test]
    fn output_matches_the_seed_shape() {
        let t = taxonomy();
        let id = DocId::from("3930");
        assert_eq!(
            output_line(&id, &[0, 1, 2], &t, TagFormat::Name),
            r#"{"id":"3930","tags":["compiler","runtime","lib"]}"#
        );
        assert_eq!(
            output_line(&DocId::from(7), &[3], &t, TagFormat::Id),
            r#"{"id":7,"tags":[4]}"#
        );
        assert_eq!(
            output_line(&id, &[3], &t, TagFormat::Object),
            r#"{"id":"3930","tags":[{"id":4,"name":"cli"}]}"#
        );
    }

    #[test]
    fn output_never_has_more_than_three_tags() {
        let line = output_line(&DocId::from("x"), &[0, 1, 2, 3], &taxonomy(), TagFormat::Name);
        assert_eq!(line, r#"{"id":"x","tags":["compiler","runtime","lib"]}"#);
    }

    #[test]
    fn from_scores_picks_best_three_above_threshold() {
        let s = |tag, score| TagScore { tag, score };
        let doc = ScoredDoc::from_scores(vec![s(0, 0.2), s(1, 0.9), s(2, 0.5), s(3, 0.5), s(4, 0.7)], 0.3);
        assert_eq!(doc.tag_indices(), vec![1, 4, 2]);
        let none = ScoredDoc::from_scores(vec![s(0, 0.2)], 0.3);
        assert!(none.tags.is_empty());
        assert_eq!(none.score_of(0), 0.2);
    }
}
