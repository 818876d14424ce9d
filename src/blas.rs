//! Starts the process again, once, with `OPENBLAS_CORETYPE` set when OpenBLAS fell back to its generic
//! kernels on a CPU that runs better ones (see `tagvote_embed::blas_core`): the embedding forward pass
//! is then about 4× faster on the AVX-512 machines this was measured on.

/// Restarts with better OpenBLAS kernels when there are some; returns otherwise.
#[cfg(feature = "embed")]
pub fn restart_with_suited_kernels() {
    tagvote_embed::blas_core::restart_with_suited_kernels();
}

/// Without the embedding scorer nothing runs OpenBLAS.
#[cfg(not(feature = "embed"))]
pub fn restart_with_suited_kernels() {}
