//! Gold labels: JSONL `{"id": ..., "tags": [...]}` with tags as names or ids, fully validated.

use std::collections::HashMap;
use std::fmt;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde_json::value::RawValue;

use crate::document::DocId;
use crate::error::CoreError;
use crate::taxonomy::{TagIdx, Taxonomy};

/// Gold labels keyed by document id (text form), in file order.
#[derive(Debug, Clone, Default)]
pub struct Gold {
    rows: Vec<(DocId, Vec<TagIdx>)>,
    index: HashMap<String, usize>,
}

/// A gold line that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldProblem {
    /// 1-based line number.
    pub line: u64,
    /// What is wrong with it (`unknown tag `web` for document `a``).
    pub what: String,
}

impl fmt::Display for GoldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.what)
    }
}

/// Every problem on its own line, then what to do (the message of `CoreError::Gold`).
pub fn describe_problems(problems: &[GoldProblem]) -> String {
    let lines: Vec<String> = problems.iter().map(GoldProblem::to_string).collect();
    format!(
        "{}\nFix these lines; tags must be names or ids of the taxonomy",
        lines.join("\n")
    )
}

impl Gold {
    /// Loads and validates a gold file; any bad line is an error listing every problem.
    pub fn load(path: &Path, taxonomy: &Taxonomy) -> Result<Self, CoreError> {
        let (gold, problems) = Self::load_lenient(path, taxonomy)?;
        strict(gold, problems, path)
    }

    /// Loads a gold file keeping the good rows (the first of duplicate ids) and listing the bad lines.
    pub fn load_lenient(path: &Path, taxonomy: &Taxonomy) -> Result<(Self, Vec<GoldProblem>), CoreError> {
        let file = std::fs::File::open(path).map_err(|e| CoreError::io(path, e))?;
        Self::read_lenient(BufReader::new(file), path, taxonomy)
    }

    /// Parses gold JSONL from a reader, strictly; `path` names the source in messages.
    pub fn from_reader(reader: impl BufRead, path: &Path, taxonomy: &Taxonomy) -> Result<Self, CoreError> {
        let (gold, problems) = Self::read_lenient(reader, path, taxonomy)?;
        strict(gold, problems, path)
    }

    /// Parses gold JSONL from a reader: the good rows and every bad line; only I/O fails.
    pub fn read_lenient(
        reader: impl BufRead,
        path: &Path,
        taxonomy: &Taxonomy,
    ) -> Result<(Self, Vec<GoldProblem>), CoreError> {
        let mut gold = Gold::default();
        let mut problems = Vec::new();
        for (i, line) in reader.split(b'\n').enumerate() {
            let line_no = i as u64 + 1;
            let bytes = line.map_err(|e| CoreError::io(path, e))?;
            let bytes = if line_no == 1 { strip_bom(&bytes) } else { &bytes };
            let outcome = parse_gold_line(bytes, taxonomy).and_then(|row| match row {
                Some((id, tags)) => gold.push_unique(id, tags),
                None => Ok(()),
            });
            if let Err(what) = outcome {
                problems.push(GoldProblem { line: line_no, what });
            }
        }
        Ok((gold, problems))
    }

    /// Builds gold from rows already resolved (tests, cross-validation folds).
    pub fn from_rows(rows: Vec<(DocId, Vec<TagIdx>)>) -> Self {
        let mut gold = Gold::default();
        for (id, tags) in rows {
            gold.index.insert(id.key(), gold.rows.len());
            gold.rows.push((id, tags));
        }
        gold
    }

    fn push_unique(&mut self, id: DocId, tags: Vec<TagIdx>) -> Result<(), String> {
        let key = id.key();
        if self.index.contains_key(&key) {
            return Err(format!("duplicate id `{key}`"));
        }
        self.index.insert(key, self.rows.len());
        self.rows.push((id, tags));
        Ok(())
    }

    /// The gold tags of a document, if it has a gold row.
    pub fn get(&self, id: &DocId) -> Option<&[TagIdx]> {
        self.index.get(&id.key()).map(|&i| self.rows[i].1.as_slice())
    }

