//! `analysis` (being written).
