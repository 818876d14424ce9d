//! The labelled training data of `fit keyword|embed` and `fit vote`: the flags, the pairing of
//! `--input` with `--gold`, and reading every pair into one train set.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use tagvote_core::{CorpusOptions, CorpusReader, CorpusSource, Gold, Taxonomy, TrainSet};

/// Flags naming the training data.
#[derive(clap::Args, Debug, Clone)]
pub struct TrainDataArgs {
    /// Taxonomy file [default: `../shared/seed/tags.json`, else `datasets/sample/tags.json`]
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Training corpus (repeatable, paired with `--gold` in order) [default: readmes train + awesome of `../shared`]
    #[arg(long, value_name = "CORPUS")]
    pub input: Vec<PathBuf>,
    /// Gold labels of each `--input`, in the same order
    #[arg(long, value_name = "FILE")]
    pub gold: Vec<PathBuf>,
    /// Name of each `--input` recorded in the train set (e.g. `readmes/train`) [default: the file's folder name]
    #[arg(long, value_name = "NAME")]
    pub origin: Vec<String>,
    /// Documents larger than this many bytes are rejected
    #[arg(long, value_name = "BYTES", default_value_t = tagvote_core::corpus::DEFAULT_MAX_DOC_BYTES)]
    pub max_doc_bytes: usize,
}

/// One training input: corpus, gold and the origin name.
struct TrainInput {
    docs: PathBuf,
    gold: PathBuf,
    origin: String,
}

impl TrainDataArgs {
    /// The taxonomy named by `--taxonomy`, else the default one.
    pub fn load_taxonomy(&self) -> anyhow::Result<Arc<Taxonomy>> {
        let path = self.taxonomy.clone().unwrap_or_else(crate::defaults::taxonomy);
        Ok(Arc::new(Taxonomy::load(&path)?))
    }

    /// Reads every input into one train set (documents with a gold row), with one provenance entry
    /// (origin and dataset hash) per input; says on stderr what was left out.
    pub fn load(&self, taxonomy: &Arc<Taxonomy>) -> anyhow::Result<(TrainSet, Vec<serde_json::Value>)> {
        let options = CorpusOptions {
            max_doc_bytes: self.max_doc_bytes,
        };
        let mut train = TrainSet {
            taxonomy: Arc::clone(taxonomy),
            docs: Vec::new(),
            labels: Vec::new(),
            origin: Vec::new(),
            origins: Vec::new(),
        };
        let mut provenance = Vec::new();
        for (k, input) in self.inputs()?.iter().enumerate() {
            let hash = read_input(&mut train, k as u16, input, &options)?;
            train.origins.push(input.origin.clone());
            provenance.push(serde_json::json!({"origin": input.origin, "dataset_hash": hash}));
        }
        if train.is_empty() {
            anyhow::bail!("No labelled document to learn from; check that the gold ids match the corpus ids");
        }
        Ok((train, provenance))
    }

    /// The `--input`/`--gold` pairs, or the default training data when neither is given.
    fn inputs(&self) -> anyhow::Result<Vec<TrainInput>> {
        if self.input.is_empty() && self.gold.is_empty() {
            let found = crate::defaults::train_data()?;
            return Ok(found
                .into_iter()
                .map(|(docs, gold, origin)| TrainInput { docs, gold, origin })
                .collect());
        }
        if self.input.len() != self.gold.len() {
            anyhow::bail!(
                "Give one `--gold` per `--input` (got {} inputs and {} gold files)",
                self.input.len(),
                self.gold.len()
            );
        }
        Ok(self
            .input
            .iter()
            .zip(&self.gold)
            .enumerate()
            .map(|(i, (docs, gold))| TrainInput {
                docs: docs.clone(),
                gold: gold.clone(),
                origin: self.origin.get(i).cloned().unwrap_or_else(|| origin_of(docs)),
            })
            .collect())
    }
}

/// Adds the labelled documents of one input to `train`; returns the input's dataset hash.
fn read_input(train: &mut TrainSet, k: u16, input: &TrainInput, options: &CorpusOptions) -> anyhow::Result<String> {
    let gold = Gold::load(&input.gold, &train.taxonomy)?;
    let mut reader = CorpusReader::open(&CorpusSource::detect(&input.docs), options.clone())
        .with_context(|| format!("Cannot open `{}`", input.docs.display()))?;
    let (mut unlabelled, mut rejected) = (0u64, 0u64);
    for item in reader.by_ref() {
        match item {
            Ok(doc) => match gold.get(&doc.id) {
                Some(tags) => {
                    train.labels.push(tags.to_vec());
                    train.origin.push(k);
                    train.docs.push(doc);
                }
                None => unlabelled += 1,
            },
            Err(e) => {
                rejected += 1;
                if rejected <= 20 {
                    eprintln!("Input error: {}", e.message);
                }
            }
        }
    }
    if unlabelled + rejected > 0 {
        eprintln!(
            "`{}`: {unlabelled} documents without gold and {rejected} rejected records left out",
            input.origin
        );
    }
    Ok(reader.dataset_hash())
}

fn origin_of(path: &Path) -> String {
    let folder = if path.is_dir() { Some(path) } else { path.parent() };
    folder
        .and_then(|f| f.file_name())
        .map_or_else(|| "input".into(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_args() -> TrainDataArgs {
        let sample = crate::defaults::project_file("datasets/sample");
        TrainDataArgs {
            taxonomy: Some(sample.join("tags.json")),
            input: vec![sample.join("docs.jsonl")],
            gold: vec![sample.join("gold.jsonl")],
            origin: vec![],
            max_doc_bytes: tagvote_core::corpus::DEFAULT_MAX_DOC_BYTES,
        }
    }

    #[test]
    fn pairs_load_into_one_train_set_named_by_folder_unless_given() {
        let args = sample_args();
        let taxonomy = args.load_taxonomy().unwrap();
        let (train, provenance) = args.load(&taxonomy).unwrap();
        assert_eq!(train.len(), 40);
        assert_eq!(train.origins, vec!["sample".to_string()]);
        assert_eq!(provenance[0]["dataset_hash"].as_str().unwrap().len(), 64);
        let named = TrainDataArgs {
            origin: vec!["mine".into()],
            ..sample_args()
        };
        assert_eq!(named.load(&taxonomy).unwrap().0.origins, vec!["mine".to_string()]);
    }

    #[test]
    fn an_input_without_its_gold_file_is_refused() {
        let args = TrainDataArgs {
            gold: vec![],
            ..sample_args()
        };
        let taxonomy = args.load_taxonomy().unwrap();
        let err = args.load(&taxonomy).unwrap_err().to_string();
        assert!(
            err.contains("Give one `--gold` per `--input` (got 1 inputs and 0 gold files)"),
            "{err}"
        );
    }
}
