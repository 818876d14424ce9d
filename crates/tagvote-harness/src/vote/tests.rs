//! Each strategy on hand-made scorer outputs with answers worked out by hand.

use tagvote_core::{ModelBundle, ScoredDoc, TagIdx, TagScore};

use super::calibration::Calibrator;
use super::fit::{decision_weights, fit_vote, oof_f1, tune_selection, FitOptions, OofDoc, SelectionSearch};
use super::model::{CombineRule, FusionModel, ScorerCalibration, VoteModel, WeightedModel};
use super::selection::Selection;
use super::*;

fn scored(tags: &[(TagIdx, f32)], scores: &[(TagIdx, f32)]) -> ScoredDoc {
    let ts = |v: &[(TagIdx, f32)]| v.iter().map(|&(tag, score)| TagScore { tag, score }).collect();
    ScoredDoc {
        tags: ts(tags),
        scores: ts(scores),
        meta: Default::default(),
    }
}

fn tags(doc: &ScoredDoc) -> Vec<TagIdx> {
    doc.tag_indices()
}

#[test]
fn majority_ranks_by_votes_then_mean_score_and_needs_min_votes() {
    let a = scored(&[(1, 0.9), (2, 0.8), (4, 0.95)], &[]);
    let b = scored(&[(1, 0.7), (3, 0.6)], &[]);
    let c = scored(&[(2, 0.5), (3, 0.9)], &[]);
    let results = [("a", &a), ("b", &b), ("c", &c)];
    // Tags 1, 2, 3 have two votes each; means 0.533, 0.433, 0.5; tag 4 has one vote (< 2 of 3).
    let vote = Majority::new(0).combine(&results);
    assert_eq!(tags(&vote), vec![1, 3, 2]);
    assert!((vote.tags[0].score - 1.6 / 3.0).abs() < 1e-6);
    assert!(Majority::new(3).combine(&results).tags.is_empty());
    assert_eq!(
        tags(&Majority::new(1).combine(&results)),
        vec![1, 3, 2],
        "votes rank before scores"
    );
}

#[test]
fn majority_of_two_is_the_ranked_union_and_exact_ties_go_to_the_lower_tag() {
    let a = scored(&[(5, 0.5), (0, 0.9)], &[]);
    let b = scored(&[(7, 0.5), (0, 0.6)], &[]);
    let vote = Majority::new(0).combine(&[("a", &a), ("b", &b)]);
    assert_eq!(tags(&vote), vec![0, 5, 7]);
    assert_eq!(Majority::new(0).votes_needed(2), 1);
    assert_eq!(Majority::new(0).votes_needed(3), 2);
    assert_eq!(Majority::new(5).votes_needed(2), 2, "never more than answered");
}

fn weighted_model() -> WeightedModel {
    let logit = |p: f32| (p / (1.0 - p)).ln();
    WeightedModel {
        prior_logit: vec![logit(0.1); 3],
        weights: [
            ("a".to_string(), vec![logit(0.5), logit(0.6), logit(0.6)]),
            ("b".to_string(), vec![logit(0.5), logit(0.8), logit(0.3)]),
        ]
        .into(),
        unknown_weight: logit(0.5),
        selection: Selection {
            threshold: 0.7,
            top_k: 3,
            min_tags: 0,
            kind_slot: None,
            exclusions: None,
        },
    }
}

#[test]
fn weighted_adds_each_proposers_log_odds_over_the_prior() {
    let model = weighted_model();
    let a = scored(&[(1, 0.2), (2, 0.9)], &[]);
    let b = scored(&[(1, 0.3)], &[]);
    let vote = Weighted::new(model.clone(), model.selection.clone());
    let results = [("a", &a), ("b", &b)];
    // Tag 1: logit 0.1 + (logit 0.6 - logit 0.1) + (logit 0.8 - logit 0.1) = 3.989 -> 0.9818.
    assert!((vote.probability(&results, 1) - 0.98185).abs() < 1e-4);
    // Tag 2: only a proposes it, so its probability is a's precision on it.
    assert!((vote.probability(&results, 2) - 0.6).abs() < 1e-5);
    assert_eq!(tags(&vote.combine(&results)), vec![1]);
    let lower = Weighted::new(model.clone(), model.selection.clone().with_overrides(Some(0.5), None));
    assert_eq!(tags(&lower.combine(&results)), vec![1, 2]);
    let unknown = scored(&[(0, 0.9)], &[]);
    assert!((vote.probability(&[("x", &unknown), ("a", &a)], 0) - 0.5).abs() < 1e-5);
}

