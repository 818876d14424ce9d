//! Gold labels: JSONL `{"id": ..., "tags": [...]}` with tags as names or ids, fully validated.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::document::DocId;
use crate::error::CoreError;
use crate::taxonomy::{TagIdx, Taxonomy};

/// Gold labels keyed by document id (text form), in file order.
#[derive(Debug, Clone, Default)]
pub struct Gold {
    rows: Vec<(DocId, Vec<TagIdx>)>,
    index: HashMap<String, usize>,
}

impl Gold {
    /// Loads and validates a gold file; every problem is listed with its line.
    pub fn load(path: &Path, taxonomy: &Taxonomy) -> Result<Self, CoreError> {
        let file = std::fs::File::open(path).map_err(|e| CoreError::io(path, e))?;
        Self::from_reader(BufReader::new(file), path, taxonomy)
    }

    /// Parses gold JSONL from a reader; `path` names the source in messages.
    pub fn from_reader(reader: impl BufRead, path: &Path, taxonomy: &Taxonomy) -> Result<Self, CoreError> {
        let mut gold = Gold::default();
        let mut problems = Vec::new();
        for (i, line) in reader.split(b'\n').enumerate() {
            let n = i as u64 + 1;
            let bytes = line.map_err(|e| CoreError::io(path, e))?;
            let bytes = if n == 1 { strip_bom(&bytes) } else { &bytes };
            match parse_gold_line(bytes, taxonomy) {
                Ok(None) => {}
                Ok(Some((id, tags))) => gold.push_checked(id, tags, n, &mut problems),
                Err(what) => problems.push(format!("line {n}: {what}")),
            }
        }
        if problems.is_empty() {
            Ok(gold)
        } else {
            Err(CoreError::Gold {
                path: path.to_path_buf(),
                problems: format!(
                    "{}\nFix these lines; tags must be names or ids of the taxonomy",
                    problems.join("\n")
                ),
            })
        }
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

    fn push_checked(&mut self, id: DocId, tags: Vec<TagIdx>, line: u64, problems: &mut Vec<String>) {
        let key = id.key();
        if self.index.contains_key(&key) {
            problems.push(format!("line {line}: duplicate id `{key}`"));
            return;
        }
        self.index.insert(key, self.rows.len());
        self.rows.push((id, tags));
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

type GoldRow = (DocId, Vec<TagIdx>);

/// Drops a UTF-8 byte order mark at the start of a file.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

fn parse_gold_line(bytes: &[u8], taxonomy: &Taxonomy) -> Result<Option<GoldRow>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "invalid UTF-8; re-encode the file as UTF-8".to_string())?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    let value: serde_json::Value = serde_json::from_str(text.trim()).map_err(|e| format!("malformed JSON: {e}"))?;
    let id = value
        .get("id")
        .and_then(DocId::from_json)
        .ok_or("missing or invalid `id`; give a string or number")?;
    let tags = value
        .get("tags")
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
    fn malformed_lines_are_errors() {
        let err = parse("{\"id\":\"a\"}\nnot json\n").unwrap_err().to_string();
        assert!(err.contains("line 1: document `a` has no `tags` array"), "{err}");
        assert!(err.contains("line 2: malformed JSON"), "{err}");
    }
}
