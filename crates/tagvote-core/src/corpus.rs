//! Streaming corpus readers: JSONL (`id` + `text`/`readme`/`content`) or a directory of README files
//! (or of repositories, `NAME/README.md`; see `folder`).
//!
//! Every record is validated; a bad record becomes an `InputError` naming file, line and fix,
//! and reading goes on with the next one.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::document::{DocId, Document};
use crate::error::{CoreError, InputError};
use crate::folder::FolderListing;
use crate::hash::FieldHasher;
use serde_json::value::RawValue;

/// Default limit on one document's size in bytes (1 MiB).
pub const DEFAULT_MAX_DOC_BYTES: usize = 1 << 20;

/// How records are validated.
#[derive(Debug, Clone)]
pub struct CorpusOptions {
    /// Documents larger than this are rejected with an error naming the limit.
    pub max_doc_bytes: usize,
}

impl Default for CorpusOptions {
    fn default() -> Self {
        CorpusOptions {
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
        }
    }
}

/// Where a corpus comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorpusSource {
    Jsonl(PathBuf),
    Directory(PathBuf),
}

impl CorpusSource {
    /// A directory is a folder of README files or of repositories; anything else is JSONL.
    pub fn detect(path: &Path) -> CorpusSource {
        if path.is_dir() {
            CorpusSource::Directory(path.to_path_buf())
        } else {
            CorpusSource::Jsonl(path.to_path_buf())
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            CorpusSource::Jsonl(p) | CorpusSource::Directory(p) => p,
        }
    }
}

enum Inner {
    Jsonl {
        reader: Box<dyn BufRead + Send>,
        line: u64,
    },
    Directory {
        files: std::vec::IntoIter<(PathBuf, String)>,
    },
}

/// A lazy, validating iterator over a corpus.
pub struct CorpusReader {
    path: PathBuf,
    inner: Inner,
    options: CorpusOptions,
    seen: HashSet<String>,
    hasher: FieldHasher,
    buf: Vec<u8>,
    documents: u64,
    errors: u64,
    note: Option<String>,
}

impl CorpusReader {
    /// Opens a JSONL file or a directory of READMEs.
    pub fn open(source: &CorpusSource, options: CorpusOptions) -> Result<Self, CoreError> {
        let mut note = None;
        let inner = match source {
            CorpusSource::Jsonl(path) => {
                let file = File::open(path).map_err(|e| CoreError::io(path, e))?;
                Inner::Jsonl {
                    reader: Box::new(BufReader::with_capacity(1 << 16, file)),
                    line: 0,
                }
            }
            CorpusSource::Directory(path) => {
                let listing = FolderListing::read(path)?;
                note = listing.note(path);
                Inner::Directory {
                    files: listing.entries.into_iter(),
                }
            }
        };
        let mut reader = Self::with_inner(source.path(), inner, options);
        reader.note = note;
        Ok(reader)
    }

    /// Reads JSONL from any reader (stdin, memory); `name` is used in messages.
    pub fn from_jsonl_reader(name: &Path, reader: Box<dyn BufRead + Send>, options: CorpusOptions) -> Self {
        Self::with_inner(name, Inner::Jsonl { reader, line: 0 }, options)
    }

    fn with_inner(path: &Path, inner: Inner, options: CorpusOptions) -> Self {
        CorpusReader {
            path: path.to_path_buf(),
            inner,
            options,
            seen: HashSet::new(),
            hasher: FieldHasher::new(),
            buf: Vec::new(),
            documents: 0,
            errors: 0,
            note: None,
        }
    }

    /// For a folder of repositories: which README files were taken and which folders had none.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Hash over the ids and texts of the valid documents read so far, in order.
    pub fn dataset_hash(&self) -> String {
        self.hasher.clone().finish_hex()
    }

    /// Valid documents yielded so far.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Records rejected so far.
    pub fn errors(&self) -> u64 {
        self.errors
    }

    fn next_record(&mut self) -> Option<Result<Document, InputError>> {
        match &mut self.inner {
            Inner::Jsonl { reader, line } => {
                self.buf.clear();
                *line += 1;
                let n = *line;
                match read_line(reader.as_mut(), &mut self.buf) {
                    Ok(0) => None,
                    Ok(_) => Some(parse_jsonl_line(&self.path, n, &self.buf, &self.options)),
                    Err(e) => Some(Err(InputError::new(
                        &self.path,
                        Some(n),
                        None,
                        &format!("Cannot read: {e}"),
                    ))),
                }
            }
            Inner::Directory { files } => {
                let (file, id) = files.next()?;
                Some(read_readme_file(&file, id, &self.options))
            }
        }
    }

