#!/usr/bin/env bash
# The PyTorch reference for benches/embed.rs: sentence-transformers on CPU, batch 32, 2 threads, the same
# model files and the same texts (chosen by the same rules, read at run time). Prints texts/s per kind,
# the median of REPEATS runs. Needs a venv with sentence-transformers OUTSIDE the repository:
#   TAGVOTE_BENCH_VENV=/work/venv-st (default; created with `pip install sentence-transformers` if absent)
# Usage: scripts/bench-embed-python.sh [REPEATS]   (never used by the build or the tests)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${TAGVOTE_BENCH_VENV:-/work/venv-st}"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet sentence-transformers
fi
cache="${TAGVOTE_CACHE_DIR:-${XDG_CACHE_HOME:+$XDG_CACHE_HOME/tagvote}}"
model="${TAGVOTE_MODEL_DIR:-${cache:-$HOME/.cache/tagvote}/models/all-MiniLM-L6-v2}"
summaries="${TAGVOTE_BENCH_SUMMARIES:-/work/.library/env/packages/pypi.tsv}"
readmes="$root/../shared/datasets/readmes/train/docs.jsonl"
OMP_NUM_THREADS=2 MKL_NUM_THREADS=2 "$venv/bin/python" - "$model" "$summaries" "$readmes" "${1:-5}" <<'PY'
import json, statistics, sys, time
import torch
from sentence_transformers import SentenceTransformer

model_dir, summaries, readmes, repeats = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
torch.set_num_threads(2)
model = SentenceTransformer(model_dir, device="cpu")
short = []
with open(summaries, encoding="utf-8") as f:
    next(f)
    for line in f:
        s = line.rstrip("\n").rsplit("\t", 1)[-1].strip()
        if 60 <= len(s) <= 140:
            short.append(s)
            if len(short) == 512:
                break
long = []
tok = model.tokenizer
with open(readmes, encoding="utf-8") as f:
    for line in f:
        t = json.loads(line)["text"]
        if len(tok(t, add_special_tokens=True, truncation=True, max_length=256)["input_ids"]) == 256:
            long.append(t)
            if len(long) == 64:
                break
for name, texts in (("short_texts", short), ("readme_windows_256", long)):
    model.encode(texts[:64], batch_size=32)
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        model.encode(texts, batch_size=32)
        rates.append(len(texts) / (time.perf_counter() - start))
    print(f"{name}: {len(texts)} texts, median {statistics.median(rates):.1f} texts/s over {repeats} runs "
          f"(min {min(rates):.1f}, max {max(rates):.1f}); torch {torch.__version__}, {torch.get_num_threads()} threads")
PY
