//! Fits the keyword scorer on the readmes train split plus the awesome one-liners, scores the
//! readmes test split and prints micro precision/recall/F1, lexicon-only and learned.
//!
//! `cargo run --release -p tagvote-keyword --example keyword_evaluate -- [SHARED_DIR] [--save MODEL.json]`
//! (SHARED_DIR defaults to `../shared`). Training never sees the test split.
//!
//! Experiments: `KW_CV_ONLY=1` fits and prints only the cross-validated micro-F1 on the train
//! READMEs (use it to compare `KW_*` parameter overrides without looking at the test split);
//! `KW_SPEED_MODEL=MODEL.json` only times scoring (`KW_SPEED_LOOPS`, `KW_SPEED_ONLY=readmes|awesome`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use tagvote_core::{CorpusOptions, CorpusReader, CorpusSource, Counts, Document, Gold, TagIdx, Taxonomy, TrainSet};
use tagvote_keyword::features::Scratch;
use tagvote_keyword::tune::best_selection;
use tagvote_keyword::{KeywordConfig, KeywordScorer};

type Labelled = Vec<(Document, Vec<TagIdx>)>;

/// Fit parameters, with `KW_*` environment overrides for experiments on the training data.
fn config() -> KeywordConfig {
    let mut c = KeywordConfig::default();
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f32>().ok());
    if let Some(v) = env("KW_L2") {
        c.fit.train.l2 = v;
    }
    if let Some(v) = env("KW_README_WEIGHT") {
        c.fit.readme_weight = v;
    }
    if let Some(v) = env("KW_EPOCHS") {
        c.fit.train.epochs = v as u32;
    }
    if let Some(v) = env("KW_LR") {
        c.fit.train.learning_rate = v;
    }
    if let Some(v) = env("KW_TOPK") {
        c.fit.weights_per_tag = v as usize;
    }
    if let Some(v) = env("KW_MIN_WEIGHT") {
        c.fit.min_weight = v;
    }
    if let Some(v) = env("KW_LEXICON_PRIOR") {
        c.fit.train.lexicon_prior = v;
    }
    if let Some(v) = env("KW_LEXICON_L2") {
        c.fit.train.lexicon_l2 = v;
    }
    if let Some(v) = env("KW_DECAY") {
        c.fit.segment_weights.decay_chars = v;
    }
    c
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let shared = PathBuf::from(
        args.iter()
            .find(|a| !a.starts_with("--"))
            .map_or("../shared", |s| s.as_str()),
    );
    let save = args.iter().position(|a| a == "--save").and_then(|i| args.get(i + 1));
    let taxonomy = Arc::new(Taxonomy::load(&shared.join("seed/tags.json"))?);
    let data = shared.join("datasets");
    let readmes_train = labelled(&data.join("readmes/train"), &taxonomy)?;
    let awesome = labelled(&data.join("awesome"), &taxonomy)?;
    let test = labelled(&data.join("readmes/test"), &taxonomy)?;

    if let Ok(model) = std::env::var("KW_SPEED_MODEL") {
        let mut scorer = KeywordScorer::new(taxonomy.clone(), config())?;
        scorer.set_model(serde_json::from_str(&std::fs::read_to_string(model)?)?)?;
        let loops: usize = std::env::var("KW_SPEED_LOOPS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(5);
        let only = std::env::var("KW_SPEED_ONLY").unwrap_or_default();
        for _ in 0..loops {
            if only != "awesome" {
                throughput("speed, readmes test", &scorer, &test);
            }
            if only != "readmes" {
                throughput("speed, awesome", &scorer, &awesome);
            }
        }
        return Ok(());
    }
    if std::env::var("KW_CV_ONLY").is_ok() {
        let train = train_set(&taxonomy, [("readmes/train", readmes_train), ("awesome", awesome)]);
        let mut scorer = KeywordScorer::new(taxonomy.clone(), config())?;
        let model = scorer.fit_train_set(&train)?;
        println!("cv {} {:?}", model.fit["cross_validated_micro_f1"], model.selection);
        return Ok(());
    }
    let lexicon_only = KeywordScorer::new(taxonomy.clone(), KeywordConfig::default())?;
    tune_lexicon_only(&lexicon_only, &readmes_train);
    report("lexicon-only, readmes train", &lexicon_only, &readmes_train);
    report("lexicon-only, readmes test", &lexicon_only, &test);

    let train = train_set(
        &taxonomy,
        [("readmes/train", readmes_train), ("awesome", awesome.clone())],
    );
    let mut scorer = KeywordScorer::new(taxonomy.clone(), config())?;
    let started = Instant::now();
    let model = scorer.fit_train_set(&train)?;
    println!("fit: {:.1} s, {}", started.elapsed().as_secs_f64(), model.fit);
    let json = serde_json::to_string_pretty(model)?;
    println!(
        "model part: {} bytes of pretty JSON, {} terms",
        json.len(),
        model.terms.len()
    );
    if let Some(path) = save {
        std::fs::write(path, &json)?;
    }
    report("learned, readmes test", &scorer, &test);
    throughput("learned, awesome one-liners", &scorer, &awesome);
    throughput("learned, readmes test", &scorer, &test);
    Ok(())
}

