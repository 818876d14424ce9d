//! A document to tag: its id exactly as given (string or number) and its text.

use std::fmt;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A document id, kept as given: a JSON string, or a JSON number as its exact text (so
/// `18446744073709551616` and `1.50` come back as written, not as a rounded float).
///
/// Two ids are the same document when their text forms match, so gold files may
/// write `3930` where the corpus wrote `"3930"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DocId {
    Str(String),
    /// The number's JSON text, exactly as it was written.
    Num(String),
}

impl DocId {
    /// Reads an id from its raw JSON text: a non-empty string or a number, kept exactly.
    pub fn from_raw(raw: &RawValue) -> Option<DocId> {
        let text = raw.get().trim();
        if text.starts_with('"') {
            let s: String = serde_json::from_str(text).ok()?;
            return (!s.is_empty()).then_some(DocId::Str(s));
        }
        let is_number = text.starts_with(|c: char| c == '-' || c.is_ascii_digit())
            && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
        is_number.then(|| DocId::Num(text.to_string()))
    }

    /// The key used to match documents across files (text form).
    pub fn key(&self) -> String {
        self.to_string()
    }

    /// The id as a JSON value (a number too large for `serde_json` becomes its nearest float).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            DocId::Str(s) => serde_json::Value::String(s.clone()),
            DocId::Num(n) => serde_json::from_str(n).unwrap_or_else(|_| serde_json::Value::String(n.clone())),
        }
    }
}

/// A raw field that is present, even when it is `null` (which a plain `Option` would hide).
pub(crate) fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'de RawValue>, D::Error> {
    <&RawValue>::deserialize(d).map(Some)
}

impl Serialize for DocId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            DocId::Str(s) => serializer.serialize_str(s),
            DocId::Num(n) => RawValue::from_string(n.clone())
                .map_err(serde::ser::Error::custom)?
                .serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for DocId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        DocId::from_raw(&raw).ok_or_else(|| D::Error::custom("an id is a non-empty string or a number"))
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

impl From<u64> for DocId {
    fn from(n: u64) -> Self {
        DocId::Num(n.to_string())
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
        let id = |json: &str| DocId::from_raw(&RawValue::from_string(json.into()).unwrap());
        assert!(id("null").is_none());
        assert!(id("[1]").is_none());
        assert!(id("\"\"").is_none());
        assert_eq!(id("1.5").unwrap().key(), "1.5");
    }

    #[test]
    fn numbers_keep_their_text_through_a_round_trip() {
        for text in ["18446744073709551616", "1.50", "-0", "1e400"] {
            let id: DocId = serde_json::from_str(text).unwrap();
            assert_eq!(id, DocId::Num(text.into()));
            assert_eq!(serde_json::to_string(&id).unwrap(), text);
        }
        assert!(serde_json::from_str::<DocId>("true").is_err());
        assert!(serde_json::from_str::<DocId>("\"\"").is_err());
    }
}
