//! Fitting the `vote` part from out-of-fold scorer outputs and gold: weights, calibrators, selections.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tagvote_core::{Counts, ScoredDoc, TagIdx, TagScore};

use super::calibration::{fit_isotonic, fit_platt, BinnedOutcomes, Calibrator};
use super::exclusion::{exclusive_pairs, Exclusions};
use super::kind_slot::KindSlot;
use super::majority::Majority;
use super::model::{
    evidence, CombineRule, FusionModel, ScorerCalibration, VoteModel, WeightedModel, VOTE_MODEL_VERSION,
};
use super::prior_shift::prior_shift;
use super::selection::Selection;
use super::stack::Stack;
use super::stack_fit::{fit_stack, StackOptions};
use super::{Fusion, VoteStrategy, Weighted};

/// One training document: its gold, its weight in the fit, and each scorer's out-of-fold output.
#[derive(Debug, Clone, PartialEq)]
pub struct OofDoc {
    pub gold: Vec<TagIdx>,
    pub weight: f64,
    /// Whether it is like the documents the vote will tag (`--vote-target-origins`): when any
    /// document is, the selection and the strategy are chosen on these documents' F1 alone, and the
    /// stacker's biases may be shifted to their tag frequencies (`prior_shift.rs`).
    pub target: bool,
    pub results: Vec<(String, ScoredDoc)>,
}

impl OofDoc {
    pub fn view(&self) -> Vec<(&str, &ScoredDoc)> {
        self.results.iter().map(|(s, d)| (s.as_str(), d)).collect()
    }
}

/// Settings of `fit_vote`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitOptions {
    pub n_tags: usize,
    /// Pseudo-proposals pulling a scorer's per-tag precision towards its overall precision.
    pub smoothing: f64,
    /// `platt`, `isotonic`, or `None` to keep the better on the out-of-fold data.
    pub calibration: Option<String>,
    /// `None` to keep the better combination rule on the out-of-fold data.
    pub combine: Option<CombineRule>,
    /// Least positive documents a tag needs for its own isotonic calibrator.
    pub isotonic_min_positives: usize,
    /// Pull of each per-tag Platt fit towards the scorer-wide fit.
    pub platt_prior_strength: f64,
    /// `--min-votes` of the majority baseline.
    pub min_votes: usize,
    /// Whether to fit the stacking vote too.
    pub stack: bool,
    /// Pseudo-documents of the label shift of fusion and the stacker (`prior_shift.rs`); `None`: no shift.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior_strength: Option<f64>,
    /// What every selection search may use besides threshold, top-k and floor (recorded as the
    /// fields `exclusions` and `kind_tags`).
    #[serde(flatten)]
    pub search: SelectionSearch,
    /// Whether fusion fits a weight per scorer (`SCORER_WEIGHTS`, each scorer's in turn) instead of
    /// weighing every scorer 1.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub scorer_weights: bool,
}

impl FitOptions {
    pub fn new(n_tags: usize) -> Self {
        FitOptions {
            n_tags,
            smoothing: 5.0,
            calibration: None,
            combine: None,
            isotonic_min_positives: 20,
            platt_prior_strength: 5.0,
            min_votes: 0,
            stack: true,
            prior_strength: None,
            search: SelectionSearch::default(),
            scorer_weights: false,
        }
    }
}

/// What `tune_selection` searches besides threshold, top-k and floor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SelectionSearch {
    /// Whether to demote the lower tag of a pair the gold keeps apart (`exclusion.rs`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusions: bool,
    /// The kind slot's tags (`kind_slot.rs`); empty: no slot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kind_tags: Vec<TagIdx>,
}

/// Weighted micro-F1 of a strategy on the out-of-fold documents (see `decision_weights`).
pub fn oof_f1(strategy: &dyn VoteStrategy, docs: &[OofDoc]) -> f64 {
    let mut counts = Counts::default();
    for (doc, w) in docs.iter().zip(decision_weights(docs)) {
        counts.add(&strategy.combine(&doc.view()).tag_indices(), &doc.gold, w);
    }
    counts.f1()
}

