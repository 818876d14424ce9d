//! Fuzzes the LLM answer parser: no panic on any text; at most 3 known, distinct tags.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tagvote_core::{Taxonomy, MAX_TAGS};
use tagvote_llm::parse_answer;

fn taxonomy() -> &'static Taxonomy {
    static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
    TAXONOMY.get_or_init(|| {
        let json = br#"[{"id":61,"name":"compiler"},{"id":65,"name":"runtime"},{"id":33,"name":"lib"},{"id":4,"name":"cli"},{"id":81,"name":"game-engine "},{"id":77,"name":"3d"}]"#;
        Taxonomy::from_json_bytes(json, Path::new("tags.json")).expect("fixed taxonomy")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(answer) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_answer(answer, taxonomy());
    assert!(parsed.tags.len() <= MAX_TAGS);
    let mut seen = parsed.tags.clone();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), parsed.tags.len(), "duplicate tags {:?}", parsed.tags);
    assert!(parsed.tags.iter().all(|&t| (t as usize) < taxonomy().len()));
    if !parsed.is_ok() {
        assert!(parsed.tags.is_empty());
    }
});
