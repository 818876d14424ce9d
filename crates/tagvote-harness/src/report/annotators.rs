//! The annotator section in every rendering: the "annotator agreement" line (the human ceiling)
//! and a grid of every system and annotator scored against each annotator.

use super::format::score;
use super::{Grid, ReportFile};
use crate::annotators::{evaluate, Annotation, VersusAnnotators};

impl ReportFile {
    /// The report with its annotator section computed from `annotations` (at least two).
    pub fn with_annotators(mut self, annotations: &[Annotation]) -> ReportFile {
        let systems: Vec<String> = self.evaluation.systems.iter().map(|s| s.system.clone()).collect();
        self.evaluation.annotators = evaluate(&self.run, annotations, &systems);
        self
    }
}

/// `Annotator agreement (pairwise micro F1 …): mean 0.925, min …, max …; A–B 0.931, …`.
pub(crate) fn agreement_line(report: &ReportFile) -> Option<String> {
    let a = report.evaluation.annotators.as_ref()?;
    let pairs: Vec<String> = a
        .pairs
        .iter()
        .map(|p| format!("{}–{} {}", p.a, p.b, score(p.micro.f1)))
        .collect();
    Some(format!(
        "Annotator agreement (pairwise micro F1 of {} over the {} documents all labelled): mean {}, min {}, max {} ({})",
        a.annotators.join(", "),
        a.documents,
        score(a.mean_micro_f1),
        score(a.min_micro_f1),
        score(a.max_micro_f1),
        pairs.join(", ")
    ))
}

/// One row per system, then per annotator: micro F1 against each annotator and the mean.
pub(crate) fn versus_grid(report: &ReportFile) -> Option<Grid> {
    let a = report.evaluation.annotators.as_ref()?;
    let mut header = vec!["system".to_string()];
    header.extend(a.annotators.iter().map(|n| format!("vs {n}")));
    header.push("mean".into());
    let mut grid = Grid {
        header,
        rows: Vec::new(),
    };
    for (row, human) in a
        .systems
        .iter()
        .map(|r| (r, false))
        .chain(a.humans.iter().map(|r| (r, true)))
    {
        grid.push(versus_row(row, &a.annotators, human));
    }
    Some(grid)
}

fn versus_row(row: &VersusAnnotators, annotators: &[String], human: bool) -> Vec<String> {
    let name = if human {
        format!("annotator {}", row.system)
    } else {
        row.system.clone()
    };
    let mut cells = vec![name];
    for annotator in annotators {
        let f1 = row.micro_f1.iter().find(|(n, _)| n == annotator).map(|(_, f)| *f);
        cells.push(f1.map_or_else(|| "-".to_string(), score));
    }
    cells.push(score(row.mean_micro_f1));
    cells
}

#[cfg(test)]
mod tests {
    use tagvote_core::{DocId, Gold};

    use super::*;
    use crate::compare::{CompareOptions, Comparison};
    use crate::evaluation::fixture::record;
    use crate::evaluation::EvalOptions;

    /// Two annotators over the fixture's odd documents: `A` copies gold, `B` drops the second tag.
    fn with_annotators(n: usize, vote_right: usize) -> ReportFile {
        let run = record(n, &[("keyword", n / 2), ("vote", vote_right)], 1.0);
        let label = |keep: usize| Annotation {
            name: if keep == 2 { "A" } else { "B" }.into(),
            labels: Gold::from_rows(
                run.docs
                    .iter()
                    .filter(|d| matches!(d.id, DocId::Str(_)))
                    .map(|d| {
                        (
                            d.id.clone(),
                            d.gold.clone().unwrap_or_default().into_iter().take(keep).collect(),
                        )
                    })
                    .collect(),
            ),
        };
        ReportFile::new(run.clone(), &EvalOptions::default()).with_annotators(&[label(2), label(1)])
    }

    #[test]
    fn every_rendering_shows_the_agreement_and_the_grid() {
        let r = with_annotators(40, 30);
        let mean = r.evaluation.annotators.as_ref().unwrap().mean_micro_f1;
        let line = format!("mean {mean:.3}");
        let md = r.to_markdown();
        assert!(md.contains("- Annotator agreement") && md.contains(&line), "{md}");
        assert!(md.contains("| annotator A ") && md.contains("vs B"), "{md}");
        let text = r.table(false);
        assert!(text.contains("Annotator agreement") && text.contains(&line), "{text}");
        let html = r.to_html();
        let chart = html
            .split("<svg id=\"chart-f1-ci\"")
            .nth(1)
            .unwrap()
            .split("</svg>")
            .next()
            .unwrap();
        assert!(chart.contains("class=\"ceiling-band\"") && chart.contains(&format!("annotator agreement {mean:.3}")));
        assert!(html.contains("<table class=\"annotators\">"));
    }

    #[test]
    fn the_section_round_trips_and_reports_without_it_are_unchanged() {
        let r = with_annotators(40, 30);
        let back: ReportFile = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(back, r);
        let plain = ReportFile::new(r.run.clone(), &EvalOptions::default());
        assert!(!plain.to_json().contains("\"annotators\""));
        assert!(!plain.to_markdown().contains("nnotator"));
    }

    #[test]
    fn compare_and_the_gate_ignore_the_annotator_rows() {
        let (base, new) = (with_annotators(100, 80), with_annotators(100, 80));
        let plain = ReportFile::new(new.run.clone(), &EvalOptions::default());
        let mut worse = new.clone();
        let a = worse.evaluation.annotators.as_mut().unwrap();
        a.mean_micro_f1 = 0.1;
        a.systems.iter_mut().for_each(|s| s.mean_micro_f1 = 0.0);
        let opts = CompareOptions::default();
        let with = Comparison::compute(&base, &worse, &opts).unwrap();
        let without = Comparison::compute(&base, &plain, &opts).unwrap();
        assert_eq!(with, without);
        assert_eq!(with.exit_code(), crate::compare::EXIT_OK);
        let names: Vec<&str> = with.systems.iter().map(|s| s.system.as_str()).collect();
        assert_eq!(names, ["keyword", "vote"]);
    }
}
