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
  sources   lr trained on the READMEs alone; and lr with the nine kind tags' heads trained on the
            READMEs alone, or with the one-liners weighing 0.25 for them (rows EH5-EH7)
  center    lr on vectors centred on their origin's mean (one-liners on theirs, READMEs on the
            training READMEs'), also scaled per dimension (row EH8)
  knn       the 30 nearest one-liners' tags (softmax of 30 x cosine), alone and mixed into lr at 0.2;
            with LEAD_DIR (vectors exported with lead weight 1) also from the lead alone (row EH9)
  soft      lr with the gold train READMEs' labels replaced by the share of the three annotators
            (`annotators/{A,B,C}.jsonl`) who chose each tag: a share s counts as a positive of
            weight s and a negative of weight 1 - s (row EH10)

Run (its own venv, never part of the build or tests):
    python3 -m venv .venv-probe && .venv-probe/bin/pip install scikit-learn
    .venv-probe/bin/python scripts/embed-head-probe.py VECTORS_DIR lr|mlp|augment|windows|sources|center|knn|soft [LEAD_DIR]
"""
import json
import os
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


KIND_TAGS = "lib framework cli sdk dev-tool desktop-app web-app mobile-app server".split()


SHARED = os.environ.get("TAGVOTE_SHARED_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "shared"))


def tag_names():
    """The taxonomy's names in order: the vectors' labels are their positions."""
    return [t["name"].strip() for t in json.load(open(f"{SHARED}/seed/tags.json", encoding="utf-8"))]


def kind_columns():
    """Column of each kind tag."""
    names = tag_names()
    return [names.index(k) for k in KIND_TAGS]


def annotator_shares(ids):
    """Per document of `ids` (readmes train), the share of the three annotators who chose each tag."""
    names, row = tag_names(), {d: r for r, d in enumerate(ids)}
    y = np.zeros((len(ids), TAGS), np.float32)
    for who in "ABC":
        for line in open(f"{SHARED}/datasets/readmes/train/annotators/{who}.jsonl", encoding="utf-8"):
            doc = json.loads(line)
            for tag in doc["tags"]:
                if doc["id"] in row and tag.strip() in names:
                    y[row[doc["id"]], names.index(tag.strip())] += 1 / 3
    return y


def soft_predict(x, y, w, query):
    """One-vs-rest logistic regression on label shares: rows with a share strictly between 0 and 1
    appear twice, as a positive of weight s * w and a negative of weight (1 - s) * w."""
    out = np.zeros((len(query), TAGS))
    for t in range(TAGS):
        share = y[:, t]
        if not (share > 0).any():
            continue
        part = (share > 0) & (share < 1)
        xs = np.vstack([x, x[part]])
        ys = np.concatenate([(share > 0).astype(int), np.zeros(part.sum(), int)])
        ws = np.concatenate([w * np.where(part, share, 1.0), w[part] * (1 - share[part])])
        out[:, t] = LogisticRegression(C=10, max_iter=300).fit(xs, ys, sample_weight=ws).predict_proba(query)[:, 1]
    return out


def lr_column(x, y, w, query, c=10):
    if not y.any():
        return np.zeros(len(query))
    return LogisticRegression(C=c, max_iter=300).fit(x, y, sample_weight=w).predict_proba(query)[:, 1]


def unit_rows(x):
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)


def knn_tags(x, y, query, k=30, temperature=30.0):
    """Tag shares of the k most similar rows of x, each weighted by exp(temperature x cosine)."""
    sims = query @ x.T
    out = np.zeros((len(query), y.shape[1]))
    for r in range(len(query)):
        top = np.argsort(-sims[r])[:k]
        w = np.exp(temperature * (sims[r, top] - sims[r, top].max()))
        out[r] = (w[:, None] * y[top]).sum(0) / w.sum()
    return out


def other_heads(mode, readmes, awesome, query, kinds, lead):
    """The heads of the modes sources, center and knn for the held-out train READMEs."""
    (x_r, y_r), (x_a, y_a) = readmes, awesome
    x, y = np.vstack([x_r, x_a]), np.vstack([y_r, y_a])
    w = np.concatenate([np.full(len(x_r), float(README_WEIGHT)), np.ones(len(x_a))])
    control = lr_predict(lr_heads(x, y, w), query)
    if mode == "sources":
        alone = lr_predict(lr_heads(x_r, y_r, np.ones(len(x_r))), query)
        kind_alone, kind_less = control.copy(), control.copy()
        light = np.concatenate([np.full(len(x_r), float(README_WEIGHT)), np.full(len(x_a), 0.25)])
        for t in kinds:
            kind_alone[:, t] = lr_column(x_r, y_r[:, t], np.ones(len(x_r)), query, c=1)
            kind_less[:, t] = lr_column(x, y[:, t], light, query)
        return {"control": control, "READMEs alone": alone, "kind heads on READMEs": kind_alone,
                "kind heads, one-liners x0.25": kind_less}
    if mode == "center":
        m_r, m_a, s_r, s_a = x_r.mean(0), x_a.mean(0), x_r.std(0) + 1e-6, x_a.std(0) + 1e-6
        centred = [unit_rows(x_r - m_r), unit_rows(x_a - m_a), unit_rows(query - m_r)]
        scaled = [unit_rows((x_r - m_r) / s_r), unit_rows((x_a - m_a) / s_a), unit_rows((query - m_r) / s_r)]
        found = {"control": control}
        for name, (a, b, q) in (("centred", centred), ("centred and scaled", scaled)):
            found[name] = lr_predict(lr_heads(np.vstack([a, b]), y, w), q)
        return found
    near = knn_tags(x_a, y_a, query)
    found = {"control": control, "knn of one-liners": near, "0.8 lr + 0.2 knn": 0.8 * control + 0.2 * near}
    if lead is not None:
        near_lead = knn_tags(x_a, y_a, lead)
        found["knn of one-liners, lead alone"] = near_lead
        found["0.8 lr + 0.2 knn, lead alone"] = 0.8 * control + 0.2 * near_lead
    return found


def main_other(folder, mode):
    _, x_train, y_train = load(folder, "readmes_train")
    _, x_extra, y_extra = load(folder, "readmes_extra")
    _, x_awesome, y_awesome = load(folder, "awesome")
    lead = load(sys.argv[3], "readmes_train")[1] if len(sys.argv) > 3 else None
    kinds = kind_columns() if mode == "sources" else []
    start, scores = time.time(), {}
    for seed in SEEDS:
        probs = {}
        for fit, held in KFold(5, shuffle=True, random_state=seed).split(x_train):
            readmes = (np.vstack([x_train[fit], x_extra]), np.vstack([y_train[fit], y_extra]))
            lead_held = lead[held] if lead is not None else None
            found = other_heads(mode, readmes, (x_awesome, y_awesome), x_train[held], kinds, lead_held)
            for name, p in found.items():
                probs.setdefault(name, np.zeros_like(y_train))[held] = p
        for name, p in probs.items():
            scores.setdefault(name, []).append(best_f1(p, y_train))
        print(f"seed {seed} done", flush=True)
    for name, s in scores.items():
        print(f"{name:32s} mean {np.mean(s):.4f}  seeds {' '.join(f'{v:.4f}' for v in s)}")
    print(f"{time.time() - start:.0f} s")


def main():
    folder, mode = sys.argv[1], sys.argv[2]
    if mode in ("sources", "center", "knn"):
        return main_other(folder, mode)
    train_ids, x_train, y_train = load(folder, "readmes_train")
    extra_ids, x_extra, y_extra = load(folder, "readmes_extra")
    _, x_awesome, y_awesome = load(folder, "awesome")
    shares = annotator_shares(train_ids) if mode == "soft" else None
    windows = {}
    if mode in ("augment", "windows"):
        windows = {**load_windows(folder, "readmes_train"), **load_windows(folder, "readmes_extra")}
    start, scores = time.time(), {}
    for seed in SEEDS:
        probs = {}
        for fit, held in KFold(5, shuffle=True, random_state=seed).split(x_train):
            y_fit = shares[fit] if mode == "soft" else y_train[fit]
            parts = [(x_train[fit], y_fit, README_WEIGHT), (x_extra, y_extra, README_WEIGHT), (x_awesome, y_awesome, 1)]
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
            elif mode == "soft":
                found = {"soft": soft_predict(x, y, w, x_train[held])}
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
