//! Placeholder until the llm bench lands.
fn main() {}
