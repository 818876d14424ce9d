//! Zero-shot tag prototypes: each tag's name and a description in our own words
//! (`data/tag-descriptions.json`), embedded once per model.

use std::collections::HashMap;

use tagvote_core::Taxonomy;

/// The descriptions shipped with the crate, by tag name.
pub const DESCRIPTIONS_JSON: &str = include_str!("../data/tag-descriptions.json");

/// The prototype text of each tag of `taxonomy`, in taxonomy order: `name: description`, or the name
/// alone (hyphens as spaces) for a tag without a description.
pub fn prototype_texts(taxonomy: &Taxonomy) -> Vec<String> {
    let descriptions: HashMap<String, String> = serde_json::from_str(DESCRIPTIONS_JSON).unwrap_or_default();
    taxonomy
        .tags()
        .iter()
        .map(|tag| {
            let spoken = tag.name.replace('-', " ");
            match descriptions.get(&tag.name.to_lowercase()) {
                Some(d) => format!("{spoken}: {d}"),
                None => format!("A {spoken} project."),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_tag_has_a_description() {
        let descriptions: HashMap<String, String> = serde_json::from_str(DESCRIPTIONS_JSON).unwrap();
        assert_eq!(descriptions.len(), 90);
        let t = Taxonomy::from_tags(vec![
            tagvote_core::Tag {
                id: 81,
                name: "game-engine ".into(),
            },
            tagvote_core::Tag {
                id: 1,
                name: "unknown-tag".into(),
            },
        ])
        .unwrap();
        let texts = prototype_texts(&t);
        assert!(texts[0].starts_with("game engine: A game engine"), "{}", texts[0]);
        assert_eq!(texts[1], "A unknown tag project.");
    }
}
