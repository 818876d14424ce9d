//! Fuzzes the JSONL corpus reader: any bytes are read to the end without a panic, every
//! non-blank line becomes exactly one document or one error, and every error names file and line.
#![no_main]

use std::io::Cursor;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tagvote_core::{CorpusOptions, CorpusReader};

/// Lines the reader must answer for: everything except whitespace-only UTF-8 lines (the first
/// line's byte order mark, which the reader drops, aside).
fn counted_lines(data: &[u8]) -> u64 {
    let mut lines: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    if data.ends_with(b"\n") || data.is_empty() {
        lines.pop();
    }
    if let Some(first) = lines.first_mut() {
        *first = first.strip_prefix(b"\xef\xbb\xbf").unwrap_or(first);
    }
    let blank = |l: &[u8]| std::str::from_utf8(l).is_ok_and(|s| s.trim().is_empty());
    lines.into_iter().filter(|l| !blank(l)).count() as u64
}

fuzz_target!(|data: &[u8]| {
    let options = CorpusOptions { max_doc_bytes: 4096 };
    let cursor = Cursor::new(data.to_vec());
    let mut reader = CorpusReader::from_jsonl_reader(Path::new("fuzz.jsonl"), Box::new(cursor), options);
    let mut last_line = 0;
    let mut outcomes = 0u64;
    for item in reader.by_ref() {
        outcomes += 1;
        if let Err(e) = item {
            let line = e.line.expect("JSONL errors carry a line");
            assert!(line > last_line, "error lines go forward: {line} after {last_line}");
            assert!(
                e.message.contains(&format!("`fuzz.jsonl` line {line}")),
                "{}",
                e.message
            );
            last_line = line;
        }
    }
    assert_eq!(outcomes, reader.documents() + reader.errors());
    assert_eq!(outcomes, counted_lines(data), "one outcome per non-blank line");
    assert_eq!(reader.dataset_hash().len(), 64);
});
