//! Merging shard JSONL outputs (predictions or records): every line kept verbatim, each id once,
//! in corpus order when the corpus is known, else file after file.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tagvote_core::DocId;

use super::error::MergeError;
use super::order::CorpusOrder;

/// What a JSONL merge wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinesSummary {
    pub files: usize,
    pub lines: u64,
}

#[derive(Deserialize)]
struct IdOnly {
    id: Box<serde_json::value::RawValue>,
}

/// One output line and where it came from.
struct Line {
    file: usize,
    line: u64,
    key: String,
    text: String,
}

/// Merges JSONL files whose lines each have an `id` into `out` (`out_name` names it in errors).
pub fn merge_jsonl(
    inputs: &[PathBuf],
    order: Option<&CorpusOrder>,
    out: &mut dyn Write,
    out_name: &Path,
) -> Result<LinesSummary, MergeError> {
    if inputs.is_empty() {
        return Err(MergeError::Empty);
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut kept: Vec<(u64, String)> = Vec::new();
    let mut summary = LinesSummary {
        files: inputs.len(),
        lines: 0,
    };
    let write_err = |source| MergeError::Write {
        path: out_name.to_path_buf(),
        source,
    };
    for (file, path) in inputs.iter().enumerate() {
        for line in read_lines(path, file)? {
            let line = line?;
            if let Some(&earlier) = seen.get(&line.key) {
                return Err(MergeError::Shards(format!(
                    "Document `{}` is in both `{}` and `{}` (line {}); give each shard once",
                    line.key,
                    inputs[earlier].display(),
                    path.display(),
                    line.line
                )));
            }
            seen.insert(line.key.clone(), line.file);
            summary.lines += 1;
            match order {
                Some(order) => kept.push((position_of(order, path, &line)?, line.text)),
                None => writeln!(out, "{}", line.text).map_err(write_err)?,
            }
        }
    }
    kept.sort_by_key(|(position, _)| *position);
    for (_, text) in kept {
        writeln!(out, "{text}").map_err(write_err)?;
    }
    out.flush().map_err(write_err)?;
    Ok(summary)
}

fn position_of(order: &CorpusOrder, path: &Path, line: &Line) -> Result<u64, MergeError> {
    order.position(&line.key).ok_or_else(|| MergeError::Line {
        path: path.to_path_buf(),
        line: line.line,
        reason: format!(
            "document `{}` is not in the corpus given with `--input`; give the corpus the shards read",
            line.key
        ),
    })
}

/// The non-blank lines of a JSONL file, each with its document id.
fn read_lines(path: &Path, file: usize) -> Result<impl Iterator<Item = Result<Line, MergeError>> + '_, MergeError> {
    let read_err = |source| MergeError::Read {
        path: path.to_path_buf(),
        source,
    };
    let reader = BufReader::new(File::open(path).map_err(read_err)?);
    let lines = reader.split(b'\n').enumerate().filter_map(move |(i, bytes)| {
        let n = i as u64 + 1;
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(source) => return Some(Err(read_err(source))),
        };
        parse_line(path, file, n, bytes).transpose()
    });
    Ok(lines)
}

fn parse_line(path: &Path, file: usize, n: u64, bytes: Vec<u8>) -> Result<Option<Line>, MergeError> {
    let bad = |reason: String| MergeError::Line {
        path: path.to_path_buf(),
        line: n,
        reason,
    };
    let text = String::from_utf8(bytes).map_err(|_| bad("invalid UTF-8; this is not a tagvote output".into()))?;
    let text = text.trim_end_matches(['\r', '\n']).to_string();
    if text.trim().is_empty() {
        return Ok(None);
    }
    let parsed: IdOnly = serde_json::from_str(&text).map_err(|e| {
        bad(format!(
            "not a JSON object with an `id` ({e}); a run killed while writing leaves a torn last line, finish that shard with `--resume`"
        ))
    })?;
    let id =
        DocId::from_raw(&parsed.id).ok_or_else(|| bad(format!("id `{}` is not a string or a number", parsed.id)))?;
    Ok(Some(Line {
        file,
        line: n,
        key: id.key(),
        text,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge(files: &[&str], order: Option<&CorpusOrder>) -> Result<String, MergeError> {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = files
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let path = dir.path().join(format!("shard-{i}.jsonl"));
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let mut out = Vec::new();
        merge_jsonl(&paths, order, &mut out, Path::new("out.jsonl"))?;
        Ok(String::from_utf8(out).unwrap())
    }

    fn order() -> CorpusOrder {
        let ids = [DocId::from("a"), DocId::from(2), DocId::from("c")];
        CorpusOrder::from_ids(&ids, "h")
    }

    #[test]
    fn lines_go_back_to_corpus_order_verbatim() {
        let shards = [
            "{\"id\":\"c\",\"tags\":[]}\n{\"id\":\"a\",\"tags\":[\"x\"]}\n",
            "\n{\"id\":2,\"tags\":[]}",
        ];
        let merged = merge(&shards, Some(&order())).unwrap();
        assert_eq!(
            merged,
            "{\"id\":\"a\",\"tags\":[\"x\"]}\n{\"id\":2,\"tags\":[]}\n{\"id\":\"c\",\"tags\":[]}\n"
        );
        let concatenated = merge(&shards, None).unwrap();
        assert!(concatenated.starts_with("{\"id\":\"c\""));
    }

    #[test]
    fn torn_duplicate_and_foreign_lines_are_errors_naming_file_and_line() {
        let torn = merge(&["{\"id\":\"a\",\"tags\":[]}\n{\"id\":\"c\",\"ta"], None)
            .unwrap_err()
            .to_string();
        assert!(
            torn.contains("shard-0.jsonl` line 2") && torn.contains("--resume"),
            "{torn}"
        );
        let twice = merge(&["{\"id\":\"a\"}\n", "{\"id\":\"a\"}\n"], None)
            .unwrap_err()
            .to_string();
        assert!(twice.contains("Document `a` is in both"), "{twice}");
        let foreign = merge(&["{\"id\":\"zz\"}\n"], Some(&order())).unwrap_err().to_string();
        assert!(
            foreign.contains("line 1") && foreign.contains("`zz` is not in the corpus"),
            "{foreign}"
        );
    }
}
