//! The tables every rendering shares: summary, significance, per-tag, and the scorer analysis
//! (which `tagvote audit` prints too).

use super::format::{delta, interval, opt, p_value, score};
use super::{Grid, ReportFile};
use crate::analysis::ScorerAnalysis;
use crate::evaluation::SystemEvaluation;

const SUMMARY: [&str; 13] = [
    "system",
    "micro P",
    "micro R",
    "micro F1",
    "F1 95% CI",
    "macro F1",
    "samples F1",
    "exact",
    "no tag",
    "failed",
    "p50 ms",
    "p95 ms",
    "docs/s",
];

/// One row per system: the eval table.
pub(crate) fn summary(report: &ReportFile) -> Grid {
    let systems = &report.evaluation.systems;
    let with_cost = systems.iter().any(|s| s.cost.is_some());
    let with_skips = systems.iter().any(|s| s.skipped > 0);
    let mut grid = Grid::new(&SUMMARY);
    if with_skips {
        grid.header.push("skipped".into());
    }
    if with_cost {
        grid.header.extend(["tokens", "cost", "cache hits"].map(String::from));
    }
    for s in systems {
        let mut row = summary_row(s);
        if with_skips {
            row.push(s.skipped.to_string());
        }
        if with_cost {
            row.extend(cost_cells(s));
        }
        grid.push(row);
    }
    grid
}

fn summary_row(s: &SystemEvaluation) -> Vec<String> {
    let m = &s.metrics;
    vec![
        s.system.clone(),
        score(m.micro.precision),
        score(m.micro.recall),
        score(m.micro.f1),
        interval(s.micro_f1_ci.as_ref()),
        score(m.macro_avg.f1),
        score(m.samples.f1),
        score(m.exact_match),
        s.no_tag.to_string(),
        s.failed.to_string(),
        opt(s.latency_p50_ms, 1),
        opt(s.latency_p95_ms, 1),
        opt(s.docs_per_s, 1),
    ]
}

fn cost_cells(s: &SystemEvaluation) -> Vec<String> {
    match &s.cost {
        Some(c) => vec![
            c.tokens().to_string(),
            format!("{:.4}", c.cost),
            c.cache_hits.to_string(),
        ],
        None => vec!["-".into(), "-".into(), "-".into()],
    }
}

/// The best system against each other one (micro-F1, paired on documents).
pub(crate) fn significance(report: &ReportFile) -> Option<Grid> {
    let best = report.evaluation.best.as_ref()?;
    let mut grid = Grid::new(&[
        "system",
        "micro F1",
        "vs best",
        "p (paired bootstrap)",
        "p (randomisation)",
    ]);
    for v in &report.evaluation.versus_best {
        grid.push(vec![
            v.system.clone(),
            score(v.test.b),
            format!("{} vs {best}", delta(v.test.b - v.test.a)),
            p_value(v.test.p_bootstrap),
            p_value(v.test.p_randomisation),
        ]);
    }
    Some(grid)
}

/// Per-tag counts of one system (tags present in its gold or predictions).
pub(crate) fn per_tag(report: &ReportFile, system: &SystemEvaluation) -> Grid {
    let mut grid = Grid::new(&["tag", "support", "TP", "FP", "FN", "P", "R", "F1"]);
    for c in &system.metrics.per_tag {
        grid.push(vec![
            report.tag_name(c.tag),
            c.support.to_string(),
            c.tp.to_string(),
            c.fp.to_string(),
            c.fn_.to_string(),
            score(c.precision),
            score(c.recall),
            score(c.f1),
        ]);
    }
    grid
}

