//! The Markdown rendering, sized for a pull-request comment (details folded).

use super::{annotators, sections, ReportFile};

impl ReportFile {
    /// Markdown with the eval table, significance, analysis and per-tag tables in `<details>`.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("## tagvote evaluation\n\n");
        out.push_str(&format!("{}\n\n", sections::provenance(self)));
        out.push_str(&sections::summary(self).to_markdown());
        out.push_str("\n\n");
        if let Some(grid) = sections::significance(self) {
            out.push_str(&format!(
                "### Significance against the best system\n\n{}\n\n",
                grid.to_markdown()
            ));
        }
        for line in sections::bounds(&self.evaluation.analysis) {
            out.push_str(&format!("- {line}\n"));
        }
        if let (Some(line), Some(grid)) = (annotators::agreement_line(self), annotators::versus_grid(self)) {
            out.push_str(&format!(
                "- {line}\n\n### Against each annotator (micro F1)\n\n{}\n\n",
                grid.to_markdown()
            ));
        }
        for (name, reason) in &self.run.skipped_systems {
            out.push_str(&format!("- Skipped `{name}`: {reason}\n"));
        }
        out.push_str(&self.markdown_details());
        out.push_str("\n### Notes\n\n");
        sections::NOTES.iter().for_each(|n| out.push_str(&format!("- {n}\n")));
        out
    }

    fn markdown_details(&self) -> String {
        let mut out = String::new();
        let mut fold = |title: &str, body: String| {
            out.push_str(&format!(
                "\n<details><summary>{title}</summary>\n\n{body}\n\n</details>\n"
            ));
        };
        if let Some(grid) = sections::scorer_diagnostics(&self.evaluation.analysis) {
            fold("Scorer diagnostics", grid.to_markdown());
        }
        if let Some(grid) = sections::agreement(&self.evaluation.analysis) {
            fold("Scorer agreement (mean Jaccard)", grid.to_markdown());
        }
        if let Some(grid) = sections::cascade(&self.evaluation.analysis) {
            fold("Cascade: calls saved versus micro F1", grid.to_markdown());
        }
        for system in &self.evaluation.systems {
            fold(
                &format!("Per tag: {}", system.system),
                sections::per_tag(self, system).to_markdown(),
            );
        }
        out
    }
}