/// How much each document counts when a setting is chosen by F1: only the `target` documents when
/// there are any, else each document's fit weight.
pub fn decision_weights(docs: &[OofDoc]) -> Vec<f64> {
    let any_target = docs.iter().any(|d| d.target);
    docs.iter()
        .map(|d| match (any_target, d.target) {
            (false, _) => d.weight,
            (true, target) => target as u8 as f64,
        })
        .collect()
}

/// Fits the whole vote part: weighted, fusion, and which strategy (with majority) scored best.
pub fn fit_vote(docs: &[OofDoc], opts: &FitOptions) -> VoteModel {
    let scorers = scorer_names(docs);
    let prior = tag_prior(docs, opts.n_tags);
    let weighted = fit_weighted(docs, &scorers, &prior, opts);
    let shift = opts
        .prior_strength
        .and_then(|s| prior_shift(docs, opts.n_tags, s))
        .unwrap_or_default();
    let fusion = fit_fusion(docs, &scorers, (&prior, &shift), opts);
    let mut f1 = BTreeMap::new();
    f1.insert("majority".to_string(), oof_f1(&Majority::new(opts.min_votes), docs));
    f1.insert(
        "weighted".to_string(),
        oof_f1(&Weighted::new(weighted.clone(), weighted.selection.clone()), docs),
    );
    f1.insert(
        "fusion".to_string(),
        oof_f1(&Fusion::new(fusion.clone(), fusion.selection.clone()), docs),
    );
    let stack_opts = StackOptions {
        shift,
        search: opts.search.clone(),
        ..StackOptions::default()
    };
    let stack = opts
        .stack
        .then(|| fit_stack(docs, &scorers, &weighted.prior_logit, &stack_opts));
    if let Some(m) = &stack {
        f1.insert(
            "stack".to_string(),
            oof_f1(&Stack::new(m.clone(), m.selection.clone()), docs),
        );
    }
    VoteModel {
        version: VOTE_MODEL_VERSION,
        scorers,
        n_tags: opts.n_tags,
        best: best_of(&f1),
        oof_micro_f1: f1,
        weighted,
        fusion,
        stack,
        cv_micro_f1: BTreeMap::new(),
        fit: serde_json::json!({"documents": docs.len(), "options": opts}),
    }
}

/// The strategies a fitted vote part can build, simplest first.
pub const FITTED_STRATEGIES: [&str; 4] = ["majority", "weighted", "fusion", "stack"];

/// The strategy with the highest F1 (the simplest on ties, in `FITTED_STRATEGIES` order).
pub fn best_of(f1: &BTreeMap<String, f64>) -> String {
    FITTED_STRATEGIES
        .into_iter()
        .filter(|s| f1.contains_key(*s))
        .fold("majority", |best, s| {
            if f1[s] > f1.get(best).copied().unwrap_or(f64::MIN) + 1e-12 {
                s
            } else {
                best
            }
        })
        .to_string()
}

fn scorer_names(docs: &[OofDoc]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (s, _) in docs.iter().flat_map(|d| d.results.iter()) {
        if !names.contains(s) {
            names.push(s.clone());
        }
    }
    names
}

fn tag_prior(docs: &[OofDoc], n_tags: usize) -> Vec<f32> {
    let (pos, total) = tag_counts(docs.iter().map(|d| (d.gold.as_slice(), d.weight)), n_tags);
    pos.iter().map(|p| ((p + 0.5) / (total + 1.0)) as f32).collect()
}

/// Per tag below `n_tags`, the weight of the documents whose gold has it; and the total weight.
pub(super) fn tag_counts<'a>(golds: impl Iterator<Item = (&'a [TagIdx], f64)>, n_tags: usize) -> (Vec<f64>, f64) {
    let mut pos = vec![0.0f64; n_tags];
    let mut total = 0.0;
    for (gold, w) in golds {
        total += w;
        for &t in gold.iter().filter(|&&t| (t as usize) < n_tags) {
            pos[t as usize] += w;
        }
    }
    (pos, total)
}

