//! Label-shift correction of the stacking vote: each tag's bias moves from the tag frequencies the
//! stacker was fitted on (every vote origin, weighted) to those of the target documents' gold
//! (`--vote-target-origins`), shrunk towards the fitted frequencies where the target has few documents.

use super::fit::{tag_counts, OofDoc};

/// Per tag, the log-odds to add to the stacker's bias; `None` without target or weighted documents.
pub fn prior_shift(docs: &[OofDoc], n_tags: usize, strength: f64) -> Option<Vec<f32>> {
    let weighted = |w: fn(&OofDoc) -> f64| tag_counts(docs.iter().map(|d| (d.gold.as_slice(), w(d))), n_tags);
    let (fit_pos, fit_total) = weighted(|d| d.weight);
    let (target_pos, target_total) = weighted(|d| d.target as u8 as f64);
    if fit_total <= 0.0 || target_total <= 0.0 {
        return None;
    }
    let shift = (0..n_tags)
        .map(|t| {
            let fitted = fit_pos[t] / fit_total;
            let target = (target_pos[t] + strength * fitted) / (target_total + strength);
            (logit(target) - logit(fitted)) as f32
        })
        .collect();
    Some(shift)
}

fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-4, 1.0 - 1e-4);
    (p / (1.0 - p)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(gold: &[u16], weight: f64, target: bool) -> OofDoc {
        OofDoc {
            gold: gold.to_vec(),
            weight,
            target,
            results: Vec::new(),
        }
    }

    #[test]
    fn a_tag_rarer_in_the_target_is_pulled_down_and_a_commoner_one_up() {
        // Fitted on 10 documents: tag 0 on 8, tag 1 on 2. The target (3 of them): tag 0 on 1, tag 1 on 2.
        let mut docs: Vec<OofDoc> = (0..6).map(|_| doc(&[0], 1.0, false)).collect();
        docs.push(doc(&[0], 1.0, true));
        docs.push(doc(&[1], 1.0, true));
        docs.push(doc(&[1], 1.0, true));
        docs.push(doc(&[0], 1.0, false));
        let shift = prior_shift(&docs, 3, 0.0).unwrap();
        assert!(shift[0] < -1.0, "{shift:?}");
        assert!(shift[1] > 0.5, "{shift:?}");
        let strong = prior_shift(&docs, 3, 1e6).unwrap();
        assert!(
            strong.iter().all(|s| s.abs() < 1e-3),
            "a strong prior keeps the fitted rates: {strong:?}"
        );
    }

    #[test]
    fn no_target_means_no_shift() {
        let docs = vec![doc(&[0], 1.0, false), doc(&[1], 1.0, false)];
        assert!(prior_shift(&docs, 2, 10.0).is_none());
        assert!(prior_shift(&[], 2, 10.0).is_none());
    }
}
