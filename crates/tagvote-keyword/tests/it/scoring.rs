//! Lexicon-only scoring: word boundaries, case folding, Markdown weights, negative cues, edge cases.

use crate::support::{full_taxonomy, names, score_of, scorer, scorer_with, small_taxonomy};

const API_ONLY: &str =
    r#"{"version":1,"tags":{"api":{"phrases":{"api":3,"rest api":3}},"cli":{"phrases":{"command line":3}}}}"#;

#[test]
fn phrases_match_only_on_word_boundaries() {
    let taxonomy = small_taxonomy();
    let s = scorer_with(&taxonomy, API_ONLY);
    assert_eq!(
        score_of(&s, &taxonomy, "A rapid prototyping kit for therapists", "api"),
        0.0
    );
    assert_eq!(score_of(&s, &taxonomy, "apiary tools, capital ideas", "api"), 0.0);
    assert!(score_of(&s, &taxonomy, "A small API, quick to learn", "api") > 0.0);
    assert!(score_of(&s, &taxonomy, "(api)", "api") > 0.0);
}

#[test]
fn matching_folds_case_and_accepts_hyphens_for_spaces() {
    let taxonomy = small_taxonomy();
    let s = scorer_with(&taxonomy, API_ONLY);
    let lower = score_of(&s, &taxonomy, "a rest api server", "api");
    assert!(lower > 0.0);
    assert_eq!(score_of(&s, &taxonomy, "A REST API server", "api"), lower);
    assert_eq!(score_of(&s, &taxonomy, "a Rest Api server", "api"), lower);
    let spaced = score_of(&s, &taxonomy, "a command line helper", "cli");
    assert!(spaced > 0.0);
    assert_eq!(score_of(&s, &taxonomy, "a Command-Line helper", "cli"), spaced);
}

#[test]
fn code_blocks_and_licence_sections_weigh_less_than_prose() {
    let taxonomy = full_taxonomy();
    let s = scorer(&taxonomy);
    let lead = "# Tool\n\nA kubectl plugin for Kubernetes clusters and their helm charts.\n";
    let code = "# Tool\n\nA small program that prints numbers.\n\n```\nkubectl plugin for Kubernetes clusters and their helm charts\n```\n";
    let licence = "# Tool\n\nA small program that prints numbers.\n\n## License\n\nkubectl plugin for Kubernetes clusters and their helm charts.\n";
    let in_lead = score_of(&s, &taxonomy, lead, "k8s");
    let in_code = score_of(&s, &taxonomy, code, "k8s");
    let in_licence = score_of(&s, &taxonomy, licence, "k8s");
    assert!(in_lead > in_code, "lead {in_lead} code {in_code}");
    assert!(
        in_code > in_licence || in_licence == 0.0,
        "code {in_code} licence {in_licence}"
    );
    assert_eq!(in_licence, 0.0);
}

#[test]
fn titles_weigh_more_than_late_body_text() {
    let taxonomy = full_taxonomy();
    let s = scorer(&taxonomy);
    let filler = "Some words about the weather and the sea.\n\n".repeat(40);
    let title = format!("# A webassembly runtime\n\n{filler}");
    let late = format!("# Something\n\n{filler}It mentions a webassembly runtime.\n");
    assert!(score_of(&s, &taxonomy, &title, "webassembly") > score_of(&s, &taxonomy, &late, "webassembly"));
}

#[test]
fn negative_cues_lower_a_score() {
    let taxonomy = small_taxonomy();
    let lexicon = r#"{"version":1,"tags":{"api":{"phrases":{"api":3},"negative":{"api key":2}}}}"#;
    let s = scorer_with(&taxonomy, lexicon);
    let plain = score_of(&s, &taxonomy, "an api for weather data", "api");
    let with_negative = score_of(&s, &taxonomy, "an api for weather data, set your api key first", "api");
    assert!(with_negative < plain, "{with_negative} >= {plain}");
}

#[test]
fn a_clear_readme_gets_its_tags_in_order() {
    let taxonomy = full_taxonomy();
    let s = scorer(&taxonomy);
    let doc = s.score_text("# kubeknife\n\nA Kubernetes operator and kubectl plugin that manages helm charts.\n");
    assert_eq!(
        names(&taxonomy, &doc.tag_indices()).first().map(String::as_str),
        Some("k8s")
    );
    assert!(doc.tags.len() <= 3);
    assert!(doc.scores.iter().all(|t| (0.0..=1.0).contains(&t.score)));
}

#[test]
fn empty_and_markup_only_texts_give_no_tags() {
    let taxonomy = full_taxonomy();
    let s = scorer(&taxonomy);
    for text in [
        "",
        "   \n\n",
        "```\n```",
        "![badge](https://example.invalid/b.svg)",
        "<p align=\"center\"></p>",
    ] {
        let doc = s.score_text(text);
        assert!(doc.tags.is_empty(), "{text:?} gave {:?}", doc.tags);
    }
}

#[test]
fn a_two_megabyte_text_is_scored() {
    let taxonomy = full_taxonomy();
    let s = scorer(&taxonomy);
    let words = [
        "parser", "fast", "grammar", "tokens", "lexer", "yaml", "tree", "nodes", "api",
    ];
    let mut text = String::from("# Big\n\n");
    let mut i = 0;
    while text.len() < 2 << 20 {
        text.push_str(words[i % words.len()]);
        text.push(if i % 17 == 16 { '\n' } else { ' ' });
        i += 1;
    }
    let doc = s.score_text(&text);
    assert!(doc.tags.len() <= 3);
    assert!(
        names(&taxonomy, &doc.tag_indices()).contains(&"parser".to_string()),
        "{:?}",
        doc.tags
    );
}

#[tokio::test]
async fn the_scorer_trait_scores_batches_in_order() {
    use tagvote_core::{Document, Scorer};
    let taxonomy = full_taxonomy();
    let s = scorer(&taxonomy);
    let docs = [
        Document::new("a", "A terminal emulator"),
        Document::new("b", ""),
        Document::new("c", "A yaml parser"),
    ];
    let results = s.score_batch(&docs).await;
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].as_ref().unwrap(), &s.score_text("A terminal emulator"));
    assert!(results[1].as_ref().unwrap().tags.is_empty());
    assert_eq!(s.name(), "keyword");
    assert_eq!(s.config()["mode"], "lexicon");
}
