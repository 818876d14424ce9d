//! The majority vote: a tag wins when enough scorers propose it; ties go to the higher mean score.

use tagvote_core::{ScoredDoc, TagIdx, TagScore, MAX_TAGS};

use super::selection::{candidate_tags, proposes};
use super::{trivial_vote, VoteStrategy};

/// A tag wins with at least `min_votes` scorers proposing it (0: half of those that answered,
/// rounded up); winners are ranked by votes, then by the mean score over the scorers that answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Majority {
    pub min_votes: usize,
}

impl Majority {
    pub fn new(min_votes: usize) -> Self {
        Majority { min_votes }
    }

    /// Votes needed among `answered` scorers (never more than answered).
    pub fn votes_needed(&self, answered: usize) -> usize {
        let needed = if self.min_votes == 0 {
            answered.div_ceil(2)
        } else {
            self.min_votes
        };
        needed.clamp(1, answered.max(1))
    }
}

struct Tally {
    tag: TagIdx,
    votes: usize,
    mean_score: f32,
}

fn tally(results: &[(&str, &ScoredDoc)], tag: TagIdx) -> Tally {
    let votes = results.iter().filter(|(_, d)| proposes(d, tag)).count();
    let sum: f32 = results.iter().map(|(_, d)| d.score_of(tag)).sum();
    Tally {
        tag,
        votes,
        mean_score: sum / results.len() as f32,
    }
}

impl VoteStrategy for Majority {
    fn name(&self) -> &str {
        "majority"
    }

    fn config(&self) -> serde_json::Value {
        serde_json::json!({"strategy": "majority", "min_votes": self.min_votes})
    }

    fn combine(&self, results: &[(&str, &ScoredDoc)]) -> ScoredDoc {
        if let Some(doc) = trivial_vote(results) {
            return doc;
        }
        let needed = self.votes_needed(results.len());
        let mut tallies: Vec<Tally> = candidate_tags(results).into_iter().map(|t| tally(results, t)).collect();
        tallies.sort_by(|a, b| {
            b.votes
                .cmp(&a.votes)
                .then(b.mean_score.total_cmp(&a.mean_score))
                .then(a.tag.cmp(&b.tag))
        });
        let score = |t: &Tally| TagScore {
            tag: t.tag,
            score: t.mean_score,
        };
        ScoredDoc {
            tags: tallies
                .iter()
                .filter(|t| t.votes >= needed)
                .take(MAX_TAGS)
                .map(score)
                .collect(),
            scores: tallies.iter().map(score).collect(),
            meta: Default::default(),
        }
    }
}
