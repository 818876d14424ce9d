//! Loading gold labels leniently for `eval`: a bad row (unknown tag, duplicate id, malformed line)
//! is reported with its line, and the other rows are still used.

use std::io::BufRead;
use std::path::Path;

use anyhow::Context;
use tagvote_core::{CoreError, DocId, Gold, TagIdx, Taxonomy};

/// Gold labels and the problems of the rows that were left out.
pub struct LoadedGold {
    pub gold: Gold,
    /// One message naming the file and every bad line, when there were any.
    pub problems: Option<String>,
    /// Number of bad lines.
    pub bad_lines: usize,
}

/// Loads a gold file; when some lines are bad, keeps the good rows (the first of duplicate ids).
pub fn load(path: &Path, taxonomy: &Taxonomy) -> anyhow::Result<LoadedGold> {
    let problems = match Gold::load(path, taxonomy) {
        Ok(gold) => {
            return Ok(LoadedGold {
                gold,
                problems: None,
                bad_lines: 0,
            })
        }
        Err(e @ CoreError::Gold { .. }) => e.to_string(),
        Err(e) => return Err(e.into()),
    };
    let (rows, bad_lines) = good_rows(path, taxonomy)?;
    Ok(LoadedGold {
        gold: Gold::from_rows(rows),
        problems: Some(problems),
        bad_lines,
    })
}

/// One gold row: a document id and its tags.
type Row = (DocId, Vec<TagIdx>);

/// Parses each line on its own; returns the valid rows (first of each id) and the bad-line count.
fn good_rows(path: &Path, taxonomy: &Taxonomy) -> anyhow::Result<(Vec<Row>, usize)> {
    let file = std::fs::File::open(path).with_context(|| format!("Cannot read `{}`", path.display()))?;
    let mut rows: Vec<Row> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut bad = 0;
    for line in std::io::BufReader::new(file).split(b'\n') {
        let line = line.with_context(|| format!("Cannot read `{}`", path.display()))?;
        match Gold::from_reader(line.as_slice(), path, taxonomy) {
            Ok(one) => {
                for (id, tags) in one.rows() {
                    if seen.insert(id.key()) {
                        rows.push((id.clone(), tags.clone()));
                    } else {
                        bad += 1;
                    }
                }
            }
            Err(_) => bad += 1,
        }
    }
    Ok((rows, bad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_rows_are_listed_and_good_rows_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.jsonl");
        let text =
            "{\"id\":\"a\",\"tags\":[\"cli\"]}\n{\"id\":\"b\",\"tags\":[\"nope\"]}\n{\"id\":\"a\",\"tags\":[]}\n";
        std::fs::write(&path, text).unwrap();
        let taxonomy = Taxonomy::from_json_bytes(br#"[{"id":4,"name":"cli"}]"#, Path::new("t")).unwrap();
        let loaded = load(&path, &taxonomy).unwrap();
        assert_eq!(loaded.gold.len(), 1);
        assert_eq!(loaded.gold.get(&DocId::from("a")), Some(&[0][..]));
        assert_eq!(loaded.bad_lines, 2);
        let problems = loaded.problems.unwrap();
        assert!(problems.contains("line 2: unknown tag `nope`") && problems.contains("line 3: duplicate id `a`"));
    }
}
