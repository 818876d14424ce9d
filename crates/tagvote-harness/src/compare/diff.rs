//! What changed for one system: every metric (paired, with p-values), tags that got worse, and
//! documents whose tags flipped.

use serde::{Deserialize, Serialize};

use super::{CompareError, CompareOptions, PairedRuns};
use crate::metrics::{per_tag_counts, DocOutcome, MetricKind, TagCounts};
use crate::report::ReportFile;
use crate::stats::{paired_test, Interval, StatsOptions};

/// One metric in both runs, on the documents both measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricChange {
    pub metric: MetricKind,
    pub base: f64,
    pub new: f64,
    /// `new - base`.
    pub delta: f64,
    /// Each report's own bootstrap interval (micro-F1 only).
    pub base_ci: Option<Interval>,
    pub new_ci: Option<Interval>,
    /// Paired bootstrap: share of resamples where the base is not better than the new run
    /// (computed for micro-F1 and gated metrics only).
    pub p_bootstrap: Option<f64>,
    /// Approximate randomisation, two-sided (micro-F1 and gated metrics only).
    pub p_randomisation: Option<f64>,
    pub gated: bool,
    pub regressed: bool,
}

/// A tag whose F1 changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagChange {
    pub tag: String,
    /// Gold support in the new run's paired documents.
    pub support: u32,
    pub base_f1: f64,
    pub new_f1: f64,
    pub delta: f64,
}

/// A document whose predicted tags differ between the runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlippedDoc {
    pub id: String,
    pub gold: Vec<String>,
    pub base: Vec<String>,
    pub new: Vec<String>,
    /// Correct tags before and after.
    pub base_correct: u32,
    pub new_correct: u32,
}

/// One system's comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemComparison {
    pub system: String,
    pub gated: bool,
    /// Documents with gold in both runs (the paired sample).
    pub documents: usize,
    pub metrics: Vec<MetricChange>,
    /// Tags whose F1 changed, worst drop first.
    pub tags: Vec<TagChange>,
    /// Documents whose tags changed, those that lost most correct tags first.
    pub flipped: Vec<FlippedDoc>,
}

impl SystemComparison {
    pub(super) fn compute(
        base: &ReportFile,
        new: &ReportFile,
        paired: &PairedRuns,
        gated: bool,
        opts: &CompareOptions,
    ) -> Result<SystemComparison, CompareError> {
        let system = paired.system.clone();
        if paired.is_empty() {
            return Err(CompareError::NoCommonDocuments { system });
        }
        let n_tags = new.run.taxonomy.len().max(base.run.taxonomy.len());
        let ctx = Context {
            base,
            new,
            paired,
            gated,
            n_tags,
            opts,
        };
        let metrics = MetricKind::ALL.iter().map(|&kind| ctx.metric_change(kind)).collect();
        Ok(SystemComparison {
            gated,
            documents: paired.len(),
            metrics,
            tags: tag_changes(new, &paired.base, &paired.new, n_tags),
            flipped: flips(new, paired),
            system,
        })
    }
}

/// What every metric of one system is compared with.
struct Context<'a> {
    base: &'a ReportFile,
    new: &'a ReportFile,
    paired: &'a PairedRuns,
    gated: bool,
    n_tags: usize,
    opts: &'a CompareOptions,
}

impl Context<'_> {
    fn metric_change(&self, kind: MetricKind) -> MetricChange {
        let gated = self.gated && self.opts.gate.metrics.contains(&kind);
        let tested = gated || kind == MetricKind::MicroF1;
        let stats = if tested {
            self.opts.stats
        } else {
            StatsOptions {
                resamples: 0,
                permutations: 0,
                ..self.opts.stats
            }
        };
        let test = paired_test(&self.paired.base, &self.paired.new, kind, self.n_tags, &stats);
        let ci = |r: &ReportFile| {
            let s = r.evaluation.system(&self.paired.system)?;
            (kind == MetricKind::MicroF1).then_some(s.micro_f1_ci).flatten()
        };
        MetricChange {
            metric: kind,
            base: test.a,
            new: test.b,
            delta: test.b - test.a,
            base_ci: ci(self.base),
            new_ci: ci(self.new),
            p_bootstrap: tested.then_some(test.p_bootstrap),
            p_randomisation: tested.then_some(test.p_randomisation),
            regressed: gated && self.opts.gate.is_regression(&test),
            gated,
        }
    }
}

fn tag_changes(new: &ReportFile, base_docs: &[DocOutcome], new_docs: &[DocOutcome], n_tags: usize) -> Vec<TagChange> {
    let (before, after) = (per_tag_counts(base_docs, n_tags), per_tag_counts(new_docs, n_tags));
    let find = |v: &[TagCounts], tag| v.iter().find(|c| c.tag == tag).copied().unwrap_or_default();
    let mut tags: Vec<u16> = before.iter().chain(&after).map(|c| c.tag).collect();
    tags.sort_unstable();
    tags.dedup();
    let mut changes: Vec<TagChange> = tags
        .into_iter()
        .map(|tag| {
            let (b, a) = (find(&before, tag), find(&after, tag));
            TagChange {
                tag: new.tag_name(tag),
                support: a.support,
                base_f1: b.f1,
                new_f1: a.f1,
                delta: a.f1 - b.f1,
            }
        })
        .filter(|c| c.delta != 0.0)
        .collect();
    changes.sort_by(|x, y| x.delta.total_cmp(&y.delta).then_with(|| x.tag.cmp(&y.tag)));
    changes
}

fn flips(new: &ReportFile, paired: &PairedRuns) -> Vec<FlippedDoc> {
    let names = |tags: &[u16]| tags.iter().map(|&t| new.tag_name(t)).collect::<Vec<_>>();
    let mut flipped: Vec<FlippedDoc> = paired
        .ids
        .iter()
        .zip(paired.base.iter().zip(&paired.new))
        .filter(|(_, (b, n))| b.pred != n.pred)
        .map(|(id, (b, n))| FlippedDoc {
            id: id.clone(),
            gold: names(&n.gold),
            base: names(&b.pred),
            new: names(&n.pred),
            base_correct: b.counts().tp as u32,
            new_correct: n.counts().tp as u32,
        })
        .collect();
    flipped.sort_by_key(|f| i64::from(f.new_correct) - i64::from(f.base_correct));
    flipped
}
