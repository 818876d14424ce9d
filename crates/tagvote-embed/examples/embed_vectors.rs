//! Writes the document vectors of the readmes and awesome datasets as TSV (`id`, gold tag indices,
//! the vector) for experiments outside tagvote (`scripts/embed-head-probe.py`); with `--windows`, the
//! first four window vectors of every README (`id`, window index, the vector) instead. Data is read
//! from `SHARED_DIR` at run time and the output goes to `OUT_DIR`, never into the repository.
//!
//! `cargo run --release -p tagvote-embed --example embed_vectors -- SHARED_DIR MODEL_DIR OUT_DIR [LEAD_WEIGHT] [--windows]`
//! (one 256-token window and a lead weight of 0.2 by default, as in `models/default.json`; vectors
//! come from the embedding cache when it has them).

use std::io::Write;
use std::path::{Path, PathBuf};

use tagvote_core::{CorpusOptions, CorpusReader, CorpusSource, Document, Gold, Taxonomy};
use tagvote_embed::clean::readme_text;
use tagvote_embed::{DocEmbedder, Encoder, EncoderOptions, WindowOptions};

const DATASETS: [&str; 4] = ["readmes/train", "readmes/extra", "readmes/test", "awesome"];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [shared, model, out] = [0, 1, 2].map(|i| PathBuf::from(args.get(i).expect("SHARED_DIR MODEL_DIR OUT_DIR")));
    let lead = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(0.2);
    let taxonomy = Taxonomy::load(&shared.join("seed/tags.json")).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let windows = args.iter().any(|a| a == "--windows");
    for name in DATASETS.iter().filter(|n| !windows || n.starts_with("readmes")) {
        let dir = shared.join("datasets").join(name);
        let docs: Vec<Document> =
            CorpusReader::open(&CorpusSource::Jsonl(dir.join("docs.jsonl")), CorpusOptions::default())
                .unwrap()
                .filter_map(Result::ok)
                .collect();
        let file = out.join(name.replace('/', "_") + if windows { ".win.tsv" } else { ".tsv" });
        let rows = match windows {
            true => window_rows(&model, &docs),
            false => doc_rows(
                &model,
                &docs,
                &Gold::load(&dir.join("gold.jsonl"), &taxonomy).unwrap(),
                lead,
            ),
        };
        let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        rows.iter().for_each(|r| writeln!(f, "{r}").unwrap());
        eprintln!("{name}: {} rows in `{}`", rows.len(), file.display());
    }
}

fn doc_rows(model: &Path, docs: &[Document], gold: &Gold, lead: f32) -> Vec<String> {
    let cache = tagvote_core::paths::cache_dir();
    let windows = WindowOptions {
        max_windows: 1,
        decay: 0.6,
        lead_weight: lead,
    };
    let embedder = DocEmbedder::load(model, Some(&cache), windows, &EncoderOptions::default()).unwrap();
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    docs.iter()
        .zip(embedder.embed_docs(&texts))
        .map(|(d, v)| {
            let tags: Vec<String> = gold.get(&d.id).unwrap_or(&[]).iter().map(|t| t.to_string()).collect();
            let v = v.ok().and_then(|v| v.vector).unwrap_or_default();
            format!("{}\t{}\t{}", d.id, tags.join(","), numbers(&v))
        })
        .collect()
}

fn window_rows(model: &Path, docs: &[Document]) -> Vec<String> {
    let encoder = Encoder::load(model, &EncoderOptions::default()).unwrap();
    let mut seqs = Vec::new();
    let mut owner = Vec::new();
    for d in docs {
        let windows = encoder
            .tokens()
            .windows(&readme_text(&d.text).prose, 4)
            .unwrap_or_default();
        owner.extend((0..windows.len()).map(|j| (d.id.to_string(), j)));
        seqs.extend(windows);
    }
    owner
        .iter()
        .zip(encoder.embed_sequences(&seqs))
        .map(|((id, j), v)| format!("{id}\t{j}\t{}", numbers(&v)))
        .collect()
}

fn numbers(v: &[f32]) -> String {
    v.iter().map(|x| format!("{x:.6}")).collect::<Vec<_>>().join(" ")
}