/// Per-scorer diagnostics from the vote analysis.
pub(crate) fn scorer_diagnostics(a: &ScorerAnalysis) -> Option<Grid> {
    if a.per_scorer.is_empty() {
        return None;
    }
    let header = [
        "scorer",
        "answered",
        "failed",
        "skipped",
        "coverage",
        "overlap",
        "conflict",
        "precision",
        "never predicts",
    ];
    let mut grid = Grid::new(&header);
    for d in &a.per_scorer {
        grid.push(vec![
            d.scorer.clone(),
            d.docs_ok.to_string(),
            d.docs_failed.to_string(),
            d.docs_skipped.to_string(),
            score(d.coverage),
            score(d.overlap),
            score(d.conflict),
            opt(d.precision, 3),
            format!("{} tags", d.never_predicts.len()),
        ]);
    }
    Some(grid)
}

/// Mean Jaccard agreement between scorers.
pub(crate) fn agreement(a: &ScorerAnalysis) -> Option<Grid> {
    let m = &a.agreement;
    if m.scorers.len() < 2 {
        return None;
    }
    let mut header = vec![""];
    header.extend(m.scorers.iter().map(String::as_str));
    let mut grid = Grid::new(&header);
    for (name, row) in m.scorers.iter().zip(&m.jaccard) {
        let mut cells = vec![name.clone()];
        cells.extend(row.iter().map(|v| opt(*v, 3)));
        grid.push(cells);
    }
    Some(grid)
}

/// The oracle bound and cascade curve lines, as sentences.
pub(crate) fn bounds(a: &ScorerAnalysis) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(o) = &a.oracle {
        lines.push(format!(
            "Oracle upper bound (best scorer per document): micro F1 {} (P {}, R {}) over {} documents",
            score(o.micro_f1),
            score(o.micro_precision),
            score(o.micro_recall),
            o.docs
        ));
    }
    if let Some(c) = &a.cascade {
        lines.push(format!(
            "Cascade (`{}` only where the cheap `{}` vote of {} is unsure): micro F1 {} when always called, {} when never called, over {} documents",
            c.expensive,
            c.vote,
            c.cheap.join(", "),
            score(c.f1_always),
            score(c.f1_never),
            c.docs
        ));
    }
    lines
}

/// The cascade's calls saved versus micro-F1 per threshold.
pub(crate) fn cascade(a: &ScorerAnalysis) -> Option<Grid> {
    let c = a.cascade.as_ref()?;
    let mut grid = Grid::new(&["threshold", "calls", "calls saved", "micro F1"]);
    for p in &c.points {
        grid.push(vec![
            format!("{:.2}", p.threshold),
            p.calls.to_string(),
            p.calls_saved.to_string(),
            score(p.micro_f1),
        ]);
    }
    Some(grid)
}

/// One line about the data: documents, gold, failures, hashes, commit.
pub(crate) fn provenance(report: &ReportFile) -> String {
    let e = &report.evaluation;
    let r = &report.run;
    let mut line = format!(
        "{} documents ({} with gold), {} input failures; taxonomy `{}`, dataset `{}`",
        e.documents,
        e.gold_documents,
        e.input_failures,
        super::format::short_hash(&r.taxonomy_hash),
        super::format::short_hash(&r.dataset_hash)
    );
    if let Some(commit) = &r.git_commit {
        line.push_str(&format!(", commit `{}`", super::format::short_hash(commit)));
    }
    line
}

/// What the numbers mean, for readers of every format.
pub(crate) const NOTES: [&str; 5] = [
    "Only documents with a gold row are measured; a system's failed or skipped documents count as empty predictions.",
    "Averages follow scikit-learn with `zero_division=0`: macro over tags present in gold or predictions; samples-averaged scores give 0 to a document whose gold and prediction are both empty (exact match counts it as right).",
    "The CI is a 95% percentile bootstrap over documents; p-values compare each system with the best one on the same documents (paired bootstrap: share of resamples where the best is not better; approximate randomisation: two-sided).",
    "Latency percentiles leave out cache hits; docs/s is documents answered or failed over the system's wall-clock seconds.",
    "`no tag` counts answered documents that got no tag; `failed` counts documents the system failed on.",
];