#[test]
fn weighted_fit_learns_smoothed_log_odds_per_scorer_and_tag() {
    let docs: Vec<OofDoc> = (0..10)
        .map(|i| OofDoc {
            gold: if i < 8 { vec![0] } else { vec![1] },
            weight: 1.0,
            target: false,
            results: vec![("a".into(), scored(&[(0, 0.9)], &[])), ("b".into(), scored(&[], &[]))],
        })
        .collect();
    let model = fit_vote(&docs, &FitOptions::new(2));
    let logit = |p: f64| (p / (1.0 - p)).ln() as f32;
    // Overall precision of a: (8 + 1) / (10 + 2) = 0.75; tag 0: (8 + 5 * 0.75) / (10 + 5).
    let w = &model.weighted.weights["a"];
    assert!((w[0] - logit(11.75 / 15.0)).abs() < 1e-4, "{w:?}");
    assert!(
        (w[1] - logit(0.75)).abs() < 1e-4,
        "a never proposed tag 1: its overall precision"
    );
    assert!(model.weighted.weights["b"].iter().all(|w| w.abs() < 1e-6));
}

fn platt(a: f32, b: f32) -> Calibrator {
    Calibrator::Platt { a, b }
}

fn fusion_model(combine: CombineRule) -> FusionModel {
    let cal = |c: Calibrator| ScorerCalibration {
        global: c,
        per_tag: vec![None, Some(platt(0.0, 0.0)), None],
    };
    FusionModel {
        calibration: "platt".into(),
        combine,
        prior: vec![0.5; 3],
        calibrators: [
            ("a".to_string(), cal(platt(10.0, -5.0))),
            ("b".to_string(), cal(platt(0.0, 2.0))),
        ]
        .into(),
        weights: Default::default(),
        shift: Vec::new(),
        selection: Selection {
            threshold: 0.6,
            top_k: 1,
            min_tags: 0,
            kind_slot: None,
            exclusions: None,
        },
    }
}

/// Scorer `a` chose tag 0 (score 1) and scored tag 2 at 0; `b` only scored tags 0 and 2.
fn fusion_inputs() -> (ScoredDoc, ScoredDoc) {
    (scored(&[(0, 1.0)], &[(2, 0.0)]), scored(&[], &[(0, 0.2), (2, 0.4)]))
}

/// A fusion vote with the model's own selection.
fn fusion_of(model: FusionModel) -> Fusion {
    let selection = model.selection.clone();
    Fusion::new(model, selection)
}

#[test]
fn fusion_calibrates_per_tag_then_combines_and_cuts() {
    let (a, b) = fusion_inputs();
    let results = [("a", &a), ("b", &b)];
    let fusion = fusion_of(fusion_model(CombineRule::Mean));
    // a's evidence for tag 0 is 1.0 (chosen, score 1) -> sigmoid(5); b's calibrator is flat sigmoid(2).
    let s5 = 1.0 / (1.0 + (-5.0f32).exp());
    let s2 = 1.0 / (1.0 + (-2.0f32).exp());
    assert!((fusion.calibrated("a", &a, 0) - s5).abs() < 1e-6);
    assert!(
        (fusion.calibrated("a", &a, 1) - 0.5).abs() < 1e-6,
        "tag 1 has its own calibrator"
    );
    assert!((fusion.probability(&results, 0) - (s5 + s2) / 2.0).abs() < 1e-6);
    // Tag 2: a's evidence 0 -> sigmoid(-5); mean with sigmoid(2) = 0.44 < 0.6; top-1 keeps tag 0 only.
    assert_eq!(tags(&fusion.combine(&results)), vec![0]);
    let wide = Fusion::new(
        fusion_model(CombineRule::Mean),
        Selection {
            threshold: 0.4,
            top_k: 3,
            min_tags: 0,
            kind_slot: None,
            exclusions: None,
        },
    );
    assert_eq!(tags(&wide.combine(&results)), vec![0, 2]);
    let nb = Fusion::new(
        fusion_model(CombineRule::LogOdds),
        fusion_model(CombineRule::Mean).selection,
    );
    // Prior 0.5 has log-odds 0, so naive Bayes adds the two log-odds: 5 + 2.
    assert!((nb.probability(&results, 0) - 1.0 / (1.0 + (-7.0f32).exp())).abs() < 1e-5);
}