fn logit(p: f64) -> f32 {
    let p = p.clamp(0.01, 0.99);
    (p / (1.0 - p)).ln() as f32
}

/// Per scorer × tag: weighted proposals and correct proposals.
fn proposal_counts(docs: &[OofDoc], scorer: &str, n_tags: usize) -> (Vec<f64>, Vec<f64>) {
    let (mut proposed, mut correct) = (vec![0.0; n_tags], vec![0.0; n_tags]);
    for doc in docs {
        let Some((_, out)) = doc.results.iter().find(|(s, _)| s == scorer) else {
            continue;
        };
        for t in out.tags.iter().map(|t| t.tag as usize).filter(|&t| t < n_tags) {
            proposed[t] += doc.weight;
            if doc.gold.contains(&(t as TagIdx)) {
                correct[t] += doc.weight;
            }
        }
    }
    (proposed, correct)
}

fn fit_weighted(docs: &[OofDoc], scorers: &[String], prior: &[f32], opts: &FitOptions) -> WeightedModel {
    let mut weights = BTreeMap::new();
    let mut overall = Vec::new();
    for s in scorers {
        let (proposed, correct) = proposal_counts(docs, s, opts.n_tags);
        let p_s = (correct.iter().sum::<f64>() + 1.0) / (proposed.iter().sum::<f64>() + 2.0);
        overall.push(logit(p_s));
        let m = opts.smoothing;
        let w = (0..opts.n_tags)
            .map(|t| logit((correct[t] + m * p_s) / (proposed[t] + m)))
            .collect();
        weights.insert(s.clone(), w);
    }
    let mut model = WeightedModel {
        prior_logit: prior.iter().map(|&p| logit(p as f64)).collect(),
        weights,
        unknown_weight: overall.iter().sum::<f32>() / overall.len().max(1) as f32,
        selection: Selection::default(),
    };
    let probe = Weighted::new(model.clone(), model.selection.clone());
    model.selection = tune_selection(docs, &opts.search, |view| probe.candidates(view));
    model
}

fn outcome_bins(docs: &[OofDoc], scorer: &str, n_tags: usize) -> Vec<BinnedOutcomes> {
    let mut bins = vec![BinnedOutcomes::default(); n_tags];
    for doc in docs {
        let Some((_, out)) = doc.results.iter().find(|(s, _)| s == scorer) else {
            continue;
        };
        for (t, b) in bins.iter_mut().enumerate() {
            b.add(
                evidence(out, t as TagIdx),
                doc.gold.contains(&(t as TagIdx)),
                doc.weight,
            );
        }
    }
    bins
}

fn calibrate(bins: &[BinnedOutcomes], method: &str, opts: &FitOptions) -> ScorerCalibration {
    let mut all = BinnedOutcomes::default();
    bins.iter().for_each(|b| all.absorb(b));
    if method == "isotonic" {
        let per_tag = bins
            .iter()
            .map(|b| (b.positive_count >= opts.isotonic_min_positives).then(|| fit_isotonic(b)))
            .collect();
        return ScorerCalibration {
            global: fit_isotonic(&all),
            per_tag,
        };
    }
    let global = fit_platt(&all, (0.0, 0.0), 1e-3);
    let Calibrator::Platt { a, b } = global else {
        unreachable!("fit_platt returns Platt")
    };
    let per_tag = bins
        .iter()
        .map(|bin| Some(fit_platt(bin, (a as f64, b as f64), opts.platt_prior_strength)))
        .collect();
    ScorerCalibration { global, per_tag }
}

