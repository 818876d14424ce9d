//! The fixed tag list: loading the seed format, trimming names, lookup by name or id.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::hash::FieldHasher;

/// Index of a tag inside its `Taxonomy` (0-based, in file order).
pub type TagIdx = u16;

/// One tag: the id as given and the trimmed name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub id: i64,
    pub name: String,
}

#[derive(Deserialize)]
struct RawTag {
    id: serde_json::Value,
    name: serde_json::Value,
}

/// The fixed set of tags a document may receive.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    tags: Vec<Tag>,
    by_name: HashMap<String, TagIdx>,
    by_id: HashMap<i64, TagIdx>,
    hash: String,
    /// Names exactly as given (untrimmed), for prompts that must quote the seed verbatim.
    names_as_given: Vec<String>,
    /// The file it was loaded from (files that belong with it, like a prompt, are looked for next to it).
    source_path: Option<std::path::PathBuf>,
}

impl Taxonomy {
    /// Loads the seed format: a JSON array of `{"id": <int>, "name": <string>}`.
    pub fn load(path: &Path) -> Result<Self, CoreError> {
        let bytes = std::fs::read(path).map_err(|e| CoreError::io(path, e))?;
        let mut taxonomy = Self::from_json_bytes(&bytes, path)?;
        taxonomy.source_path = Some(path.to_path_buf());
        Ok(taxonomy)
    }

    /// The file `load` read, if it was loaded from one.
    pub fn source_path(&self) -> Option<&Path> {
        self.source_path.as_deref()
    }

    /// Parses the seed format; `path` only names the source in errors.
    pub fn from_json_bytes(bytes: &[u8], path: &Path) -> Result<Self, CoreError> {
        let bytes = crate::gold::strip_bom(bytes);
        let raw: Vec<RawTag> = serde_json::from_slice(bytes).map_err(|source| CoreError::Json {
            path: path.to_path_buf(),
            source,
        })?;
        let tags = raw
            .into_iter()
            .enumerate()
            .map(|(i, r)| convert_raw(i, r))
            .collect::<Result<Vec<_>, String>>()
            .map_err(|problems| CoreError::Taxonomy {
                path: path.to_path_buf(),
                problems,
            })?;
        Self::from_tags(tags).map_err(|problems| CoreError::Taxonomy {
            path: path.to_path_buf(),
            problems,
        })
    }

    /// Builds a taxonomy from tags; names are trimmed, duplicates are an error.
    pub fn from_tags(tags: Vec<Tag>) -> Result<Self, String> {
        if tags.is_empty() {
            return Err("The tag list is empty; give at least one `{\"id\", \"name\"}`".into());
        }
        if tags.len() > TagIdx::MAX as usize {
            return Err(format!(
                "`{}` tags is more than the supported `{}`",
                tags.len(),
                TagIdx::MAX
            ));
        }
        let mut by_name = HashMap::new();
        let mut by_id = HashMap::new();
        let mut problems = Vec::new();
        let mut clean = Vec::with_capacity(tags.len());
        let names_as_given = tags.iter().map(|t| t.name.clone()).collect();
        for (i, tag) in tags.into_iter().enumerate() {
            let name = tag.name.trim().to_string();
            if name.is_empty() {
                problems.push(format!("entry {} has an empty name", i + 1));
            }
            if by_name.insert(name.to_lowercase(), i as TagIdx).is_some() {
                problems.push(format!("duplicate name `{name}` (entry {})", i + 1));
            }
            if by_id.insert(tag.id, i as TagIdx).is_some() {
                problems.push(format!("duplicate id `{}` (entry {})", tag.id, i + 1));
            }
            clean.push(Tag { id: tag.id, name });
        }
        if !problems.is_empty() {
            return Err(format!(
                "{}; names are compared after trimming and ignoring case",
                problems.join("; ")
            ));
        }
        let hash = hash_tags(&clean);
        Ok(Taxonomy {
            tags: clean,
            by_name,
            by_id,
            hash,
            names_as_given,
            source_path: None,
        })
    }

    pub fn len(&self) -> usize {
        self.tags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }

    pub fn tag(&self, idx: TagIdx) -> &Tag {
        &self.tags[idx as usize]
    }

    pub fn name(&self, idx: TagIdx) -> &str {
        &self.tags[idx as usize].name
    }

    /// Finds a tag by name, ignoring surrounding whitespace and case.
    pub fn by_name(&self, name: &str) -> Option<TagIdx> {
        self.by_name.get(&name.trim().to_lowercase()).copied()
    }

    pub fn by_id(&self, id: i64) -> Option<TagIdx> {
        self.by_id.get(&id).copied()
    }

    /// Resolves a JSON tag reference: a name, an id (number or digit string), or `{id, name}`.
    pub fn resolve(&self, value: &serde_json::Value) -> Option<TagIdx> {
        match value {
            serde_json::Value::String(s) => self
                .by_name(s)
                .or_else(|| s.trim().parse().ok().and_then(|id| self.by_id(id))),
            serde_json::Value::Number(n) => n.as_i64().and_then(|id| self.by_id(id)),
            serde_json::Value::Object(map) => map
                .get("name")
                .and_then(|v| self.resolve(v))
                .or_else(|| map.get("id").and_then(|v| self.resolve(v))),
            _ => None,
        }
    }

