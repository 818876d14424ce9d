//! The scorer on awkward READMEs (huge, empty, only badges, not English), without a model, and through
//! fit → part → load.

use std::sync::Arc;

use tagvote_core::{Document, Scorer, TagIdx, Taxonomy, TrainSet};
use tagvote_embed::{EmbedError, EmbedScorer, EmbedScorerConfig, EncoderOptions, FitOptions, WindowOptions};

use crate::support::model_dir;

fn seed_taxonomy() -> Arc<Taxonomy> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/tags.json");
    let names = [
        "cli", "database", "game", "security", "terminal", "ai", "lib", "web-app", "json", "compiler",
    ];
    match Taxonomy::load(&path) {
        Ok(t) => Arc::new(t),
        Err(_) => Arc::new(
            Taxonomy::from_tags(
                names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| tagvote_core::Tag {
                        id: i as i64,
                        name: n.to_string(),
                    })
                    .collect(),
            )
            .unwrap(),
        ),
    }
}

fn config() -> EmbedScorerConfig {
    EmbedScorerConfig {
        model_dir: model_dir(),
        cache_root: None,
        windows: WindowOptions::default(),
        encoder: EncoderOptions::default(),
        fit: FitOptions::default(),
    }
}

fn scorer() -> EmbedScorer {
    EmbedScorer::new(seed_taxonomy(), &config()).unwrap()
}

fn windows(doc: &tagvote_core::ScoredDoc) -> u64 {
    doc.meta.detail["windows"].as_u64().unwrap()
}

#[tokio::test]
async fn a_100_kb_readme_is_cut_to_the_configured_windows() {
    let paragraph = "## Storage\n\nThe engine keeps rows in pages on disk and answers SQL queries with an index.\n\n";
    let text = format!("# Pagedb\n\n{}", paragraph.repeat(100_000 / paragraph.len()));
    assert!(text.len() >= 99_000);
    let out = scorer().score(&Document::new("big", text)).await.unwrap();
    assert_eq!(windows(&out), WindowOptions::default().max_windows as u64);
    assert!(out.tags.len() <= 3 && out.scores.iter().all(|s| (0.0..=1.0).contains(&s.score)));
}

#[tokio::test]
async fn empty_and_badge_only_readmes_get_no_tags_and_no_error() {
    let badges = "[![ci](https://ci.example/b.svg)](https://ci.example) ![v](https://img.example/v.svg)\n";
    let docs = [
        Document::new("empty", ""),
        Document::new("badges", badges),
        Document::new("ws", " \n\t\n"),
    ];
    for result in scorer().score_batch(&docs).await {
        let doc = result.unwrap();
        assert!(doc.tags.is_empty() && doc.scores.is_empty(), "{doc:?}");
        assert_eq!(windows(&doc), 0);
    }
}

#[tokio::test]
async fn non_english_readmes_are_embedded_and_scored() {
    let docs = [
        Document::new(
            "de",
            "# Kasse\n\nEin Kommandozeilenwerkzeug, das Rechnungen als JSON-Dateien prüft.",
        ),
        Document::new("zh", "# 数据库\n\n一个用 Rust 编写的嵌入式键值数据库，支持事务。"),
    ];
    for result in scorer().score_batch(&docs).await {
        let doc = result.unwrap();
        assert_eq!(windows(&doc), 1);
        assert!(!doc.scores.is_empty() && doc.tags.len() <= 3);
    }
}

#[test]
fn a_missing_model_says_what_to_run() {
    let empty = tempfile::tempdir().unwrap();
    let config = EmbedScorerConfig {
        model_dir: empty.path().join("model"),
        ..config()
    };
    let err = EmbedScorer::new(seed_taxonomy(), &config)
        .err()
        .expect("no model, no scorer");
    assert!(matches!(err, EmbedError::MissingModel { .. }));
    let message = err.to_string();
    assert!(
        !message.contains('\n') && message.contains("run `tagvote model fetch --model-dir"),
        "{message}"
    );
}

fn own_training_set(taxonomy: &Arc<Taxonomy>) -> TrainSet {
    let tag = |n: &str| taxonomy.by_name(n).unwrap();
    let rows: [(&str, &[&str]); 8] = [
        (
            "# Quill\n\nA relational database engine with SQL, indexes and transactions.",
            &["database"],
        ),
        (
            "# Ledger store\n\nAn embedded database for append-only records with crash-safe writes.",
            &["database"],
        ),
        (
            "# Rogue tunnels\n\nA dungeon crawler game played with the arrow keys in your terminal.",
            &["game", "terminal"],
        ),
        (
            "# Starfall\n\nA space shooter game with levels, bosses and a high-score table.",
            &["game"],
        ),
        (
            "# Scanr\n\nA security scanner that finds vulnerable dependencies and leaked keys.",
            &["security", "cli"],
        ),
        (
            "# Lockpick\n\nAudit tool for security misconfigurations in cloud accounts.",
            &["security"],
        ),
        (
            "Fastcsv: convert spreadsheets to JSON from the command line.",
            &["cli", "json"],
        ),
        (
            "Tinyjson: a small JSON parser library with zero dependencies.",
            &["json", "lib"],
        ),
    ];
    TrainSet {
        taxonomy: taxonomy.clone(),
        docs: rows
            .iter()
            .enumerate()
            .map(|(i, (t, _))| Document::new(i.to_string().as_str(), *t))
            .collect(),
        labels: rows
            .iter()
            .map(|(_, l)| l.iter().map(|n| tag(n)).collect::<Vec<TagIdx>>())
            .collect(),
        origin: (0..8).map(|i| u16::from(i >= 6)).collect(),
        origins: vec!["readmes/train".into(), "awesome".into()],
    }
}

#[tokio::test]
async fn fit_writes_a_compact_part_that_loads_back() {
    let taxonomy = seed_taxonomy();
    let mut fitted = EmbedScorer::new(taxonomy.clone(), &config()).unwrap();
    let part = fitted.fit(&own_training_set(&taxonomy)).await.unwrap().expect("a part");
    assert!(serde_json::to_vec(&part).unwrap().len() < 2_000_000);
    let doc = Document::new(
        "q",
        "# Burrow\n\nA key-value database engine with snapshots and transactions.",
    );
    let a = fitted.score(&doc).await.unwrap();
    let mut loaded = EmbedScorer::new(taxonomy.clone(), &config()).unwrap();
    loaded.load_model(&part).unwrap();
    let b = loaded.score(&doc).await.unwrap();
    assert_eq!(a.tag_indices(), b.tag_indices());
    assert_eq!(a.tag_indices().first(), Some(&taxonomy.by_name("database").unwrap()));
    assert_eq!(part["linear_bias"].as_array().map(Vec::len), Some(taxonomy.len()));
    let mut short = part.clone();
    short["linear_bias"] = serde_json::json!([0.0]);
    assert!(loaded
        .load_model(&short)
        .unwrap_err()
        .to_string()
        .contains("one row per tag"));
    let broken = serde_json::json!({"version": 1});
    assert!(loaded
        .load_model(&broken)
        .unwrap_err()
        .to_string()
        .contains("refit it with `tagvote fit embed`"));
}
