//! The `--keyword-…` flags and the construction of the keyword scorer (lexicon-only until the
//! registry loads a fitted `keyword` model part into it).

use std::path::PathBuf;

use tagvote_core::{ScoreError, Scorer};
use tagvote_keyword::{KeywordConfig, KeywordScorer, Lexicon};

/// Keyword scorer flags.
#[derive(clap::Args, Debug, Clone, Default)]
#[command(next_help_heading = "Keyword scorer")]
pub struct KeywordArgs {
    /// Overrides the keyword scorer's tag threshold (a score in [0, 1])
    #[arg(long = "keyword-threshold", value_name = "SCORE", value_parser = super::unit_interval)]
    pub keyword_threshold: Option<f32>,

    /// Uses this lexicon JSON instead of the built-in one (same format as the crate's `data/lexicon.json`)
    #[arg(long = "keyword-lexicon", value_name = "FILE")]
    pub keyword_lexicon: Option<PathBuf>,

    /// When fitting: sample weight of a multi-line README against a one-line description
    #[arg(long = "keyword-readme-weight", value_name = "WEIGHT")]
    pub keyword_readme_weight: Option<f32>,

    /// When fitting: weight of the kind cues a README shows (install commands, imports, CLI usage,
    /// `docker run`, screenshots) as learned pseudo-terms; 0 leaves them out (docs/levers.md row H)
    #[arg(long = "keyword-kind-cues", value_name = "WEIGHT", value_parser = non_negative)]
    pub keyword_kind_cues: Option<f32>,

    /// When fitting: weight of the words of a README's self-description ("X is a command-line
    /// tool …") as learned pseudo-terms of their own; 0 leaves them out (docs/levers.md row DF)
    #[arg(long = "keyword-definition", value_name = "WEIGHT", value_parser = non_negative)]
    pub keyword_definition: Option<f32>,
}

/// Builds the keyword scorer with the built-in lexicon (or `--keyword-lexicon`).
pub fn build(args: &KeywordArgs, ctx: &super::BuildContext) -> Result<Box<dyn Scorer>, ScoreError> {
    let mut config = KeywordConfig {
        threshold: args.keyword_threshold,
        ..KeywordConfig::default()
    };
    if let Some(w) = args.keyword_readme_weight {
        config.fit.readme_weight = w;
    }
    if let Some(w) = args.keyword_kind_cues {
        config.fit.segment_weights.kind_cues = w;
    }
    if let Some(w) = args.keyword_definition {
        config.fit.segment_weights.definition = w;
    }
    config.fit.train.seed = ctx.seed;
    let lexicon = match &args.keyword_lexicon {
        Some(path) => read_lexicon(path)?,
        None => Lexicon::builtin().map_err(|e| ScoreError::Unavailable(e.to_string()))?,
    };
    KeywordScorer::with_lexicon(ctx.taxonomy.clone(), config, &lexicon)
        .map(|s| Box::new(s) as Box<dyn Scorer>)
        .map_err(|e| ScoreError::Unavailable(e.to_string()))
}

fn read_lexicon(path: &std::path::Path) -> Result<Lexicon, ScoreError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ScoreError::Config(format!(
            "Cannot read `--keyword-lexicon` `{}`: {e}; check the path",
            path.display()
        ))
    })?;
    Lexicon::from_json(&text).map_err(|e| ScoreError::Config(format!("{e} (in `{}`)", path.display())))
}

fn non_negative(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(w) if w.is_finite() && w >= 0.0 => Ok(w),
        _ => Err(format!("`{text}` is not a finite weight of 0 or more")),
    }
}
