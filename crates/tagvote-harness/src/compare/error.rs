//! Why two reports cannot be compared (exit code 2).

use crate::report::ReportFile;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompareError {
    #[error("The runs have different {what} hashes (`{base}` and `{new}`), so their numbers are not comparable; compare runs of the same {what}, or pass `--force`")]
    HashMismatch {
        what: &'static str,
        base: String,
        new: String,
    },
    #[error("System `{name}` is not in both runs; systems in both: {available}")]
    UnknownSystem { name: String, available: String },
    #[error("The runs have no system in common; compare runs of the same scorers")]
    NoCommonSystems,
    #[error("System `{system}` has no document with gold labels in both runs; compare runs over the same labelled documents")]
    NoCommonDocuments { system: String },
}

/// The hash differences between the runs: an error unless `force`, else a list of notes.
pub(super) fn check_hashes(base: &ReportFile, new: &ReportFile, force: bool) -> Result<Vec<String>, CompareError> {
    let (b, n) = (&base.run, &new.run);
    let pairs = [
        ("taxonomy", Some(&b.taxonomy_hash), Some(&n.taxonomy_hash)),
        ("dataset", Some(&b.dataset_hash), Some(&n.dataset_hash)),
        ("gold", b.gold_hash.as_ref(), n.gold_hash.as_ref()),
    ];
    let mut forced = Vec::new();
    for (what, base_hash, new_hash) in pairs {
        let (Some(bh), Some(nh)) = (base_hash, new_hash) else {
            continue;
        };
        if bh == nh {
            continue;
        }
        let err = CompareError::HashMismatch {
            what,
            base: short(bh),
            new: short(nh),
        };
        if !force {
            return Err(err);
        }
        forced.push(format!("Different {what} hashes, compared anyway (`--force`)"));
    }
    Ok(forced)
}

fn short(h: &str) -> String {
    h.chars().take(12).collect()
}
