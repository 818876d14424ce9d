//! `tagvote fit vote`: fits the chosen scorers and the vote together (the vote on out-of-fold scorer
//! outputs, so it never sees a scorer's answer on a document that scorer was fitted on) and saves one
//! model file with every part and the ids it was fitted on.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use tagvote_core::{Counts, ModelBundle, ScoreError, Scorer, TagIdx, Taxonomy, TrainSet};
use tagvote_harness::suggest;
use tagvote_harness::vote::fit::{oof_f1, FitOptions, OofDoc, SelectionSearch, FITTED_STRATEGIES};
use tagvote_harness::vote::model::CombineRule;
use tagvote_harness::vote::oof::OriginWeighting;
use tagvote_harness::vote::{build, fit_all, FitPlan, VoteModel, VoteOptions};

use super::train_data::TrainDataArgs;
use crate::scorers::{self, BuildContext, ScorerArgs};

/// Fit the scorers and the vote on labelled data; save one model file.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scorers to fit and vote over, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "NAMES", default_value = "keyword,embed")]
    pub scorers: Vec<String>,
    #[command(flatten)]
    pub data: TrainDataArgs,
    /// Model file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Also writes every training document's gold, out-of-fold scorer tags and cross-validated vote
    /// tags here, one JSON line each (the errors to study without the test split)
    #[arg(long, value_name = "FILE")]
    pub cv_out: Option<PathBuf>,
    /// Folds for the out-of-fold scorer outputs the vote is fitted on (at least 2)
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub folds: usize,
    /// How the inputs weigh in the vote's fit: `balanced` (each input counts the same in total) or `uniform`
    #[arg(long, value_name = "HOW", default_value = "balanced", value_parser = ["balanced", "uniform"])]
    pub origin_weighting: String,
    /// Inputs (origin names) the vote is fitted on, comma-separated; the others train the scorers only [default: all]
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub vote_origins: Vec<String>,
    /// Inputs (origin names) like the documents you will tag, comma-separated: the vote's selection
    /// and `auto` strategy are chosen on their cross-validated F1 alone [default: all, weighted]
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub vote_target_origins: Vec<String>,
    /// Shifts fusion's and the stacking vote's per-tag log-odds to the tag frequencies of
    /// `--vote-target-origins`, with this many pseudo-documents at the fitted frequencies (label-shift
    /// correction) [default: off]
    #[arg(long, value_name = "N", requires = "vote_target_origins", value_parser = positive)]
    pub vote_prior_strength: Option<f64>,
    /// Lets each vote's selection demote the lower tag of a pair the (target) gold never has together
    /// although the tags' frequencies say it should (`lib` with `framework`), when that scores better
    #[arg(long)]
    pub vote_exclusions: bool,
    /// Kind-of-artifact tags, comma-separated (e.g. `lib,framework,cli,sdk,dev-tool,desktop-app,web-app,mobile-app,server`):
    /// when the chosen tags have none, the vote may add the best of them above a threshold of its own,
    /// fitted out of fold as the selection is [default: none]
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub vote_kind_tags: Vec<String>,
    /// Lets fusion weigh each scorer's calibrated log-odds (or probability) by a fitted weight instead
    /// of 1, chosen out of fold as the selection is
    #[arg(long)]
    pub vote_scorer_weights: bool,
    /// Fusion calibration: `auto` (the better out of fold), `platt` or `isotonic`
    #[arg(long, value_name = "HOW", default_value = "auto", value_parser = ["auto", "platt", "isotonic"])]
    pub calibration: String,
    /// Fusion combination: `auto` (the better out of fold), `mean` or `log-odds`
    #[arg(long, value_name = "HOW", default_value = "auto", value_parser = ["auto", "mean", "log-odds"])]
    pub combine: String,
    /// Seed for the folds and everything random
    #[arg(long, value_name = "N", default_value_t = tagvote_harness::stats::DEFAULT_SEED)]
    pub seed: u64,
    #[command(flatten)]
    pub scorer: ScorerArgs,
}

