//! The mock server itself: a hyper HTTP/1.1 server on `127.0.0.1:0`, routing chat completions to
//! the script and files/batches to the batch emulation, counting requests in flight.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use super::batch::BatchStore;
use super::reply::{ChatRequest, MockReply, RecordedRequest};

type Script = dyn Fn(&ChatRequest) -> MockReply + Send + Sync;

/// Options beyond the script.
#[derive(Debug, Clone, Copy)]
pub struct MockOptions {
    /// Status polls answered `in_progress` before a batch completes.
    pub batch_polls_before_done: usize,
    /// Keep a log of every request (headers and bodies); off for benches.
    pub record: bool,
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            batch_polls_before_done: 1,
            record: true,
        }
    }
}

pub(crate) struct ServerState {
    script: Box<Script>,
    options: MockOptions,
    requests: AtomicUsize,
    chats: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    seen: Mutex<HashMap<String, usize>>,
    log: Mutex<Vec<RecordedRequest>>,
    pub(crate) batches: Mutex<BatchStore>,
}

/// A running mock server; stops accepting connections when dropped.
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<ServerState>,
    _shutdown: oneshot::Sender<()>,
}

impl MockServer {
    /// Starts a server whose chat completions are answered by `script`.
    pub async fn start(script: impl Fn(&ChatRequest) -> MockReply + Send + Sync + 'static) -> std::io::Result<Self> {
        Self::start_with(script, MockOptions::default()).await
    }

    /// Starts on a given loopback port (0: any free one), e.g. for trying the CLI by hand.
    pub async fn start_on(
        port: u16,
        script: impl Fn(&ChatRequest) -> MockReply + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let options = MockOptions {
            record: false,
            ..MockOptions::default()
        };
        Self::bind(port, script, options).await
    }

    pub async fn start_with(
        script: impl Fn(&ChatRequest) -> MockReply + Send + Sync + 'static,
        options: MockOptions,
    ) -> std::io::Result<Self> {
        Self::bind(0, script, options).await
    }

    async fn bind(
        port: u16,
        script: impl Fn(&ChatRequest) -> MockReply + Send + Sync + 'static,
        options: MockOptions,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(ServerState {
            script: Box::new(script),
            options,
            requests: AtomicUsize::new(0),
            chats: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            seen: Mutex::new(HashMap::new()),
            log: Mutex::new(Vec::new()),
            batches: Mutex::new(BatchStore::default()),
        });
        let (shutdown, stopped) = oneshot::channel();
        tokio::spawn(accept_loop(listener, Arc::clone(&state), stopped));
        Ok(MockServer {
            addr,
            state,
            _shutdown: shutdown,
        })
    }

    /// The API root to configure as the base URL: `http://127.0.0.1:PORT/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Requests received so far (all routes).
    pub fn request_count(&self) -> usize {
        self.state.requests.load(Ordering::SeqCst)
    }

    /// Chat-completions requests received so far.
    pub fn chat_count(&self) -> usize {
        self.state.chats.load(Ordering::SeqCst)
    }

    /// The most requests that were in flight at once.
    pub fn max_in_flight(&self) -> usize {
        self.state.max_in_flight.load(Ordering::SeqCst)
    }

    /// Every request received, in arrival order (when `record` is on).
    pub fn recorded(&self) -> Vec<RecordedRequest> {
        self.state.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

async fn accept_loop(listener: TcpListener, state: Arc<ServerState>, mut stopped: oneshot::Receiver<()>) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
            _ = &mut stopped => return,
        };
        let _ = stream.set_nodelay(true);
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| handle(Arc::clone(&state), req));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Answers a request; a reply's delay counts from the request's arrival, like a server that takes
/// that long to answer (reading and scripting the reply happen within it).
async fn handle(state: Arc<ServerState>, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let arrived = tokio::time::Instant::now();
    state.requests.fetch_add(1, Ordering::SeqCst);
    let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    state.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let reply = route(&state, req).await;
    wait_until(arrived + reply.delay).await;
    state.in_flight.fetch_sub(1, Ordering::SeqCst);
    Ok(to_response(reply))
}

/// Sleeps until `deadline` to within the OS scheduler's precision. Tokio's timer rounds up to the
/// next millisecond tick (about +1 ms on a 50 ms delay), which would be charged to the client in
/// throughput benches; a short `std::thread::sleep` on the blocking pool is exact.
async fn wait_until(deadline: tokio::time::Instant) {
    let coarse = deadline.checked_sub(Duration::from_millis(2));
    if let Some(coarse) = coarse.filter(|c| *c > tokio::time::Instant::now()) {
        tokio::time::sleep_until(coarse).await;
    }
    let rest = deadline.saturating_duration_since(tokio::time::Instant::now());
    if !rest.is_zero() {
        let _ = tokio::task::spawn_blocking(move || std::thread::sleep(rest)).await;
    }
}

async fn route(state: &ServerState, req: Request<Incoming>) -> MockReply {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    if state.options.record {
        if let Ok(mut log) = state.log.lock() {
            log.push(RecordedRequest {
                method: method.clone(),
                path: path.clone(),
                headers: headers.clone(),
                body: String::from_utf8_lossy(&body).into_owned(),
            });
        }
    }
    if method == "POST" && path.ends_with("/chat/completions") {
        state.chats.fetch_add(1, Ordering::SeqCst);
        return state.chat(&body);
    }
    if method == "GET" && path.ends_with("/models") {
        return MockReply::raw(
            200,
            r#"{"object":"list","data":[{"id":"mock-model","object":"model"}]}"#,
        );
    }
    let content_type = headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map_or("", |(_, v)| v.as_str());
    super::batch::route(state, &method, &path, content_type, &body)
}

impl ServerState {
    /// Runs the script on a chat request body.
    pub(crate) fn chat(&self, body: &[u8]) -> MockReply {
        let Ok(json) = serde_json::from_slice(body) else {
            return MockReply::error(400, "The body is not JSON");
        };
        let mut request = ChatRequest::from_body(json);
        if let Ok(mut seen) = self.seen.lock() {
            let count = seen.entry(request.prompt.clone()).or_insert(0);
            request.seen_before = *count;
            *count += 1;
        }
        (self.script)(&request)
    }

    pub(crate) fn options(&self) -> MockOptions {
        self.options
    }
}

fn to_response(reply: MockReply) -> Response<Full<Bytes>> {
    let mut builder = Response::builder()
        .status(reply.status)
        .header("content-type", "application/json");
    for (name, value) in &reply.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(Full::new(Bytes::from(reply.body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::from_static(b"bad mock reply"))))
}
