//! Which OpenBLAS kernels run: Debian's OpenBLAS 0.3.21 does not recognise some recent CPUs and falls back
//! to its generic `Prescott` kernels (4× slower here on an AVX-512 Xeon). It reads `OPENBLAS_CORETYPE`
//! once, when the library loads, so a program that wants better kernels sets it and starts again
//! (`restart_with_suited_kernels`, first thing in `main` of the binary, the benches and the examples).

use std::ffi::CStr;
use std::os::raw::c_char;

/// The variable OpenBLAS reads at load time to pick its kernels.
pub const CORETYPE_VAR: &str = "OPENBLAS_CORETYPE";

extern "C" {
    fn openblas_get_corename() -> *const c_char;
}

/// The kernels OpenBLAS runs in this process (`Prescott`, `Haswell`, `SkylakeX`, …).
pub fn core_name() -> String {
    // SAFETY: OpenBLAS returns a pointer to a static, NUL-terminated name (never null).
    let name = unsafe { openblas_get_corename() };
    if name.is_null() {
        return "unknown".into();
    }
    unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned()
}

/// The best kernels this CPU can run, by its instruction sets: `SkylakeX` with AVX-512, `Haswell`
/// with AVX2 and FMA, none otherwise (OpenBLAS's own choice stands).
pub fn suited_core() -> Option<&'static str> {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512bw")
            && std::is_x86_feature_detected!("avx512dq")
            && std::is_x86_feature_detected!("avx512vl")
            && std::is_x86_feature_detected!("avx512cd")
        {
            return Some("SkylakeX");
        }
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            return Some("Haswell");
        }
    }
    None
}

/// Kernels OpenBLAS falls back to when it does not know the CPU, slower than `suited_core` where that is set.
const FALLBACKS: [&str; 6] = ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom"];

/// The core type to restart with: set when OpenBLAS fell back to a generic kernel, the CPU can run a
/// better one and the user has not chosen one with `OPENBLAS_CORETYPE`.
pub fn better_core(current: &str, user_choice: Option<&str>) -> Option<&'static str> {
    if user_choice.is_some() {
        return None;
    }
    let fell_back = FALLBACKS.iter().any(|f| f.eq_ignore_ascii_case(current.trim()));
    suited_core().filter(|_| fell_back)
}

/// Replaces this process by itself with `OPENBLAS_CORETYPE` set when `better_core` says so; returns
/// when nothing is to be done or the restart failed (the program then goes on with OpenBLAS's choice).
/// Call it first thing in `main`, before any thread starts.
pub fn restart_with_suited_kernels() {
    use std::os::unix::process::CommandExt;

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
    // `exec` only returns on failure.
    let _ = command.args(args).env(CORETYPE_VAR, core).exec();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restarts_only_from_a_fallback_and_never_over_the_user() {
        assert_eq!(better_core("Prescott", Some("Haswell")), None);
        assert_eq!(better_core("SkylakeX", None), None);
        assert_eq!(better_core("Haswell", None), None);
        assert_eq!(better_core("Prescott", None), suited_core());
        assert!(!core_name().is_empty());
    }
}
