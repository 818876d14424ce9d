//! Evaluation of synthetic records: counts, failures as empty predictions, timing and cost.

use super::fixture::record;
use super::*;

fn evaluate(systems: &[(&str, usize)]) -> Evaluation {
    Evaluation::compute(&record(21, systems, 1.0), &EvalOptions::default())
}

#[test]
fn failed_documents_count_as_empty_predictions() {
    let e = evaluate(&[("keyword", 21), ("vote", 10)]);
    assert_eq!((e.documents, e.gold_documents), (21, 20));
    let k = e.system("keyword").unwrap();
    // 18 documents with two gold tags; document 1 failed, so 2 gold tags are missed.
    assert_eq!((k.metrics.micro.precision, k.metrics.micro.recall), (1.0, 34.0 / 36.0));
    assert_eq!(k.metrics.micro.f1, 68.0 / 70.0);
    assert_eq!((k.answered, k.failed, k.skipped), (20, 1, 0));
    // documents 9 and 19 (empty gold) and 20 (no gold row) got no tag
    assert_eq!(k.no_tag, 3);
    assert_eq!(k.metrics.documents, 20);
}

#[test]
fn best_system_and_tests_against_it() {
    let e = evaluate(&[("keyword", 21), ("vote", 10)]);
    assert_eq!(e.best.as_deref(), Some("keyword"));
    assert_eq!(e.versus_best.len(), 1);
    let v = &e.versus_best[0];
    assert_eq!(v.system, "vote");
    assert!(v.test.delta > 0.0 && v.test.p_randomisation < 0.05, "{v:?}");
    for s in &e.systems {
        let ci = s.micro_f1_ci.unwrap();
        assert!(ci.contains(s.metrics.micro.f1), "{}: {ci:?}", s.system);
    }
}

#[test]
fn latency_leaves_out_cache_hits_and_throughput_uses_wall_time() {
    let e = evaluate(&[("llm", 21), ("vote", 21)]);
    let llm = e.system("llm").unwrap();
    // cache hits on documents 0, 4, 8, 12, 16, 20; the others have latency i + 1 ms
    let answered: Vec<f64> = (0..21).filter(|i| i % 4 != 0).map(|i| (i + 1) as f64).collect();
    assert_eq!(latencies(&record(21, &[("llm", 21)], 1.0), "llm"), answered);
    assert_eq!(
        llm.latency_p50_ms,
        Some(answered[answered.len() / 2] * 0.5 + answered[(answered.len() - 1) / 2] * 0.5)
    );
    let vote = e.system("vote").unwrap();
    assert_eq!(vote.latency_p50_ms, Some(11.0));
    assert!((vote.docs_per_s.unwrap() - 100.0).abs() < 1e-9, "{:?}", vote.docs_per_s);
    let cost = llm.cost.unwrap();
    assert_eq!((cost.tokens(), cost.cache_hits, cost.attempts), (21 * 110, 6, 21));
    assert!(vote.cost.is_none());
}

#[test]
fn skipped_systems_are_not_evaluated_and_extra_systems_are() {
    let mut r = record(5, &[("keyword", 5), ("vote", 5)], 1.0);
    r.skipped_systems.insert("keyword".into(), "Not configured".into());
    r.systems = vec!["vote".into()];
    r.docs[0].results.insert(
        "extra".into(),
        crate::record::DocResult::Skipped {
            reason: "cascade".into(),
        },
    );
    assert_eq!(evaluated_systems(&r), ["vote", "extra"]);
    let e = Evaluation::compute(&r, &EvalOptions::default());
    assert_eq!(e.system("extra").unwrap().skipped, 1);
}

#[test]
fn a_run_without_gold_has_no_best_and_no_interval() {
    let mut r = record(6, &[("vote", 6)], 1.0);
    r.docs.iter_mut().for_each(|d| d.gold = None);
    let e = Evaluation::compute(&r, &EvalOptions::default());
    assert_eq!(e.best, None);
    assert_eq!(e.systems[0].micro_f1_ci, None);
    assert_eq!(e.systems[0].metrics.micro.f1, 0.0);
}
