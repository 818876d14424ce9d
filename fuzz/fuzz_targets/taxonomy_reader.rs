//! Fuzzes the taxonomy reader: no panic; a loaded taxonomy is non-empty, every tag is found
//! again by name and by id, and its seed JSON loads back to the same hash.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tagvote_core::Taxonomy;

fuzz_target!(|data: &[u8]| {
    let taxonomy = match Taxonomy::from_json_bytes(data, Path::new("tags.json")) {
        Ok(t) => t,
        Err(e) => {
            assert!(e.to_string().contains("`tags.json`"), "{e}");
            return;
        }
    };
    assert!(!taxonomy.is_empty());
    for idx in taxonomy.indices() {
        let tag = taxonomy.tag(idx);
        assert_eq!(taxonomy.by_name(&tag.name), Some(idx), "name `{}`", tag.name);
        assert_eq!(taxonomy.by_id(tag.id), Some(idx), "id `{}`", tag.id);
    }
    let again = Taxonomy::from_json_bytes(taxonomy.to_seed_json().as_bytes(), Path::new("again.json"))
        .expect("a taxonomy's own seed JSON loads");
    assert_eq!(again.hash(), taxonomy.hash());
});
