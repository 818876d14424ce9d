//! Reads `model.safetensors` and `config.json` of a BERT encoder into f32 matrices, fusing Q, K and V.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::EmbedError;

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
}

fn default_eps() -> f32 {
    1e-12
}
fn default_act() -> String {
    "gelu".into()
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
    /// Row 0 of the token-type embeddings (all token types are 0).
    pub type0_emb: Vec<f32>,
    pub emb_ln_g: Vec<f32>,
    pub emb_ln_b: Vec<f32>,
    pub layers: Vec<LayerWeights>,
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
        let types = st
            .tensors
            .get("embeddings.token_type_embeddings.weight")
            .map_or(1, |t| t.shape[0]);
        let mut type0_emb = st.f32("embeddings.token_type_embeddings.weight", &[types, h])?;
        type0_emb.truncate(h);
        let layers = (0..config.num_hidden_layers)
            .map(|i| load_layer(st, &config, i))
            .collect::<Result<_, _>>()?;
        Ok(BertWeights {
            word_emb: st.f32("embeddings.word_embeddings.weight", &[v, h])?,
            pos_emb: st.f32("embeddings.position_embeddings.weight", &[p, h])?,
            type0_emb,
            emb_ln_g: st.f32("embeddings.LayerNorm.weight", &[h])?,
            emb_ln_b: st.f32("embeddings.LayerNorm.bias", &[h])?,
            layers,
            config,
        })
    }
}

fn check_config(config: &BertConfig, path: &Path) -> Result<(), EmbedError> {
    if config.hidden_act != "gelu" {
        return Err(EmbedError::bad_model(
            path,
            format!("activation `{}` is not supported; expected `gelu`", config.hidden_act),
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

fn load_layer(st: &SafeTensors, config: &BertConfig, i: usize) -> Result<LayerWeights, EmbedError> {
    let (h, f) = (config.hidden_size, config.intermediate_size);
    let t = |suffix: &str, shape: &[usize]| st.f32(&format!("encoder.layer.{i}.{suffix}"), shape);
    let mut qkv_w = t("attention.self.query.weight", &[h, h])?;
    qkv_w.extend(t("attention.self.key.weight", &[h, h])?);
    qkv_w.extend(t("attention.self.value.weight", &[h, h])?);
    let mut qkv_b = t("attention.self.query.bias", &[h])?;
    qkv_b.extend(t("attention.self.key.bias", &[h])?);
    qkv_b.extend(t("attention.self.value.bias", &[h])?);
    Ok(LayerWeights {
        qkv_w,
        qkv_b,
        attn_out_w: t("attention.output.dense.weight", &[h, h])?,
        attn_out_b: t("attention.output.dense.bias", &[h])?,
        attn_ln_g: t("attention.output.LayerNorm.weight", &[h])?,
        attn_ln_b: t("attention.output.LayerNorm.bias", &[h])?,
        inter_w: t("intermediate.dense.weight", &[f, h])?,
        inter_b: t("intermediate.dense.bias", &[f])?,
        out_w: t("output.dense.weight", &[h, f])?,
        out_b: t("output.dense.bias", &[h])?,
        out_ln_g: t("output.LayerNorm.weight", &[h])?,
        out_ln_b: t("output.LayerNorm.bias", &[h])?,
    })
}