#[test]
fn fusion_weighs_each_scorer_by_its_fitted_weight() {
    let (a, b) = fusion_inputs();
    let results = [("a", &a), ("b", &b)];
    let s5 = 1.0 / (1.0 + (-5.0f32).exp());
    let s2 = 1.0 / (1.0 + (-2.0f32).exp());
    let mut model = fusion_model(CombineRule::Mean);
    model.weights = [("a".to_string(), 3.0)].into();
    let mean = fusion_of(model.clone());
    assert!((mean.probability(&results, 0) - (3.0 * s5 + s2) / 4.0).abs() < 1e-6);
    model.combine = CombineRule::LogOdds;
    let nb = fusion_of(model.clone());
    // Prior log-odds 0: 3 · 5 + 1 · 2.
    assert!((nb.probability(&results, 0) - 1.0 / (1.0 + (-17.0f32).exp())).abs() < 1e-6);
}

#[test]
fn fusion_moves_each_tag_by_its_label_shift() {
    let (a, b) = fusion_inputs();
    let results = [("a", &a), ("b", &b)];
    let plain = fusion_of(fusion_model(CombineRule::Mean));
    let mut model = fusion_model(CombineRule::Mean);
    model.shift = vec![-2.0, 0.0, 0.0];
    let shifted = fusion_of(model.clone());
    let p = plain.probability(&results, 0);
    let expected = 1.0 / (1.0 + (1.0 - p) / p * 2.0f32.exp());
    assert!((shifted.probability(&results, 0) - expected).abs() < 1e-5);
    assert_eq!(shifted.probability(&results, 2), plain.probability(&results, 2));
}

#[test]
fn fusion_fits_its_label_shift_from_the_target_documents_only_when_asked() {
    let docs = mixed_docs(true);
    assert!(fit_vote(&docs, &FitOptions::new(12)).fusion.shift.is_empty());
    let opts = FitOptions {
        prior_strength: Some(5.0),
        ..FitOptions::new(12)
    };
    let shift = fit_vote(&docs, &opts).fusion.shift;
    assert_eq!(shift.len(), 12);
    // Tags 4..8 are gold on 30 of 40 fitted documents and on none of the 10 target ones.
    assert!(shift[4..8].iter().all(|&s| s < -0.5), "{shift:?}");
    assert!(shift[0..4].iter().all(|&s| s.abs() < 0.5), "{shift:?}");
}

/// Documents where scorer `a` is right two times in three and `b`, confident, half the time.
fn uneven_docs() -> Vec<OofDoc> {
    (0..90u16)
        .map(|i| {
            let t = i % 6;
            let a_tag = if i % 3 == 0 { (t + 1) % 6 } else { t };
            let b_tag = if i % 2 == 0 { t } else { (t + 2) % 6 };
            OofDoc {
                gold: vec![t],
                weight: 1.0,
                target: false,
                results: vec![
                    ("a".into(), scored(&[(a_tag, 0.6)], &[((a_tag + 3) % 6, 0.3)])),
                    ("b".into(), scored(&[(b_tag, 0.95)], &[(t, 0.2)])),
                ],
            }
        })
        .collect()
}

