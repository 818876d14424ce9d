//! The LLM scorer against endpoints that refuse or fail like real ones (llama-cpp-python, OpenAI
//! reasoning models, Gemini, small contexts, a model that echoes the example, a bad key, no
//! quota), through the binary with no LLM flag beyond the base URL and the model.

use tagvote_llm::testing::{Behaviour, MockServer};

use super::*;

const SECRET: &str = "sk-endpoint-test-0123456789-do-not-print";

/// A server in `behaviour`; the runtime must outlive the test's child processes.
pub fn server(behaviour: Behaviour) -> (tokio::runtime::Runtime, MockServer) {
    super::llm::mock_server(move |req| behaviour.reply(req))
}

/// `tag --scorers llm` with only `--llm-base-url` and `--llm-model`; returns (code, stdout, stderr).
fn tag_llm(dir: &Path, base_url: &str, input: &Path) -> (i32, String, String) {
    let mut cmd = tagvote();
    cmd.env("OPENAI_API_KEY", SECRET)
        .env("TAGVOTE_CACHE_DIR", dir.join("cache"))
        .args(["tag", "--scorers", "llm", "--no-default-model", "--taxonomy"])
        .arg(taxonomy())
        .arg("--input")
        .arg(input)
        .args(["--llm-base-url", base_url, "--llm-model", "mock-model"]);
    run(&mut cmd)
}

fn sample_docs() -> PathBuf {
    sample("docs.jsonl")
}

/// Twelve long READMEs of our own words (about 16,000 characters each).
fn long_docs(dir: &Path) -> PathBuf {
    let path = dir.join("long.jsonl");
    let paragraph = "This project reads configuration files and turns them into typed settings for services. ";
    let lines: Vec<String> = (0..12)
        .map(|i| {
            serde_json::json!({"id": format!("long{i}"), "text": format!("# tool {i}\n\n{}", paragraph.repeat(180))})
                .to_string()
        })
        .collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// Every output line has the accepted answer's tags; returns the number of documents.
fn assert_all_tagged(stdout: &str, stderr: &str) -> usize {
    let lines = json_lines(stdout);
    assert!(!lines.is_empty(), "no output; stderr:\n{stderr}");
    for line in &lines {
        assert_eq!(
            line["tags"],
            serde_json::json!(["cli", "lib"]),
            "{line}\nstderr:\n{stderr}"
        );
    }
    lines.len()
}

/// Runs `behaviour` over `input`: every document tagged, at most `max_ratio` chat requests per
/// document, no secret printed; returns stderr.
fn check_adapts(behaviour: Behaviour, input: Option<PathBuf>, max_ratio: f64) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (_runtime, server) = server(behaviour);
    let input = input.unwrap_or_else(|| match behaviour {
        Behaviour::ContextOverflow400(_) | Behaviour::ContextOverflow500(_) => long_docs(dir.path()),
        _ => sample_docs(),
    });
    let (code, stdout, stderr) = tag_llm(dir.path(), &server.base_url(), &input);
    assert_eq!(code, 0, "{behaviour:?}: {stderr}");
    let docs = assert_all_tagged(&stdout, &stderr);
    let ratio = server.chat_count() as f64 / docs as f64;
    assert!(
        ratio <= max_ratio,
        "{behaviour:?}: {} requests for {docs} documents",
        server.chat_count()
    );
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));
    stderr
}

#[test]
fn llama_cpp_python_refusing_json_schema_gets_json_object_with_the_schema() {
    let stderr = check_adapts(Behaviour::LlamaCppPython, None, 1.5);
    assert_eq!(
        stderr.matches("refused `response_format`").count(),
        1,
        "said once:\n{stderr}"
    );
    assert!(stderr.contains("json-object-schema"), "{stderr}");
}

#[test]
fn a_reasoning_model_refusing_temperature_gets_none() {
    let stderr = check_adapts(Behaviour::ReasoningModel, None, 1.5);
    assert_eq!(stderr.matches("refused `temperature`").count(), 1, "{stderr}");
}

#[test]
fn gemini_refusing_seed_gets_none() {
    let stderr = check_adapts(Behaviour::Gemini, None, 1.5);
    assert_eq!(stderr.matches("refused `seed`").count(), 1, "{stderr}");
}

#[test]
fn a_small_context_overflowing_with_400_is_recut_once() {
    let stderr = check_adapts(Behaviour::ContextOverflow400(1500), None, 2.0);
    assert!(stderr.contains("context of about `1500` tokens"), "{stderr}");
}

#[test]
fn a_small_context_overflowing_with_500_is_recut_once() {
    check_adapts(Behaviour::ContextOverflow500(1500), None, 2.0);
}

#[test]
fn an_echoed_example_before_the_answer_is_skipped() {
    check_adapts(Behaviour::EchoedExample, None, 1.0);
}