    fn check_duplicate(&mut self, doc: Document) -> Result<Document, InputError> {
        let key = doc.id.key();
        if self.seen.contains(&key) {
            let line = match &self.inner {
                Inner::Jsonl { line, .. } => Some(*line),
                Inner::Directory { .. } => None,
            };
            let what =
                format!("Duplicate id `{key}`; the first document with this id is kept, give this one a unique id");
            return Err(InputError::new(&self.path, line, Some(key), &what));
        }
        self.seen.insert(key);
        Ok(doc)
    }
}

impl Iterator for CorpusReader {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let record = self.next_record()?;
            let result = record.and_then(|doc| self.check_duplicate(doc));
            match &result {
                Ok(doc) => {
                    self.documents += 1;
                    self.hasher.field(doc.id.key().as_bytes()).field(doc.text.as_bytes());
                }
                Err(e) if is_blank_line(e) => continue,
                Err(_) => self.errors += 1,
            }
            return Some(result);
        }
    }
}

const BLANK: &str = "\u{0}blank";

fn is_blank_line(e: &InputError) -> bool {
    e.message == BLANK
}

/// Reads one line including a final unterminated one; long lines are read whole.
fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    reader.read_until(b'\n', buf)
}

fn parse_jsonl_line(path: &Path, line: u64, bytes: &[u8], options: &CorpusOptions) -> Result<Document, InputError> {
    let err = |id: Option<String>, what: &str| InputError::new(path, Some(line), id, what);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        err(
            None,
            &format!(
                "Invalid UTF-8 at byte `{}` of the line; re-encode the file as UTF-8",
                e.valid_up_to()
            ),
        )
    })?;
    let text = if line == 1 { strip_bom(text) } else { text };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(InputError {
            path: path.into(),
            line: Some(line),
            id: None,
            message: BLANK.into(),
        });
    }
    let malformed =
        |e: serde_json::Error| err(None, &format!("Malformed JSON: {e}; each line must be one JSON object"));
    if !trimmed.starts_with('{') {
        serde_json::from_str::<serde::de::IgnoredAny>(trimmed).map_err(malformed)?;
        return Err(err(None, "Expected a JSON object with `id` and `text`"));
    }
    let record: RawRecord = serde_json::from_str(trimmed).map_err(malformed)?;
    let id = match record.id {
        None => return Err(err(None, "Missing `id`; add a string or number `id`")),
        Some(raw) => DocId::from_raw(raw).ok_or_else(|| {
            err(
                None,
                &format!("Id `{raw}` is not a non-empty string or a number; use one of those"),
            )
        })?,
    };
    let key = Some(id.key());
    let text = match record.text.or(record.readme).or(record.content) {
        None => return Err(err(key, "Missing text; add a `text`, `readme` or `content` string")),
        Some(raw) => serde_json::from_str::<String>(raw.get()).map_err(|e| match kind(raw) {
            "a string" => malformed(e),
            other => err(
                key.clone(),
                &format!("Text is `{other}`, not a string; give the README as a JSON string"),
            ),
        })?,
    };
    validate_text(&text, options).map_err(|what| err(key, &what))?;
    Ok(Document { id, text })
}

/// Drops a UTF-8 byte order mark, which some editors put at the start of a file.
fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The fields of one JSONL record, as raw JSON text (read once; ids keep their exact text). The
/// text is `text`, else `readme`, else `content`.
#[derive(serde::Deserialize)]
struct RawRecord<'a> {
    #[serde(borrow, default, deserialize_with = "crate::document::present")]
    id: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "crate::document::present")]
    text: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "crate::document::present")]
    readme: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "crate::document::present")]
    content: Option<&'a RawValue>,
}

/// What kind of JSON value a raw value is, for messages.
fn kind(raw: &RawValue) -> &'static str {
    match raw.get().trim_start().as_bytes().first() {
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ => "a number",
    }
}

/// Shared checks on a document's text: not empty, no NUL bytes, not over the size limit.
pub fn validate_text(text: &str, options: &CorpusOptions) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err("Empty text; nothing to tag, give the README's content or drop the record".into());
    }
    if text.len() > options.max_doc_bytes {
        return Err(format!(
            "Text is `{}` bytes, over the limit of `{}`; cut it or raise `--max-doc-bytes`",
            text.len(),
            options.max_doc_bytes
        ));
    }
    if text.contains('\0') {
        return Err("Text contains NUL bytes, so it is probably binary; give the README as text".into());
    }
    Ok(())
}

