//! The core readers through the public API: a folder of repositories, ids kept as written, gold
//! read leniently, and the counts every P/R/F1 comes from.

use std::path::Path;

use tagvote_core::prediction::output_line;
use tagvote_core::{CorpusOptions, CorpusReader, CorpusSource, Counts, DocId, Gold, TagFormat, Taxonomy};

fn taxonomy() -> Taxonomy {
    Taxonomy::from_json_bytes(br#"[{"id":4,"name":"cli"},{"id":33,"name":"lib "}]"#, Path::new("t")).unwrap()
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_folder_of_repositories_reads_each_readme_under_its_folders_name() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tool/README.md", "# tool\nA command line tool.\n");
    write(dir.path(), "tool/docs/guide.md", "not the readme\n");
    write(dir.path(), "empty/LICENSE", "MIT\n");
    write(dir.path(), "lone.md", "# lone\nA library.\n");
    let source = CorpusSource::detect(dir.path());
    let mut reader = CorpusReader::open(&source, CorpusOptions::default()).unwrap();
    let note = reader.note().unwrap().to_string();
    let docs: Vec<_> = reader.by_ref().map(Result::unwrap).collect();
    let ids: Vec<String> = docs.iter().map(|d| d.id.key()).collect();
    assert_eq!(ids, ["lone", "tool"]);
    assert!(docs[1].text.starts_with("# tool"));
    assert!(note.contains("`tool/README.md`") && note.contains("`empty`"), "{note}");
}

#[test]
fn numeric_ids_come_back_exactly_as_written() {
    let text = "{\"id\":18446744073709551616,\"text\":\"x\"}\n{\"id\":1.50,\"text\":\"y\"}\n";
    let reader = CorpusReader::from_jsonl_reader(
        Path::new("c.jsonl"),
        Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
        CorpusOptions::default(),
    );
    let ids: Vec<DocId> = reader.map(|d| d.unwrap().id).collect();
    let lines: Vec<String> = ids
        .iter()
        .map(|id| output_line(id, &[1], &taxonomy(), TagFormat::Name))
        .collect();
    assert_eq!(
        lines,
        [
            "{\"id\":18446744073709551616,\"tags\":[\"lib\"]}",
            "{\"id\":1.50,\"tags\":[\"lib\"]}"
        ]
    );
}

#[test]
fn gold_keeps_good_rows_lists_bad_lines_and_matches_ids_by_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.jsonl");
    std::fs::write(
        &path,
        "{\"id\":3930,\"tags\":[\"cli\",33]}\n{\"id\":\"x\",\"tags\":[\"web\"]}\n[1]\n",
    )
    .unwrap();
    let (gold, problems) = Gold::load_lenient(&path, &taxonomy()).unwrap();
    assert_eq!(gold.get(&DocId::from("3930")), Some(&[0, 1][..]));
    let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 3]);
    assert!(Gold::load(&path, &taxonomy())
        .unwrap_err()
        .to_string()
        .contains("line 2: unknown tag `web`"));
}

#[test]
fn counts_give_scikit_learn_micro_scores() {
    let mut counts = Counts::default();
    counts.add(&[0, 1], &[0], 1.0);
    counts.add(&[], &[1], 1.0);
    let prf = counts.prf();
    assert_eq!((prf.precision, prf.recall, prf.f1), (0.5, 0.5, 0.5));
}
