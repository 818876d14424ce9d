#!/usr/bin/env python3
"""Other heads on the embedding vectors, measured outside the build (docs/levers.md, rows EH1-EH4).

Reads the vectors that `cargo run --release -p tagvote-embed --example embed_vectors` wrote (the
default model's: all-mpnet-base-v2, one window, lead weight 0.2; `--windows` adds the per-window
vectors), trains a one-vs-rest head on readmes train (4 of 5 folds) + readmes extra + awesome, with a
README weighing 8 one-liners as in `fit vote`, and prints the micro-F1 on the held-out train READMEs of
the top <=3 tags above the best single threshold, for three fold seeds and their mean. Every head gets
the same optimistic threshold, so the figures rank the heads; they are not the vote's.

Modes:
  lr        one-vs-rest logistic regression (C = 10), the control (tagvote's own head is of this kind)
  mlp       one hidden layer of 512 (ReLU, Adam, 40 epochs, README weight by repetition)
  augment   lr, with each README's windows 2-4 added as more training examples of its tags
  windows   lr, scoring windows 2-4 too and pooling the probabilities (max, mean, decayed mean)

Run (its own venv, never part of the build or tests):
    python3 -m venv .venv-probe && .venv-probe/bin/pip install scikit-learn
    .venv-probe/bin/python scripts/embed-head-probe.py VECTORS_DIR lr|mlp|augment|windows
"""
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.neural_network import MLPClassifier

TAGS, README_WEIGHT, SEEDS = 90, 8, (0, 1, 2)


def load(folder, name):
    ids, labels, vectors = [], [], []
    for line in open(f"{folder}/{name}.tsv", encoding="utf-8"):
        doc_id, tags, vector = line.rstrip("\n").split("\t")
        ids.append(doc_id)
        labels.append([int(t) for t in tags.split(",") if t])
        vectors.append(np.array(vector.split(), dtype=np.float32) if vector else None)
    dim = next(v for v in vectors if v is not None).shape[0]
    x = np.stack([v if v is not None else np.zeros(dim, np.float32) for v in vectors])
    y = np.zeros((len(labels), TAGS), np.float32)
    for row, tags in enumerate(labels):
        y[row, tags] = 1
    return ids, x, y


def load_windows(folder, name):
    out = {}
    for line in open(f"{folder}/{name}.win.tsv", encoding="utf-8"):
        doc_id, index, vector = line.rstrip("\n").split("\t")
        out.setdefault(doc_id, {})[int(index)] = np.array(vector.split(), dtype=np.float32)
    return out


def unit(v):
    return v / max(np.linalg.norm(v), 1e-9)


def micro_f1(pred, gold):
    tp = (pred * gold).sum()
    return 2 * tp / max(pred.sum() + gold.sum(), 1)


def best_f1(prob, gold):
    """Top <=3 tags above one threshold (the best tag always), at the best threshold."""
    order = np.argsort(-prob, axis=1)[:, :3]
    best = 0.0
    for t in np.linspace(0.05, 0.9, 35):
        pred = np.zeros_like(prob)
        for r in range(prob.shape[0]):
            for j, c in enumerate(order[r]):
                if j == 0 or prob[r, c] >= t:
                    pred[r, c] = 1
        best = max(best, micro_f1(pred, gold))
    return best


def lr_heads(x, y, w):
    return [
        LogisticRegression(C=10, max_iter=300).fit(x, y[:, t], sample_weight=w) if y[:, t].any() else None
        for t in range(TAGS)
    ]


def lr_predict(heads, x):
    return np.stack([h.predict_proba(x)[:, 1] if h else np.zeros(len(x)) for h in heads], axis=1)


def extra_windows(ids, x, y, windows):
    """Windows 2-4 of each README as examples of its tags, mixed with its lead as the document is."""
    xs, ys = [], []
    for r, doc_id in enumerate(ids):
        for j in range(1, 4):
            if j in windows.get(doc_id, {}):
                xs.append(unit(0.8 * windows[doc_id][j] + 0.2 * x[r]))
                ys.append(y[r])
    return np.array(xs).reshape(-1, x.shape[1]), np.array(ys).reshape(-1, TAGS)


def pooled(heads, x, ids, windows):
    """Probabilities of windows 2-4 (the first window's where a README has fewer), then pooled."""
    p0 = lr_predict(heads, x)
    more = []
    for j in range(1, 4):
        pj = p0.copy()
        rows = [r for r, d in enumerate(ids) if j in windows.get(d, {})]
        if rows:
            pj[rows] = lr_predict(heads, np.stack([unit(0.8 * windows[ids[r]][j] + 0.2 * x[r]) for r in rows]))
        more.append(pj)
    return {
        "first window": p0,
        "max of 2": np.maximum(p0, more[0]),
        "0.7 first + 0.3 second": 0.7 * p0 + 0.3 * more[0],
        "mean of 4, decay 0.5": (p0 + 0.5 * more[0] + 0.25 * more[1] + 0.125 * more[2]) / 1.875,
        "max of 4": np.maximum.reduce([p0] + more),
    }


def main():
    folder, mode = sys.argv[1], sys.argv[2]
    train_ids, x_train, y_train = load(folder, "readmes_train")
    extra_ids, x_extra, y_extra = load(folder, "readmes_extra")
    _, x_awesome, y_awesome = load(folder, "awesome")
    windows = {}
    if mode in ("augment", "windows"):
        windows = {**load_windows(folder, "readmes_train"), **load_windows(folder, "readmes_extra")}
    start, scores = time.time(), {}
    for seed in SEEDS:
        probs = {}
        for fit, held in KFold(5, shuffle=True, random_state=seed).split(x_train):
            parts = [(x_train[fit], y_train[fit], README_WEIGHT), (x_extra, y_extra, README_WEIGHT), (x_awesome, y_awesome, 1)]
            if mode == "augment":
                parts.append(extra_windows([train_ids[i] for i in fit], x_train[fit], y_train[fit], windows) + (README_WEIGHT,))
                parts.append(extra_windows(extra_ids, x_extra, y_extra, windows) + (README_WEIGHT,))
            x = np.vstack([p[0] for p in parts])
            y = np.vstack([p[1] for p in parts])
            w = np.concatenate([np.full(len(p[0]), float(p[2])) for p in parts])
            if mode == "mlp":
                rows = np.repeat(np.arange(len(w)), w.astype(int))
                mlp = MLPClassifier(hidden_layer_sizes=(512,), alpha=1e-3, max_iter=40, batch_size=256, random_state=seed)
                found = {"mlp": mlp.fit(x[rows], y[rows]).predict_proba(x_train[held])}
            elif mode == "windows":
                found = pooled(lr_heads(x, y, w), x_train[held], [train_ids[i] for i in held], windows)
            else:
                found = {mode: lr_predict(lr_heads(x, y, w), x_train[held])}
            for name, p in found.items():
                probs.setdefault(name, np.zeros_like(y_train))[held] = p
        for name, p in probs.items():
            scores.setdefault(name, []).append(best_f1(p, y_train))
    for name, s in scores.items():
        print(f"{name:24s} mean {np.mean(s):.4f}  seeds {' '.join(f'{v:.4f}' for v in s)}")
    print(f"{time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
