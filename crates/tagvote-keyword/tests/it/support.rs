//! Shared helpers: taxonomies, scorers and a small labelled training set in our own words.

use std::path::Path;
use std::sync::Arc;

use tagvote_core::{Document, TagIdx, Taxonomy, TrainSet};
use tagvote_keyword::{KeywordConfig, KeywordScorer, Lexicon};

/// The 90-tag taxonomy (the seed's ids and names, two with trailing spaces).
pub fn full_taxonomy() -> Arc<Taxonomy> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/tags.json");
    Arc::new(Taxonomy::load(&path).unwrap())
}

/// A small taxonomy of our own, with one tag the lexicon does not know.
pub fn small_taxonomy() -> Arc<Taxonomy> {
    let json = r#"[{"id":1,"name":"api"},{"id":2,"name":"cli"},{"id":3,"name":"k8s "},{"id":4,"name":"lib"},{"id":5,"name":"zebra-care"}]"#;
    Arc::new(Taxonomy::from_json_bytes(json.as_bytes(), Path::new("small.json")).unwrap())
}

pub fn scorer(taxonomy: &Arc<Taxonomy>) -> KeywordScorer {
    KeywordScorer::new(taxonomy.clone(), KeywordConfig::default()).unwrap()
}

pub fn scorer_with(taxonomy: &Arc<Taxonomy>, lexicon_json: &str) -> KeywordScorer {
    let lexicon = Lexicon::from_json(lexicon_json).unwrap();
    KeywordScorer::with_lexicon(taxonomy.clone(), KeywordConfig::default(), &lexicon).unwrap()
}

/// Score of the tag called `name` for `text` (0 when not a candidate).
pub fn score_of(scorer: &KeywordScorer, taxonomy: &Taxonomy, text: &str, name: &str) -> f32 {
    let tag = taxonomy.by_name(name).unwrap();
    scorer.score_text(text).score_of(tag)
}

pub fn names(taxonomy: &Taxonomy, tags: &[TagIdx]) -> Vec<String> {
    tags.iter().map(|&t| taxonomy.name(t).to_string()).collect()
}

const TOPICS: [(&str, &[&str]); 4] = [
    (
        "api",
        &[
            "serve a rest api",
            "describe endpoints with openapi",
            "grpc services made simple",
        ],
    ),
    (
        "cli",
        &[
            "a command-line tool",
            "run it from your terminal with flags",
            "cli for renaming files",
        ],
    ),
    (
        "k8s",
        &[
            "deploy pods to kubernetes",
            "a helm chart and kubectl plugin",
            "kubernetes operator for queues",
        ],
    ),
    (
        "lib",
        &[
            "a small library to import",
            "add the crate as a dependency",
            "library of helpers",
        ],
    ),
];

/// Labelled documents: one-liners and multi-line READMEs, each about one or two topics.
pub fn train_set(taxonomy: &Arc<Taxonomy>) -> TrainSet {
    let mut docs = Vec::new();
    let mut labels = Vec::new();
    let mut origin = Vec::new();
    for i in 0..48 {
        let (a, pa) = TOPICS[i % 4];
        let (b, pb) = TOPICS[(i / 4) % 4];
        let long = i % 3 == 0;
        let text = if long {
            format!(
                "# Project {i}\n\nThis is {}.\n\n## Usage\n\nIt is also {}.\n\n```\nmake build\n```\n",
                pa[i % 3],
                pb[(i + 1) % 3]
            )
        } else {
            format!("project{i}: {} and {}", pa[(i + 2) % 3], pb[i % 3])
        };
        let mut tags = vec![taxonomy.by_name(a).unwrap()];
        if a != b {
            tags.push(taxonomy.by_name(b).unwrap());
        }
        docs.push(Document::new(format!("d{i}").as_str(), text));
        labels.push(tags);
        origin.push(u16::from(long));
    }
    TrainSet {
        taxonomy: taxonomy.clone(),
        docs,
        labels,
        origin,
        origins: vec!["short".into(), "readmes".into()],
    }
}