#[test]
fn scorer_weights_are_fitted_only_when_asked_and_never_lower_the_fit() {
    let docs = uneven_docs();
    let plain = fit_vote(&docs, &FitOptions::new(6));
    assert!(plain.fusion.weights.is_empty());
    let opts = FitOptions {
        scorer_weights: true,
        ..FitOptions::new(6)
    };
    let weighted = fit_vote(&docs, &opts);
    assert!(
        weighted.oof_micro_f1["fusion"] >= plain.oof_micro_f1["fusion"] - 1e-12,
        "{:?} vs {:?}",
        weighted.oof_micro_f1,
        plain.oof_micro_f1
    );
    assert!(weighted
        .fusion
        .weights
        .values()
        .all(|w| super::fit::SCORER_WEIGHTS.contains(w)));
}

/// Documents where the right answer is always the tag both scorers chose first.
fn agreeing_docs() -> Vec<OofDoc> {
    (0..40u16)
        .map(|i| {
            let (t, u, v) = (i % 4, (i + 1) % 4 + 4, (i + 2) % 4 + 8);
            OofDoc {
                gold: vec![t],
                weight: 1.0,
                target: false,
                results: vec![
                    ("a".into(), scored(&[(t, 0.9), (u, 0.5), (v, 0.4)], &[])),
                    ("b".into(), scored(&[(t, 0.8), (v, 0.6)], &[(u, 0.1)])),
                ],
            }
        })
        .collect()
}

#[test]
fn fitting_tunes_threshold_and_top_k_and_keeps_the_best_strategy() {
    let docs = agreeing_docs();
    let model = fit_vote(&docs, &FitOptions::new(12));
    assert!(model.oof_micro_f1["fusion"] > 0.999, "{:?}", model.oof_micro_f1);
    assert!(model.oof_micro_f1["weighted"] > 0.999, "{:?}", model.oof_micro_f1);
    assert!(model.oof_micro_f1["majority"] < 0.6, "{:?}", model.oof_micro_f1);
    assert_ne!(model.best, "majority");
    for cal in model.fusion.calibrators.values() {
        for t in 0..12 {
            let mut last = 0.0f32;
            for i in 0..=20 {
                let p = cal.prob(t, i as f32 / 20.0);
                assert!(
                    (0.0..=1.0).contains(&p) && p >= last - 1e-6,
                    "tag {t}: {p} after {last}"
                );
                last = p;
            }
        }
    }
    let iso = FitOptions {
        calibration: Some("isotonic".into()),
        ..FitOptions::new(12)
    };
    let iso_model = fit_vote(&docs, &iso);
    assert_eq!(iso_model.fusion.calibration, "isotonic");
    assert!(iso_model.oof_micro_f1["fusion"] > 0.999);
}

/// 30 documents whose gold is both scorers' two tags, then 10 target-like ones whose gold is the first.
fn mixed_docs(target: bool) -> Vec<OofDoc> {
    (0..40u16)
        .map(|i| {
            let (t, u) = (i % 4, (i + 1) % 4 + 4);
            OofDoc {
                gold: if i < 30 { vec![t, u] } else { vec![t] },
                weight: 1.0,
                target: target && i >= 30,
                results: vec![
                    ("a".into(), scored(&[(t, 0.9), (u, 0.7)], &[])),
                    ("b".into(), scored(&[(t, 0.8), (u, 0.6)], &[])),
                ],
            }
        })
        .collect()
}

#[test]
fn target_documents_alone_choose_the_selection() {
    let chosen = |docs: &[OofDoc]| {
        let m = fit_vote(docs, &FitOptions::new(12));
        Fusion::new(m.fusion.clone(), m.fusion.selection.clone())
            .combine(&docs[35].view())
            .tags
            .len()
    };
    assert_eq!(chosen(&mixed_docs(false)), 2, "most documents want both tags");
    assert_eq!(chosen(&mixed_docs(true)), 1, "the target documents want one");
    let weights = decision_weights(&mixed_docs(true));
    assert_eq!(weights.iter().sum::<f64>(), 10.0);
    assert_eq!(decision_weights(&mixed_docs(false)), vec![1.0; 40]);
}

