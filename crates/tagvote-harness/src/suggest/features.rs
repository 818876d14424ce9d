//! What a document's scorer outputs and vote say about how likely the vote is wrong: scorer
//! disagreement, the vote's margin and probabilities, the number of tags, the document's length.

use tagvote_core::{ScoredDoc, TagIdx};

use crate::analysis::jaccard;
use crate::metrics::ratio;

/// The feature names, in the order `features` returns them.
pub const FEATURES: [&str; 13] = [
    "disagreement",
    "margin",
    "top_probability",
    "mean_chosen_probability",
    "expected_f1_of_scores",
    "tags",
    "vote_agreement",
    "log_length",
    "sum_probability",
    "second_probability",
    "first_tags_agree",
    "empty_scorers",
    "weakest_scorer_top",
];

/// Index of `disagreement` and of `margin` in `FEATURES` (the one-signal rankings).
pub const DISAGREEMENT: usize = 0;
pub const MARGIN: usize = 1;

/// The features of one document: the scorers' outputs, the vote's output and the text length in bytes.
pub fn features(scorers: &[(&str, &ScoredDoc)], vote: &ScoredDoc, text_bytes: usize) -> Vec<f64> {
    let chosen: Vec<f64> = vote.tags.iter().map(|t| prob(t.score)).collect();
    let mut sorted: Vec<f64> = all_scores(vote).iter().map(|&(_, p)| p).collect();
    let candidates: f64 = sorted.iter().sum();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let vote_tags = vote.tag_indices();
    let agreement: Vec<f64> = scorers
        .iter()
        .map(|(_, d)| jaccard(&d.tag_indices(), &vote_tags))
        .collect();
    let firsts: Vec<Option<TagIdx>> = scorers.iter().map(|(_, d)| d.tags.first().map(|t| t.tag)).collect();
    let tops: Vec<f64> = scorers
        .iter()
        .map(|(_, d)| d.tags.first().map_or(0.0, |t| prob(t.score)))
        .collect();
    vec![
        disagreement(scorers),
        margin(vote),
        chosen.first().copied().unwrap_or(0.0),
        mean(&chosen),
        ratio(2.0 * chosen.iter().sum::<f64>(), chosen.len() as f64 + candidates),
        chosen.len() as f64,
        mean(&agreement),
        (1.0 + text_bytes as f64).ln(),
        candidates,
        sorted.get(1).copied().unwrap_or(0.0),
        f64::from(u8::from(firsts.windows(2).all(|w| w[0] == w[1]))),
        ratio(
            firsts.iter().filter(|f| f.is_none()).count() as f64,
            firsts.len() as f64,
        ),
        tops.iter().copied().fold(f64::INFINITY, f64::min).min(1.0),
    ]
}

/// 1 minus the mean Jaccard similarity of every pair of scorers' tag sets (0 with one scorer).
pub fn disagreement(scorers: &[(&str, &ScoredDoc)]) -> f64 {
    let sets: Vec<Vec<TagIdx>> = scorers.iter().map(|(_, d)| d.tag_indices()).collect();
    let mut pairs = Vec::new();
    for (i, a) in sets.iter().enumerate() {
        pairs.extend(sets[i + 1..].iter().map(|b| jaccard(a, b)));
    }
    if pairs.is_empty() {
        0.0
    } else {
        1.0 - mean(&pairs)
    }
}

/// The weakest chosen tag's probability minus the best unchosen one's (minus the best when none chosen).
pub fn margin(vote: &ScoredDoc) -> f64 {
    let chosen = vote.tag_indices();
    let weakest = vote.tags.iter().map(|t| prob(t.score)).fold(f64::INFINITY, f64::min);
    let best_other = all_scores(vote)
        .iter()
        .filter(|(t, _)| !chosen.contains(t))
        .map(|&(_, p)| p)
        .fold(0.0, f64::max);
    if chosen.is_empty() {
        -best_other
    } else {
        weakest - best_other
    }
}

/// Every candidate's probability: the chosen tags and the other scored candidates, once each.
fn all_scores(vote: &ScoredDoc) -> Vec<(TagIdx, f64)> {
    let mut out: Vec<(TagIdx, f64)> = vote.tags.iter().map(|t| (t.tag, prob(t.score))).collect();
    for s in &vote.scores {
        if !out.iter().any(|(t, _)| *t == s.tag) {
            out.push((s.tag, prob(s.score)));
        }
    }
    out
}

fn prob(score: f32) -> f64 {
    if score.is_finite() {
        f64::from(score).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

fn mean(v: &[f64]) -> f64 {
    ratio(v.iter().sum(), v.len() as f64)
}

#[cfg(test)]
mod tests {
    use tagvote_core::TagScore;

    use super::*;

    fn doc(tags: &[(TagIdx, f32)], others: &[(TagIdx, f32)]) -> ScoredDoc {
        let ts = |v: &[(TagIdx, f32)]| v.iter().map(|&(tag, score)| TagScore { tag, score }).collect();
        ScoredDoc {
            tags: ts(tags),
            scores: ts(others),
            ..ScoredDoc::default()
        }
    }

    #[test]
    fn hand_computed_features() {
        let a = doc(&[(1, 0.9), (2, 0.8)], &[]);
        let b = doc(&[(1, 0.7), (3, 0.6)], &[]);
        let vote = doc(&[(1, 0.8), (2, 0.5)], &[(1, 0.8), (2, 0.5), (3, 0.3)]);
        let f = features(&[("a", &a), ("b", &b)], &vote, 99);
        // Jaccard(a, b) = 1/3; margin 0.5 - 0.3; expected F1 2 * 1.3 / (2 + 1.6).
        let expected = [
            2.0 / 3.0,
            0.2,
            0.8,
            0.65,
            2.6 / 3.6,
            2.0,
            (1.0 + 1.0 / 3.0) / 2.0,
            100f64.ln(),
        ];
        for (i, (got, want)) in f.iter().zip(expected).enumerate() {
            assert!((got - want).abs() < 1e-6, "{}: {got} != {want}", FEATURES[i]);
        }
    }

    #[test]
    fn an_empty_vote_has_a_negative_margin_and_one_scorer_no_disagreement() {
        let a = doc(&[(1, 0.9)], &[]);
        let vote = doc(&[], &[(4, 0.4)]);
        assert!((margin(&vote) + 0.4).abs() < 1e-6);
        assert_eq!(disagreement(&[("a", &a)]), 0.0);
    }
}
