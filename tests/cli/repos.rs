//! A folder of repositories (`repos/NAME/README.md`) is a corpus: one document per folder, id `NAME`.

use super::*;

#[test]
fn each_folder_with_a_readme_is_a_document_named_by_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let repos = dir.path().join("repos");
    let write = |rel: &str, text: &str| {
        let path = repos.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "alpha/README.md",
        "# alpha\nA command line tool to parse JSON, written in Rust.\n",
    );
    write("alpha/src/lib.rs", "fn main() {}\n");
    write(
        "beta/readme.rst",
        "beta\n====\nA web framework for building HTTP servers.\n",
    );
    write("gamma/notes.txt", "no readme here\n");
    write("delta.md", "# delta\nA database engine.\n");
    let (code, stdout, stderr) = tag_corpus(&repos, &[]);
    assert_eq!(code, 0, "{stderr}");
    let mut ids = output_ids(&stdout);
    ids.sort();
    assert_eq!(ids, ["\"alpha\"", "\"beta\"", "\"delta\""], "{stdout}");
    assert!(
        stderr.contains("alpha/README.md") || stderr.contains("NAME/README"),
        "says which files were taken: {stderr}"
    );
    assert!(stderr.contains("gamma"), "names the folder without a README: {stderr}");
}
