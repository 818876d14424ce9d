//! The harness end to end through its public API: a run with two fixed scorers and a strict vote,
//! its evaluation (the cascade analysis simulates the run's vote), its JUnit and its shard field.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use tagvote_core::{
    CorpusOptions, CorpusReader, DocId, Document, Gold, ScoreError, ScoredDoc, Scorer, TagScore, Taxonomy,
};
use tagvote_harness::run::{self, RunOptions, RunSetup, Shard, SilentObserver};
use tagvote_harness::vote::{build, VoteOptions};
use tagvote_harness::{EvalOptions, GateSpec, ReportFile, RunRecord};

/// Always answers the same tags.
struct Fixed {
    name: &'static str,
    tags: Vec<u16>,
}

#[async_trait]
impl Scorer for Fixed {
    fn name(&self) -> &str {
        self.name
    }
    async fn score(&self, _doc: &Document) -> Result<ScoredDoc, ScoreError> {
        let scores = self.tags.iter().map(|&tag| TagScore { tag, score: 0.9 }).collect();
        Ok(ScoredDoc::from_scores(scores, 0.5))
    }
}

fn taxonomy() -> Arc<Taxonomy> {
    let json = br#"[{"id":1,"name":"a"},{"id":2,"name":"b"},{"id":3,"name":"c"}]"#;
    Arc::new(Taxonomy::from_json_bytes(json, Path::new("t")).unwrap())
}

fn corpus(n: usize) -> CorpusReader {
    let text: String = (0..n)
        .map(|i| format!("{{\"id\":{i},\"text\":\"doc {i}\"}}\n"))
        .collect();
    CorpusReader::from_jsonl_reader(
        Path::new("c.jsonl"),
        Box::new(std::io::Cursor::new(text.into_bytes())),
        CorpusOptions::default(),
    )
}

/// Runs `first` (tags a, b) and `second` (tag a) under `majority` needing both, on 6 documents
/// whose gold is a, b.
fn run_strict_vote(options: &RunOptions) -> RunRecord {
    let vote_options = VoteOptions {
        min_votes: 2,
        ..VoteOptions::default()
    };
    let gold: Vec<(DocId, Vec<u16>)> = (0..6u64).map(|i| (DocId::from(i), vec![0, 1])).collect();
    let setup = RunSetup {
        taxonomy: taxonomy(),
        gold: Some(Arc::new(Gold::from_rows(gold))),
        scorers: vec![
            Box::new(Fixed {
                name: "first",
                tags: vec![0, 1],
            }),
            Box::new(Fixed {
                name: "second",
                tags: vec![0],
            }),
        ],
        vote: build("majority", &vote_options, None).unwrap(),
        config: serde_json::json!({}),
        skipped_systems: BTreeMap::new(),
        git_commit: None,
        outputs: Vec::new(),
        gold_hash: None,
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let outcome = runtime
        .block_on(run::run(setup, corpus(6), options, Arc::new(SilentObserver)))
        .unwrap();
    outcome.record
}

#[test]
fn the_cascade_analysis_simulates_the_vote_that_ran() {
    let record = run_strict_vote(&RunOptions::default());
    let mut opts = EvalOptions::with_bootstrap(0, 1);
    opts.analysis.vote = "majority".into();
    opts.analysis.vote_options.min_votes = 2;
    opts.analysis.vote_options.cascade_expensive = "second".into();
    let report = ReportFile::new(record, &opts);
    let vote_f1 = report.evaluation.system("vote").unwrap().metrics.micro.f1;
    let cascade = report.evaluation.analysis.cascade.as_ref().unwrap();
    assert_eq!(cascade.f1_always, vote_f1);
    assert!(
        (vote_f1 - 2.0 / 3.0).abs() < 1e-12,
        "only `a` passes the strict vote: {vote_f1}"
    );
}

#[test]
fn junit_has_a_metric_case_and_a_failed_documents_case_per_system() {
    let report = ReportFile::new(
        run_strict_vote(&RunOptions::default()),
        &EvalOptions::with_bootstrap(0, 1),
    );
    let xml = report.to_junit(&GateSpec::default());
    for system in ["first", "second", "vote"] {
        for case in ["micro_f1", "no_failed_documents"] {
            let needle = format!("classname=\"tagvote.{system}\" name=\"{case}\"");
            assert!(xml.contains(&needle), "{needle} in {xml}");
        }
    }
}

#[test]
fn a_sharded_run_records_its_shard_as_a_typed_field() {
    let shard: Shard = "1/2".parse().unwrap();
    let options = RunOptions {
        shard: Some(shard),
        ..RunOptions::default()
    };
    let record = run_strict_vote(&options);
    let json = serde_json::to_value(&record).unwrap();
    assert_eq!(json["shard"], "1/2");
    let back: RunRecord = serde_json::from_value(json).unwrap();
    assert_eq!(back.shard, Some(shard));
    assert!(record.docs.iter().all(|d| shard.contains(&d.id)));
}
