//! `eval --annotator NAME=FILE`: parsing the flag and loading each annotator's labels leniently,
//! as gold files are (bad lines listed and counted, the good rows used).

use std::path::{Path, PathBuf};

use tagvote_core::Taxonomy;
use tagvote_harness::annotators::Annotation;
use tagvote_harness::record::InputFailure;

/// One `--annotator NAME=FILE`.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotatorArg {
    pub name: String,
    pub path: PathBuf,
}

impl std::str::FromStr for AnnotatorArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.split_once('=') {
            Some((name, path)) if !name.trim().is_empty() && !path.is_empty() => Ok(AnnotatorArg {
                name: name.trim().to_string(),
                path: PathBuf::from(path),
            }),
            _ => Err(format!("expected `NAME=FILE` (e.g. `A=annotators/A.jsonl`), got `{s}`")),
        }
    }
}

/// The annotators' labels, and an input failure per bad line (named by annotator, file and line).
pub fn load(args: &[AnnotatorArg], taxonomy: &Taxonomy) -> anyhow::Result<(Vec<Annotation>, Vec<InputFailure>)> {
    if args.len() == 1 {
        anyhow::bail!("`--annotator` needs at least two annotators to measure their agreement; give it again");
    }
    let mut annotations: Vec<Annotation> = Vec::new();
    let mut failures = Vec::new();
    for arg in args {
        if annotations.iter().any(|a| a.name == arg.name) {
            anyhow::bail!("Annotator `{}` is given twice; give each a different name", arg.name);
        }
        let loaded = crate::gold::load(&arg.path, taxonomy)?;
        if let Some(problems) = &loaded.problems {
            eprintln!("Annotator `{}`: {problems}; the other rows are used", arg.name);
            failures.extend(bad_lines(problems, &arg.name, &arg.path));
        }
        annotations.push(Annotation {
            name: arg.name.clone(),
            labels: loaded.gold,
        });
    }
    Ok((annotations, failures))
}

fn bad_lines(problems: &str, name: &str, path: &Path) -> Vec<InputFailure> {
    problems
        .lines()
        .filter(|l| l.starts_with("line "))
        .map(|l| InputFailure {
            id: None,
            message: format!("Annotator `{name}` {l} (in `{}`)", path.display()),
        })
        .collect()
}

/// Notices for annotator rows whose id is not a document of the run.
pub fn warn_unknown_ids(annotations: &[Annotation], record: &tagvote_harness::RunRecord, args: &[AnnotatorArg]) {
    let known: std::collections::HashSet<String> = record.docs.iter().map(|d| d.id.key()).collect();
    for (a, arg) in annotations.iter().zip(args) {
        let unknown: Vec<String> = a
            .labels
            .rows()
            .iter()
            .map(|(id, _)| id.key())
            .filter(|k| !known.contains(k))
            .collect();
        if let Some(first) = unknown.first() {
            eprintln!(
                "Annotator `{}`: {} rows of `{}` name no document of the run (first: `{first}`); they are not measured",
                a.name,
                unknown.len(),
                arg.path.display()
            );
        }
    }
}
