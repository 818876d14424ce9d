//! Compact string encodings for the big arrays of the model part, so it stays small even
//! when the model file is pretty-printed: `a,b,c` terms, `1.5 2` numbers, `3:0.25 9:-1` pairs.
//! `f32` values are written in their shortest exact form, so a round trip is lossless.

use serde::{Deserialize, Deserializer, Serializer};

/// `Vec<String>` as one comma-separated string (terms never contain commas).
pub mod terms {
    use super::*;

    pub fn serialize<S: Serializer>(v: &[String], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.join(","))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        let text = String::deserialize(d)?;
        Ok(if text.is_empty() {
            Vec::new()
        } else {
            text.split(',').map(str::to_string).collect()
        })
    }
}

/// `Vec<f32>` as one space-separated string.
pub mod numbers {
    use super::*;

    pub fn serialize<S: Serializer>(v: &[f32], s: S) -> Result<S::Ok, S::Error> {
        let parts: Vec<String> = v.iter().map(f32::to_string).collect();
        s.serialize_str(&parts.join(" "))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f32>, D::Error> {
        let text = String::deserialize(d)?;
        text.split_whitespace()
            .map(|p| {
                p.parse()
                    .map_err(|_| serde::de::Error::custom(format!("`{p}` is not a number")))
            })
            .collect()
    }
}

/// `Vec<(u32, f32)>` as `index:value` pairs separated by spaces.
pub mod pairs {
    use super::*;

    pub fn serialize<S: Serializer>(v: &[(u32, f32)], s: S) -> Result<S::Ok, S::Error> {
        let parts: Vec<String> = v.iter().map(|(i, w)| format!("{i}:{w}")).collect();
        s.serialize_str(&parts.join(" "))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(u32, f32)>, D::Error> {
        let text = String::deserialize(d)?;
        text.split_whitespace()
            .map(parse_pair)
            .collect::<Result<_, _>>()
            .map_err(serde::de::Error::custom)
    }

    fn parse_pair(p: &str) -> Result<(u32, f32), String> {
        let bad = || format!("`{p}` is not an `index:weight` pair");
        let (i, w) = p.split_once(':').ok_or_else(bad)?;
        Ok((i.parse().map_err(|_| bad())?, w.parse().map_err(|_| bad())?))
    }
}
