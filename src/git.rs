//! The commit the binary runs from, for reports (best effort: `None` outside a git checkout).

use std::process::Command;

/// `git rev-parse HEAD` in the current directory, else in the repository the binary was built from.
pub fn current_commit() -> Option<String> {
    let here = std::env::current_dir().ok();
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.into_iter().chain([repo]).find_map(|dir| rev_parse(&dir))
}

fn rev_parse(dir: &std::path::Path) -> Option<String> {
    let output = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(dir)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let commit = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && commit.len() >= 40).then_some(commit)
}
