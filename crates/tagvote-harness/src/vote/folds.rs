//! Deterministic K-fold splits by id hash, for fitting the vote out of fold and cross-validated eval.

use tagvote_core::hash::FieldHasher;

/// The fold (0..k) of each id: ids are ordered by a seeded hash of their text and dealt round-robin,
/// so folds differ in size by at most one and do not depend on the input order.
/// `k` is clamped to `1..=ids.len()`.
pub fn split(ids: &[String], k: usize, seed: u64) -> Vec<usize> {
    let k = k.clamp(1, ids.len().max(1));
    let mut order: Vec<(String, usize)> = ids.iter().enumerate().map(|(i, id)| (hash(id, seed), i)).collect();
    order.sort();
    let mut folds = vec![0; ids.len()];
    for (rank, (_, i)) in order.into_iter().enumerate() {
        folds[i] = rank % k;
    }
    folds
}

/// Positions of `fold`'s members and of the rest, in input order.
pub fn partition(folds: &[usize], fold: usize) -> (Vec<usize>, Vec<usize>) {
    (0..folds.len()).partition(|&i| folds[i] == fold)
}

fn hash(id: &str, seed: u64) -> String {
    let mut h = FieldHasher::new();
    h.field(&seed.to_le_bytes()).field(id.as_bytes());
    h.finish_hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("doc-{i}")).collect()
    }

    #[test]
    fn folds_are_balanced_and_cover_every_id() {
        let folds = split(&ids(23), 5, 7);
        let sizes: Vec<usize> = (0..5).map(|f| folds.iter().filter(|&&x| x == f).count()).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 23);
        assert!(sizes.iter().all(|&s| s == 4 || s == 5), "{sizes:?}");
        let (held, rest) = partition(&folds, 2);
        assert_eq!(held.len() + rest.len(), 23);
        assert!(held.iter().all(|&i| folds[i] == 2));
    }

    #[test]
    fn split_is_deterministic_and_independent_of_input_order() {
        let a = ids(30);
        let mut b = a.clone();
        b.reverse();
        let fa = split(&a, 4, 1);
        let fb = split(&b, 4, 1);
        for (i, id) in a.iter().enumerate() {
            let j = b.iter().position(|x| x == id).unwrap();
            assert_eq!(fa[i], fb[j]);
        }
        assert_eq!(fa, split(&a, 4, 1));
        assert_ne!(fa, split(&a, 4, 2), "another seed gives another split");
    }

    #[test]
    fn k_is_clamped() {
        assert_eq!(split(&ids(3), 10, 0).iter().max(), Some(&2));
        assert_eq!(split(&ids(3), 0, 0), vec![0, 0, 0]);
        assert!(split(&[], 5, 0).is_empty());
    }
}
