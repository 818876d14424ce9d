//! Integration tests of the LLM scorer against the in-process chat-completions server.

mod adapt;
mod answers;
mod batch;
mod cache;
mod robustness;
mod secrets;
mod support;
