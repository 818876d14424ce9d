//! Output files written as documents finish (JSONL, one `write` per finished batch, flushed),
//! and reading them back to resume a killed run.
//!
//! A batch's lines are written with a single `write_all` of whole lines and flushed, so a run
//! killed at any moment leaves at most one torn last line; resuming truncates the file to its
//! last newline and skips the documents already written.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use tagvote_core::prediction::output_line;
use tagvote_core::{DocId, TagFormat, Taxonomy};

use super::error::RunError;
use crate::record::{DocRecord, DocResult, VOTE_SYSTEM};

/// What each line of an output holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// The final tags in the seed's shape, `{"id":"3930","tags":["compiler","runtime","lib"]}`;
    /// documents the vote could not tag get no line.
    Predictions(TagFormat),
    /// One `DocRecord` per document (every system's result, failures included).
    Records,
}

/// Where an output goes: a file, or stdout when `path` is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpec {
    pub path: Option<PathBuf>,
    pub kind: OutputKind,
}

/// What an earlier run already wrote to one output.
#[derive(Debug, Default)]
pub(crate) struct Written {
    /// Ids (text form) with a prediction line.
    predicted: Option<HashSet<String>>,
    /// Records by id; a later line for the same id replaces an earlier one.
    records: Option<HashMap<String, DocRecord>>,
}

impl Written {
    fn is_done(&self, key: &str) -> bool {
        let predicted = self.predicted.as_ref().is_none_or(|set| set.contains(key));
        let recorded = self.records.as_ref().is_none_or(|map| {
            map.get(key)
                .and_then(|r| r.results.get(VOTE_SYSTEM))
                .is_some_and(|r| matches!(r, DocResult::Ok { .. }))
        });
        predicted && recorded
    }
}

/// The union of what every resumed output holds.
#[derive(Debug, Default)]
pub struct ResumeState {
    outputs: Vec<Written>,
}

impl ResumeState {
    /// A document is done when every resumed output has it (and its vote succeeded).
    pub fn is_done(&self, key: &str) -> bool {
        !self.outputs.is_empty() && self.outputs.iter().all(|w| w.is_done(key))
    }

    /// The earlier record of a done document, when a records output was resumed.
    pub fn take_record(&mut self, key: &str) -> Option<DocRecord> {
        self.outputs
            .iter_mut()
            .find_map(|w| w.records.as_mut().and_then(|m| m.remove(key)))
    }

    /// Documents already done in every resumed output.
    pub fn is_empty(&self) -> bool {
        self.outputs.is_empty()
    }
}

/// One open output.
pub(crate) struct Journal {
    name: PathBuf,
    out: Box<dyn Write + Send>,
    kind: OutputKind,
}

impl Journal {
    /// Opens an output; with `resume`, reads what is there first (truncating a torn last line)
    /// and appends, else truncates the file.
    pub(crate) fn open(spec: &OutputSpec, resume: bool) -> Result<(Self, Option<Written>), RunError> {
        let Some(path) = &spec.path else {
            let journal = Journal {
                name: PathBuf::from("<stdout>"),
                out: Box::new(std::io::stdout()),
                kind: spec.kind,
            };
            return Ok((journal, None));
        };
        let written = if resume && path.exists() {
            Some(read_back(path, spec.kind)?)
        } else {
            None
        };
        let file = open_for_writing(path, written.is_some())?;
        let journal = Journal {
            name: path.clone(),
            out: Box::new(file),
            kind: spec.kind,
        };
        Ok((journal, written.or_else(|| resume.then(|| empty_written(spec.kind)))))
    }

    /// Writes the lines of a finished batch (documents without a line are left out) in one
    /// `write_all`, flushed: the writer's cost per document is building its line.
    pub(crate) fn write_batch(&mut self, records: &[DocRecord], taxonomy: &Taxonomy) -> Result<(), RunError> {
        let mut buf = String::new();
        for line in records.iter().filter_map(|r| self.line_for(r, taxonomy)) {
            buf.push_str(&line);
            buf.push('\n');
        }
        if buf.is_empty() {
            return Ok(());
        }
        let err = |source| RunError::Write {
            path: self.name.clone(),
            source,
        };
        self.out.write_all(buf.as_bytes()).map_err(err)?;
        self.out.flush().map_err(err)
    }

    fn line_for(&self, record: &DocRecord, taxonomy: &Taxonomy) -> Option<String> {
        match self.kind {
            OutputKind::Predictions(format) => match record.results.get(VOTE_SYSTEM) {
                Some(DocResult::Ok { scored, .. }) => {
                    Some(output_line(&record.id, &scored.tag_indices(), taxonomy, format))
                }
                _ => None,
            },
            OutputKind::Records => serde_json::to_string(record).ok(),
        }
    }
}

fn empty_written(kind: OutputKind) -> Written {
    match kind {
        OutputKind::Predictions(_) => Written {
            predicted: Some(HashSet::new()),
            records: None,
        },
        OutputKind::Records => Written {
            predicted: None,
            records: Some(HashMap::new()),
        },
    }
}

