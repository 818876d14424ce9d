//! Emulation of the files + batches API: multipart upload, batch create, status polls that
//! complete after a set number, and output file download (each line answered by the script).

use std::collections::HashMap;

use serde_json::{json, Value};

use super::reply::MockReply;
use super::server::ServerState;

/// Uploaded files and created batches.
#[derive(Debug, Default)]
pub(crate) struct BatchStore {
    files: HashMap<String, String>,
    batches: HashMap<String, MockBatch>,
}

#[derive(Debug)]
struct MockBatch {
    input_file_id: String,
    polls: usize,
    output_file_id: Option<String>,
}

/// Routes a non-chat request.
pub(crate) fn route(state: &ServerState, method: &str, path: &str, content_type: &str, body: &[u8]) -> MockReply {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        ("POST", [.., "files"]) => upload(state, content_type, body),
        ("POST", [.., "batches"]) => create(state, body),
        ("GET", [.., "batches", id]) => poll(state, id),
        ("GET", [.., "files", id, "content"]) => download(state, id),
        _ => MockReply::error(404, &format!("No route for {method} {path}")),
    }
}

fn upload(state: &ServerState, content_type: &str, body: &[u8]) -> MockReply {
    let Some(content) = multipart_file(content_type, body) else {
        return MockReply::error(400, "Expected a multipart form with a `file` part");
    };
    let Ok(mut store) = state.batches.lock() else {
        return MockReply::error(500, "Store unavailable");
    };
    let id = format!("file-{}", store.files.len() + 1);
    let bytes = content.len();
    store.files.insert(id.clone(), content);
    MockReply::raw(
        200,
        json!({"id": id, "object": "file", "purpose": "batch", "bytes": bytes}).to_string(),
    )
}

fn create(state: &ServerState, body: &[u8]) -> MockReply {
    let request: Value = serde_json::from_slice(body).unwrap_or_default();
    let Some(input) = request["input_file_id"].as_str() else {
        return MockReply::error(400, "Missing `input_file_id`");
    };
    let Ok(mut store) = state.batches.lock() else {
        return MockReply::error(500, "Store unavailable");
    };
    if !store.files.contains_key(input) {
        return MockReply::error(404, "Unknown input file");
    }
    let id = format!("batch-{}", store.batches.len() + 1);
    let batch = MockBatch {
        input_file_id: input.to_string(),
        polls: 0,
        output_file_id: None,
    };
    store.batches.insert(id.clone(), batch);
    MockReply::raw(
        200,
        json!({"id": id, "object": "batch", "status": "validating"}).to_string(),
    )
}

fn poll(state: &ServerState, id: &str) -> MockReply {
    let Ok(mut store) = state.batches.lock() else {
        return MockReply::error(500, "Store unavailable");
    };
    let Some(batch) = store.batches.get_mut(id) else {
        return MockReply::error(404, "Unknown batch");
    };
    batch.polls += 1;
    if batch.polls <= state.options().batch_polls_before_done {
        return MockReply::raw(200, json!({"id": id, "status": "in_progress"}).to_string());
    }
    if batch.output_file_id.is_none() {
        let input = batch.input_file_id.clone();
        let output = run_lines(state, store.files.get(&input).map_or("", String::as_str));
        let file_id = format!("file-{}", store.files.len() + 1);
        store.files.insert(file_id.clone(), output);
        if let Some(batch) = store.batches.get_mut(id) {
            batch.output_file_id = Some(file_id);
        }
    }
    let output = store.batches.get(id).and_then(|b| b.output_file_id.clone());
    MockReply::raw(
        200,
        json!({"id": id, "status": "completed", "output_file_id": output}).to_string(),
    )
}

/// Answers every input line with the script, in the batch output format.
fn run_lines(state: &ServerState, input: &str) -> String {
    input
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, line)| {
            let request: Value = serde_json::from_str(line).unwrap_or_default();
            let reply = state.chat(request["body"].to_string().as_bytes());
            let body: Value = serde_json::from_str(&reply.body).unwrap_or(Value::String(reply.body.clone()));
            let response = json!({"status_code": reply.status, "request_id": format!("req-{n}"), "body": body});
            let out = json!({"id": format!("batch-req-{n}"), "custom_id": request["custom_id"], "response": response, "error": null});
            format!("{out}\n")
        })
        .collect()
}

fn download(state: &ServerState, id: &str) -> MockReply {
    let Ok(store) = state.batches.lock() else {
        return MockReply::error(500, "Store unavailable");
    };
    match store.files.get(id) {
        Some(content) => MockReply::raw(200, content.clone()),
        None => MockReply::error(404, "Unknown file"),
    }
}

/// The content of the part named `file` in a `multipart/form-data` body.
fn multipart_file(content_type: &str, body: &[u8]) -> Option<String> {
    let boundary = content_type.split("boundary=").nth(1)?.trim_matches('"');
    let text = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    text.split(delimiter.as_str()).find_map(|part| {
        let (head, content) = part.split_once("\r\n\r\n")?;
        head.contains("name=\"file\"")
            .then(|| content.strip_suffix("\r\n").unwrap_or(content).to_string())
    })
}