/// Runs `fit vote`.
pub fn run(args: Args) -> anyhow::Result<i32> {
    let taxonomy = args.data.load_taxonomy()?;
    let (train, inputs) = args.data.load(&taxonomy)?;
    let kind_tags = kind_tags(&args.vote_kind_tags, &taxonomy)?;
    let ctx = BuildContext::new(&taxonomy, args.seed);
    let make = |name: &str| -> Result<Box<dyn Scorer>, ScoreError> {
        let entry = scorers::find(name).map_err(|e| ScoreError::Config(e.to_string()))?;
        (entry.build)(&args.scorer, &ctx)
    };
    for name in &args.scorers {
        make(name).map_err(|e| anyhow::anyhow!("Scorer `{name}` cannot run: {e}"))?;
    }
    for (flag, names) in [
        ("--vote-origins", &args.vote_origins),
        ("--vote-target-origins", &args.vote_target_origins),
    ] {
        if let Some(unknown) = names.iter().find(|o| !train.origins.contains(o)) {
            anyhow::bail!(
                "`{flag}` names `{unknown}`; the inputs are `{}`",
                train.origins.join("`, `")
            );
        }
    }
    eprintln!(
        "Fitting {} on {} documents: {} folds out of fold, then on everything",
        args.scorers.join(", "),
        train.len(),
        args.folds.max(2)
    );
    let fitted = crate::setup::runtime()?.block_on(fit_all(&train, &make, &plan(&args, taxonomy.len(), kind_tags)))?;
    for (scorer, n) in &fitted.oof.failures {
        eprintln!("`{scorer}` failed on {n} documents; they vote without it");
    }
    let vote = fitted.vote;
    print_oof_table(&fitted.oof.docs, &train, &args.scorers, &vote, &fitted.cv);
    if let Some(path) = &args.cv_out {
        super::cv_out::write(path, &train, &fitted.oof, &fitted.cv)?;
        eprintln!(
            "Cross-validated tags of every training document written to `{}`",
            path.display()
        );
    }
    let mut bundle = ModelBundle::new(taxonomy.hash(), train.docs.iter().map(|d| d.id.key()).collect());
    bundle.parts = fitted.parts;
    bundle.parts.insert(tagvote_harness::VOTE_SYSTEM.into(), vote.to_part());
    let suggest = suggest::training::fit_for_vote(&fitted.oof.docs, &train, &vote, args.folds, args.seed);
    eprintln!("{}", suggest::training::summary(&suggest));
    bundle.parts.insert(suggest::SUGGEST_PART.into(), suggest.to_part());
    bundle.provenance = provenance(&args, inputs, &vote);
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("Cannot create `{}`", dir.display()))?;
    }
    bundle.save(&args.out)?;
    eprintln!(
        "Model with parts `{}` written to `{}` (vote: `{}`)",
        part_names(&bundle),
        args.out.display(),
        vote.best
    );
    Ok(0)
}

