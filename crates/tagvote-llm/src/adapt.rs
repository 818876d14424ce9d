//! Self-adaptation during a run: a refused request parameter is changed once for every later
//! request (said on stderr once, recorded in the config and the endpoint's profile); a context
//! overflow teaches the context size and the characters per token, so READMEs are cut to fit.

use std::sync::PoisonError;

use crate::engine::{describe_params, Engine};
use crate::http::{status_line, CallFailure};
use crate::params::RequestParams;
use crate::refusal::{refused_param, Overflow};

/// Characters of a refusal's body quoted in the warning and the recorded change.
const REASON_CHARS: usize = 160;

impl Engine {
    /// Changes the refused parameter of `sent`; true when the request should be sent again
    /// (also when another request already changed the parameters).
    pub(crate) fn adapt(&self, sent: &RequestParams, failure: &CallFailure) -> bool {
        let Some((code, body)) = failure.status() else {
            return false;
        };
        let Some(param) = refused_param(code, body, sent) else {
            return false;
        };
        let mut params = self.params.write().unwrap_or_else(PoisonError::into_inner);
        if *params != *sent {
            return true;
        }
        let reason = status_line(code, body, REASON_CHARS);
        let Some((next, adaptation)) = sent.fallback(param, &reason) else {
            return false;
        };
        tracing::warn!(
            "LLM endpoint `{}` refused `{}` ({reason}); from now on: {} (remembered for this endpoint)",
            self.config.display_base_url(),
            adaptation.parameter,
            describe_params(&next)
        );
        *params = next;
        drop(params);
        self.learned
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .adaptations
            .push(adaptation);
        self.save_profile();
        true
    }

    /// Learns from an overflow of a prompt of `prompt_chars` characters: the context size (named
    /// by the server, else a smaller guess) and the characters per token (when the server counted).
    pub(crate) fn learn_overflow(&self, overflow: Overflow, prompt_chars: usize) {
        let mut learned = self.learned.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(tokens) = overflow.prompt_tokens.filter(|&t| t > 0) {
            // The densest text seen so far sets the estimate: READMEs with code take more tokens.
            let measured = prompt_chars as f64 / tokens as f64;
            learned.chars_per_token = Some(learned.chars_per_token.map_or(measured, |known| known.min(measured)));
        }
        let guess = || (prompt_chars as f64 / learned.chars_per_token() * 0.75) as usize;
        let context = match (overflow.context_tokens, learned.context_tokens) {
            (Some(named), _) => named,
            (None, Some(known)) => known * 3 / 4,
            (None, None) => guess(),
        };
        let known = learned.context_tokens.replace(context);
        if known != Some(context) {
            tracing::warn!(
                "LLM endpoint `{}` has a context of about `{context}` tokens; READMEs are cut to fit it from now on",
                self.config.display_base_url()
            );
        }
        drop(learned);
        self.save_profile();
    }
}
