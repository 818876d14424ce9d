//! How much better than chance a ranking finds the vote's mistakes: the mean error of the first `n`
//! documents over the mean error of all of them.

/// `mean(errors[..n]) / mean(errors)`, with `errors` in ranking order; `None` when there is no error
/// at all or no document.
pub fn lift(errors: &[f64], n: usize) -> Option<f64> {
    let n = n.min(errors.len());
    let all = errors.iter().sum::<f64>() / errors.len().max(1) as f64;
    if n == 0 || all == 0.0 {
        return None;
    }
    Some(errors[..n].iter().sum::<f64>() / n as f64 / all)
}

/// The positions `0..len` ordered by `key` ascending (ties keep their order).
pub fn order_by(len: usize, key: impl Fn(usize) -> f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| key(a).total_cmp(&key(b)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lift_is_the_ratio_of_means() {
        let errors = [1.0, 0.5, 0.0, 0.0, 0.5, 0.0];
        // first 2: mean 0.75; all: mean 2/6.
        assert!((lift(&errors, 2).unwrap() - 2.25).abs() < 1e-12);
        assert!((lift(&errors, 99).unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(lift(&[0.0, 0.0], 1), None);
        assert_eq!(lift(&[], 1), None);
    }

    #[test]
    fn order_is_stable_on_ties() {
        let keys = [0.5, 0.1, 0.5, 0.0];
        assert_eq!(order_by(4, |i| keys[i]), [3, 1, 0, 2]);
    }
}
