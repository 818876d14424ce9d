#!/usr/bin/env python3
"""TF-IDF + one-vs-rest logistic regression baseline for the keyword scorer (outside the build).

Fits on the readmes train split plus the awesome one-liners, scores the readmes test split,
and prints micro precision/recall/F1 of the top <=3 tags above each threshold, plus the best.

Run (its own venv, never part of the build or tests):
    python3 -m venv .venv-baseline && .venv-baseline/bin/pip install scikit-learn
    .venv-baseline/bin/python scripts/baseline-tfidf.py [--shared ../shared]
"""
import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_split(folder):
    docs = {str(d["id"]): d["text"] for d in read_jsonl(folder / "docs.jsonl")}
    gold = {str(g["id"]): [t.strip() for t in g["tags"]] for g in read_jsonl(folder / "gold.jsonl")}
    ids = [i for i in docs if i in gold]
    return [docs[i] for i in ids], [gold[i] for i in ids]


def micro_f1(probs, gold, classes, threshold, max_tags=3):
    tp = fp = fn = 0
    for row, tags in zip(probs, gold):
        order = np.argsort(-row, kind="stable")[:max_tags]
        chosen = {classes[j] for j in order if row[j] >= threshold}
        truth = set(tags)
        tp += len(chosen & truth)
        fp += len(chosen - truth)
        fn += len(truth - chosen)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared", help="the shared data folder")
    ap.add_argument("--readme-weight", type=int, default=1, help="times each train README is repeated (its weight)")
    ap.add_argument("--C", type=float, default=10.0, help="inverse regularisation strength")
    args = ap.parse_args()
    shared = Path(args.shared)
    tags = [t["name"].strip() for t in json.load(open(shared / "seed/tags.json", encoding="utf-8"))]
    tr_x, tr_y = load_split(shared / "datasets/readmes/train")
    aw_x, aw_y = load_split(shared / "datasets/awesome")
    te_x, te_y = load_split(shared / "datasets/readmes/test")
    x = tr_x + aw_x
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=200_000)
    vec.fit(x)
    x = tr_x * args.readme_weight + aw_x
    y = tr_y * args.readme_weight + aw_y
    xm = vec.transform(x)
    mlb = MultiLabelBinarizer(classes=tags)
    ym = mlb.fit_transform(y)
    keep = ym.sum(axis=0) > 0
    clf = OneVsRestClassifier(LogisticRegression(C=args.C, max_iter=2000, solver="liblinear"))
    clf.fit(xm, ym[:, keep])
    classes = [t for t, k in zip(tags, keep) if k]
    probs = clf.predict_proba(vec.transform(te_x))
    best = (0.0, 0.0)
    for th in np.arange(0.005, 0.605, 0.005):
        p, r, f = micro_f1(probs, te_y, classes, th)
        print(f"threshold {th:.2f}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
        best = max(best, (f, th))
    print(
        f"best micro-F1 {best[0]:.3f} at threshold {best[1]:.2f} "
        f"(C {args.C}, README weight {args.readme_weight}, train {len(tr_x) + len(aw_x)} docs, test {len(te_x)} docs)"
    )


if __name__ == "__main__":
    main()
