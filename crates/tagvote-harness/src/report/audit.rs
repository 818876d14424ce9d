//! The scorer analysis as text (`tagvote audit`): the report's own sections, then the gold labels
//! most likely wrong.

use super::format::score;
use super::sections;
use crate::analysis::{ScorerAnalysis, SuspectGold};
use crate::record::RunRecord;

/// Documents, the scorer diagnostics, agreement, oracle and cascade sections, and the suspect gold.
pub fn analysis_text(record: &RunRecord, a: &ScorerAnalysis) -> String {
    let gold_docs = record.docs.iter().filter(|d| d.gold.is_some()).count();
    let mut out = format!(
        "{} documents, {gold_docs} with gold; scorers: {}\n",
        record.docs.len(),
        a.scorers.join(", ")
    );
    let grids = [
        ("Scorers", sections::scorer_diagnostics(a)),
        ("Agreement (mean Jaccard of tag sets)", sections::agreement(a)),
        ("Cascade: calls saved and micro F1 per threshold", sections::cascade(a)),
    ];
    for (title, grid) in grids {
        if let Some(grid) = grid {
            out.push_str(&format!("\n{title}\n{}\n", grid.to_text()));
        }
    }
    sections::bounds(a)
        .iter()
        .for_each(|line| out.push_str(&format!("\n{line}\n")));
    out.push_str(&format!(
        "\nGold labels most likely wrong ({} listed, most suspect first)\n",
        a.suspect_gold.len()
    ));
    for (rank, s) in a.suspect_gold.iter().enumerate() {
        out.push_str(&suspect(rank + 1, s));
    }
    out
}

fn suspect(rank: usize, s: &SuspectGold) -> String {
    let mut out = format!(
        "{rank:>3}. `{}` confidence {}: gold [{}]; every scorer says [{}]; no scorer supports [{}]\n",
        s.id,
        score(s.confidence),
        s.gold.join(", "),
        s.disputed.join(", "),
        s.unsupported.join(", ")
    );
    for (scorer, tags) in &s.scorers {
        let said: Vec<String> = tags.iter().map(|(t, p)| format!("{t} {p:.2}")).collect();
        out.push_str(&format!("       {scorer}: {}\n", said.join(", ")));
    }
    out
}
