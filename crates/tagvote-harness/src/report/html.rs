//! The self-contained HTML page: tables and inline SVG charts, no scripts, no network.

use super::grid::escape;
use super::{annotators, sections, svg, ReportFile};

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}\
table{border-collapse:collapse;margin:1em 0;font-size:13px}\
th,td{border:1px solid #ccc;padding:3px 7px;text-align:right}\
th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}\
svg.chart{display:block;margin:1em 0;font-size:11px}.tick{fill:#555;font-size:10px}\
.label{fill:#222}.iso-f1{stroke-dasharray:3 3}.interval{stroke-width:3}.curve{stroke-width:2}\
code{background:#f3f3f3;padding:0 3px}";

impl ReportFile {
    /// A complete HTML page; every chart is an `<svg>` with an id from `CHART_IDS`.
    pub fn to_html(&self) -> String {
        let mut body = format!(
            "<h1>tagvote evaluation</h1>\n<p>{}</p>\n",
            code_spans(&sections::provenance(self))
        );
        body.push_str(&sections::summary(self).to_html("summary"));
        if let Some(grid) = sections::significance(self) {
            body.push_str("<h2>Significance against the best system</h2>\n");
            body.push_str(&grid.to_html("significance"));
        }
        let mut bounds = sections::bounds(&self.evaluation.analysis);
        bounds.extend(annotators::agreement_line(self));
        body.push_str(&list(&bounds));
        if let Some(grid) = annotators::versus_grid(self) {
            body.push_str("<h2>Against each annotator (micro F1)</h2>\n");
            body.push_str(&grid.to_html("annotators"));
        }
        body.push_str(&self.html_charts());
        body.push_str(&self.html_details());
        body.push_str("<h2>Notes</h2>\n");
        body.push_str(&list(&sections::NOTES.map(String::from)));
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>tagvote evaluation</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
        )
    }

    fn html_charts(&self) -> String {
        let charts = [
            ("Micro F1 with confidence intervals", svg::f1_ci(self)),
            ("Precision and recall", svg::precision_recall(self)),
            ("Cost against F1", svg::cost_f1(self)),
            ("Latency", svg::latency(self)),
            ("F1 per tag", svg::per_tag_f1(self)),
        ];
        charts
            .iter()
            .map(|(title, chart)| format!("<h2>{title}</h2>\n{chart}"))
            .collect()
    }

    fn html_details(&self) -> String {
        let mut out = String::new();
        let mut fold = |title: &str, body: String| {
            out.push_str(&format!(
                "<details><summary>{}</summary>\n{body}</details>\n",
                escape(title)
            ));
        };
        if let Some(grid) = sections::scorer_diagnostics(&self.evaluation.analysis) {
            fold("Scorer diagnostics", grid.to_html("diagnostics"));
        }
        if let Some(grid) = sections::agreement(&self.evaluation.analysis) {
            fold("Scorer agreement (mean Jaccard)", grid.to_html("agreement"));
        }
        if let Some(grid) = sections::cascade(&self.evaluation.analysis) {
            fold("Cascade: calls saved versus micro F1", grid.to_html("cascade"));
        }
        for system in &self.evaluation.systems {
            fold(
                &format!("Per tag: {}", system.system),
                sections::per_tag(self, system).to_html("per-tag"),
            );
        }
        out
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let lis: String = items.iter().map(|i| format!("<li>{}</li>\n", code_spans(i))).collect();
    format!("<ul>\n{lis}</ul>\n")
}

/// Escapes text and turns `backticked` spans into `<code>`.
fn code_spans(text: &str) -> String {
    escape(text)
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_string()
            }
        })
        .collect()
}
