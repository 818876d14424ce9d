//! Which evaluation documents a model was fitted on (evaluating on them would leak).

use tagvote_core::{DocId, ModelBundle};

/// The ids (text form, sorted, unique) among `ids` that `bundle` was fitted on.
pub fn fitted_overlap(bundle: &ModelBundle, ids: &[DocId]) -> Vec<String> {
    let mut overlap: Vec<String> = ids.iter().map(DocId::key).filter(|k| bundle.was_fitted_on(k)).collect();
    overlap.sort();
    overlap.dedup();
    overlap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fitted_ids_whatever_their_json_type() {
        let bundle = ModelBundle::new("h", vec!["3930".into(), "a/b".into()]);
        let ids = vec![
            DocId::from(3930),
            DocId::from("c"),
            DocId::from("a/b"),
            DocId::from("a/b"),
        ];
        assert_eq!(
            fitted_overlap(&bundle, &ids),
            vec!["3930".to_string(), "a/b".to_string()]
        );
        assert!(fitted_overlap(&bundle, &[DocId::from("x")]).is_empty());
    }
}
