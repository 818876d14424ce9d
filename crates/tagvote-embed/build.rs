//! Links the system OpenBLAS (`libopenblas-dev`) and says how to install it when it is missing.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=TAGVOTE_OPENBLAS_DIR");
    if let Ok(dir) = std::env::var("TAGVOTE_OPENBLAS_DIR") {
        println!("cargo:rustc-link-search=native={dir}");
    } else if !system_openblas_present() {
        println!(
            "cargo:warning=OpenBLAS not found; install `libopenblas-dev` (listed in `scripts/system-packages.txt`) \
             or set `TAGVOTE_OPENBLAS_DIR`"
        );
    }
    println!("cargo:rustc-link-lib=dylib=openblas");
}

fn system_openblas_present() -> bool {
    [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64",
        "/usr/lib",
        "/usr/local/lib",
    ]
    .iter()
    .any(|dir| std::path::Path::new(dir).join("libopenblas.so").exists())
}
