//! What a run learned about its endpoint (refused parameters, context size, characters per
//! token), kept in the cache as the endpoint's profile so the next run starts with it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tagvote_core::hash::FieldHasher;

use crate::params::{Adaptation, Param, RequestParams};

/// Characters per token assumed until the endpoint tells otherwise (JSON tag lists tokenize densely).
pub(crate) const DEFAULT_CHARS_PER_TOKEN: f64 = 3.0;

/// The learned facts about one endpoint and model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct EndpointProfile {
    /// Parameter changes made because the endpoint refused them, in order.
    pub adaptations: Vec<Adaptation>,
    /// The context size in tokens, from the models list or an overflow error.
    pub context_tokens: Option<usize>,
    /// Characters per prompt token, measured from an overflow error that counted them.
    pub chars_per_token: Option<f64>,
}

impl EndpointProfile {
    /// `params` with every recorded change applied that still applies.
    pub(crate) fn apply(&self, mut params: RequestParams) -> RequestParams {
        for adaptation in &self.adaptations {
            let Some(param) = Param::from_name(&adaptation.parameter) else {
                continue;
            };
            let same_start = match param {
                Param::ResponseFormat => params.structured.label() == adaptation.from,
                Param::MaxTokens => params.max_tokens_field_name() == adaptation.from,
                Param::Temperature | Param::Seed => true,
            };
            if same_start && params.sends(param) {
                if let Some((next, _)) = params.fallback(param, &adaptation.reason) {
                    params = next;
                }
            }
        }
        params
    }

    pub(crate) fn chars_per_token(&self) -> f64 {
        self.chars_per_token.unwrap_or(DEFAULT_CHARS_PER_TOKEN)
    }
}

/// `<cache>/llm/endpoints/<hash of base URL and model>.json`.
pub(crate) fn profile_path(llm_cache_dir: &Path, display_base_url: &str, model: &str) -> PathBuf {
    let mut hasher = FieldHasher::new();
    hasher.field(display_base_url.as_bytes()).field(model.as_bytes());
    llm_cache_dir
        .join("endpoints")
        .join(format!("{}.json", &hasher.finish_hex()[..32]))
}

/// The stored profile, if any (an unreadable one is ignored).
pub(crate) fn load(path: &Path) -> Option<EndpointProfile> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// Stores the profile (temp file + rename); a failure is logged, never fatal.
pub(crate) fn save(path: &Path, profile: &EndpointProfile) {
    let write = || -> std::io::Result<()> {
        let parent = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let temp = parent.join(format!(".profile-{}", std::process::id()));
        std::fs::write(
            &temp,
            serde_json::to_vec_pretty(profile).map_err(std::io::Error::other)?,
        )?;
        std::fs::rename(&temp, path)
    };
    if let Err(e) = write() {
        tracing::warn!(path = %path.display(), "Cannot store the LLM endpoint profile: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::StructuredOutput;
    use crate::params::MaxTokensField;

    #[test]
    fn recorded_changes_reapply_and_survive_a_round_trip() {
        let start = RequestParams {
            structured: StructuredOutput::JsonSchema,
            temperature: Some(0.0),
            seed: Some(3),
            max_tokens: None,
            max_tokens_field: MaxTokensField::MaxTokens,
        };
        let (after_format, a1) = start.fallback(Param::ResponseFormat, "no schema").unwrap();
        let (after_seed, a2) = after_format.fallback(Param::Seed, "no seed").unwrap();
        let profile = EndpointProfile {
            adaptations: vec![a1, a2],
            context_tokens: Some(2048),
            chars_per_token: Some(3.5),
        };
        let dir = tempfile::tempdir().unwrap();
        let path = profile_path(dir.path(), "http://h/v1", "m");
        save(&path, &profile);
        let loaded = load(&path).unwrap();
        assert_eq!(loaded, profile);
        assert_eq!(loaded.apply(start), after_seed);
    }
}
