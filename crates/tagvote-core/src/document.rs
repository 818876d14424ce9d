//! A document to tag: its id exactly as given (string or number) and its text.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A document id, kept as given: JSON string or JSON number.
///
/// Two ids are the same document when their text forms match, so gold files may
/// write `3930` where the corpus wrote `"3930"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DocId {
    Str(String),
    Num(serde_json::Number),
}

impl DocId {
    /// Reads an id from a JSON value; only strings and numbers are ids.
    pub fn from_json(value: &serde_json::Value) -> Option<DocId> {
        match value {
            serde_json::Value::String(s) if !s.is_empty() => Some(DocId::Str(s.clone())),
            serde_json::Value::Number(n) => Some(DocId::Num(n.clone())),
            _ => None,
        }
    }

    /// The key used to match documents across files (text form).
    pub fn key(&self) -> String {
        self.to_string()
    }

    /// The id as the JSON value it was given as.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            DocId::Str(s) => serde_json::Value::String(s.clone()),
            DocId::Num(n) => serde_json::Value::Number(n.clone()),
        }
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocId::Str(s) => f.write_str(s),
            DocId::Num(n) => write!(f, "{n}"),
        }
    }
}

impl From<&str> for DocId {
    fn from(s: &str) -> Self {
        DocId::Str(s.to_string())
    }
}

/// One project to tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    pub text: String,
}

impl Document {
    pub fn new(id: impl Into<DocId>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_as_given() {
        let s: DocId = serde_json::from_str(r#""3930""#).unwrap();
        let n: DocId = serde_json::from_str("3930").unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), r#""3930""#);
        assert_eq!(serde_json::to_string(&n).unwrap(), "3930");
        assert_eq!(s.key(), n.key());
    }

    #[test]
    fn only_strings_and_numbers_are_ids() {
        assert!(DocId::from_json(&serde_json::json!(null)).is_none());
        assert!(DocId::from_json(&serde_json::json!([1])).is_none());
        assert!(DocId::from_json(&serde_json::json!("")).is_none());
        assert_eq!(DocId::from_json(&serde_json::json!(1.5)).unwrap().key(), "1.5");
    }
}
