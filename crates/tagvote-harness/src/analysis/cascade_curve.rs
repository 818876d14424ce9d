//! Simulating the cascade from a run where every scorer ran: expensive calls saved versus micro-F1.

use tagvote_core::{Counts, ScoredDoc, TagIdx};

use super::coverage::answer;
use super::{AnalysisOptions, CascadeCurve, CascadePoint};
use crate::record::RunRecord;
use crate::vote::{build, Majority, VoteStrategy};

/// The expensive scorer: `--cascade-expensive` when it ran, else the last scorer.
fn expensive_scorer(scorers: &[String], opts: &AnalysisOptions) -> String {
    let wanted = &opts.vote_options.cascade_expensive;
    if scorers.contains(wanted) {
        wanted.clone()
    } else {
        scorers.last().cloned().unwrap_or_default()
    }
}

/// The vote the cascade wraps (the inner vote of `cascade`); majority when it cannot be built.
fn inner_vote(opts: &AnalysisOptions) -> Box<dyn VoteStrategy> {
    let name = if opts.vote.trim().eq_ignore_ascii_case("cascade") {
        &opts.vote_options.cascade_inner
    } else {
        &opts.vote
    };
    build(name, &opts.vote_options, opts.vote_model.as_ref())
        .unwrap_or_else(|_| Box::new(Majority::new(opts.vote_options.min_votes)))
}

/// One document of the simulation: gold, the cheap vote's confidence, both votes' tags.
struct Simulated {
    gold: Vec<TagIdx>,
    confidence: f32,
    cheap: Vec<TagIdx>,
    full: Vec<TagIdx>,
}

/// The curve over `opts.cascade_thresholds`; `None` without two scorers or documents to simulate.
pub(super) fn simulate(record: &RunRecord, scorers: &[String], opts: &AnalysisOptions) -> Option<CascadeCurve> {
    if scorers.len() < 2 {
        return None;
    }
    let expensive = expensive_scorer(scorers, opts);
    let inner = inner_vote(opts);
    let sims: Vec<Simulated> = record
        .docs
        .iter()
        .filter_map(|doc| {
            let gold = doc.gold.clone()?;
            let all: Vec<(&str, &ScoredDoc)> = scorers
                .iter()
                .map(|s| answer(doc, s).map(|a| (s.as_str(), a)))
                .collect::<Option<_>>()?;
            let cheap: Vec<(&str, &ScoredDoc)> = all.iter().filter(|(s, _)| *s != expensive).copied().collect();
            let cheap_vote = inner.combine(&cheap);
            Some(Simulated {
                gold,
                confidence: cheap_vote.tags.first().map_or(0.0, |t| t.score),
                cheap: cheap_vote.tag_indices(),
                full: inner.combine(&all).tag_indices(),
            })
        })
        .collect();
    if sims.is_empty() {
        return None;
    }
    let f1_with = |call: &dyn Fn(&Simulated) -> bool| {
        let mut counts = Counts::default();
        sims.iter()
            .for_each(|s| counts.add(if call(s) { &s.full } else { &s.cheap }, &s.gold, 1.0));
        counts.f1()
    };
    let points = opts
        .cascade_thresholds
        .iter()
        .map(|&threshold| {
            let calls = sims.iter().filter(|s| s.confidence < threshold).count();
            CascadePoint {
                threshold,
                calls,
                calls_saved: sims.len() - calls,
                micro_f1: f1_with(&|s: &Simulated| s.confidence < threshold),
            }
        })
        .collect();
    Some(CascadeCurve {
        vote: inner.name().to_string(),
        cheap: scorers.iter().filter(|s| **s != expensive).cloned().collect(),
        expensive,
        docs: sims.len(),
        f1_always: f1_with(&|_| true),
        f1_never: f1_with(&|_| false),
        points,
    })
}
