//! `stats` (being written).
