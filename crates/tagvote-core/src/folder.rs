//! A directory as a corpus: README files directly in it (id: the file stem), and one level down,
//! `NAME/README*` of each folder (id: `NAME`), the layout of a checkout of many repositories.

use std::path::{Path, PathBuf};

use crate::error::CoreError;

/// What a directory holds: each document's file and id, and what was taken from where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderListing {
    /// `(file, id)` in id order.
    pub entries: Vec<(PathBuf, String)>,
    /// Files read from folders (`NAME/README.md`), relative to the directory.
    pub from_folders: Vec<String>,
    /// Folders with no `README*` file, which were left out.
    pub without_readme: Vec<String>,
}

/// How many taken files a notice names before it says "and N more".
const SHOWN: usize = 5;

impl FolderListing {
    /// Lists `dir`: its visible files, and the README of each visible folder.
    pub fn read(dir: &Path) -> Result<Self, CoreError> {
        let mut listing = FolderListing::default();
        for (path, name) in visible_entries(dir)? {
            if path.is_file() {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                listing.entries.push((path, stem));
            } else if path.is_dir() {
                match readme_in(&path)? {
                    Some(readme) => {
                        let file = readme.file_name().unwrap_or_default().to_string_lossy().into_owned();
                        listing.from_folders.push(format!("{name}/{file}"));
                        listing.entries.push((readme, name));
                    }
                    None => listing.without_readme.push(name),
                }
            }
        }
        listing
            .entries
            .sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        Ok(listing)
    }

    /// One line saying which files of the folders were taken and which folders had none; `None`
    /// for a flat folder of files.
    pub fn note(&self, dir: &Path) -> Option<String> {
        if self.from_folders.is_empty() && self.without_readme.is_empty() {
            return None;
        }
        let mut note = format!(
            "Read `{}` READMEs of folders in `{}` (id: the folder's name): {}",
            self.from_folders.len(),
            dir.display(),
            shown(&self.from_folders)
        );
        if !self.without_readme.is_empty() {
            note.push_str(&format!(
                "; left out `{}` folders without a `README*`: {}",
                self.without_readme.len(),
                shown(&self.without_readme)
            ));
        }
        Some(note)
    }
}

/// The first few names in backticks, then how many more.
fn shown(names: &[String]) -> String {
    let list: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    match names.len().saturating_sub(SHOWN) {
        0 => list.join(", "),
        more => format!("{} and {more} more", list.join(", ")),
    }
}

/// Visible (not dot-named) entries of `dir` with their names, sorted by name.
fn visible_entries(dir: &Path) -> Result<Vec<(PathBuf, String)>, CoreError> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| CoreError::io(dir, e))? {
        let entry = entry.map_err(|e| CoreError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            out.push((entry.path(), name));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// The README of a folder: a file named `README*` (any case), Markdown first, then by name.
fn readme_in(folder: &Path) -> Result<Option<PathBuf>, CoreError> {
    let rank = |name: &str| {
        let lower = name.to_lowercase();
        let markdown = lower.ends_with(".md") || lower.ends_with(".markdown");
        (!markdown, lower)
    };
    let best = visible_entries(folder)?
        .into_iter()
        .filter(|(path, name)| name.to_lowercase().starts_with("readme") && path.is_file())
        .min_by_key(|(_, name)| rank(name));
    Ok(best.map(|(path, _)| path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_folder_readmes_are_listed_with_their_ids() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (rel, text) in [
            ("a.md", "x"),
            ("b/README.rst", "x"),
            ("b/readme.md", "x"),
            ("c/main.rs", "x"),
            (".hidden/README.md", "x"),
        ] {
            std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
            std::fs::write(root.join(rel), text).unwrap();
        }
        let listing = FolderListing::read(root).unwrap();
        let ids: Vec<&str> = listing.entries.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(listing.entries[1].0, root.join("b/readme.md"));
        assert_eq!(listing.without_readme, ["c"]);
        let note = listing.note(root).unwrap();
        assert!(note.contains("`b/readme.md`") && note.contains("`c`"), "{note}");
    }

    #[test]
    fn a_flat_folder_needs_no_note() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "x").unwrap();
        assert_eq!(FolderListing::read(dir.path()).unwrap().note(dir.path()), None);
    }
}
