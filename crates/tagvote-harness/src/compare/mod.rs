//! `compare` (being written).
