//! Placeholder until the keyword bench lands.
fn main() {}