/// The `--vote-kind-tags` names as tag indices, sorted.
fn kind_tags(names: &[String], taxonomy: &Taxonomy) -> anyhow::Result<Vec<TagIdx>> {
    let mut tags = names
        .iter()
        .map(|n| {
            taxonomy.by_name(n.trim()).with_context(|| {
                format!("`--vote-kind-tags` names `{n}`, which is not a tag of the taxonomy; check the spelling")
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    tags.sort_unstable();
    tags.dedup();
    Ok(tags)
}

fn plan(args: &Args, n_tags: usize, kind_tags: Vec<TagIdx>) -> FitPlan {
    FitPlan {
        scorers: args.scorers.clone(),
        folds: args.folds,
        seed: args.seed,
        weighting: match args.origin_weighting.as_str() {
            "uniform" => OriginWeighting::Uniform,
            _ => OriginWeighting::Balanced,
        },
        vote_origins: args.vote_origins.clone(),
        target_origins: args.vote_target_origins.clone(),
        vote: FitOptions {
            calibration: (args.calibration != "auto").then(|| args.calibration.clone()),
            combine: match args.combine.as_str() {
                "mean" => Some(CombineRule::Mean),
                "log-odds" => Some(CombineRule::LogOdds),
                _ => None,
            },
            prior_strength: args.vote_prior_strength,
            search: SelectionSearch {
                exclusions: args.vote_exclusions,
                kind_tags,
            },
            scorer_weights: args.vote_scorer_weights,
            ..FitOptions::new(n_tags)
        },
    }
}

fn part_names(bundle: &ModelBundle) -> String {
    bundle.parts.keys().cloned().collect::<Vec<_>>().join("`, `")
}

fn provenance(args: &Args, inputs: Vec<serde_json::Value>, vote: &VoteModel) -> serde_json::Value {
    let mut out = serde_json::json!({
        "command": "fit vote",
        "scorers": args.scorers,
        "inputs": inputs,
        "folds": args.folds.max(2),
        "seed": args.seed,
        "origin_weighting": args.origin_weighting,
        "vote_origins": args.vote_origins,
        "vote_best": vote.best,
        "oof_micro_f1": vote.oof_micro_f1,
        "cv_micro_f1": vote.cv_micro_f1,
    });
    if !args.vote_target_origins.is_empty() {
        out["vote_target_origins"] = serde_json::json!(args.vote_target_origins);
    }
    if let Some(s) = args.vote_prior_strength {
        out["vote_prior_strength"] = serde_json::json!(s);
    }
    if args.vote_exclusions {
        out["vote_exclusions"] = serde_json::json!(true);
    }
    if !args.vote_kind_tags.is_empty() {
        let names: Vec<&str> = args.vote_kind_tags.iter().map(|n| n.trim()).collect();
        out["vote_kind_tags"] = serde_json::json!(names);
    }
    if args.vote_scorer_weights {
        out["vote_scorer_weights"] = serde_json::json!(true);
    }
    out
}

/// Out-of-fold micro-F1 per input and overall, for each scorer alone and each vote (fitted on these
/// outputs, then cross-validated: `cv:` rows).
fn print_oof_table(
    docs: &[OofDoc],
    train: &TrainSet,
    scorers: &[String],
    vote: &VoteModel,
    cv: &BTreeMap<String, Vec<Vec<TagIdx>>>,
) {
    let part = vote.to_part();
    let mut rows: Vec<(String, Vec<f64>)> = Vec::new();
    let by_origin: Vec<Vec<usize>> = (0..train.origins.len())
        .map(|o| (0..docs.len()).filter(|&i| train.origin[i] as usize == o).collect())
        .collect();
    let groups: Vec<Vec<OofDoc>> = by_origin
        .iter()
        .map(|members| {
            members
                .iter()
                .map(|&i| OofDoc {
                    weight: 1.0,
                    ..docs[i].clone()
                })
                .collect()
        })
        .collect();
    for s in scorers {
        rows.push((s.clone(), groups.iter().map(|g| scorer_f1(g, s)).collect()));
    }
    for (name, tags) in cv {
        let f1s = by_origin
            .iter()
            .map(|members| {
                let mut counts = Counts::default();
                members.iter().for_each(|&i| counts.add(&tags[i], &docs[i].gold, 1.0));
                counts.f1()
            })
            .collect();
        rows.push((format!("cv:{name}"), f1s));
    }
    for name in FITTED_STRATEGIES {
        if let Ok(strategy) = build(name, &VoteOptions::default(), Some(&part)) {
            rows.push((
                format!("vote:{name}"),
                groups.iter().map(|g| oof_f1(strategy.as_ref(), g)).collect(),
            ));
        }
    }
    println!("Out-of-fold micro-F1 (vote: rows are fitted on these outputs, so optimistic; cv: rows are not)");
    println!(
        "{:<16} {}",
        "system",
        train.origins.iter().map(|o| format!("{o:>14}")).collect::<String>()
    );
    for (name, f1s) in rows {
        println!(
            "{name:<16} {}",
            f1s.iter().map(|f| format!("{f:>14.4}")).collect::<String>()
        );
    }
    let best: BTreeMap<_, _> = vote.cv_micro_f1.iter().collect();
    let on = if docs.iter().any(|d| d.target) {
        "on the target origins"
    } else {
        "weighted by origin"
    };
    println!(
        "Cross-validated micro-F1 used to pick `auto` ({on}): {best:?} -> `{}`",
        vote.best
    );
}

fn scorer_f1(docs: &[OofDoc], scorer: &str) -> f64 {
    let mut counts = Counts::default();
    for doc in docs {
        let tags = doc
            .results
            .iter()
            .find(|(s, _)| s == scorer)
            .map(|(_, d)| d.tag_indices())
            .unwrap_or_default();
        counts.add(&tags, &doc.gold, 1.0);
    }
    counts.f1()
}

fn positive(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("`{text}` is not a positive number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tagvote_core::{Gold, Taxonomy};

    #[test]
    fn fit_vote_on_the_sample_saves_scorer_and_vote_parts_with_the_fitted_ids() {
        let dir = tempfile::tempdir().unwrap();
        let sample = crate::defaults::project_file("datasets/sample");
        let out = dir.path().join("m.json");
        let args = Args {
            scorers: vec!["keyword".into()],
            data: TrainDataArgs {
                taxonomy: Some(sample.join("tags.json")),
                input: vec![sample.join("docs.jsonl")],
                gold: vec![sample.join("gold.jsonl")],
                origin: vec![],
                max_doc_bytes: tagvote_core::corpus::DEFAULT_MAX_DOC_BYTES,
            },
            out: out.clone(),
            cv_out: None,
            folds: 2,
            vote_origins: vec![],
            vote_target_origins: vec![],
            vote_prior_strength: None,
            vote_exclusions: false,
            vote_kind_tags: vec![],
            vote_scorer_weights: false,
            origin_weighting: "balanced".into(),
            calibration: "auto".into(),
            combine: "auto".into(),
            seed: 1,
            scorer: ScorerArgs::default(),
        };
        assert_eq!(run(args).unwrap(), 0);
        let taxonomy = Taxonomy::load(&sample.join("tags.json")).unwrap();
        let bundle = ModelBundle::load(&out, taxonomy.hash()).unwrap();
        assert!(bundle.parts.contains_key("vote"), "{:?}", bundle.parts.keys());
        let gold = Gold::load(&sample.join("gold.jsonl"), &taxonomy).unwrap();
        assert!(gold.rows().iter().all(|(id, _)| bundle.was_fitted_on(&id.key())));
        let vote = VoteModel::from_part(&bundle.parts["vote"]).unwrap();
        assert_eq!(vote.scorers, vec!["keyword".to_string()]);
    }
}
