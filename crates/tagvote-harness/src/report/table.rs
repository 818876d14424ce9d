//! The terminal rendering printed by `tagvote eval` and `tagvote report --format text`.

use super::{annotators, sections, ReportFile};

impl ReportFile {
    /// The eval table, the significance table, the analysis bounds and, with `per_tag`, one per-tag
    /// table per system.
    pub fn table(&self, per_tag: bool) -> String {
        let mut out = format!("{}\n", sections::provenance(self));
        out.push_str(&sections::summary(self).to_text());
        out.push('\n');
        if let Some(grid) = sections::significance(self) {
            out.push_str(&format!(
                "\nSignificance against the best system (micro F1):\n{}\n",
                grid.to_text()
            ));
        }
        for line in sections::bounds(&self.evaluation.analysis) {
            out.push_str(&format!("{line}\n"));
        }
        if let (Some(line), Some(grid)) = (annotators::agreement_line(self), annotators::versus_grid(self)) {
            out.push_str(&format!(
                "{line}\nAgainst each annotator (micro F1):\n{}\n",
                grid.to_text()
            ));
        }
        for (name, reason) in &self.run.skipped_systems {
            out.push_str(&format!("Skipped `{name}`: {reason}\n"));
        }
        if per_tag {
            for system in &self.evaluation.systems {
                let grid = sections::per_tag(self, system);
                out.push_str(&format!("\nPer tag, `{}`:\n{}\n", system.system, grid.to_text()));
            }
        }
        out
    }
}
