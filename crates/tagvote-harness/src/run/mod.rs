//! `run` (being written).
