//! Placeholder until the embed bench lands.
fn main() {}
