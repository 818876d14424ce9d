//! Placeholder until the metrics bench lands.
fn main() {}
