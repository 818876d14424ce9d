//! `eval --annotator NAME=FILE`: parsing the flag and loading each annotator's labels leniently,
//! as gold files are (bad lines listed and counted, the good rows used).

use std::path::PathBuf;

use tagvote_core::gold::describe_problems;
use tagvote_core::{Gold, Taxonomy};
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
        let (labels, problems) = Gold::load_lenient(&arg.path, taxonomy)?;
        if !problems.is_empty() {
            eprintln!(
                "Annotator `{}`: invalid labels in `{}`:\n{}; the other rows are used",
                arg.name,
                arg.path.display(),
                describe_problems(&problems)
            );
            failures.extend(problems.iter().map(|p| InputFailure {
                id: None,
                message: format!("Annotator `{}` {p} (in `{}`)", arg.name, arg.path.display()),
            }));
        }
        annotations.push(Annotation {
            name: arg.name.clone(),
            labels,
        });
    }
    Ok((annotations, failures))
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