/// Fusion's candidates (calibration × combination), each with its tuned selection; `base` is each
/// tag's prior and label shift.
fn fit_fusion(docs: &[OofDoc], scorers: &[String], base: (&[f32], &[f32]), opts: &FitOptions) -> FusionModel {
    let (prior, shift) = base;
    let bins: Vec<Vec<BinnedOutcomes>> = scorers.iter().map(|s| outcome_bins(docs, s, opts.n_tags)).collect();
    let methods: Vec<&str> = match &opts.calibration {
        Some(m) => vec![m.as_str()],
        None => vec!["platt", "isotonic"],
    };
    let rules = match opts.combine {
        Some(r) => vec![r],
        None => vec![CombineRule::Mean, CombineRule::LogOdds],
    };
    let search = &opts.search;
    let mut best: Option<(f64, FusionModel)> = None;
    for method in methods {
        let calibrators = scorers
            .iter()
            .zip(&bins)
            .map(|(s, b)| (s.clone(), calibrate(b, method, opts)))
            .collect();
        for &combine in &rules {
            let parts = FusionParts {
                method,
                combine,
                prior,
                calibrators: &calibrators,
                shift,
            };
            let model = fit_fusion_selection(docs, parts, search);
            let f1 = fusion_f1(&model, docs);
            if best.as_ref().is_none_or(|(b, _)| f1 > *b + 1e-12) {
                best = Some((f1, model));
            }
        }
    }
    let (f1, model) = best.expect("at least one fusion candidate");
    if opts.scorer_weights {
        fit_scorer_weights(docs, scorers, (f1, model), search)
    } else {
        model
    }
}

/// The weights `fit_scorer_weights` tries for each scorer.
pub(super) const SCORER_WEIGHTS: [f32; 6] = [0.5, 0.7, 1.0, 1.4, 2.0, 2.8];

/// Coordinate ascent over each scorer's weight in the combination (two rounds over the scorers),
/// the selection re-tuned for every candidate; a weight moves only when the F1 improves.
fn fit_scorer_weights(
    docs: &[OofDoc],
    scorers: &[String],
    start: (f64, FusionModel),
    search: &SelectionSearch,
) -> FusionModel {
    let (mut best_f1, mut best) = start;
    for _round in 0..2 {
        for scorer in scorers {
            for &w in &SCORER_WEIGHTS {
                let mut model = best.clone();
                model.weights.insert(scorer.clone(), w);
                let model = with_tuned_selection(model, docs, search);
                let f1 = fusion_f1(&model, docs);
                if f1 > best_f1 + 1e-12 {
                    (best_f1, best) = (f1, model);
                }
            }
        }
    }
    best
}

/// What one fusion candidate is built from before its selection is tuned.
struct FusionParts<'a> {
    method: &'a str,
    combine: CombineRule,
    prior: &'a [f32],
    calibrators: &'a BTreeMap<String, ScorerCalibration>,
    shift: &'a [f32],
}

fn fit_fusion_selection(docs: &[OofDoc], parts: FusionParts, search: &SelectionSearch) -> FusionModel {
    let model = FusionModel {
        calibration: parts.method.to_string(),
        combine: parts.combine,
        prior: parts.prior.to_vec(),
        calibrators: parts.calibrators.clone(),
        weights: BTreeMap::new(),
        shift: parts.shift.to_vec(),
        selection: Selection::default(),
    };
    with_tuned_selection(model, docs, search)
}

/// `model` with the selection that scores best on its candidate probabilities.
fn with_tuned_selection(mut model: FusionModel, docs: &[OofDoc], search: &SelectionSearch) -> FusionModel {
    let probe = Fusion::new(model.clone(), model.selection.clone());
    model.selection = tune_selection(docs, search, |view| probe.candidates(view));
    model
}

/// A fusion model's weighted micro-F1 on the out-of-fold documents.
fn fusion_f1(model: &FusionModel, docs: &[OofDoc]) -> f64 {
    oof_f1(&Fusion::new(model.clone(), model.selection.clone()), docs)
}

