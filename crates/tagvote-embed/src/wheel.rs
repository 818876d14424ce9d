//! Reads files out of a wheel (a zip archive): the central directory, stored and deflated entries.

use miniz_oxide::inflate::decompress_to_vec_with_limit;

const END_OF_DIRECTORY: usize = 0x0605_4b50;
const DIRECTORY_ENTRY: usize = 0x0201_4b50;
const LOCAL_HEADER: usize = 0x0403_4b50;

/// One file of the archive.
pub struct Entry {
    pub name: String,
    pub data: Vec<u8>,
}

fn u16_at(b: &[u8], at: usize) -> Result<usize, String> {
    b.get(at..at + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]) as usize)
        .ok_or_else(|| "the archive is truncated".to_string())
}

fn u32_at(b: &[u8], at: usize) -> Result<usize, String> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
        .ok_or_else(|| "the archive is truncated".to_string())
}

/// The files whose names start with `prefix`, decompressed.
pub fn extract(archive: &[u8], prefix: &str) -> Result<Vec<Entry>, String> {
    let end = (0..archive.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(archive, i) == Ok(END_OF_DIRECTORY))
        .ok_or("no zip directory found; is it a wheel?")?;
    let count = u16_at(archive, end + 10)?;
    let mut at = u32_at(archive, end + 16)?;
    let mut out = Vec::new();
    for _ in 0..count {
        if u32_at(archive, at)? != DIRECTORY_ENTRY {
            return Err("a zip directory entry is malformed".into());
        }
        let (method, size, plain) = (
            u16_at(archive, at + 10)?,
            u32_at(archive, at + 20)?,
            u32_at(archive, at + 24)?,
        );
        let (name_len, extra, comment) = (
            u16_at(archive, at + 28)?,
            u16_at(archive, at + 30)?,
            u16_at(archive, at + 32)?,
        );
        let local = u32_at(archive, at + 42)?;
        let name = archive
            .get(at + 46..at + 46 + name_len)
            .ok_or("the archive is truncated")?;
        let name = String::from_utf8_lossy(name).into_owned();
        at += 46 + name_len + extra + comment;
        if name.starts_with(prefix) && !name.ends_with('/') {
            let data = read_entry(archive, local, method, size, plain).map_err(|e| format!("`{name}`: {e}"))?;
            out.push(Entry { name, data });
        }
    }
    Ok(out)
}

fn read_entry(archive: &[u8], local: usize, method: usize, size: usize, plain: usize) -> Result<Vec<u8>, String> {
    if u32_at(archive, local)? != LOCAL_HEADER {
        return Err("the local header is malformed".into());
    }
    let start = local + 30 + u16_at(archive, local + 26)? + u16_at(archive, local + 28)?;
    let raw = archive.get(start..start + size).ok_or("the archive is truncated")?;
    let data = match method {
        0 => raw.to_vec(),
        8 => decompress_to_vec_with_limit(raw, plain).map_err(|e| format!("cannot inflate ({e:?})"))?,
        m => return Err(format!("compression method `{m}` is not supported")),
    };
    if data.len() != plain {
        return Err("the unpacked size differs from the directory's".into());
    }
    Ok(data)
}