/// A document of weight 1, not a target, whose two scorers `a` and `b` both chose `ranked`.
fn ranked_alike(gold: Vec<TagIdx>, ranked: &[(TagIdx, f32)]) -> OofDoc {
    OofDoc {
        gold,
        weight: 1.0,
        target: false,
        results: vec![("a".into(), scored(ranked, &[])), ("b".into(), scored(ranked, &[]))],
    }
}

/// Gold: tag 2, one of 0 or 1 (never both), and tag 3 on half the documents. Both scorers rank
/// 2, the right one of 0/1, the wrong one, then 3 when it is there.
fn exclusive_docs() -> Vec<OofDoc> {
    (0..40u16)
        .map(|i| {
            let (right, wrong) = if i % 2 == 0 { (0, 1) } else { (1, 0) };
            let with3 = (i / 2) % 2 == 0;
            let mut ranked = vec![(2, 0.9), (right, 0.8), (wrong, 0.75)];
            let mut gold = vec![2, right];
            if with3 {
                ranked.push((3, 0.7));
                gold.push(3);
            }
            ranked_alike(gold, &ranked)
        })
        .collect()
}

#[test]
fn exclusions_demote_the_tag_the_gold_never_pairs_with_a_better_one() {
    let docs = exclusive_docs();
    let raw = |view: &[(&str, &ScoredDoc)]| view[0].1.tags.clone();
    let f1 = |sel: &Selection| {
        let mut counts = tagvote_core::Counts::default();
        for d in &docs {
            counts.add(&tags(&sel.apply(raw(&d.view()))), &d.gold, 1.0);
        }
        counts.f1()
    };
    let plain = tune_selection(&docs, &SelectionSearch::default(), raw);
    assert!(plain.exclusions.is_none());
    assert!(
        f1(&plain) < 0.95,
        "without exclusions 3 and the wrong tag cannot both be right"
    );
    let search = SelectionSearch {
        exclusions: true,
        ..SelectionSearch::default()
    };
    let with = tune_selection(&docs, &search, raw);
    assert_eq!(with.exclusions.as_ref().expect("exclusions chosen").pairs, vec![[0, 1]]);
    assert!((f1(&with) - 1.0).abs() < 1e-9, "{with:?}");
    assert_eq!(tags(&with.apply(raw(&docs[0].view()))), vec![2, 0, 3]);
}

/// Gold: topical tag 0 and kind tag 5 on every document. Both scorers rank 0 first, then two wrong
/// topical tags above the kind tag, so a plain cut can take 5 only with both wrong tags.
fn kind_docs() -> Vec<OofDoc> {
    let ranked = [(0, 0.9), (1, 0.5), (2, 0.45), (5, 0.3)];
    (0..20).map(|_| ranked_alike(vec![0, 5], &ranked)).collect()
}

