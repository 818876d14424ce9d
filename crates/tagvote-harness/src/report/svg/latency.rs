//! Latency histograms per system on a log scale (cache hits left out), one panel per system.

use super::canvas::{colour, Canvas};
use crate::evaluation::latencies;
use crate::report::ReportFile;

const BINS: usize = 24;

pub(crate) fn latency(report: &ReportFile) -> String {
    let panels: Vec<(usize, String, Vec<f64>)> = report
        .evaluation
        .systems
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s.system.clone(), positive(latencies(&report.run, &s.system))))
        .filter(|(_, _, v)| !v.is_empty())
        .collect();
    let panel_h = 70.0;
    let height = 50.0 + panel_h * panels.len().max(1) as f64;
    let mut c = Canvas::new("chart-latency", "Latency per document (ms, log scale)", 640.0, height);
    let (lo, hi) = log_range(&panels);
    let (left, width) = (120.0, 480.0);
    for (row, (i, name, values)) in panels.iter().enumerate() {
        let top = 20.0 + panel_h * row as f64;
        let counts = histogram(values, lo, hi);
        let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
        c.text((left - 8.0, top + panel_h / 2.0), name, "end", "label");
        let bin_w = width / BINS as f64;
        for (b, &n) in counts.iter().enumerate() {
            let h = (panel_h - 14.0) * n as f64 / max;
            let from = 10f64.powf(lo + (hi - lo) * b as f64 / BINS as f64);
            let tip = format!("{name}: {n} documents from {from:.2} ms");
            c.rect(
                (left + bin_w * b as f64, top + panel_h - 10.0 - h),
                (bin_w - 1.0, h),
                colour(*i),
                "bar",
                &tip,
            );
        }
        c.line(
            (left, top + panel_h - 10.0),
            (left + width, top + panel_h - 10.0),
            "#333",
            "axis",
        );
    }
    let bottom = 20.0 + panel_h * panels.len().max(1) as f64;
    for k in 0..=4 {
        let e = lo + (hi - lo) * k as f64 / 4.0;
        c.text(
            (left + width * k as f64 / 4.0, bottom + 4.0),
            &ms(10f64.powf(e)),
            "middle",
            "tick",
        );
    }
    c.text(
        (left + width / 2.0, bottom + 22.0),
        "ms per document",
        "middle",
        "label",
    );
    if panels.is_empty() {
        c.text(
            (left, 50.0),
            "No latencies recorded (all cache hits or no answers)",
            "start",
            "label",
        );
    }
    c.finish()
}

/// A tick label: whole milliseconds from 1 ms up, two decimals below.
fn ms(v: f64) -> String {
    if v >= 1.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn positive(values: Vec<f64>) -> Vec<f64> {
    values.into_iter().filter(|v| *v > 0.0).collect()
}

/// log10 of the smallest and largest latency over all panels, at least one decade apart.
fn log_range(panels: &[(usize, String, Vec<f64>)]) -> (f64, f64) {
    let all = panels.iter().flat_map(|(_, _, v)| v.iter().copied());
    let (min, max) = all.fold((f64::INFINITY, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    if !min.is_finite() {
        return (0.0, 1.0);
    }
    let (lo, hi) = (min.log10().floor(), max.log10().ceil());
    (lo, hi.max(lo + 1.0))
}

fn histogram(values: &[f64], lo: f64, hi: f64) -> [usize; BINS] {
    let mut counts = [0usize; BINS];
    for v in values {
        let f = (v.log10() - lo) / (hi - lo);
        let b = ((f * BINS as f64) as usize).min(BINS - 1);
        counts[b] += 1;
    }
    counts
}