    /// Stable content hash of the (id, trimmed name) list, in file order.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The seed's JSON form, names trimmed: `[{"id":77,"name":"3d"},…]`.
    pub fn to_seed_json(&self) -> String {
        serde_json::to_string(&self.tags).unwrap_or_default()
    }

    /// The seed's JSON form with names exactly as given (`"game-engine "` keeps its space).
    pub fn to_seed_json_as_given(&self) -> String {
        let tags: Vec<Tag> = (self.tags.iter().zip(&self.names_as_given))
            .map(|(t, name)| Tag {
                id: t.id,
                name: name.clone(),
            })
            .collect();
        serde_json::to_string(&tags).unwrap_or_default()
    }

    /// A tag's name exactly as given.
    pub fn name_as_given(&self, idx: TagIdx) -> &str {
        &self.names_as_given[idx as usize]
    }

    /// All indices in file order.
    pub fn indices(&self) -> impl Iterator<Item = TagIdx> {
        (0..self.tags.len()).map(|i| i as TagIdx)
    }
}

fn convert_raw(i: usize, raw: RawTag) -> Result<Tag, String> {
    let id = raw
        .id
        .as_i64()
        .ok_or_else(|| format!("entry {} has id `{}`, expected an integer", i + 1, raw.id))?;
    let name = raw
        .name
        .as_str()
        .ok_or_else(|| format!("entry {} has name `{}`, expected a string", i + 1, raw.name))?
        .to_string();
    Ok(Tag { id, name })
}

fn hash_tags(tags: &[Tag]) -> String {
    let mut h = FieldHasher::new();
    for t in tags {
        h.field(t.id.to_string().as_bytes()).field(t.name.as_bytes());
    }
    h.finish_hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Taxonomy, CoreError> {
        Taxonomy::from_json_bytes(json.as_bytes(), Path::new("tags.json"))
    }

    #[test]
    fn names_are_trimmed_and_ids_kept() {
        let t = parse(r#"[{"id":81,"name":"game-engine "},{"id":3,"name":"aws"}]"#).unwrap();
        assert_eq!(t.name(0), "game-engine");
        assert_eq!(t.tag(0).id, 81);
        assert_eq!(t.by_name("Game-Engine"), Some(0));
        assert_eq!(t.by_id(3), Some(1));
        assert_eq!(
            t.to_seed_json(),
            r#"[{"id":81,"name":"game-engine"},{"id":3,"name":"aws"}]"#
        );
        assert_eq!(
            t.to_seed_json_as_given(),
            r#"[{"id":81,"name":"game-engine "},{"id":3,"name":"aws"}]"#
        );
        assert_eq!(t.name_as_given(0), "game-engine ");
    }

    #[test]
    fn duplicate_names_after_trimming_are_an_error() {
        let err = parse(r#"[{"id":1,"name":"cli"},{"id":2,"name":"cli "}]"#).unwrap_err();
        assert!(err.to_string().contains("duplicate name `cli`"), "{err}");
    }

    #[test]
    fn a_byte_order_mark_at_the_start_is_ignored() {
        let t = parse("\u{feff}[{\"id\":1,\"name\":\"cli\"}]").unwrap();
        assert_eq!(t.by_name("cli"), Some(0));
    }

    #[test]
    fn duplicate_ids_are_an_error() {
        let err = parse(r#"[{"id":1,"name":"a"},{"id":1,"name":"b"}]"#).unwrap_err();
        assert!(err.to_string().contains("duplicate id `1`"), "{err}");
    }

    #[test]
    fn non_integer_id_is_an_error() {
        let err = parse(r#"[{"id":"x","name":"a"}]"#).unwrap_err();
        assert!(err.to_string().contains("expected an integer"), "{err}");
    }

    #[test]
    fn resolve_accepts_names_ids_and_objects() {
        let t = parse(r#"[{"id":77,"name":"3d"},{"id":89,"name":"agent"}]"#).unwrap();
        assert_eq!(t.resolve(&serde_json::json!("AGENT")), Some(1));
        assert_eq!(t.resolve(&serde_json::json!(77)), Some(0));
        assert_eq!(t.resolve(&serde_json::json!("89")), Some(1));
        assert_eq!(t.resolve(&serde_json::json!({"id": 89, "name": "agent"})), Some(1));
        assert_eq!(t.resolve(&serde_json::json!("nope")), None);
    }

    #[test]
    fn hash_depends_on_content() {
        let a = parse(r#"[{"id":1,"name":"a"}]"#).unwrap();
        let b = parse(r#"[{"id":1,"name":"a "}]"#).unwrap();
        let c = parse(r#"[{"id":2,"name":"a"}]"#).unwrap();
        assert_eq!(a.hash(), b.hash());
        assert_ne!(a.hash(), c.hash());
    }
}
