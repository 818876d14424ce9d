//! candle's BERT on all-MiniLM-L6-v2: texts/s for the texts of tagvote's embed bench, batch 32.
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use std::time::Instant;
use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let model_dir = std::path::PathBuf::from(&args[1]);
    let tsv = &args[2];
    let readmes = &args[3];
    let dev = Device::Cpu;
    let config: Config =
        serde_json::from_str(&std::fs::read_to_string(model_dir.join("config.json")).unwrap()).unwrap();
    let vb = unsafe {
        VarBuilder::from_mmaped_safetensors(&[model_dir.join("model.safetensors")], DType::F32, &dev).unwrap()
    };
    let model = BertModel::load(vb, &config).unwrap();
    let mut tok = Tokenizer::from_file(model_dir.join("tokenizer.json")).unwrap();
    tok.with_truncation(Some(TruncationParams {
        max_length: 256,
        ..Default::default()
    }))
    .unwrap();
    tok.with_padding(Some(PaddingParams::default()));
    let short: Vec<String> = std::fs::read_to_string(tsv)
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.rsplit('\t').next())
        .map(str::trim)
        .filter(|s| (60..=140).contains(&s.chars().count()))
        .take(512)
        .map(str::to_string)
        .collect();
    let long: Vec<String> = std::fs::read_to_string(readmes)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .filter(|t| {
            tok.encode(t.as_str(), true)
                .map(|e| e.get_ids().len() == 256 && e.get_attention_mask().iter().all(|&m| m == 1))
                .unwrap_or(false)
        })
        .take(64)
        .collect();
    for (name, texts) in [("short", &short), ("windows", &long)] {
        let mut rates = Vec::new();
        for _ in 0..3 {
            let t0 = Instant::now();
            for chunk in texts.chunks(32) {
                let enc = tok.encode_batch(chunk.to_vec(), true).unwrap();
                let ids: Vec<Vec<u32>> = enc.iter().map(|e| e.get_ids().to_vec()).collect();
                let mask: Vec<Vec<u32>> = enc.iter().map(|e| e.get_attention_mask().to_vec()).collect();
                let ids = Tensor::new(ids, &dev).unwrap();
                let mask = Tensor::new(mask, &dev).unwrap();
                let types = ids.zeros_like().unwrap();
                let out = model.forward(&ids, &types, Some(&mask)).unwrap();
                let m = mask.to_dtype(DType::F32).unwrap().unsqueeze(2).unwrap();
                let pooled = (out.broadcast_mul(&m).unwrap().sum(1).unwrap())
                    .broadcast_div(&m.sum(1).unwrap())
                    .unwrap();
                let _n = pooled
                    .broadcast_div(&pooled.sqr().unwrap().sum_keepdim(1).unwrap().sqrt().unwrap())
                    .unwrap()
                    .to_vec2::<f32>()
                    .unwrap();
            }
            rates.push(texts.len() as f64 / t0.elapsed().as_secs_f64());
        }
        rates.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "candle {name}: {} texts, median {:.1} texts/s over 3 runs (min {:.1}, max {:.1})",
            texts.len(),
            rates[1],
            rates[0],
            rates[2]
        );
    }
}
