//! Rendering a comparison: terminal text, Markdown and JUnit.

use super::{Comparison, SystemComparison};
use crate::report::format::{delta as sign, interval, p_value as p, score as f3};
use crate::report::{junit_xml, Grid, JunitCase};

/// Tags and documents listed per system unless `--per-tag` asks for all tags.
const SHOWN: usize = 10;

impl Comparison {
    /// Metrics table, then per system the tags that got worse and the flipped documents.
    pub fn to_text(&self, per_tag: bool, flips: usize) -> String {
        self.render(per_tag, flips, Grid::to_text)
    }

    /// The same as Markdown, for a pull-request comment.
    pub fn to_markdown(&self, per_tag: bool, flips: usize) -> String {
        format!(
            "## tagvote compare\n\n{}",
            self.render(per_tag, flips, Grid::to_markdown)
        )
    }

    fn render(&self, per_tag: bool, flips: usize, grid: fn(&Grid) -> String) -> String {
        let mut out = String::new();
        self.forced.iter().for_each(|n| out.push_str(&format!("{n}\n")));
        out.push_str(&grid(&self.metrics_grid()));
        out.push_str(&format!("\n{}\n", self.verdict_line()));
        for s in &self.systems {
            let shown = if per_tag { s.tags.len() } else { SHOWN };
            let worse: Vec<_> = s.tags.iter().filter(|t| per_tag || t.delta < 0.0).take(shown).collect();
            if !worse.is_empty() {
                let mut g = Grid::new(&["tag", "support", "base F1", "new F1", "change"]);
                for t in worse {
                    g.push(vec![
                        t.tag.clone(),
                        t.support.to_string(),
                        f3(t.base_f1),
                        f3(t.new_f1),
                        sign(t.delta),
                    ]);
                }
                let title = if per_tag {
                    "Tags whose F1 changed"
                } else {
                    "Tags that got worse"
                };
                out.push_str(&format!("\n{title}, `{}`:\n\n{}\n", s.system, grid(&g)));
            }
            if !s.flipped.is_empty() && flips > 0 {
                out.push_str(&format!(
                    "\nDocuments whose tags flipped, `{}` ({} in all, most lost first):\n\n{}\n",
                    s.system,
                    s.flipped.len(),
                    grid(&flip_grid(s, flips))
                ));
            }
        }
        out
    }

    fn metrics_grid(&self) -> Grid {
        let header = [
            "system",
            "metric",
            "base",
            "base CI",
            "new",
            "new CI",
            "change",
            "p (bootstrap)",
            "p (rand.)",
            "gate",
        ];
        let mut g = Grid::new(&header);
        for s in &self.systems {
            for m in &s.metrics {
                let status = match (m.gated, m.regressed) {
                    (true, true) => "REGRESSION",
                    (true, false) => "ok",
                    _ => "",
                };
                g.push(vec![
                    s.system.clone(),
                    m.metric.to_string(),
                    f3(m.base),
                    interval(m.base_ci.as_ref()),
                    f3(m.new),
                    interval(m.new_ci.as_ref()),
                    sign(m.delta),
                    m.p_bootstrap.map_or_else(|| "-".into(), p),
                    m.p_randomisation.map_or_else(|| "-".into(), p),
                    status.into(),
                ]);
            }
        }
        g
    }

    fn verdict_line(&self) -> String {
        let g = &self.gate;
        if self.regressed() {
            format!(
                "Regression: a gated metric dropped by more than {} with p < {} (approximate randomisation)",
                g.max_drop, g.alpha
            )
        } else {
            format!("No regression beyond a drop of {} at p < {}", g.max_drop, g.alpha)
        }
    }

    /// One JUnit case per gated system and metric, failing when it regressed.
    pub fn to_junit(&self) -> String {
        let cases: Vec<JunitCase> = self
            .systems
            .iter()
            .flat_map(|s| s.metrics.iter().filter(|m| m.gated).map(move |m| (s, m)))
            .map(|(s, m)| JunitCase {
                classname: format!("tagvote.{}", s.system),
                name: m.metric.to_string(),
                failure: m.regressed.then(|| {
                    format!(
                        "`{}` {} dropped from {:.4} to {:.4} (allowed {}), p = {:.4}",
                        s.system,
                        m.metric,
                        m.base,
                        m.new,
                        self.gate.max_drop,
                        m.p_randomisation.unwrap_or(1.0)
                    )
                }),
                detail: format!(
                    "base {:.4}, new {:.4}, change {:+.4}, p (randomisation) {:.4}, {} documents",
                    m.base,
                    m.new,
                    m.delta,
                    m.p_randomisation.unwrap_or(1.0),
                    s.documents
                ),
            })
            .collect();
        junit_xml("tagvote compare", &cases)
    }
}

fn flip_grid(s: &SystemComparison, limit: usize) -> Grid {
    let mut g = Grid::new(&["id", "gold", "base", "new", "correct"]);
    for f in s.flipped.iter().take(limit) {
        g.push(vec![
            f.id.clone(),
            f.gold.join(", "),
            f.base.join(", "),
            f.new.join(", "),
            format!("{} -> {}", f.base_correct, f.new_correct),
        ]);
    }
    g
}
