//! A small dense linear solver shared by the fits (the embedding head's Newton steps, the
//! expected-F1 ridge regression): Gaussian elimination with partial pivoting.

/// Pivots smaller than this are treated as zero: their unknown is set to 0.
const TINY_PIVOT: f64 = 1e-12;

/// Solves `a · x = b` in place (`a` square, rows as `[f64; N]` or `Vec<f64>`) and returns `x`; an
/// unknown whose pivot vanishes is 0, so a singular system still gives a finite answer.
pub fn solve<R: AsRef<[f64]> + AsMut<[f64]>>(a: &mut [R], b: &mut [f64]) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i].as_ref()[col].abs().total_cmp(&a[j].as_ref()[col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        if a[col].as_ref()[col].abs() < TINY_PIVOT {
            continue;
        }
        let (above, below) = a.split_at_mut(col + 1);
        let pivot_row = above[col].as_ref();
        for (offset, row) in below.iter_mut().enumerate() {
            let row = row.as_mut();
            let f = row[col] / pivot_row[col];
            for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= f * p;
            }
            b[col + 1 + offset] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let row = a[i].as_ref();
        let s: f64 = (i + 1..n).map(|k| row[k] * x[k]).sum();
        x[i] = if row[i].abs() < TINY_PIVOT {
            0.0
        } else {
            (b[i] - s) / row[i]
        };
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_small_system_given_as_arrays_or_vectors() {
        let x = solve(&mut [[2.0, 1.0], [1.0, 3.0]], &mut [3.0, 5.0]);
        assert!((x[0] - 0.8).abs() < 1e-9 && (x[1] - 1.4).abs() < 1e-9, "{x:?}");
        let mut a = vec![vec![0.0, 2.0], vec![4.0, 1.0]];
        let x = solve(&mut a, &mut [2.0, 5.0]);
        assert!(
            (x[0] - 1.0).abs() < 1e-12 && (x[1] - 1.0).abs() < 1e-12,
            "pivots rows: {x:?}"
        );
    }

    #[test]
    fn a_vanishing_pivot_gives_zero_for_its_unknown() {
        let x = solve(&mut [[1.0, 0.0], [0.0, 0.0]], &mut [2.0, 7.0]);
        assert_eq!(x, [2.0, 0.0]);
    }
}
