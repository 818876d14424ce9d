//! Serves the in-process test server on a fixed loopback port so the `tagvote` CLI can be tried
//! without an LLM: `cargo run -p tagvote-llm --features test-server --example mock_server -- 8711`.
//! It answers with up to 3 taxonomy names that occur as words in the README part of the prompt.

use std::time::Duration;

use tagvote_llm::testing::{ChatRequest, MockReply, MockServer};

/// The line that introduces the README in the built-in and converted seed templates.
const README_MARKERS: [&str; 2] = ["README of project", "Its README follows"];

fn answer(req: &ChatRequest) -> MockReply {
    let names = tag_names(&req.body);
    let readme_at = README_MARKERS
        .iter()
        .filter_map(|m| req.prompt.find(m))
        .min()
        .unwrap_or(0);
    let readme = req.prompt[readme_at..].to_lowercase();
    let words: Vec<&str> = readme.split(|c: char| !c.is_alphanumeric() && c != '-').collect();
    let tags: Vec<&String> = names.iter().filter(|n| words.contains(&n.as_str())).take(3).collect();
    let content = serde_json::json!({"tags": tags}).to_string();
    MockReply::answer(req, &content).with_delay(Duration::from_millis(20))
}

/// Tag names from the request's JSON schema, else from the `[{"id":…,"name":…}]` list in the prompt.
fn tag_names(body: &serde_json::Value) -> Vec<String> {
    let schema = &body["response_format"]["json_schema"]["schema"]["properties"]["tags"]["items"]["enum"];
    if let Some(list) = schema.as_array() {
        return list.iter().filter_map(|v| v.as_str().map(str::to_lowercase)).collect();
    }
    let prompt = body["messages"][0]["content"].as_str().unwrap_or_default();
    let start = prompt.find("[{").unwrap_or(prompt.len());
    let mut stream = serde_json::Deserializer::from_str(&prompt[start..]).into_iter::<serde_json::Value>();
    match stream.next() {
        Some(Ok(serde_json::Value::Array(tags))) => tags
            .iter()
            .filter_map(|t| t["name"].as_str().map(|n| n.trim().to_lowercase()))
            .collect(),
        _ => Vec::new(),
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0);
    let server = MockServer::start_on(port, answer).await?;
    println!("{}", server.base_url());
    std::future::pending::<()>().await;
    Ok(())
}
