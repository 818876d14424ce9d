//! Diagnostics, oracle bound, cascade curve and audit on hand-made records, checked by hand.

use std::collections::BTreeMap;

use tagvote_core::{DocId, ScoredDoc, Tag, TagIdx, TagScore};

use super::*;
use crate::record::{DocRecord, DocResult};

fn ok(tags: &[(TagIdx, f32)]) -> DocResult {
    DocResult::Ok {
        scored: ScoredDoc {
            tags: tags.iter().map(|&(tag, score)| TagScore { tag, score }).collect(),
            ..Default::default()
        },
        latency_ms: 0.0,
    }
}

fn failed() -> DocResult {
    DocResult::Failed { error: "Boom".into() }
}

fn doc(id: &str, gold: &[TagIdx], a: DocResult, b: DocResult) -> DocRecord {
    DocRecord {
        id: DocId::from(id),
        gold: Some(gold.to_vec()),
        results: BTreeMap::from([
            ("a".to_string(), a),
            ("b".to_string(), b),
            ("vote".to_string(), ok(&[])),
        ]),
    }
}

fn record(docs: Vec<DocRecord>) -> RunRecord {
    RunRecord {
        schema_version: 1,
        taxonomy: (0..4)
            .map(|i| Tag {
                id: 10 + i,
                name: format!("t{i}"),
            })
            .collect(),
        taxonomy_hash: "h".into(),
        dataset_hash: "d".into(),
        gold_hash: None,
        systems: vec!["a".into(), "b".into(), "vote".into()],
        config: serde_json::Value::Null,
        shard: None,
        git_commit: None,
        docs,
        input_failures: vec![],
        skipped_systems: BTreeMap::new(),
        wall_seconds: BTreeMap::new(),
    }
}

