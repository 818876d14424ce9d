//! Starts the process again, once, with `OPENBLAS_CORETYPE` set when OpenBLAS fell back to its generic
//! kernels on a CPU that runs better ones (see `tagvote_embed::blas_core`): the embedding forward pass
//! is then about 4× faster on the AVX-512 machines this was measured on.

/// Replaces this process by itself with the better kernels chosen; returns when nothing is to be done
/// or the restart failed (the run then goes on with OpenBLAS's own choice).
#[cfg(feature = "embed")]
pub fn restart_with_suited_kernels() {
    use std::os::unix::process::CommandExt;
    use tagvote_embed::blas_core::{better_core, core_name, CORETYPE_VAR};

    let user_choice = std::env::var(CORETYPE_VAR).ok();
    let Some(core) = better_core(&core_name(), user_choice.as_deref()) else {
        return;
    };
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let mut command = std::process::Command::new(exe);
    if let Some(arg0) = args.next() {
        command.arg0(arg0);
    }
    // `exec` only returns on failure; the run then continues in this process.
    let _ = command.args(args).env(CORETYPE_VAR, core).exec();
}

/// Without the embedding scorer nothing runs OpenBLAS.
#[cfg(not(feature = "embed"))]
pub fn restart_with_suited_kernels() {}
