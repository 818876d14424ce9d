//! Where tagvote keeps caches: `$TAGVOTE_CACHE_DIR`, else `$XDG_CACHE_HOME/tagvote`, else `~/.cache/tagvote`.

use std::path::PathBuf;

/// The cache root, from the environment (not created).
pub fn cache_dir() -> PathBuf {
    cache_dir_from(|name| std::env::var_os(name))
}

/// `cache_dir` with an injectable environment, for tests.
pub fn cache_dir_from(env: impl Fn(&str) -> Option<std::ffi::OsString>) -> PathBuf {
    let non_empty = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = non_empty("TAGVOTE_CACHE_DIR") {
        return dir;
    }
    if let Some(dir) = non_empty("XDG_CACHE_HOME") {
        return dir.join("tagvote");
    }
    match non_empty("HOME") {
        Some(home) => home.join(".cache").join("tagvote"),
        None => PathBuf::from(".cache").join("tagvote"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn precedence_is_tagvote_then_xdg_then_home() {
        let all = [("TAGVOTE_CACHE_DIR", "/t"), ("XDG_CACHE_HOME", "/x"), ("HOME", "/h")];
        assert_eq!(cache_dir_from(env(&all)), PathBuf::from("/t"));
        assert_eq!(cache_dir_from(env(&all[1..])), PathBuf::from("/x/tagvote"));
        assert_eq!(cache_dir_from(env(&all[2..])), PathBuf::from("/h/.cache/tagvote"));
        assert_eq!(
            cache_dir_from(env(&[("TAGVOTE_CACHE_DIR", ""), ("HOME", "/h")])),
            PathBuf::from("/h/.cache/tagvote")
        );
    }
}