/// doc1: a [0,1] b [0,2] gold [0,1]; doc2: a [3] b [2] gold [2]; doc3: a [1], b failed, gold [3].
fn three_docs() -> RunRecord {
    record(vec![
        doc("1", &[0, 1], ok(&[(0, 0.9), (1, 0.8)]), ok(&[(0, 0.7), (2, 0.6)])),
        doc("2", &[2], ok(&[(3, 0.3)]), ok(&[(2, 0.9)])),
        doc("3", &[3], ok(&[(1, 0.4)]), failed()),
    ])
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn per_scorer_coverage_overlap_conflict_and_precision() {
    let analysis = analyse(&three_docs(), &AnalysisOptions::default());
    assert_eq!(analysis.scorers, vec!["a", "b"]);
    let (a, b) = (&analysis.per_scorer[0], &analysis.per_scorer[1]);
    assert_eq!((a.docs_ok, a.docs_failed, b.docs_ok, b.docs_failed), (3, 0, 2, 1));
    assert!(close(a.coverage, 1.0) && close(b.coverage, 2.0 / 3.0));
    assert!(close(a.overlap, 1.0 / 3.0) && close(a.conflict, 1.0 / 3.0));
    assert!(close(b.overlap, 1.0 / 3.0) && close(b.conflict, 1.0 / 3.0));
    assert_eq!(a.precision, Some(0.5));
    assert!(close(b.precision.unwrap(), 2.0 / 3.0));
    assert_eq!(a.never_predicts, vec!["t2"]);
    assert_eq!(b.never_predicts, vec!["t1", "t3"]);
}

#[test]
fn per_tag_rows_count_by_hand() {
    let analysis = analyse(&three_docs(), &AnalysisOptions::default());
    let row = |s: &str, t: &str| {
        analysis
            .per_tag
            .iter()
            .find(|r| r.scorer == s && r.tag == t)
            .unwrap()
            .clone()
    };
    let a1 = row("a", "t1");
    assert_eq!((a1.proposed, a1.gold_count, a1.precision), (2, 1, Some(0.5)));
    assert!(close(a1.coverage, 2.0 / 3.0) && close(a1.overlap, 0.0) && close(a1.conflict, 1.0 / 3.0));
    let a0 = row("a", "t0");
    assert!(close(a0.overlap, 1.0 / 3.0) && close(a0.conflict, 0.0));
    // b never proposed t1 but the gold has it: a row with no precision.
    let b1 = row("b", "t1");
    assert_eq!((b1.proposed, b1.precision, b1.gold_count), (0, None, 1));
}

#[test]
fn agreement_matrix_is_mean_jaccard_over_shared_documents() {
    let m = analyse(&three_docs(), &AnalysisOptions::default()).agreement;
    assert_eq!(m.docs, vec![vec![3, 2], vec![2, 2]]);
    assert_eq!(m.jaccard[0][0], Some(1.0));
    // doc1: {0,1} vs {0,2} = 1/3; doc2: {3} vs {2} = 0.
    assert!(close(m.jaccard[0][1].unwrap(), 1.0 / 6.0));
    assert_eq!(m.jaccard[0][1], m.jaccard[1][0]);
}

#[test]
fn oracle_picks_the_best_scorer_per_document() {
    let oracle = analyse(&three_docs(), &AnalysisOptions::default()).oracle.unwrap();
    // doc1 a (F1 1), doc2 b (F1 1), doc3 a (tie at 0 goes to a): tp 3, fp 1, fn 1.
    assert!(close(oracle.micro_f1, 0.75) && close(oracle.micro_precision, 0.75));
    assert_eq!(
        oracle.picks,
        BTreeMap::from([("a".to_string(), 2), ("b".to_string(), 1)])
    );
    assert_eq!(oracle.docs, 3);
}

#[test]
fn cascade_curve_trades_calls_for_f1() {
    let opts = AnalysisOptions {
        vote: "majority".into(),
        cascade_thresholds: vec![0.0, 0.5, 1.0],
        ..Default::default()
    };
    let curve = analyse(&three_docs(), &opts).cascade.unwrap();
    // No `llm` ran, so `b` (the last scorer) is the expensive one; doc3 lacks b and is left out.
    assert_eq!(
        (curve.expensive.as_str(), curve.cheap.clone(), curve.docs),
        ("b", vec!["a".to_string()], 2)
    );
    let calls: Vec<usize> = curve.points.iter().map(|p| p.calls).collect();
    assert_eq!(calls, vec![0, 1, 2]);
    assert_eq!(curve.points[1].calls_saved, 1);
    // Cheap only: tp 2 fp 1 fn 1; doc2 (confidence 0.3) upgraded: tp 3 fp 1; all: tp 3 fp 2.
    let f1: Vec<f64> = curve.points.iter().map(|p| p.micro_f1).collect();
    assert!(
        close(f1[0], 4.0 / 6.0) && close(f1[1], 6.0 / 7.0) && close(f1[2], 6.0 / 8.0),
        "{f1:?}"
    );
    assert!(close(curve.f1_never, f1[0]) && close(curve.f1_always, f1[2]));
}

#[test]
fn audit_ranks_gold_that_every_scorer_confidently_contradicts() {
    let rec = record(vec![
        doc("agrees", &[0], ok(&[(0, 0.9)]), ok(&[(0, 0.9)])),
        doc("half", &[0, 3], ok(&[(1, 0.6), (0, 0.7)]), ok(&[(1, 0.9), (0, 0.5)])),
        doc("strong", &[1], ok(&[(2, 0.9), (0, 0.4)]), ok(&[(2, 0.8)])),
        doc("one-answer", &[1], ok(&[(2, 0.9)]), failed()),
    ]);
    let suspects = analyse(&rec, &AnalysisOptions::default()).suspect_gold;
    let ids: Vec<&str> = suspects.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["strong", "half"]);
    // strong: least score on t2 is 0.8, no gold tag supported -> 0.8; half: 0.6 * (0.5 + 0.5 * 1/2).
    assert!((suspects[0].confidence - 0.8).abs() < 1e-6 && (suspects[1].confidence - 0.45).abs() < 1e-6);
    assert_eq!(suspects[0].disputed, vec!["t2"]);
    assert_eq!(suspects[0].unsupported, vec!["t1"]);
    assert_eq!(
        suspects[1].scorers["b"],
        vec![("t1".to_string(), 0.9), ("t0".to_string(), 0.5)]
    );
    let strict = AnalysisOptions {
        audit_min_score: 0.85,
        ..Default::default()
    };
    assert!(
        analyse(&rec, &strict).suspect_gold.is_empty(),
        "a's 0.6 and b's 0.8 are below 0.85"
    );
}

#[test]
fn analysis_serialises_round_trip_and_handles_runs_without_gold() {
    let analysis = analyse(&three_docs(), &AnalysisOptions::default());
    let json = serde_json::to_string(&analysis).unwrap();
    assert_eq!(serde_json::from_str::<ScorerAnalysis>(&json).unwrap(), analysis);
    let mut no_gold = three_docs();
    no_gold.docs.iter_mut().for_each(|d| d.gold = None);
    let bare = analyse(&no_gold, &AnalysisOptions::default());
    assert!(bare.oracle.is_none() && bare.cascade.is_none() && bare.suspect_gold.is_empty());
    assert_eq!(bare.per_scorer[0].precision, None);
}
