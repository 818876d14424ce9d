//! Endpoint URLs built with a URL type (so a base URL's query, such as Azure's `api-version`,
//! stays after the path) and the header that carries the key (Bearer, or Azure's `api-key`).

use reqwest::Url;
use serde::Serialize;

/// How the API key is sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthHeader {
    /// `api-key` for Azure hosts, else `Authorization: Bearer`.
    #[default]
    Auto,
    /// `Authorization: Bearer KEY`.
    Bearer,
    /// `api-key: KEY` (Azure OpenAI, classic and `/openai/v1`).
    ApiKey,
}

impl AuthHeader {
    /// `Auto` resolved for `base_url`.
    pub(crate) fn resolve(self, base_url: &str) -> AuthHeader {
        match self {
            AuthHeader::Auto if is_azure(base_url) => AuthHeader::ApiKey,
            AuthHeader::Auto => AuthHeader::Bearer,
            chosen => chosen,
        }
    }
}

/// Azure OpenAI and Azure AI Foundry hosts, or Azure's classic deployment path.
fn is_azure(base_url: &str) -> bool {
    let Ok(url) = Url::parse(base_url.trim()) else {
        return false;
    };
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    [
        ".openai.azure.com",
        ".cognitiveservices.azure.com",
        ".services.ai.azure.com",
        ".azure-api.net",
    ]
    .iter()
    .any(|suffix| host.ends_with(suffix))
        || url.path().contains("/openai/deployments/")
}

/// `base_url` + `/` + `path`, the base URL's query kept (Azure:
/// `…/deployments/NAME?api-version=V` → `…/deployments/NAME/chat/completions?api-version=V`).
pub(crate) fn join(base_url: &str, path: &str) -> String {
    let trimmed = base_url.trim();
    match Url::parse(trimmed) {
        Ok(mut url) => {
            let joined = format!("{}/{}", url.path().trim_end_matches('/'), path.trim_start_matches('/'));
            url.set_path(&joined);
            url.set_fragment(None);
            url.to_string()
        }
        Err(_) => format!("{}/{}", trimmed.trim_end_matches('/'), path),
    }
}

/// A URL as shown to users: without `user:password@` and without a trailing `/`.
pub(crate) fn display(url: &str) -> String {
    match Url::parse(url.trim()) {
        Ok(mut parsed) => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            let text = parsed.to_string();
            match text.split_once('?') {
                Some((path, query)) => format!("{}?{query}", path.trim_end_matches('/')),
                None => text.trim_end_matches('/').to_string(),
            }
        }
        Err(_) => url.trim().trim_end_matches('/').to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn azure_classic_keeps_its_query_after_the_path() {
        let base = "https://res.openai.azure.com/openai/deployments/gpt4o?api-version=2024-10-21";
        assert_eq!(
            join(base, "chat/completions"),
            "https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21"
        );
        assert_eq!(AuthHeader::Auto.resolve(base), AuthHeader::ApiKey);
        let v1 = "https://res.openai.azure.com/openai/v1/";
        assert_eq!(
            join(v1, "chat/completions"),
            "https://res.openai.azure.com/openai/v1/chat/completions"
        );
        assert_eq!(AuthHeader::Auto.resolve(v1), AuthHeader::ApiKey);
        assert_eq!(AuthHeader::Auto.resolve("http://127.0.0.1:8000/v1"), AuthHeader::Bearer);
        assert_eq!(AuthHeader::Bearer.resolve(base), AuthHeader::Bearer);
    }

    #[test]
    fn shown_urls_have_no_credentials() {
        assert_eq!(display("https://u:pw@h.example/v1/"), "https://h.example/v1");
        assert_eq!(
            display("https://h.example/d?api-version=1"),
            "https://h.example/d?api-version=1"
        );
    }
}
