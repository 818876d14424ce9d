//! The pairwise agreement matrix between scorers (mean Jaccard of their tag sets).

use tagvote_core::TagIdx;

use super::coverage::answer;
use super::AgreementMatrix;
use crate::record::RunRecord;

/// Jaccard similarity of two tag sets; two empty sets agree fully.
pub(crate) fn jaccard(a: &[TagIdx], b: &[TagIdx]) -> f64 {
    let inter = a.iter().filter(|t| b.contains(t)).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

/// Mean Jaccard per scorer pair over the documents both answered.
pub(super) fn matrix(record: &RunRecord, scorers: &[String]) -> AgreementMatrix {
    let n = scorers.len();
    let mut sums = vec![vec![0.0f64; n]; n];
    let mut docs = vec![vec![0usize; n]; n];
    for doc in &record.docs {
        let tags: Vec<Option<Vec<TagIdx>>> = scorers
            .iter()
            .map(|s| answer(doc, s).map(|a| a.tag_indices()))
            .collect();
        for i in 0..n {
            for j in 0..n {
                if let (Some(a), Some(b)) = (&tags[i], &tags[j]) {
                    sums[i][j] += jaccard(a, b);
                    docs[i][j] += 1;
                }
            }
        }
    }
    let jaccard = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| (docs[i][j] > 0).then(|| sums[i][j] / docs[i][j] as f64))
                .collect()
        })
        .collect();
    AgreementMatrix {
        scorers: scorers.to_vec(),
        jaccard,
        docs,
    }
}
