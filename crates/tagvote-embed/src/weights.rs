//! Reads `model.safetensors` and `config.json` of a BERT or MPNet encoder into f32 matrices, fusing Q, K and V.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::EmbedError;
use crate::relative::RelativeBias;

/// The architecture numbers read from `config.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct BertConfig {
    pub hidden_size: usize,
    pub intermediate_size: usize,
    pub num_attention_heads: usize,
    pub num_hidden_layers: usize,
    pub max_position_embeddings: usize,
    pub vocab_size: usize,
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f32,
    #[serde(default = "default_act")]
    pub hidden_act: String,
    /// `bert` or `mpnet`.
    #[serde(default = "default_model_type")]
    pub model_type: String,
    /// MPNet: positions start after the padding id.
    #[serde(default)]
    pub pad_token_id: usize,
    /// MPNet: buckets of the relative position bias.
    #[serde(default)]
    pub relative_attention_num_buckets: usize,
}

fn default_eps() -> f32 {
    1e-12
}
fn default_act() -> String {
    "gelu".into()
}
fn default_model_type() -> String {
    "bert".into()
}

impl BertConfig {
    fn is_mpnet(&self) -> bool {
        self.model_type == "mpnet"
    }
}

/// One transformer layer. Linear weights are stored `out × in` (PyTorch layout).
pub struct LayerWeights {
    /// Q, K and V stacked: `3·hidden × hidden`.
    pub qkv_w: Vec<f32>,
    pub qkv_b: Vec<f32>,
    pub attn_out_w: Vec<f32>,
    pub attn_out_b: Vec<f32>,
    pub attn_ln_g: Vec<f32>,
    pub attn_ln_b: Vec<f32>,
    pub inter_w: Vec<f32>,
    pub inter_b: Vec<f32>,
    pub out_w: Vec<f32>,
    pub out_b: Vec<f32>,
    pub out_ln_g: Vec<f32>,
    pub out_ln_b: Vec<f32>,
}

/// Every weight of the encoder.
pub struct BertWeights {
    pub config: BertConfig,
    pub word_emb: Vec<f32>,
    pub pos_emb: Vec<f32>,
    /// Row 0 of the token-type embeddings (all token types are 0; zeros for MPNet, which has none).
    pub type0_emb: Vec<f32>,
    pub emb_ln_g: Vec<f32>,
    pub emb_ln_b: Vec<f32>,
    pub layers: Vec<LayerWeights>,
    /// Row of the position embeddings for the first token (MPNet: the padding id + 1).
    pub position_offset: usize,
    /// MPNet's relative position bias, shared by every layer.
    pub relative: Option<RelativeBias>,
}

#[derive(Deserialize)]
struct TensorInfo {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [usize; 2],
}

/// A parsed safetensors file: header and data, kept in memory while the weights are copied out.
struct SafeTensors<'a> {
    path: &'a Path,
    tensors: HashMap<String, TensorInfo>,
    data: &'a [u8],
}

impl<'a> SafeTensors<'a> {
    fn parse(path: &'a Path, bytes: &'a [u8]) -> Result<Self, EmbedError> {
        let bad = |reason: &str| EmbedError::bad_model(path, reason);
        let len = bytes.get(..8).ok_or_else(|| bad("shorter than its header"))?;
        let header_len = u64::from_le_bytes(len.try_into().expect("8 bytes")) as usize;
        let header = bytes
            .get(8..8 + header_len)
            .ok_or_else(|| bad("header runs past the end"))?;
        let mut raw: HashMap<String, serde_json::Value> =
            serde_json::from_slice(header).map_err(|e| bad(&format!("header is not JSON ({e})")))?;
        raw.remove("__metadata__");
        let tensors = raw
            .into_iter()
            .map(|(name, v)| serde_json::from_value(v).map(|info| (name, info)))
            .collect::<Result<_, _>>()
            .map_err(|e| bad(&format!("tensor entry is malformed ({e})")))?;
        Ok(SafeTensors {
            path,
            tensors,
            data: &bytes[8 + header_len..],
        })
    }

    /// The tensor `name` as f32, checking its dtype and shape.
    fn f32(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>, EmbedError> {
        let bad = |reason: String| EmbedError::bad_model(self.path, reason);
        let info = self
            .tensors
            .get(name)
            .ok_or_else(|| bad(format!("tensor `{name}` is missing")))?;
        if info.dtype != "F32" || info.shape != shape {
            return Err(bad(format!(
                "tensor `{name}` is `{}` {:?}; expected `F32` {shape:?}",
                info.dtype, info.shape
            )));
        }
        let [start, end] = info.data_offsets;
        let bytes = self
            .data
            .get(start..end)
            .filter(|b| b.len() == shape.iter().product::<usize>() * 4)
            .ok_or_else(|| bad(format!("tensor `{name}` has bad data offsets")))?;
        Ok(bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect())
    }
}

impl BertWeights {
    /// Loads `config.json` and `model.safetensors` from a model directory.
    pub fn load(dir: &Path) -> Result<Self, EmbedError> {
        let config_path = dir.join("config.json");
        let config_bytes = std::fs::read(&config_path).map_err(|e| EmbedError::io(&config_path, e))?;
        let config: BertConfig = serde_json::from_slice(&config_bytes)
            .map_err(|e| EmbedError::bad_model(&config_path, format!("not a BERT config ({e})")))?;
        check_config(&config, &config_path)?;
        let path = dir.join("model.safetensors");
        let bytes = std::fs::read(&path).map_err(|e| EmbedError::io(&path, e))?;
        let st = SafeTensors::parse(&path, &bytes)?;
        Self::from_tensors(&st, config)
    }

