//! Merging shard run records: checks they are shards of one run, then joins their documents.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::error::MergeError;
use super::order::CorpusOrder;
use crate::record::{DocRecord, RunRecord};
use crate::run::Shard;

/// One shard's record and the file it came from (named in messages).
#[derive(Debug, Clone)]
pub struct ShardedRun {
    pub path: PathBuf,
    pub record: RunRecord,
}

/// Joins the records of every shard of one run into the record one machine would have made:
/// documents in corpus order (with `order`; else shard after shard), the shard flag cleared,
/// wall-clock seconds the longest shard's (shards run at the same time).
pub fn merge_runs(mut shards: Vec<ShardedRun>, order: Option<&CorpusOrder>) -> Result<RunRecord, MergeError> {
    if shards.is_empty() {
        return Err(MergeError::Empty);
    }
    let ids = check_shard_set(&mut shards)?;
    for other in &shards[1..] {
        check_same_run(&shards[0], other)?;
    }
    if let Some(order) = order {
        check_dataset(&shards[0], order)?;
    }
    let docs = match order {
        Some(order) => docs_in_corpus_order(&shards, &ids, order)?,
        None => docs_by_shard(&shards, &ids)?,
    };
    let wall_seconds = longest_wall(&shards);
    let mut merged = shards.swap_remove(0).record;
    merged.docs = docs;
    merged.wall_seconds = wall_seconds;
    merged.shard = None;
    Ok(merged)
}

/// Sorts shards by index and checks they are `0/N … N-1/N`, each once; returns their shards.
fn check_shard_set(shards: &mut [ShardedRun]) -> Result<Vec<Option<Shard>>, MergeError> {
    let unsharded = shards.iter().find(|s| s.record.shard.is_none());
    match unsharded {
        Some(s) if shards.len() > 1 => {
            return Err(MergeError::Shards(format!(
                "`{}` was not run with `--shard I/N`; merge the outputs of the `--shard` runs of one corpus",
                s.path.display()
            )))
        }
        Some(_) => return Ok(vec![None]),
        None => {}
    }
    shards.sort_by_key(|s| s.record.shard.map(|sh| sh.index));
    let found: Vec<Shard> = shards.iter().filter_map(|s| s.record.shard).collect();
    let count = found[0].count;
    if let Some((s, sh)) = shards.iter().zip(&found).find(|(_, sh)| sh.count != count) {
        return Err(MergeError::Shards(format!(
            "`{}` is shard `{sh}` but `{}` is one of `{count}`; merge the shards of one run",
            s.path.display(),
            shards[0].path.display()
        )));
    }
    for pair in shards.windows(2).zip(found.windows(2)) {
        if pair.1[0].index == pair.1[1].index {
            return Err(MergeError::Shards(format!(
                "Shard `{}` is given twice (`{}` and `{}`); give each shard once",
                pair.1[0],
                pair.0[0].path.display(),
                pair.0[1].path.display()
            )));
        }
    }
    check_none_missing(&found, count)?;
    Ok(found.into_iter().map(Some).collect())
}

