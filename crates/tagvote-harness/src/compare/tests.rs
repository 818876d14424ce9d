//! The gate's decisions and refusals on synthetic runs.

use super::*;
use crate::evaluation::fixture::record;
use crate::evaluation::EvalOptions;

fn report(n: usize, vote_right: usize) -> ReportFile {
    ReportFile::new(
        record(n, &[("keyword", n / 2), ("vote", vote_right)], 1.0),
        &EvalOptions::default(),
    )
}

fn compare(base: &ReportFile, new: &ReportFile, opts: &CompareOptions) -> Result<Comparison, CompareError> {
    Comparison::compute(base, new, opts)
}

#[test]
fn the_same_run_passes() {
    let r = report(100, 80);
    let c = compare(&r, &r, &CompareOptions::default()).unwrap();
    assert_eq!(c.exit_code(), EXIT_OK);
    assert!(c.systems.iter().all(|s| s.flipped.is_empty() && s.tags.is_empty()));
    assert!(c
        .systems
        .iter()
        .flat_map(|s| &s.metrics)
        .all(|m| m.delta == 0.0 && m.p_randomisation.is_none_or(|p| p == 1.0)));
}

#[test]
fn a_clear_drop_is_a_regression_with_changes_listed() {
    let (base, new) = (report(200, 180), report(200, 100));
    let c = compare(&base, &new, &CompareOptions::default()).unwrap();
    assert_eq!(c.exit_code(), EXIT_REGRESSION);
    let vote = c.systems.iter().find(|s| s.system == "vote").unwrap();
    assert!(
        vote.metrics[0].regressed && vote.metrics[0].delta < -0.3,
        "{:?}",
        vote.metrics[0]
    );
    assert_eq!(vote.flipped.len(), 80);
    assert!(
        vote.metrics[1].p_randomisation.is_none(),
        "macro-F1 is not gated, so not tested"
    );
    assert!(vote.tags.iter().any(|t| t.delta < 0.0));
    let text = c.to_text(false, 5);
    assert!(
        text.contains("REGRESSION") && text.contains("Tags that got worse"),
        "{text}"
    );
    let xml = c.to_junit();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("testcase")).count(), 2);
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("failure")).count(),
        1,
        "{xml}"
    );
}

#[test]
fn a_drop_within_the_allowance_or_within_noise_passes() {
    let small = compare(&report(400, 380), &report(400, 379), &CompareOptions::default()).unwrap();
    assert_eq!(small.exit_code(), EXIT_OK, "drop under 0.01");
    let noisy = compare(&report(12, 11), &report(12, 8), &CompareOptions::default()).unwrap();
    let vote = &noisy.systems[1].metrics[0];
    assert!(vote.delta < -0.05 && vote.p_randomisation.unwrap() > 0.05, "{vote:?}");
    assert_eq!(noisy.exit_code(), EXIT_OK, "large drop but not significant");
}

#[test]
fn only_the_chosen_systems_and_metrics_are_gated() {
    let (base, new) = (report(200, 180), report(200, 100));
    let mut opts = CompareOptions::default();
    opts.gate.systems = vec!["keyword".into()];
    assert_eq!(compare(&base, &new, &opts).unwrap().exit_code(), EXIT_OK);
    opts.gate.systems = vec!["nope".into()];
    let err = compare(&base, &new, &opts).unwrap_err().to_string();
    assert!(err.contains("`nope`") && err.contains("`vote`"), "{err}");
}

#[test]
fn different_hashes_are_refused_unless_forced() {
    let base = report(50, 40);
    let mut new = report(50, 40);
    new.run.dataset_hash = "ffff".into();
    let err = compare(&base, &new, &CompareOptions::default()).unwrap_err();
    assert!(
        matches!(err, CompareError::HashMismatch { what: "dataset", .. }),
        "{err}"
    );
    assert!(err.to_string().contains("`--force`"));
    let forced = CompareOptions {
        force: true,
        ..CompareOptions::default()
    };
    let c = compare(&base, &new, &forced).unwrap();
    assert_eq!(c.exit_code(), EXIT_OK);
    assert_eq!(c.forced.len(), 1);
    new.run.taxonomy_hash = "eeee".into();
    assert!(matches!(
        compare(&base, &new, &CompareOptions::default()),
        Err(CompareError::HashMismatch { what: "taxonomy", .. })
    ));
}

#[test]
fn documents_are_matched_by_id() {
    let base = report(60, 50);
    let mut new = report(60, 50);
    new.run.docs.reverse();
    new.run.docs.truncate(40);
    let c = compare(&base, &new, &CompareOptions::default()).unwrap();
    assert_eq!(c.systems[0].documents, 40 - 1, "the document without gold is left out");
    assert!(c.systems.iter().all(|s| s.flipped.is_empty()));
}