    fn from_tensors(st: &SafeTensors, config: BertConfig) -> Result<Self, EmbedError> {
        let (h, v, p) = (config.hidden_size, config.vocab_size, config.max_position_embeddings);
        let layers = (0..config.num_hidden_layers)
            .map(|i| load_layer(st, &config, i))
            .collect::<Result<_, _>>()?;
        let (type0_emb, position_offset, relative) = if config.is_mpnet() {
            let (buckets, heads) = (config.relative_attention_num_buckets, config.num_attention_heads);
            let table = st.f32("encoder.relative_attention_bias.weight", &[buckets, heads])?;
            let offset = config.pad_token_id + 1;
            let relative = RelativeBias::new(&table, buckets, heads, p.saturating_sub(offset));
            (vec![0.0; h], offset, Some(relative))
        } else {
            let types = st
                .tensors
                .get("embeddings.token_type_embeddings.weight")
                .map_or(1, |t| t.shape[0]);
            let mut type0_emb = st.f32("embeddings.token_type_embeddings.weight", &[types, h])?;
            type0_emb.truncate(h);
            (type0_emb, 0, None)
        };
        Ok(BertWeights {
            word_emb: st.f32("embeddings.word_embeddings.weight", &[v, h])?,
            pos_emb: st.f32("embeddings.position_embeddings.weight", &[p, h])?,
            type0_emb,
            emb_ln_g: st.f32("embeddings.LayerNorm.weight", &[h])?,
            emb_ln_b: st.f32("embeddings.LayerNorm.bias", &[h])?,
            layers,
            position_offset,
            relative,
            config,
        })
    }

    /// Longest sequence the position embeddings cover.
    pub fn max_tokens(&self) -> usize {
        self.config.max_position_embeddings.saturating_sub(self.position_offset)
    }
}

fn check_config(config: &BertConfig, path: &Path) -> Result<(), EmbedError> {
    if config.hidden_act != "gelu" {
        return Err(EmbedError::bad_model(
            path,
            format!("activation `{}` is not supported; expected `gelu`", config.hidden_act),
        ));
    }
    if config.model_type != "bert" && !config.is_mpnet() {
        return Err(EmbedError::bad_model(
            path,
            format!(
                "model type `{}` is not supported; expected `bert` or `mpnet`",
                config.model_type
            ),
        ));
    }
    if config.is_mpnet() && config.relative_attention_num_buckets < 4 {
        return Err(EmbedError::bad_model(
            path,
            "an MPNet config needs `relative_attention_num_buckets` (at least 4)",
        ));
    }
    if config.num_attention_heads == 0 || config.hidden_size % config.num_attention_heads != 0 {
        return Err(EmbedError::bad_model(
            path,
            "hidden size is not a multiple of the head count",
        ));
    }
    Ok(())
}

/// Tensor names of one layer: BERT's, or MPNet's where they differ.
struct LayerNames {
    q: &'static str,
    k: &'static str,
    v: &'static str,
    attn_out: &'static str,
    attn_ln: &'static str,
}

const BERT_NAMES: LayerNames = LayerNames {
    q: "attention.self.query",
    k: "attention.self.key",
    v: "attention.self.value",
    attn_out: "attention.output.dense",
    attn_ln: "attention.output.LayerNorm",
};

const MPNET_NAMES: LayerNames = LayerNames {
    q: "attention.attn.q",
    k: "attention.attn.k",
    v: "attention.attn.v",
    attn_out: "attention.attn.o",
    attn_ln: "attention.LayerNorm",
};

fn load_layer(st: &SafeTensors, config: &BertConfig, i: usize) -> Result<LayerWeights, EmbedError> {
    let (h, f) = (config.hidden_size, config.intermediate_size);
    let names = if config.is_mpnet() { &MPNET_NAMES } else { &BERT_NAMES };
    let t = |name: &str, part: &str, shape: &[usize]| st.f32(&format!("encoder.layer.{i}.{name}.{part}"), shape);
    let mut qkv_w = t(names.q, "weight", &[h, h])?;
    qkv_w.extend(t(names.k, "weight", &[h, h])?);
    qkv_w.extend(t(names.v, "weight", &[h, h])?);
    let mut qkv_b = t(names.q, "bias", &[h])?;
    qkv_b.extend(t(names.k, "bias", &[h])?);
    qkv_b.extend(t(names.v, "bias", &[h])?);
    Ok(LayerWeights {
        qkv_w,
        qkv_b,
        attn_out_w: t(names.attn_out, "weight", &[h, h])?,
        attn_out_b: t(names.attn_out, "bias", &[h])?,
        attn_ln_g: t(names.attn_ln, "weight", &[h])?,
        attn_ln_b: t(names.attn_ln, "bias", &[h])?,
        inter_w: t("intermediate.dense", "weight", &[f, h])?,
        inter_b: t("intermediate.dense", "bias", &[f])?,
        out_w: t("output.dense", "weight", &[h, f])?,
        out_b: t("output.dense", "bias", &[h])?,
        out_ln_g: t("output.LayerNorm", "weight", &[h])?,
        out_ln_b: t("output.LayerNorm", "bias", &[h])?,
    })
}