/// A fatal endpoint error: the run stops within a few requests, says why once per document,
/// names what to fix, and never prints the key.
fn check_stops(behaviour: Behaviour, cause: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (_runtime, server) = server(behaviour);
    let (code, stdout, stderr) = tag_llm(dir.path(), &server.base_url(), &sample_docs());
    assert_ne!(code, 0, "{stderr}");
    assert!(
        server.chat_count() <= 3,
        "{behaviour:?}: {} requests",
        server.chat_count()
    );
    assert!(
        stderr.contains(cause) && stderr.contains("`OPENAI_API_KEY`"),
        "{stderr}"
    );
    assert!(
        !stdout.contains(SECRET) && !stderr.contains(SECRET),
        "the key was printed"
    );
}

#[test]
fn a_bad_key_stops_the_run_within_a_few_requests_naming_the_key() {
    check_stops(Behaviour::Unauthorized, "Bad API key");
}

#[test]
fn an_exhausted_quota_stops_the_run_within_a_few_requests() {
    check_stops(Behaviour::Quota, "Out of quota");
}

#[test]
fn the_seed_prompt_is_sent_verbatim_with_the_document_last() {
    let seed = std::fs::read_to_string(shared().join("seed").join("prompt.txt")).expect("../shared/seed/prompt.txt");
    let dir = tempfile::tempdir().unwrap();
    let (_runtime, server) = server(Behaviour::Plain);
    let mut cmd = tagvote();
    cmd.env("TAGVOTE_CACHE_DIR", dir.path().join("cache"))
        .args(["tag", "--scorers", "llm", "--no-default-model", "--taxonomy"])
        .arg(shared().join("seed").join("tags.json"))
        .arg("--input")
        .arg(sample_docs())
        .args(["--llm-base-url", &server.base_url(), "--llm-model", "mock-model"]);
    let (code, _, stderr) = run(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("built-in prompt"), "{stderr}");
    let chats: Vec<serde_json::Value> = server
        .recorded()
        .iter()
        .filter(|r| r.method == "POST")
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    assert_eq!(chats.len(), 40);
    for chat in &chats {
        let prompt = chat["messages"][0]["content"].as_str().unwrap();
        assert!(
            prompt.starts_with(&seed),
            "the seed text, `game-engine ` with its space, comes first"
        );
        let id = prompt[seed.len()..]
            .split("\"id\":\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(
            id.starts_with('s'),
            "the document's id comes after the fixed part: {id}"
        );
    }
    let enum_names = &chats[0]["response_format"]["json_schema"]["schema"]["properties"]["tags"]["items"]["enum"];
    assert!(enum_names.as_array().unwrap().iter().any(|n| n == "game-engine "));
}

/// `tag --scorers llm` with `taxonomy` and `$TAGVOTE_SHARED_DIR` set to `shared`; returns stderr
/// and the first prompt sent.
fn first_prompt(taxonomy_file: &Path, shared_dir: &Path) -> (String, String) {
    let (_runtime, server) = server(Behaviour::Plain);
    let mut cmd = tagvote();
    cmd.env("TAGVOTE_CACHE_DIR", shared_dir.join("cache"))
        .env("TAGVOTE_SHARED_DIR", shared_dir)
        .args(["tag", "--scorers", "llm", "--no-default-model", "--taxonomy"])
        .arg(taxonomy_file)
        .arg("--input")
        .arg(sample_docs())
        .args(["--llm-base-url", &server.base_url(), "--llm-model", "mock-model"]);
    let (code, _, stderr) = run(&mut cmd);
    assert_eq!(code, 0, "{stderr}");
    let chat = server.recorded().into_iter().find(|r| r.method == "POST").unwrap();
    let body: serde_json::Value = serde_json::from_str(&chat.body).unwrap();
    (stderr, body["messages"][0]["content"].as_str().unwrap().to_string())
}

#[test]
fn a_prompt_next_to_the_taxonomy_is_used_and_the_built_in_one_is_announced() {
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("own");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::copy(taxonomy(), own.join("tags.json")).unwrap();
    let text = r#"Choose at most 3 tags for {"id":"0","tags":[]} from [{"id":4,"name":"cli"}] and answer json"#;
    std::fs::write(own.join("prompt.txt"), text).unwrap();
    let (stderr, prompt) = first_prompt(&own.join("tags.json"), dir.path());
    assert!(
        prompt.starts_with(r#"Choose at most 3 tags for {"id":"0","tags":[]} from [{"id":77,"name":"3d"}"#),
        "{prompt}"
    );
    assert!(!stderr.contains("built-in prompt"), "{stderr}");

    std::fs::remove_file(own.join("prompt.txt")).unwrap();
    let (stderr, prompt) = first_prompt(&own.join("tags.json"), dir.path());
    assert!(
        stderr.contains("uses its built-in prompt") && stderr.contains("prompt.txt"),
        "{stderr}"
    );
    assert!(prompt.starts_with("Tag the software project"), "{prompt}");
}
