//! The API key: never printed, and scrubbed from any text that leaves the crate.

use std::fmt;

/// An API key. `Debug` and `Display` print a placeholder, never the key.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ApiKey(Option<String>);

impl ApiKey {
    /// No key (local servers usually need none).
    pub fn none() -> Self {
        ApiKey(None)
    }

    /// A key; empty or blank strings mean no key.
    pub fn new(key: impl Into<String>) -> Self {
        let key = key.into();
        if key.trim().is_empty() {
            ApiKey(None)
        } else {
            ApiKey(Some(key.trim().to_string()))
        }
    }

    /// Reads the key from the environment variable `name`.
    pub fn from_env(name: &str) -> Self {
        std::env::var(name).map(ApiKey::new).unwrap_or_default()
    }

    pub fn is_set(&self) -> bool {
        self.0.is_some()
    }

    /// The key itself, for the request header only.
    pub(crate) fn expose(&self) -> Option<&str> {
        self.0.as_deref()
    }

    /// Replaces every occurrence of the key in `text` with a placeholder.
    pub fn scrub(&self, text: &str) -> String {
        match &self.0 {
            Some(key) if text.contains(key.as_str()) => text.replace(key.as_str(), "[redacted]"),
            _ => text.to_string(),
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_set() {
            "ApiKey([redacted])"
        } else {
            "ApiKey(none)"
        })
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_set() { "[redacted]" } else { "none" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_never_formats() {
        let key = ApiKey::new("sk-very-secret");
        assert!(!format!("{key:?} {key}").contains("sk-very-secret"));
        assert_eq!(key.scrub("bad sk-very-secret here"), "bad [redacted] here");
        assert!(!ApiKey::new("  ").is_set());
    }
}