    pub fn rows(&self) -> &[(DocId, Vec<TagIdx>)] {
        &self.rows
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

fn strict(gold: Gold, problems: Vec<GoldProblem>, path: &Path) -> Result<Gold, CoreError> {
    if problems.is_empty() {
        Ok(gold)
    } else {
        Err(CoreError::Gold {
            path: path.to_path_buf(),
            problems: describe_problems(&problems),
        })
    }
}

type GoldRow = (DocId, Vec<TagIdx>);

/// Drops a UTF-8 byte order mark at the start of a file.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// One gold line's fields; the id as raw text so numbers keep their exact form.
#[derive(serde::Deserialize)]
struct RawGold<'a> {
    #[serde(borrow, default, deserialize_with = "crate::document::present")]
    id: Option<&'a RawValue>,
    #[serde(default)]
    tags: Option<serde_json::Value>,
}

fn parse_gold_line(bytes: &[u8], taxonomy: &Taxonomy) -> Result<Option<GoldRow>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "invalid UTF-8; re-encode the file as UTF-8".to_string())?;
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if !text.starts_with('{') {
        serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|e| format!("malformed JSON: {e}"))?;
        return Err("not a JSON object; write `{\"id\": ..., \"tags\": [...]}`".into());
    }
    let row: RawGold = serde_json::from_str(text).map_err(|e| format!("malformed JSON: {e}"))?;
    let id = row
        .id
        .and_then(DocId::from_raw)
        .ok_or("missing or invalid `id`; give a string or number")?;
    let tags = row
        .tags
        .as_ref()
        .and_then(|t| t.as_array())
        .ok_or_else(|| format!("document `{id}` has no `tags` array"))?;
    let mut resolved = Vec::with_capacity(tags.len());
    let mut unknown = Vec::new();
    for tag in tags {
        match taxonomy.resolve(tag) {
            Some(idx) if !resolved.contains(&idx) => resolved.push(idx),
            Some(_) => {}
            None => unknown.push(format!(
                "`{}`",
                tag.as_str().map(str::to_string).unwrap_or_else(|| tag.to_string())
            )),
        }
    }
    if unknown.is_empty() {
        Ok(Some((id, resolved)))
    } else {
        Err(format!("unknown tag {} for document `{id}`", unknown.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taxonomy() -> Taxonomy {
        Taxonomy::from_json_bytes(br#"[{"id":4,"name":"cli"},{"id":33,"name":"lib"}]"#, Path::new("t")).unwrap()
    }

    fn parse(s: &str) -> Result<Gold, CoreError> {
        Gold::from_reader(s.as_bytes(), Path::new("gold.jsonl"), &taxonomy())
    }

    #[test]
    fn tags_may_be_names_or_ids() {
        let gold = parse("{\"id\":\"a\",\"tags\":[\"lib\",4]}\n{\"id\":2,\"tags\":[]}\n").unwrap();
        assert_eq!(gold.get(&DocId::from("a")), Some(&[1, 0][..]));
        assert_eq!(gold.get(&DocId::from("2")), Some(&[][..]));
    }

    #[test]
    fn every_unknown_tag_is_listed_with_its_line() {
        let err = parse("{\"id\":\"a\",\"tags\":[\"web\",\"lib\"]}\n{\"id\":\"b\",\"tags\":[99]}\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("line 1: unknown tag `web`"), "{msg}");
        assert!(msg.contains("line 2: unknown tag `99`"), "{msg}");
        assert!(msg.contains("`gold.jsonl`"), "{msg}");
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_ignored() {
        let gold = parse("\u{feff}{\"id\":\"a\",\"tags\":[\"cli\"]}\n").unwrap();
        assert_eq!(gold.get(&DocId::from("a")), Some(&[0][..]));
    }

    #[test]
    fn duplicate_ids_are_an_error() {
        let err = parse("{\"id\":\"a\",\"tags\":[]}\n{\"id\":\"a\",\"tags\":[]}\n").unwrap_err();
        assert!(err.to_string().contains("line 2: duplicate id `a`"), "{err}");
    }

    #[test]
    fn lenient_reading_keeps_the_good_rows_and_lists_the_bad_lines() {
        let text =
            "{\"id\":\"a\",\"tags\":[\"cli\"]}\n{\"id\":\"b\",\"tags\":[\"nope\"]}\n{\"id\":\"a\",\"tags\":[]}\n";
        let (gold, problems) = Gold::read_lenient(text.as_bytes(), Path::new("g"), &taxonomy()).unwrap();
        assert_eq!(gold.len(), 1);
        assert_eq!(gold.get(&DocId::from("a")), Some(&[0][..]));
        let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3]);
        assert_eq!(problems[1].to_string(), "line 3: duplicate id `a`");
    }

    #[test]
    fn malformed_lines_are_errors() {
        let err = parse("{\"id\":\"a\"}\nnot json\n").unwrap_err().to_string();
        assert!(err.contains("line 1: document `a` has no `tags` array"), "{err}");
        assert!(err.contains("line 2: malformed JSON"), "{err}");
    }
}