fn check_none_missing(found: &[Shard], count: u32) -> Result<(), MergeError> {
    let missing: Vec<String> = (0..count)
        .filter(|i| !found.iter().any(|s| s.index == *i))
        .map(|i| format!("`{i}/{count}`"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(MergeError::Shards(format!(
        "Shard {} missing; give the output of every one of the `{count}` shards",
        missing.join(", ")
    )))
}

/// Everything but the documents, the shard flag and timing must be the same in every shard.
fn check_same_run(first: &ShardedRun, other: &ShardedRun) -> Result<(), MergeError> {
    let (a, b) = (&first.record, &other.record);
    let differences = [
        ("schema version", a.schema_version != b.schema_version),
        (
            "taxonomy",
            a.taxonomy != b.taxonomy || a.taxonomy_hash != b.taxonomy_hash,
        ),
        ("dataset hash (corpus)", a.dataset_hash != b.dataset_hash),
        ("gold hash", a.gold_hash != b.gold_hash),
        ("systems", a.systems != b.systems),
        ("config (scorers, vote, seed, flags)", a.config != b.config),
        ("git commit", a.git_commit != b.git_commit),
        ("skipped systems", a.skipped_systems != b.skipped_systems),
        ("input failures", a.input_failures != b.input_failures),
    ];
    match differences.iter().find(|(_, differs)| *differs) {
        None => Ok(()),
        Some((what, _)) => Err(MergeError::Mismatch {
            path: other.path.clone(),
            first: first.path.clone(),
            what: format!("different {what}"),
        }),
    }
}

fn check_dataset(first: &ShardedRun, order: &CorpusOrder) -> Result<(), MergeError> {
    if first.record.dataset_hash == order.dataset_hash() {
        return Ok(());
    }
    Err(MergeError::Report {
        path: first.path.clone(),
        what: format!(
            "it was run on another corpus than `--input` (dataset hash `{}`, the corpus has `{}`); give the corpus the shards read",
            short(&first.record.dataset_hash),
            short(order.dataset_hash())
        ),
    })
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// Every document of every shard, once, at its corpus position; the corpus must be covered.
fn docs_in_corpus_order(
    shards: &[ShardedRun],
    ids: &[Option<Shard>],
    order: &CorpusOrder,
) -> Result<Vec<DocRecord>, MergeError> {
    let mut placed: Vec<(u64, usize, &DocRecord)> = Vec::new();
    for (i, (shard, expected)) in shards.iter().zip(ids).enumerate() {
        for doc in &shard.record.docs {
            check_membership(&shard.path, doc, *expected)?;
            let key = doc.id.key();
            let position = order.position(&key).ok_or_else(|| MergeError::Report {
                path: shard.path.clone(),
                what: format!(
                    "document `{key}` is not in the corpus given with `--input`; give the corpus the shards read"
                ),
            })?;
            placed.push((position, i, doc));
        }
    }
    placed.sort_by_key(|(position, _, _)| *position);
    for pair in placed.windows(2) {
        if pair[0].0 == pair[1].0 {
            return Err(twice(
                &pair[1].2.id.key(),
                &shards[pair[0].1].path,
                &shards[pair[1].1].path,
            ));
        }
    }
    if placed.len() != order.len() {
        return Err(MergeError::Shards(format!(
            "The shards hold `{}` of the corpus's `{}` documents; run every shard to the end (`--resume` continues one) and merge them all",
            placed.len(),
            order.len()
        )));
    }
    Ok(placed.into_iter().map(|(_, _, doc)| doc.clone()).collect())
}

/// Documents shard after shard (no corpus to order them by); ids must not repeat.
fn docs_by_shard(shards: &[ShardedRun], ids: &[Option<Shard>]) -> Result<Vec<DocRecord>, MergeError> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut docs = Vec::new();
    for (i, (shard, expected)) in shards.iter().zip(ids).enumerate() {
        for doc in &shard.record.docs {
            check_membership(&shard.path, doc, *expected)?;
            if let Some(&j) = seen.get(&doc.id.key()) {
                return Err(twice(&doc.id.key(), &shards[j].path, &shard.path));
            }
            seen.insert(doc.id.key(), i);
            docs.push(doc.clone());
        }
    }
    Ok(docs)
}

fn check_membership(path: &Path, doc: &DocRecord, shard: Option<Shard>) -> Result<(), MergeError> {
    match shard {
        Some(s) if !s.contains(&doc.id) => Err(MergeError::Report {
            path: path.to_path_buf(),
            what: format!(
                "document `{}` does not belong to shard `{s}` it claims to be; regenerate this shard",
                doc.id
            ),
        }),
        _ => Ok(()),
    }
}

fn twice(key: &str, a: &Path, b: &Path) -> MergeError {
    MergeError::Shards(format!(
        "Document `{key}` is in both `{}` and `{}`; give each shard once",
        a.display(),
        b.display()
    ))
}

/// The longest wall-clock time per system over the shards.
fn longest_wall(shards: &[ShardedRun]) -> BTreeMap<String, f64> {
    let mut wall: BTreeMap<String, f64> = BTreeMap::new();
    for shard in shards {
        for (name, seconds) in &shard.record.wall_seconds {
            let entry = wall.entry(name.clone()).or_insert(0.0);
            *entry = entry.max(*seconds);
        }
    }
    wall
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::DocResult;
    use crate::run::shard_of;
    use tagvote_core::{DocId, ScoredDoc};

    const IDS: [&str; 12] = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"];

    fn record(shard: Option<Shard>, ids: &[&str]) -> RunRecord {
        let docs = ids
            .iter()
            .map(|id| DocRecord {
                id: DocId::from(*id),
                gold: Some(vec![1]),
                results: BTreeMap::from([(
                    "vote".to_string(),
                    DocResult::Ok {
                        scored: ScoredDoc::default(),
                        latency_ms: 1.0,
                    },
                )]),
            })
            .collect();
        RunRecord {
            schema_version: 1,
            taxonomy: Vec::new(),
            taxonomy_hash: "t".into(),
            dataset_hash: "d".into(),
            gold_hash: None,
            systems: vec!["vote".into()],
            config: serde_json::json!({"run": {"max_doc_bytes": 10}}),
            shard,
            git_commit: None,
            docs,
            input_failures: Vec::new(),
            skipped_systems: BTreeMap::new(),
            wall_seconds: BTreeMap::from([("total".to_string(), f64::from(shard.map_or(9, |s| s.index)))]),
        }
    }

    fn shards(count: u32) -> Vec<ShardedRun> {
        (0..count)
            .map(|index| {
                let shard = Shard { index, count };
                let ids: Vec<&str> = IDS.iter().copied().filter(|id| shard_of(id, count) == index).collect();
                ShardedRun {
                    path: PathBuf::from(format!("shard-{index}.json")),
                    record: record(Some(shard), &ids),
                }
            })
            .collect()
    }

    fn order() -> CorpusOrder {
        let ids: Vec<DocId> = IDS.iter().map(|id| DocId::from(*id)).collect();
        CorpusOrder::from_ids(&ids, "d")
    }

    fn message(shards: Vec<ShardedRun>) -> String {
        merge_runs(shards, Some(&order())).unwrap_err().to_string()
    }

    #[test]
    fn shards_merge_into_the_single_run_in_corpus_order() {
        let mut given = shards(3);
        given.reverse();
        let merged = merge_runs(given, Some(&order())).unwrap();
        let mut single = record(None, &IDS);
        single.wall_seconds = BTreeMap::from([("total".to_string(), 2.0)]);
        assert_eq!(merged, single);
    }

    #[test]
    fn without_the_corpus_shards_follow_each_other() {
        let merged = merge_runs(shards(3), None).unwrap();
        let first: Vec<String> = shards(3)[0].record.docs.iter().map(|d| d.id.key()).collect();
        let got: Vec<String> = merged.docs.iter().map(|d| d.id.key()).collect();
        assert_eq!(got.len(), IDS.len());
        assert_eq!(got[..first.len()], first[..]);
    }

    #[test]
    fn a_missing_or_repeated_shard_is_named() {
        let mut two = shards(3);
        two.pop();
        assert!(message(two).contains("Shard `2/3` missing"));
        let mut repeated = shards(3);
        repeated[2] = repeated[1].clone();
        assert!(message(repeated).contains("Shard `1/3` is given twice"));
    }

    #[test]
    fn shards_of_different_runs_are_refused() {
        let mut given = shards(3);
        given[1].record.config["seed"] = 7.into();
        let msg = message(given);
        assert!(
            msg.contains("`shard-1.json` does not match `shard-0.json`: different config"),
            "{msg}"
        );
        let mut other_corpus = shards(3);
        for s in &mut other_corpus {
            s.record.dataset_hash = "other".into();
        }
        assert!(message(other_corpus).contains("another corpus than `--input`"));
    }

    #[test]
    fn documents_outside_the_corpus_or_the_shard_are_refused() {
        let mut given = shards(3);
        given[0].record.docs[0].id = DocId::from("zzz-not-in-corpus");
        let msg = message(given);
        assert!(msg.contains("zzz-not-in-corpus"), "{msg}");
        let mut incomplete = shards(3);
        incomplete[0].record.docs.pop();
        assert!(message(incomplete).contains("of the corpus's `12` documents"));
    }
}
