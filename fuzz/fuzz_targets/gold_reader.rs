//! Fuzzes the gold reader with a fixed small taxonomy: no panic; a loaded gold file holds only
//! known tags, no duplicate ids; a rejected one names the file.
#![no_main]

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tagvote_core::{Gold, Taxonomy};

fn taxonomy() -> &'static Taxonomy {
    static TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
    TAXONOMY.get_or_init(|| {
        let json =
            br#"[{"id":61,"name":"compiler"},{"id":4,"name":"cli "},{"id":33,"name":"lib"},{"id":0,"name":"3d"}]"#;
        Taxonomy::from_json_bytes(json, Path::new("tags.json")).expect("fixed taxonomy")
    })
}

fuzz_target!(|data: &[u8]| {
    let taxonomy = taxonomy();
    match Gold::from_reader(data, Path::new("gold.jsonl"), taxonomy) {
        Ok(gold) => {
            let mut ids = HashSet::new();
            for (id, tags) in gold.rows() {
                assert!(ids.insert(id.key()), "duplicate id `{id}` accepted");
                assert!(tags.iter().all(|&t| (t as usize) < taxonomy.len()));
                assert_eq!(gold.get(id), Some(tags.as_slice()));
            }
        }
        Err(e) => assert!(e.to_string().contains("`gold.jsonl`"), "{e}"),
    }
});