fn open_for_writing(path: &Path, append: bool) -> Result<File, RunError> {
    let mut options = OpenOptions::new();
    options.create(true);
    if append {
        options.append(true);
    } else {
        options.write(true).truncate(true);
    }
    options.open(path).map_err(|source| RunError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads an earlier output back; a torn last line (no newline) is cut off the file.
fn read_back(path: &Path, kind: OutputKind) -> Result<Written, RunError> {
    let read_err = |source| RunError::ResumeRead {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(read_err)?;
    let mut reader = BufReader::new(file);
    let mut written = empty_written(kind);
    let mut complete_bytes = 0u64;
    let mut buf = Vec::new();
    for line_no in 1.. {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(read_err)?;
        if n == 0 || buf.last() != Some(&b'\n') {
            break;
        }
        complete_bytes += n as u64;
        add_line(&mut written, &buf, kind).map_err(|reason| RunError::ResumeParse {
            path: path.to_path_buf(),
            line: line_no,
            reason,
        })?;
    }
    truncate_to(path, complete_bytes).map_err(read_err)?;
    Ok(written)
}

fn truncate_to(path: &Path, len: u64) -> std::io::Result<()> {
    let file = OpenOptions::new().write(true).open(path)?;
    if file.metadata()?.len() > len {
        tracing::warn!(path = %path.display(), "cutting a torn last line left by an interrupted run");
        file.set_len(len)?;
        let mut file = file;
        file.seek(SeekFrom::End(0))?;
        file.sync_all()?;
    }
    Ok(())
}

fn add_line(written: &mut Written, bytes: &[u8], kind: OutputKind) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8".to_string())?.trim();
    if text.is_empty() {
        return Ok(());
    }
    match kind {
        OutputKind::Predictions(_) => {
            /// The id of an output line, exactly as written.
            #[derive(serde::Deserialize)]
            struct IdOnly {
                id: DocId,
            }
            let IdOnly { id } = serde_json::from_str(text).map_err(|e| format!("malformed JSON or no `id`: {e}"))?;
            if let Some(set) = written.predicted.as_mut() {
                set.insert(id.key());
            }
        }
        OutputKind::Records => {
            let record: DocRecord = serde_json::from_str(text).map_err(|e| format!("not a document record: {e}"))?;
            if let Some(map) = written.records.as_mut() {
                map.insert(record.id.key(), record);
            }
        }
    }
    Ok(())
}

/// Opens every output; returns them with what resumed outputs already hold.
pub(crate) fn open_all(specs: &[OutputSpec], resume: bool) -> Result<(Vec<Journal>, ResumeState), RunError> {
    let mut journals = Vec::with_capacity(specs.len());
    let mut state = ResumeState::default();
    for spec in specs {
        let (journal, written) = Journal::open(spec, resume)?;
        journals.push(journal);
        state.outputs.extend(written);
    }
    Ok((journals, state))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use tagvote_core::{ScoredDoc, TagScore};

    fn taxonomy() -> Taxonomy {
        Taxonomy::from_json_bytes(br#"[{"id":4,"name":"cli"},{"id":33,"name":"lib"}]"#, Path::new("t")).unwrap()
    }

    fn record(id: &str, vote_ok: bool) -> DocRecord {
        let result = if vote_ok {
            DocResult::Ok {
                scored: ScoredDoc {
                    tags: vec![TagScore { tag: 1, score: 0.9 }],
                    ..ScoredDoc::default()
                },
                latency_ms: 1.0,
            }
        } else {
            DocResult::Failed { error: "boom".into() }
        };
        DocRecord {
            id: DocId::from(id),
            gold: None,
            results: BTreeMap::from([(VOTE_SYSTEM.to_string(), result)]),
        }
    }

    fn spec(path: &Path, kind: OutputKind) -> OutputSpec {
        OutputSpec {
            path: Some(path.to_path_buf()),
            kind,
        }
    }

    #[test]
    fn predictions_are_lines_in_the_seed_shape_and_failures_get_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let t = taxonomy();
        let (mut j, _) = Journal::open(&spec(&path, OutputKind::Predictions(TagFormat::Name)), false).unwrap();
        j.write_batch(&[record("a", true), record("b", false)], &t).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"id\":\"a\",\"tags\":[\"lib\"]}\n"
        );
    }

    #[test]
    fn resume_cuts_a_torn_line_and_knows_what_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        std::fs::write(&path, "{\"id\":\"a\",\"tags\":[\"lib\"]}\n{\"id\":\"b\",\"ta").unwrap();
        let t = taxonomy();
        let specs = [spec(&path, OutputKind::Predictions(TagFormat::Name))];
        let (mut journals, state) = open_all(&specs, true).unwrap();
        assert!(state.is_done("a") && !state.is_done("b"));
        journals[0].write_batch(&[record("b", true)], &t).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "{\"id\":\"a\",\"tags\":[\"lib\"]}\n{\"id\":\"b\",\"tags\":[\"lib\"]}\n"
        );
    }

    #[test]
    fn resumed_records_redo_failed_documents_and_return_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.jsonl");
        let lines: Vec<String> = [record("a", true), record("b", false)]
            .iter()
            .map(|r| serde_json::to_string(r).unwrap() + "\n")
            .collect();
        std::fs::write(&path, lines.concat()).unwrap();
        let (_, mut state) = open_all(&[spec(&path, OutputKind::Records)], true).unwrap();
        assert!(state.is_done("a") && !state.is_done("b"));
        assert_eq!(state.take_record("a"), Some(record("a", true)));
    }

    #[test]
    fn a_complete_but_malformed_line_stops_the_resume_with_its_line_number() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        std::fs::write(&path, "{\"id\":\"a\",\"tags\":[]}\nnot json\n").unwrap();
        let specs = [spec(&path, OutputKind::Predictions(TagFormat::Name))];
        let err = open_all(&specs, true).err().unwrap().to_string();
        assert!(err.contains("line 2") && err.contains("out.jsonl"), "{err}");
    }

    #[test]
    fn resume_without_an_earlier_file_starts_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.jsonl");
        let specs = [spec(&path, OutputKind::Predictions(TagFormat::Name))];
        let (_, state) = open_all(&specs, true).unwrap();
        assert!(!state.is_empty() && !state.is_done("a"));
    }
}
