//! The annotator section against hand-computed agreement on a tiny record.

use tagvote_core::{DocId, Gold, TagIdx};

use super::*;
use crate::evaluation::fixture::record;

fn annotation(name: &str, rows: &[(&str, &[TagIdx])]) -> Annotation {
    Annotation {
        name: name.into(),
        labels: Gold::from_rows(rows.iter().map(|(id, t)| (DocId::from(*id), t.to_vec())).collect()),
    }
}

/// Three documents of the fixture (`d1`, `d3`, `d5`) labelled by three annotators; `C` skips `d5`.
fn three() -> Vec<Annotation> {
    vec![
        annotation("A", &[("d1", &[1, 3]), ("d3", &[3]), ("d5", &[5])]),
        annotation("B", &[("d1", &[1]), ("d3", &[3, 4]), ("d5", &[0])]),
        annotation("C", &[("d1", &[1, 3]), ("d3", &[2])]),
    ]
}

#[test]
fn pairwise_micro_f1_is_hand_computed_on_the_documents_all_labelled() {
    let run = record(8, &[("keyword", 8), ("vote", 0)], 1.0);
    let e = evaluate(&run, &three(), &run.systems).unwrap();
    assert_eq!(e.documents, 2, "d5 lacks C's label");
    // A-B on d1, d3: tp 1 + 1, |A| 3, |B| 3 -> 4/6. A-C: tp 2 + 0, 3 + 3 -> 4/6. B-C: tp 1 + 0, 3 + 3 -> 2/6.
    let f1: Vec<(String, String, f64)> = e.pairs.iter().map(|p| (p.a.clone(), p.b.clone(), p.micro.f1)).collect();
    assert_eq!(
        f1,
        [
            ("A".into(), "B".into(), 4.0 / 6.0),
            ("A".into(), "C".into(), 4.0 / 6.0),
            ("B".into(), "C".into(), 2.0 / 6.0)
        ]
    );
    assert!((e.mean_micro_f1 - 10.0 / 18.0).abs() < 1e-12);
    assert_eq!((e.min_micro_f1, e.max_micro_f1), (2.0 / 6.0, 4.0 / 6.0));
}

#[test]
fn systems_and_annotators_are_scored_against_each_annotator() {
    let run = record(8, &[("keyword", 8), ("vote", 0)], 1.0);
    let e = evaluate(&run, &three(), &run.systems).unwrap();
    // keyword fails on d1 (empty) and predicts its gold [3, 5] on d3.
    let keyword = &e.systems[0];
    assert_eq!(keyword.system, "keyword");
    // vs A: tp 1 over 2 + 3 -> 2/5; vs B: tp 1 over 2 + 3 -> 2/5; vs C: tp 0 -> 0.
    assert_eq!(
        keyword.micro_f1,
        [("A".into(), 0.4), ("B".into(), 0.4), ("C".into(), 0.0)]
    );
    assert!((keyword.mean_micro_f1 - 0.8 / 3.0).abs() < 1e-12);
    let a = &e.humans[0];
    assert_eq!(
        a.micro_f1,
        [("B".into(), 4.0 / 6.0), ("C".into(), 4.0 / 6.0)],
        "A is not scored against itself"
    );
}

#[test]
fn fewer_than_two_annotators_give_no_section() {
    let run = record(8, &[("vote", 8)], 1.0);
    assert!(evaluate(&run, &three()[..1], &run.systems).is_none());
}