/// The best lexicon-only selection on the readmes train split (for choosing the defaults).
fn tune_lexicon_only(scorer: &KeywordScorer, docs: &Labelled) {
    let mut scratch = Scratch::default();
    let mut scores = Vec::new();
    for (doc, _) in docs {
        let mut out = Vec::new();
        scorer.tag_scores_into(&doc.text, &mut scratch, &mut out);
        scores.push(out);
    }
    let gold: Vec<Vec<TagIdx>> = docs.iter().map(|(_, g)| g.clone()).collect();
    let (selection, f1) = best_selection(&scores, &gold);
    println!("lexicon-only best selection on readmes train: {selection:?} micro-F1 {f1:.3}");
}

fn labelled(dir: &Path, taxonomy: &Taxonomy) -> Result<Labelled, Box<dyn std::error::Error>> {
    let gold = Gold::load(&dir.join("gold.jsonl"), taxonomy)?;
    let reader = CorpusReader::open(&CorpusSource::Jsonl(dir.join("docs.jsonl")), CorpusOptions::default())?;
    let mut out = Vec::new();
    for doc in reader {
        let doc = doc?;
        if let Some(tags) = gold.get(&doc.id) {
            let tags = tags.to_vec();
            out.push((doc, tags));
        }
    }
    Ok(out)
}

fn train_set<const N: usize>(taxonomy: &Arc<Taxonomy>, parts: [(&str, Labelled); N]) -> TrainSet {
    let mut set = TrainSet {
        taxonomy: taxonomy.clone(),
        docs: Vec::new(),
        labels: Vec::new(),
        origin: Vec::new(),
        origins: Vec::new(),
    };
    for (i, (name, rows)) in parts.into_iter().enumerate() {
        set.origins.push(name.to_string());
        for (doc, tags) in rows {
            set.docs.push(doc);
            set.labels.push(tags);
            set.origin.push(i as u16);
        }
    }
    set
}

fn report(what: &str, scorer: &KeywordScorer, docs: &Labelled) {
    let mut counts = Counts::default();
    let mut chosen_total = 0;
    for (doc, gold) in docs {
        let chosen = scorer.score_text(&doc.text).tag_indices();
        chosen_total += chosen.len();
        counts.add(&chosen, gold, 1.0);
    }
    let prf = counts.prf();
    println!(
        "{what}: micro P {:.3} R {:.3} F1 {:.3} ({} docs, {:.2} tags/doc, selection {:?})",
        prf.precision,
        prf.recall,
        prf.f1,
        docs.len(),
        chosen_total as f64 / docs.len().max(1) as f64,
        scorer.selection()
    );
}

fn throughput(what: &str, scorer: &KeywordScorer, docs: &Labelled) {
    let bytes: usize = docs.iter().map(|(d, _)| d.text.len()).sum();
    let started = Instant::now();
    let mut tags = 0;
    for (doc, _) in docs {
        tags += scorer.score_text(&doc.text).tags.len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{what}: {:.0} docs/s, {:.1} MB/s ({} docs, {tags} tags)",
        docs.len() as f64 / secs,
        bytes as f64 / secs / 1e6,
        docs.len()
    );
}
