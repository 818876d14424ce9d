//! Per-tag F1 bars: one group per tag with gold support (most frequent first), one bar per system.

use super::canvas::{colour, Canvas};
use crate::report::ReportFile;
use tagvote_core::TagIdx;

/// Tags with gold support, most supported first, then by name.
fn supported_tags(report: &ReportFile) -> Vec<(TagIdx, u32)> {
    let mut tags: Vec<(TagIdx, u32)> = Vec::new();
    if let Some(first) = report.evaluation.systems.first() {
        tags = first
            .metrics
            .per_tag
            .iter()
            .filter(|c| c.support > 0)
            .map(|c| (c.tag, c.support))
            .collect();
    }
    tags.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| report.tag_name(a.0).cmp(&report.tag_name(b.0)))
    });
    tags
}

pub(crate) fn per_tag_f1(report: &ReportFile) -> String {
    let systems = &report.evaluation.systems;
    let tags = supported_tags(report);
    let bar = 7.0;
    let group = bar * systems.len() as f64 + 8.0;
    let (left, width, top) = (170.0, 420.0, 40.0);
    let height = top + group * tags.len() as f64 + 30.0;
    let mut c = Canvas::new("chart-per-tag-f1", "F1 per tag (tags with gold support)", 640.0, height);
    let names: Vec<String> = systems.iter().map(|s| s.system.clone()).collect();
    c.legend(&names, 16.0);
    for (row, (tag, support)) in tags.iter().enumerate() {
        let y0 = top + group * row as f64;
        let label = format!("{} ({support})", report.tag_name(*tag));
        c.text((left - 6.0, y0 + group / 2.0 + 2.0), &label, "end", "tick");
        for (i, s) in systems.iter().enumerate() {
            let f1 = s.metrics.per_tag.iter().find(|t| t.tag == *tag).map_or(0.0, |t| t.f1);
            let tip = format!("{} on {}: F1 {f1:.3}", s.system, report.tag_name(*tag));
            c.rect(
                (left, y0 + bar * i as f64),
                (width * f1, bar - 1.0),
                colour(i),
                "bar",
                &tip,
            );
        }
    }
    let bottom = top + group * tags.len() as f64;
    c.line((left, top - 4.0), (left, bottom), "#333", "axis");
    for i in 0..=4 {
        let v = i as f64 / 4.0;
        c.text((left + width * v, bottom + 14.0), &format!("{v:.2}"), "middle", "tick");
    }
    if tags.is_empty() {
        c.text((left, top + 10.0), "No gold labels in this run", "start", "label");
    }
    c.finish()
}
