//! `evaluation` (being written).
