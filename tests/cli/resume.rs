//! Resume after a real SIGKILL, and shards that split a corpus without overlap.

use std::io::Write;
use std::time::{Duration, Instant};

use super::*;

/// A corpus of `n` short documents of my own words, each with a distinct id.
fn big_corpus(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("big.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let kinds = [
        "command-line tool",
        "web framework",
        "database driver",
        "game engine",
        "logging library",
    ];
    for i in 0..n {
        let text = format!(
            "# project {i}\\n\\nA {} number {i} for testing resumes.",
            kinds[i % kinds.len()]
        );
        writeln!(file, "{{\"id\":\"p{i}\",\"text\":\"{text}\"}}").unwrap();
    }
    file.flush().unwrap();
    path
}

fn tag_to_file(corpus: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut cmd = tagvote();
    cmd.args([
        "tag",
        "--scorers",
        "keyword",
        "--no-default-model",
        "--quiet",
        "--batch-size",
        "1",
        "--workers",
        "1",
    ])
    .arg("--taxonomy")
    .arg(taxonomy())
    .arg("--input")
    .arg(corpus)
    .arg("--output")
    .arg(out)
    .args(extra);
    cmd
}

fn line_count(path: &Path) -> usize {
    std::fs::read(path).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
}

#[test]
fn a_run_killed_mid_way_resumes_to_the_same_output_as_an_uninterrupted_one() {
    let dir = tempfile::tempdir().unwrap();
    let n = 15_000;
    let corpus = big_corpus(dir.path(), n);
    let out = dir.path().join("tags.jsonl");
    let mut child = tag_to_file(&corpus, &out, &[]).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while line_count(&out) < 50 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let written = line_count(&out);
    assert!(
        written >= 50 && written < n,
        "the kill must land mid-run; {written} of {n} lines were written"
    );

    let (code, _, stderr) = run(&mut tag_to_file(&corpus, &out, &["--resume"]));
    assert_eq!(code, 0, "{stderr}");
    let resumed = std::fs::read_to_string(&out).unwrap();
    let full = dir.path().join("full.jsonl");
    let (code, _, stderr) = run(&mut tag_to_file(&corpus, &full, &[]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        resumed,
        std::fs::read_to_string(&full).unwrap(),
        "every document once, in order"
    );
}

#[test]
fn resume_cuts_a_torn_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tags.jsonl");
    let (_, full, _) = tag_corpus(&fixture("good.jsonl"), &[]);
    let first = full.lines().next().unwrap();
    std::fs::write(&out, format!("{first}\n{{\"id\":2,\"ta")).unwrap();
    let (code, _, stderr) = tag_corpus(&fixture("good.jsonl"), &["--output", out.to_str().unwrap(), "--resume"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), full);
}

#[test]
fn resume_without_an_output_file_is_refused() {
    let (code, _, stderr) = tag_corpus(&fixture("good.jsonl"), &["--resume"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`--resume` needs `--output FILE`"), "{stderr}");
}

#[test]
fn shards_cover_the_corpus_once() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = big_corpus(dir.path(), 200);
    let mut ids = Vec::new();
    for shard in ["0/3", "1/3", "2/3"] {
        let (code, stdout, stderr) = tag_corpus(&corpus, &["--shard", shard]);
        assert_eq!(code, 0, "{stderr}");
        let part = output_ids(&stdout);
        assert!(!part.is_empty() && part.len() < 200, "{shard}: {}", part.len());
        ids.extend(part);
    }
    let (_, stdout, _) = tag_corpus(&corpus, &[]);
    let mut all = output_ids(&stdout);
    all.sort();
    ids.sort();
    assert_eq!(ids, all);
}

#[test]
fn a_bad_shard_says_how_shards_are_numbered() {
    let (code, _, stderr) = tag_corpus(&fixture("good.jsonl"), &["--shard", "3/3"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("0 <= I < N"), "{stderr}");
}
