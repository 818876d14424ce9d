//! Inline SVG charts for the HTML page: a tiny writer and one file per chart, each with a stable id.

mod canvas;
mod cost_f1;
mod f1_ci;
mod latency;
mod per_tag_f1;
mod precision_recall;

pub(crate) use cost_f1::cost_f1;
pub(crate) use f1_ci::f1_ci;
pub(crate) use latency::latency;
pub(crate) use per_tag_f1::per_tag_f1;
pub(crate) use precision_recall::precision_recall;

/// The `id` of every chart the page holds (`scripts/check-html` looks for each).
pub const CHART_IDS: [&str; 5] = [
    "chart-f1-ci",
    "chart-per-tag-f1",
    "chart-precision-recall",
    "chart-latency",
    "chart-cost-f1",
];
