//! Building a vote strategy by name, with the fitted `vote` part when there is one.

use super::cascade::Cascade;
use super::fusion::Fusion;
use super::majority::Majority;
use super::model::VoteModel;
use super::stack::Stack;
use super::weighted::Weighted;
use super::{VoteError, VoteOptions, VoteStrategy};

/// `auto`: the fitted vote's best strategy when the model has a `vote` part, else `majority`
/// (half the answering scorers, rounded up: 1 of 1, 1 of 2, 2 of 3).
pub const DEFAULT_STRATEGY: &str = "auto";

/// Every name `--vote` accepts.
pub const STRATEGIES: [&str; 6] = ["auto", "majority", "weighted", "fusion", "stack", "cascade"];

/// The concrete strategy `name` stands for (`auto` resolved against the model part).
pub fn resolve_name(name: &str, model_part: Option<&serde_json::Value>) -> Result<String, VoteError> {
    let name = name.trim().to_lowercase();
    if !STRATEGIES.contains(&name.as_str()) {
        return Err(VoteError::UnknownStrategy(name));
    }
    if name != "auto" {
        return Ok(name);
    }
    match model_part {
        Some(part) => Ok(VoteModel::from_part(part)?.best),
        None => Ok("majority".into()),
    }
}

/// Builds the strategy `name` (see `STRATEGIES`) with its options and the model's `vote` part.
pub fn build(
    name: &str,
    opts: &VoteOptions,
    model_part: Option<&serde_json::Value>,
) -> Result<Box<dyn VoteStrategy>, VoteError> {
    let model = || -> Result<VoteModel, VoteError> {
        let part = model_part.ok_or_else(|| VoteError::NeedsModel(name.to_string()))?;
        VoteModel::from_part(part)
    };
    match resolve_name(name, model_part)?.as_str() {
        "majority" => Ok(Box::new(Majority::new(opts.min_votes))),
        "weighted" => {
            let m = model()?.weighted;
            let selection = m.selection.clone().with_overrides(opts.threshold, opts.top_k);
            Ok(Box::new(Weighted::new(m, selection)))
        }
        "fusion" => {
            let m = model()?.fusion;
            let selection = m.selection.clone().with_overrides(opts.threshold, opts.top_k);
            Ok(Box::new(Fusion::new(m, selection)))
        }
        "stack" => {
            let m = model()?
                .stack
                .ok_or_else(|| VoteError::Model("it has no `stack` vote; refit it with `tagvote fit vote`".into()))?;
            let selection = m.selection.clone().with_overrides(opts.threshold, opts.top_k);
            Ok(Box::new(Stack::new(m, selection)))
        }
        _ => build_cascade(opts, model_part),
    }
}

fn build_cascade(
    opts: &VoteOptions,
    model_part: Option<&serde_json::Value>,
) -> Result<Box<dyn VoteStrategy>, VoteError> {
    if resolve_name(&opts.cascade_inner, model_part)? == "cascade" {
        return Err(VoteError::Option("the cascade's inner vote cannot be `cascade`".into()));
    }
    if !(0.0..=1.0).contains(&opts.cascade_threshold) {
        return Err(VoteError::Option(format!(
            "`--cascade-threshold` `{}` is outside [0, 1]",
            opts.cascade_threshold
        )));
    }
    let inner = build(&opts.cascade_inner, opts, model_part)?;
    Ok(Box::new(Cascade::new(
        inner,
        &opts.cascade_expensive,
        opts.cascade_threshold,
    )))
}