fn read_readme_file(path: &Path, stem: String, options: &CorpusOptions) -> Result<Document, InputError> {
    let err = |what: &str| InputError::new(path, None, Some(stem.clone()), what);
    let file = File::open(path).map_err(|e| err(&format!("Cannot read: {e}")))?;
    let mut bytes = Vec::new();
    let limit = options.max_doc_bytes as u64 + 1;
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| err(&format!("Cannot read: {e}")))?;
    if bytes.len() > options.max_doc_bytes {
        return Err(err(&format!(
            "File is over the limit of `{}` bytes; cut it or raise `--max-doc-bytes`",
            options.max_doc_bytes
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        err(&format!(
            "Invalid UTF-8 at byte `{}`; re-encode the file as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })?;
    validate_text(&text, options).map_err(|what| err(&what))?;
    Ok(Document {
        id: DocId::Str(stem),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Vec<Result<Document, InputError>> {
        let cursor = std::io::Cursor::new(bytes.to_vec());
        CorpusReader::from_jsonl_reader(Path::new("c.jsonl"), Box::new(cursor), CorpusOptions::default()).collect()
    }

    fn messages(results: &[Result<Document, InputError>]) -> Vec<String> {
        results
            .iter()
            .filter_map(|r| r.as_ref().err().map(|e| e.message.clone()))
            .collect()
    }

    #[test]
    fn reads_ids_as_given_and_text_aliases() {
        let docs =
            read(b"{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":7,\"readme\":\"y\"}\n\n{\"id\":\"c\",\"content\":\"z\"}");
        let docs: Vec<_> = docs.into_iter().map(Result::unwrap).collect();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[1].id, DocId::from(7));
        assert_eq!(docs[2].text, "z");
    }

    #[test]
    fn bad_lines_are_reported_and_reading_goes_on() {
        let input = b"{\"id\":\"a\",\"text\":\"x\"}\n{oops\n{\"text\":\"no id\"}\n{\"id\":\"a\",\"text\":\"dup\"}\n{\"id\":\"b\",\"text\":\"\"}\n{\"id\":\"c\",\"text\":\"ok\"}\n";
        let results = read(input);
        let msgs = messages(&results);
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 2);
        assert!(
            msgs[0].contains("Malformed JSON") && msgs[0].contains("line 2"),
            "{}",
            msgs[0]
        );
        assert!(
            msgs[1].contains("Missing `id`") && msgs[1].contains("line 3"),
            "{}",
            msgs[1]
        );
        assert!(
            msgs[2].contains("Duplicate id `a`") && msgs[2].contains("line 4"),
            "{}",
            msgs[2]
        );
        assert!(
            msgs[3].contains("Empty text") && msgs[3].contains("document `b`"),
            "{}",
            msgs[3]
        );
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_ignored() {
        let results = read(b"\xef\xbb\xbf{\"id\":\"a\",\"text\":\"x\"}\n\xef\xbb\xbf{\"id\":\"b\",\"text\":\"y\"}\n");
        assert_eq!(results[0].as_ref().unwrap().id, DocId::from("a"));
        assert!(
            messages(&results)[0].contains("line 2"),
            "only line 1 may start with a BOM"
        );
    }

    #[test]
    fn invalid_utf8_and_nul_bytes_are_errors() {
        let results = read(b"{\"id\":\"a\",\"text\":\"\xff\"}\n{\"id\":\"b\",\"text\":\"a\\u0000b\"}\n");
        let msgs = messages(&results);
        assert!(msgs[0].contains("Invalid UTF-8"), "{}", msgs[0]);
        assert!(msgs[1].contains("NUL bytes"), "{}", msgs[1]);
    }

    #[test]
    fn oversized_text_is_an_error_naming_the_limit() {
        let cursor = std::io::Cursor::new(b"{\"id\":\"a\",\"text\":\"0123456789\"}".to_vec());
        let options = CorpusOptions { max_doc_bytes: 4 };
        let results: Vec<_> =
            CorpusReader::from_jsonl_reader(Path::new("c.jsonl"), Box::new(cursor), options).collect();
        assert!(messages(&results)[0].contains("`--max-doc-bytes`"));
    }

    #[test]
    fn directory_ids_are_file_stems_in_sorted_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.md"), "# B").unwrap();
        std::fs::write(dir.path().join("a.md"), "# A").unwrap();
        std::fs::write(dir.path().join("bad.md"), b"\xff\xfe").unwrap();
        let source = CorpusSource::detect(dir.path());
        let results: Vec<_> = CorpusReader::open(&source, CorpusOptions::default()).unwrap().collect();
        let ids: Vec<_> = results
            .iter()
            .filter_map(|r| r.as_ref().ok().map(|d| d.id.key()))
            .collect();
        assert_eq!(ids, ["a", "b"]);
        assert!(messages(&results)[0].contains("bad.md"));
    }

    #[test]
    fn dataset_hash_depends_on_content() {
        let hash = |b: &[u8]| {
            let cursor = std::io::Cursor::new(b.to_vec());
            let mut r = CorpusReader::from_jsonl_reader(Path::new("c"), Box::new(cursor), CorpusOptions::default());
            r.by_ref().for_each(drop);
            r.dataset_hash()
        };
        assert_eq!(
            hash(b"{\"id\":1,\"text\":\"a\"}"),
            hash(b"{\"id\":\"1\",\"text\":\"a\"}\n")
        );
        assert_ne!(hash(b"{\"id\":1,\"text\":\"a\"}"), hash(b"{\"id\":1,\"text\":\"b\"}"));
    }
}