/// The threshold, top-k and floor with the best weighted micro-F1, given each document's
/// candidate probabilities; with `search.kind_tags`, also the kind slot's threshold (or none); with
/// `search.exclusions`, also whether (and how hard) to demote the lower tag of a pair the gold keeps
/// apart (`exclusion.rs`). Documents with one answer keep that answer (as the vote does).
pub fn tune_selection(
    docs: &[OofDoc],
    search: &SelectionSearch,
    candidates: impl Fn(&[(&str, &ScoredDoc)]) -> Vec<TagScore>,
) -> Selection {
    let weights = decision_weights(docs);
    let raw = prepare(docs, &candidates);
    let mut best = best_cut(docs, &weights, &raw, &search.kind_tags);
    let golds: Vec<(&[TagIdx], f64)> = docs
        .iter()
        .map(|d| d.gold.as_slice())
        .zip(weights.iter().copied())
        .collect();
    let pairs = if search.exclusions {
        exclusive_pairs(&golds)
    } else {
        Vec::new()
    };
    if pairs.is_empty() {
        return best.1;
    }
    for factor in EXCLUSION_FACTORS {
        let demoting = Exclusions {
            pairs: pairs.clone(),
            factor,
        };
        let ranked: Prepared = raw
            .iter()
            .map(|(c, fixed)| {
                let mut c = c.clone();
                demoting.demote(&mut c);
                (c, fixed.clone())
            })
            .collect();
        let (f1, cut) = best_cut(docs, &weights, &ranked, &search.kind_tags);
        if f1 > best.0 + 1e-12 {
            best = (
                f1,
                Selection {
                    exclusions: Some(demoting),
                    ..cut
                },
            );
        }
    }
    best.1
}

/// Demotion factors `tune_selection` tries for exclusive pairs.
const EXCLUSION_FACTORS: [f32; 2] = [0.5, 0.0];

type Prepared = Vec<(Vec<TagScore>, Option<Vec<TagIdx>>)>;

fn prepare(docs: &[OofDoc], candidates: &impl Fn(&[(&str, &ScoredDoc)]) -> Vec<TagScore>) -> Prepared {
    docs.iter()
        .map(|d| {
            let view = d.view();
            let fixed = (view.len() <= 1).then(|| view.first().map(|(_, o)| o.tag_indices()).unwrap_or_default());
            let mut c = if fixed.is_some() { Vec::new() } else { candidates(&view) };
            tagvote_core::prediction::sort_scores(&mut c);
            (c, fixed)
        })
        .collect()
}

/// The best threshold, top-k, floor and (with `kind_tags`) kind slot over `prepared` (ranked
/// candidates), with its F1.
fn best_cut(docs: &[OofDoc], weights: &[f64], prepared: &Prepared, kind_tags: &[TagIdx]) -> (f64, Selection) {
    let slots: Vec<Option<KindSlot>> = match kind_tags.is_empty() {
        true => vec![None],
        false => std::iter::once(None)
            .chain((1..50).map(|step| {
                Some(KindSlot {
                    tags: kind_tags.to_vec(),
                    threshold: step as f32 / 50.0,
                })
            }))
            .collect(),
    };
    let mut best = (f64::MIN, Selection::default());
    for top_k in 1..=tagvote_core::MAX_TAGS {
        for min_tags in 0..=1 {
            for step in 1..50 {
                for kind_slot in &slots {
                    let sel = Selection {
                        threshold: step as f32 / 50.0,
                        top_k,
                        min_tags,
                        kind_slot: kind_slot.clone(),
                        exclusions: None,
                    };
                    let f1 = selection_f1(docs, weights, prepared, &sel);
                    if f1 > best.0 + 1e-12 {
                        best = (f1, sel);
                    }
                }
            }
        }
    }
    best
}

fn selection_f1(docs: &[OofDoc], weights: &[f64], prepared: &Prepared, sel: &Selection) -> f64 {
    let mut counts = Counts::default();
    for ((doc, &w), (cands, fixed)) in docs.iter().zip(weights).zip(prepared) {
        if w == 0.0 {
            continue;
        }
        let predicted = match fixed {
            Some(tags) => tags.clone(),
            None => sel.chosen(cands).map(|i| cands[i].tag).collect(),
        };
        counts.add(&predicted, &doc.gold, w);
    }
    counts.f1()
}
