//! `metrics` (being written).
