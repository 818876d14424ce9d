//! The embedding cache: a second pass over the same documents runs the model on nothing, also after
//! reopening, and gives the same results.

use std::sync::Arc;

use tagvote_core::{Document, Scorer, Tag, Taxonomy};
use tagvote_embed::{DocEmbedder, EmbedScorer, EmbedScorerConfig, EncoderOptions, FitOptions, WindowOptions};

use crate::support::model_dir;

fn docs() -> Vec<Document> {
    vec![
        Document::new("a", "# Tally\n\nA terminal spreadsheet that recalculates as you type."),
        Document::new("b", "A message broker with durable queues and at-least-once delivery."),
        Document::new("c", ""),
    ]
}

#[tokio::test]
async fn second_pass_is_served_from_the_cache() {
    let cache = tempfile::tempdir().unwrap();
    let config = EmbedScorerConfig {
        model_dir: model_dir(),
        cache_root: Some(cache.path().to_path_buf()),
        windows: WindowOptions::default(),
        encoder: EncoderOptions::default(),
        fit: FitOptions::default(),
    };
    let taxonomy = Arc::new(
        Taxonomy::from_tags(vec![
            Tag {
                id: 1,
                name: "terminal".into(),
            },
            Tag {
                id: 2,
                name: "message-queue".into(),
            },
        ])
        .unwrap(),
    );
    let scorer = EmbedScorer::new(taxonomy.clone(), &config).unwrap();
    let first: Vec<_> = scorer
        .score_batch(&docs())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert!(first.iter().all(|d| !d.meta.cache_hit));
    let second: Vec<_> = scorer
        .score_batch(&docs())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert!(second.iter().all(|d| d.meta.cache_hit));
    let reopened = EmbedScorer::new(taxonomy, &config).unwrap();
    let third: Vec<_> = reopened
        .score_batch(&docs())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    for (a, b) in first.iter().zip(&third) {
        assert!(b.meta.cache_hit);
        assert_eq!((&a.tags, &a.scores), (&b.tags, &b.scores));
    }
    let embedder = DocEmbedder::load(
        &model_dir(),
        Some(cache.path()),
        WindowOptions::default(),
        &config.encoder,
    )
    .unwrap();
    let texts = ["A message broker with durable queues and at-least-once delivery."];
    assert!(embedder.embed_docs(&texts)[0].as_ref().unwrap().cache_hit);
    let other = DocEmbedder::load(
        &model_dir(),
        Some(cache.path()),
        WindowOptions {
            max_windows: 2,
            ..WindowOptions::default()
        },
        &config.encoder,
    )
    .unwrap();
    assert!(
        !other.embed_docs(&texts)[0].as_ref().unwrap().cache_hit,
        "other windowing, other key"
    );
}
