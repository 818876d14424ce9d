//! `report` (being written).
