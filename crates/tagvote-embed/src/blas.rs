//! The one GEMM the forward pass needs, over the system OpenBLAS (`cblas_sgemm`), with bounds checked.

use std::sync::Once;

const ROW_MAJOR: i32 = 101;
const NO_TRANS: i32 = 111;
const TRANS: i32 = 112;

extern "C" {
    fn cblas_sgemm(
        order: i32,
        trans_a: i32,
        trans_b: i32,
        m: i32,
        n: i32,
        k: i32,
        alpha: f32,
        a: *const f32,
        lda: i32,
        b: *const f32,
        ldb: i32,
        beta: f32,
        c: *mut f32,
        ldc: i32,
    );
    fn openblas_set_num_threads(n: i32);
}

/// Makes OpenBLAS run every call on the calling thread: the encoder splits work across its own threads.
pub fn use_caller_thread_only() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| unsafe { openblas_set_num_threads(1) });
}

/// A row-major matrix view: `rows × cols` with row stride `ld` (in elements), starting at `data[0]`.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub data: &'a [f32],
    pub rows: usize,
    pub cols: usize,
    pub ld: usize,
}

impl<'a> View<'a> {
    pub fn new(data: &'a [f32], rows: usize, cols: usize, ld: usize) -> Self {
        assert!(
            cols <= ld && (rows == 0 || (rows - 1) * ld + cols <= data.len()),
            "matrix view out of bounds"
        );
        View { data, rows, cols, ld }
    }
}

/// `C = alpha · A · op(B) + beta · C`, where `op(B)` is `Bᵀ` when `b_transposed` (B stored as `n × k`,
/// the layout of a PyTorch `Linear` weight) or `B` (stored `k × n`). `C` is `a.rows × n` with row stride `ldc`.
pub fn gemm(alpha: f32, a: View, b: View, b_transposed: bool, beta: f32, c: &mut [f32], ldc: usize) {
    let (m, k) = (a.rows, a.cols);
    let n = if b_transposed { b.rows } else { b.cols };
    let b_inner = if b_transposed { b.cols } else { b.rows };
    assert_eq!(k, b_inner, "gemm inner dimensions differ");
    assert!(
        n <= ldc && (m == 0 || (m - 1) * ldc + n <= c.len()),
        "gemm output out of bounds"
    );
    if m == 0 || n == 0 {
        return;
    }
    let trans_b = if b_transposed { TRANS } else { NO_TRANS };
    // SAFETY: every extent was checked against the slices above; OpenBLAS reads A and B and writes C only.
    unsafe {
        cblas_sgemm(
            ROW_MAJOR,
            NO_TRANS,
            trans_b,
            m as i32,
            n as i32,
            k as i32,
            alpha,
            a.data.as_ptr(),
            a.ld as i32,
            b.data.as_ptr(),
            b.ld as i32,
            beta,
            c.as_mut_ptr(),
            ldc as i32,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gemm_matches_naive_product_with_transposed_weights() {
        let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]; // 2×3
        let w = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0]; // 2×3, used transposed
        let mut c = [10.0; 4];
        gemm(
            1.0,
            View::new(&a, 2, 3, 3),
            View::new(&w, 2, 3, 3),
            true,
            1.0,
            &mut c,
            2,
        );
        assert_eq!(c, [14.0, 12.0, 20.0, 15.0]);
        let b = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]; // 3×2
        gemm(
            2.0,
            View::new(&a, 2, 3, 3),
            View::new(&b, 3, 2, 2),
            false,
            0.0,
            &mut c,
            2,
        );
        assert_eq!(c, [44.0, 56.0, 98.0, 128.0]);
    }
}
