//! The lexicon loads, covers the taxonomy, tolerates missing and extra tags, rejects bad entries.

use tagvote_keyword::Lexicon;

use crate::support::{full_taxonomy, score_of, scorer, small_taxonomy};

#[test]
fn builtin_lexicon_covers_all_ninety_tags() {
    let taxonomy = full_taxonomy();
    assert_eq!(taxonomy.len(), 90);
    let lexicon = Lexicon::builtin().unwrap();
    assert!(
        lexicon.missing(&taxonomy).is_empty(),
        "{:?}",
        lexicon.missing(&taxonomy)
    );
    assert!(lexicon.cues("game-engine ").is_some(), "names are looked up trimmed");
}

#[test]
fn a_smaller_taxonomy_ignores_other_entries_and_tolerates_unknown_tags() {
    let taxonomy = small_taxonomy();
    let lexicon = Lexicon::builtin().unwrap();
    let zebra = taxonomy.by_name("zebra-care").unwrap();
    assert_eq!(lexicon.missing(&taxonomy), vec![zebra]);
    let s = scorer(&taxonomy);
    let doc = s.score_text("# kubectl-foo\n\nA kubectl plugin that lists Kubernetes pods and helm charts.\n");
    assert!(doc.tags.iter().all(|t| (t.tag as usize) < taxonomy.len()));
    assert!(
        score_of(
            &s,
            &taxonomy,
            "A kubectl plugin for Kubernetes pods and helm charts",
            "k8s"
        ) > 0.5
    );
    assert_eq!(score_of(&s, &taxonomy, "zebra care for kubernetes", "zebra-care"), 0.0);
}

#[test]
fn bad_lexicon_entries_are_reported() {
    let upper = r#"{"version":1,"tags":{"api":{"phrases":{"REST API":2}}}}"#;
    let err = Lexicon::from_json(upper).unwrap_err().to_string();
    assert!(err.contains("tag `api` phrase `REST API`"), "{err}");
    let weight = r#"{"version":1,"tags":{"api":{"phrases":{"rest":0}}}}"#;
    assert!(Lexicon::from_json(weight).is_err());
    let version = r#"{"version":2,"tags":{}}"#;
    assert!(Lexicon::from_json(version)
        .unwrap_err()
        .to_string()
        .contains("version `2`"));
    assert!(Lexicon::from_json("not json").is_err());
}
