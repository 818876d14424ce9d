//! Fitting: the model round-trips through JSON with identical predictions, is deterministic,
//! and a damaged model part is refused.

use tagvote_core::Scorer;
use tagvote_keyword::{KeywordConfig, KeywordModel, KeywordScorer};

use crate::support::{full_taxonomy, scorer, small_taxonomy, train_set};

const PROBES: [&str; 5] = [
    "a tiny library with a rest api",
    "# kubetool\n\nA kubectl plugin for kubernetes.\n\n## Usage\n\nRun it from your terminal.\n",
    "command-line tool for files",
    "",
    "nothing to see here",
];

#[tokio::test]
async fn fit_save_load_gives_identical_predictions() {
    let taxonomy = full_taxonomy();
    let train = train_set(&taxonomy);
    let mut fitted = scorer(&taxonomy);
    let part = fitted.fit(&train).await.unwrap().expect("a model part");
    let text = serde_json::to_string_pretty(&part).unwrap();
    let mut loaded = scorer(&taxonomy);
    loaded.load_model(&serde_json::from_str(&text).unwrap()).unwrap();
    for probe in PROBES {
        assert_eq!(fitted.score_text(probe), loaded.score_text(probe), "{probe:?}");
    }
    assert_eq!(loaded.config()["mode"], "learned");
    assert!(text.len() < 1 << 20);
}

#[tokio::test]
async fn fitting_is_deterministic_and_learns() {
    let taxonomy = full_taxonomy();
    let train = train_set(&taxonomy);
    let mut a = scorer(&taxonomy);
    let mut b = scorer(&taxonomy);
    let pa = a.fit(&train).await.unwrap().unwrap();
    let pb = b.fit(&train).await.unwrap().unwrap();
    assert_eq!(pa.to_string(), pb.to_string());
    let k8s = taxonomy.by_name("k8s").unwrap();
    let doc = a.score_text("deploy pods to kubernetes with a helm chart");
    assert_eq!(doc.tag_indices().first(), Some(&k8s), "{doc:?}");
}

#[tokio::test]
async fn a_model_for_a_smaller_taxonomy_still_loads() {
    let small = small_taxonomy();
    let mut fitted = scorer(&small);
    let part = fitted.fit(&train_set(&small)).await.unwrap().unwrap();
    let full = full_taxonomy();
    let mut other = scorer(&full);
    other.load_model(&part).unwrap();
    let doc = other.score_text("a kubectl plugin for kubernetes pods");
    let known: Vec<&str> = doc.tag_indices().iter().map(|&t| full.name(t)).collect();
    assert!(
        known.iter().all(|n| ["api", "cli", "k8s", "lib"].contains(n)),
        "{known:?}"
    );
}

#[test]
fn damaged_model_parts_are_refused() {
    let taxonomy = full_taxonomy();
    let mut s = scorer(&taxonomy);
    let err = s
        .load_model(&serde_json::json!({"format": "other"}))
        .unwrap_err()
        .to_string();
    assert!(err.contains("`keyword` part"), "{err}");
    let model = serde_json::json!({
        "format": "tagvote-keyword/1",
        "segment_weights": {"title": 3.0, "lead": 2.0, "heading": 1.5, "body": 1.0, "code": 0.1, "boilerplate": 0.0},
        "selection": {"threshold": 0.3, "relative": 0.0},
        "terms": "api,rest api",
        "idf": "1.5 2",
        "tags": [{"tag": "api", "bias": -2.0, "short_bias": 0.0, "lexicon": 1.0, "weights": "0:1.5 7:2"}]
    });
    let err = s.load_model(&model).unwrap_err().to_string();
    assert!(err.contains("term index past"), "{err}");
    let parsed: KeywordModel = serde_json::from_value(model).unwrap();
    assert_eq!(parsed.terms, ["api", "rest api"]);
}

#[tokio::test]
async fn fitting_on_another_taxonomy_or_nothing_is_an_error() {
    let taxonomy = full_taxonomy();
    let mut s = scorer(&taxonomy);
    let mut empty = train_set(&taxonomy);
    empty.docs.clear();
    empty.labels.clear();
    empty.origin.clear();
    assert!(s.fit(&empty).await.unwrap_err().to_string().contains("empty"));
    let other = train_set(&small_taxonomy());
    assert!(s
        .fit(&other)
        .await
        .unwrap_err()
        .to_string()
        .contains("another taxonomy"));
}

#[tokio::test]
async fn the_self_description_weight_is_fitted_saved_and_used() {
    let taxonomy = full_taxonomy();
    let train = train_set(&taxonomy);
    let mut config = KeywordConfig::default();
    config.fit.segment_weights.definition = 2.0;
    let mut fitted = KeywordScorer::new(taxonomy.clone(), config).unwrap();
    let part = fitted.fit(&train).await.unwrap().unwrap();
    assert_eq!(part["segment_weights"]["definition"], 2.0);
    let has_definition_terms = |part: &serde_json::Value| part["terms"].as_str().unwrap().contains("zzdef");
    assert!(has_definition_terms(&part), "{}", part["terms"]);
    let plain = scorer(&taxonomy).fit(&train).await.unwrap().unwrap();
    assert!(plain["segment_weights"].get("definition").is_none());
    assert!(!has_definition_terms(&plain));
    let mut loaded = scorer(&taxonomy);
    loaded.load_model(&part).unwrap();
    let readme = "# tool\n\nTool is a command-line tool.\n\nIt also has a rest api.\n";
    assert_eq!(fitted.score_text(readme), loaded.score_text(readme));
    let mut without = part.clone();
    without["segment_weights"].as_object_mut().unwrap().remove("definition");
    let mut blind = scorer(&taxonomy);
    blind.load_model(&without).unwrap();
    assert_ne!(
        blind.score_text(readme),
        loaded.score_text(readme),
        "the self-description's terms must count when scoring"
    );
}