#[test]
fn the_kind_slot_adds_the_kind_tag_a_plain_cut_cannot_reach() {
    let docs = kind_docs();
    let raw = |view: &[(&str, &ScoredDoc)]| view[0].1.tags.clone();
    let plain = tune_selection(&docs, &SelectionSearch::default(), raw);
    assert!(plain.kind_slot.is_none());
    assert_eq!(tags(&plain.apply(raw(&docs[0].view()))), vec![0], "{plain:?}");
    let search = SelectionSearch {
        kind_tags: vec![5, 7],
        ..SelectionSearch::default()
    };
    let with = tune_selection(&docs, &search, raw);
    let slot = with.kind_slot.as_ref().expect("a kind slot is chosen");
    assert!(slot.threshold <= 0.3 && slot.tags == vec![5, 7], "{with:?}");
    assert_eq!(tags(&with.apply(raw(&docs[0].view()))), vec![0, 5]);
    let opts = FitOptions {
        search: search.clone(),
        ..FitOptions::new(8)
    };
    let part = fit_vote(&docs, &opts).to_part();
    assert_eq!(
        part["fit"]["options"]["kind_tags"],
        serde_json::json!([5, 7]),
        "the vote part records its fit options: {part}"
    );
    let text = serde_json::to_string(&with).unwrap();
    let back: Selection = serde_json::from_str(&text).unwrap();
    assert_eq!(back, with, "the slot round-trips through the model file");
    let old: Selection = serde_json::from_str(r#"{"threshold":0.5,"top_k":3,"min_tags":1}"#).unwrap();
    assert!(old.kind_slot.is_none(), "a selection saved before the slot still loads");
}

#[test]
fn vote_part_round_trips_through_a_model_file_and_fitting_is_deterministic() {
    let docs = agreeing_docs();
    let model = fit_vote(&docs, &FitOptions::new(12));
    assert_eq!(
        serde_json::to_string(&model).unwrap(),
        serde_json::to_string(&fit_vote(&docs, &FitOptions::new(12))).unwrap()
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.json");
    let mut bundle = ModelBundle::new("h", vec!["x".into()]);
    bundle.parts.insert("vote".into(), model.to_part());
    bundle.save(&path).unwrap();
    let loaded = ModelBundle::load(&path, "h").unwrap();
    let part = loaded.parts.get("vote");
    assert_eq!(VoteModel::from_part(part.unwrap()).unwrap(), model);
    for name in ["weighted", "fusion", "auto"] {
        let vote = build(name, &VoteOptions::default(), part).unwrap();
        assert!((oof_f1(vote.as_ref(), &docs) - model.oof_micro_f1[&resolve_name(name, part).unwrap()]).abs() < 1e-9);
    }
}

#[test]
fn every_strategy_reduces_to_a_single_scorers_tags() {
    let model = fit_vote(&agreeing_docs(), &FitOptions::new(12)).to_part();
    let only = scored(&[(7, 0.2), (3, 0.1)], &[(1, 0.05)]);
    for name in ["majority", "weighted", "fusion", "cascade", "auto"] {
        let vote = build(name, &VoteOptions::default(), Some(&model)).unwrap();
        assert_eq!(tags(&vote.combine(&[("a", &only)])), vec![7, 3], "{name}");
        assert!(vote.combine(&[]).tags.is_empty(), "{name}");
    }
}

#[test]
fn factory_resolves_auto_and_explains_what_is_missing() {
    assert_eq!(resolve_name("auto", None).unwrap(), "majority");
    assert_eq!(build("AUTO", &VoteOptions::default(), None).unwrap().name(), "majority");
    let err = build("weighted", &VoteOptions::default(), None).err().unwrap();
    assert_eq!(err, VoteError::NeedsModel("weighted".into()));
    assert!(err.to_string().contains("tagvote fit vote"));
    let err = build("plurality", &VoteOptions::default(), None).err().unwrap();
    assert!(err.to_string().contains("Unknown vote strategy `plurality`"), "{err}");
    let bad = serde_json::json!({"version": 1});
    assert!(matches!(
        build("auto", &VoteOptions::default(), Some(&bad)),
        Err(VoteError::Model(_))
    ));
    let opts = VoteOptions {
        cascade_threshold: 1.5,
        ..VoteOptions::default()
    };
    assert!(matches!(build("cascade", &opts, None), Err(VoteError::Option(_))));
}

#[test]
fn cascade_calls_the_expensive_scorer_only_when_the_cheap_vote_is_unsure() {
    let opts = VoteOptions {
        cascade_threshold: 0.5,
        cascade_inner: "majority".into(),
        ..VoteOptions::default()
    };
    let cascade = build("cascade", &opts, None).unwrap();
    let sure_a = scored(&[(1, 0.9)], &[]);
    let sure_b = scored(&[(1, 0.8)], &[]);
    let unsure_b = scored(&[(2, 0.3)], &[]);
    // Both propose tag 1: mean score 0.85 >= 0.5, so the LLM is not needed.
    assert!(!cascade.needs("llm", &[("keyword", &sure_a), ("embed", &sure_b)]));
    // Disagreement: best tag 1 has mean (0.9 + 0) / 2 = 0.45 < 0.5.
    assert!(cascade.needs("llm", &[("keyword", &sure_a), ("embed", &unsure_b)]));
    assert!(cascade.needs("llm", &[]), "nothing cheap answered");
    assert!(
        cascade.needs("embed", &[("keyword", &sure_a)]),
        "cheap scorers always run"
    );
    let llm = scored(&[(2, 0.9)], &[]);
    let all = [("keyword", &sure_a), ("embed", &unsure_b), ("llm", &llm)];
    assert_eq!(cascade.combine(&all), Majority::new(0).combine(&all));
}

/// A scorer that remembers its training documents and answers their gold tags, nothing else:
/// any leak of a held-out document into its training fold would show up as a non-empty answer.
struct Memoriser {
    seen: std::collections::HashMap<String, Vec<TagIdx>>,
}

#[async_trait::async_trait]
impl tagvote_core::Scorer for Memoriser {
    fn name(&self) -> &str {
        "memo"
    }
    async fn score(&self, doc: &tagvote_core::Document) -> Result<ScoredDoc, tagvote_core::ScoreError> {
        if doc.text == "fail" {
            return Err(tagvote_core::ScoreError::Document {
                id: doc.id.key(),
                reason: "Fails".into(),
            });
        }
        let tags = self.seen.get(&doc.id.key()).cloned().unwrap_or_default();
        Ok(scored(&tags.iter().map(|&t| (t, 1.0)).collect::<Vec<_>>(), &[]))
    }
    async fn fit(
        &mut self,
        train: &tagvote_core::TrainSet,
    ) -> Result<Option<serde_json::Value>, tagvote_core::ScoreError> {
        self.seen = train
            .docs
            .iter()
            .map(|d| d.id.key())
            .zip(train.labels.iter().cloned())
            .collect();
        Ok(Some(serde_json::json!({"seen": self.seen.len()})))
    }
}

fn train_set(n: usize) -> tagvote_core::TrainSet {
    let taxonomy = tagvote_core::Taxonomy::from_tags(vec![tagvote_core::Tag {
        id: 1,
        name: "x".into(),
    }])
    .unwrap();
    tagvote_core::TrainSet {
        taxonomy: std::sync::Arc::new(taxonomy),
        docs: (0..n)
            .map(|i| tagvote_core::Document::new(format!("d{i}").as_str(), if i == 3 { "fail" } else { "ok" }))
            .collect(),
        labels: vec![vec![0]; n],
        origin: (0..n).map(|i| (i % 4 == 0) as u16).collect(),
        origins: vec!["readmes".into(), "awesome".into()],
    }
}

#[tokio::test]
async fn out_of_fold_outputs_never_see_their_own_document() {
    let train = train_set(12);
    let make = |_: &str| -> Result<Box<dyn tagvote_core::Scorer>, tagvote_core::ScoreError> {
        Ok(Box::new(Memoriser {
            seen: Default::default(),
        }))
    };
    let weights = origin_weights(&train, OriginWeighting::Balanced, &[]);
    let oof = out_of_fold(&train, &["memo".to_string()], &make, 3, 7, &weights)
        .await
        .unwrap();
    assert_eq!(oof.docs.len(), 12);
    assert_eq!(oof.failures.get("memo"), Some(&1));
    assert!(
        oof.docs[3].results.is_empty(),
        "the failed document votes without the scorer"
    );
    for doc in &oof.docs {
        assert!(
            doc.results.iter().all(|(_, d)| d.tags.is_empty()),
            "a held-out document leaked"
        );
    }
    // 3 of 12 documents come from origin 1: balanced weights give each origin a total of 6.
    let origin1: f64 = oof
        .docs
        .iter()
        .zip(&train.origin)
        .filter(|(_, &o)| o == 1)
        .map(|(d, _)| d.weight)
        .sum();
    assert!((origin1 - 6.0).abs() < 1e-9 && (oof.docs[1].weight - 6.0 / 9.0).abs() < 1e-9);
    let only_awesome = origin_weights(&train, OriginWeighting::Balanced, &["awesome".into()]);
    assert_eq!(only_awesome[1], 0.0, "origin 0 trains the scorers only");
    assert!((only_awesome[0] - 12.0 / 3.0).abs() < 1e-9);
}
