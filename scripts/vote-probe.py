#!/usr/bin/env python3
"""Other votes, measured outside the build on the files of `tagvote fit vote --cv-out` (docs/levers.md,
rows VP1-VP4).

Each file holds, per training document, its fold, gold, each scorer's out-of-fold per-tag scores
(`scores`) and the binary's cross-validated vote (`vote`, the `cv:auto` row). Every probe here is
cross-validated over the same folds and makes its choices (threshold, top-k, floor) on the gold
READMEs of readmes/train of the other folds only, as `fit vote --vote-target-origins readmes/train`
does, so its figures stand next to the file's `vote`. The test split is never read.

Modes:
  stack      a stacker over (document, candidate tag) rows: per scorer the score, rank, whether it
             chose the tag, the score minus its best, how many tags it chose; the tag's prior
             log-odds, whether it is a kind tag, the README's log length, the product of the scores.
             Logistic regression (VP1) and gradient-boosted trees with the tag as a category (VP2),
             origins balanced as in `fit vote`; the selection tuned on inner out-of-fold answers
  kind-cues  the binary's vote with its kind tags replaced by a per-kind-tag logistic model fitted on
             the READMEs alone (gold train of the other folds + silver extra) over the scorers' scores
             for the tag and whether the vote chose it (VP3), plus regex cues of what a README shows:
             install lines, imports, shell usage, downloads, headings, code languages (VP4)

Run (its own venv, never part of the build or tests):
    python3 -m venv .venv-probe && .venv-probe/bin/pip install scikit-learn
    .venv-probe/bin/python scripts/vote-probe.py stack|kind-cues CV_FILE...
"""
import json
import math
import os
import re
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

SHARED = os.environ.get("TAGVOTE_SHARED_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
ORIGINS = ("readmes/train", "readmes/extra", "awesome")
TARGET = "readmes/train"
SCORERS = ("keyword", "embed")
KIND = "lib framework cli sdk dev-tool desktop-app web-app mobile-app server".split()
TAGS = [t["name"].strip() for t in json.load(open(f"{SHARED}/seed/tags.json", encoding="utf-8"))]
INDEX = {t: i for i, t in enumerate(TAGS)}

CUES = [
    ("library install", r"(?m)^\s*(\$ )?(pip3? install (?!-g)[\w\-\[\]]+|npm (i|install) (--save )?(?!-g)[@\w\-/]+"
     r"|yarn add|pnpm add|cargo add|go get|composer require|gem ['\"]|dotnet add package|Install-Package"
     r"|<dependency>|implementation ['\"]|\[dependencies\])"),
    ("global install", r"(?m)(cargo install|npm (i|install) -g|go install|brew install|apt(-get)? install|pipx install"
     r"|scoop install|choco install|winget install|snap install|yay -S|pacman -S|dnf install|nix-env|flatpak install)"),
    ("import line", r"(?m)^\s*(import [\w\.{]|from [\w\.]+ import|const \w+ = require\(|use \w+::|#include [<\"]"
     r"|using [A-Z]\w+;|require ['\"]|extern crate)"),
    ("docker", r"docker (run|pull)|docker-compose|docker compose"),
    ("shell prompt", r"(?m)^\s*\$ \w"),
    ("flag usage", r"(?m)^\s*\$?\s*[\w\-]+ (\w+ )?--?[a-z][\w\-]*"),
    ("download", r"(?i)(\.dmg|\.exe\b|appimage|\.msi\b|app store|google play|play\.google|apps\.apple|releases page"
     r"|download the latest)"),
    ("screenshot", r"(?i)!\[[^\]]*(screenshot|screen|demo|preview)[^\]]*\]"),
    ("w cli", r"(?i)command[- ]line|\bCLI\b|terminal"),
    ("w library", r"(?i)\blibrary\b|\bpackage\b|\bmodule\b"),
    ("w framework", r"(?i)\bframework\b"),
    ("w server", r"(?i)\bserver\b|self-host"),
    ("w app", r"(?i)\bapp\b|\bapplication\b"),
    ("w desktop", r"(?i)desktop|windows, macos|macos, |linux, "),
    ("w mobile", r"(?i)android|\bios\b|iphone"),
    ("w sdk", r"(?i)\bSDK\b"),
    ("w web", r"(?i)web app|web application|in your browser|dashboard"),
    ("w tool", r"(?i)\btool\b"),
    ("usage heading", r"(?im)^#+ .*(usage|commands|options)"),
    ("api heading", r"(?im)^#+ .*(api|reference)"),
    ("install heading", r"(?im)^#+ .*(install)"),
    ("shell code", r"```(bash|sh|shell|console|shell-session|zsh)"),
    ("program code", r"```(python|py|js|javascript|ts|typescript|rust|go|java|c|cpp|c\+\+|csharp|cs|ruby|php|kotlin"
     r"|swift|scala|elixir)"),
]
CUE_RX = [(name, re.compile(rx)) for name, rx in CUES]


def texts():
    out = {}
    for origin in ORIGINS:
        for line in open(f"{SHARED}/datasets/{origin}/docs.jsonl", encoding="utf-8"):
            doc = json.loads(line)
            out[doc["id"]] = doc.get("text") or ""
    return out


def micro_f1(chosen, gold):
    tp = sum(len(set(c) & set(g)) for c, g in zip(chosen, gold))
    return 2 * tp / max(sum(map(len, chosen)) + sum(map(len, gold)), 1)


def f1_by_origin(docs, chosen):
    return {o: micro_f1([chosen[i] for i, d in enumerate(docs) if d["origin"] == o],
                        [d["gold"] for d in docs if d["origin"] == o]) for o in ORIGINS}


# ---- stack -------------------------------------------------------------------------------------


def candidate_rows(docs, prior, length):
    """One row per (document, tag any scorer scored); returns features, labels, document, tag."""
    rows, labels, owner, tag_of = [], [], [], []
    for i, d in enumerate(docs):
        scores = {s: d["scores"].get(s, {}) for s in SCORERS}
        chosen = {s: set(d["scorers"].get(s, [])) for s in SCORERS}
        ranks = {s: {t: r for r, t in enumerate(sorted(scores[s], key=lambda t: -scores[s][t]))} for s in SCORERS}
        best = {s: max(scores[s].values(), default=0.0) for s in SCORERS}
        for t in sorted(set().union(*scores.values()), key=INDEX.get):
            row = [INDEX[t], prior[INDEX[t]], float(t in KIND), math.log1p(length.get(d["id"], 0))]
            for s in SCORERS:
                v = scores[s].get(t, 0.0)
                row += [v, ranks[s].get(t, 10), float(t in chosen[s]), v - best[s], len(chosen[s])]
            row.append(scores["keyword"].get(t, 0.0) * scores["embed"].get(t, 0.0))
            rows.append(row)
            labels.append(int(t in d["gold"]))
            owner.append(i)
            tag_of.append(t)
    return np.array(rows), np.array(labels), np.array(owner), tag_of


def select(p, owner, n, threshold, top_k, floor):
    """Per document the best tags at or above the threshold, at most top_k, the best one when floor."""
    out = [[] for _ in range(n)]
    for j in np.lexsort((-p, owner)):
        i = owner[j]
        if len(out[i]) < top_k and (p[j] >= threshold or (floor and not out[i])):
            out[i].append(j)
    return out


def tune(p, owner, labels, gold_counts, docs_idx, n):
    def f1(params):
        sel = select(p, owner, n, *params)
        tp = sum(int(labels[j]) for i in docs_idx for j in sel[i])
        return 2 * tp / max(sum(len(sel[i]) for i in docs_idx) + sum(gold_counts[i] for i in docs_idx), 1)

    grid = [(t, k, f) for t in np.arange(0.1, 0.9, 0.02) for k in (2, 3) for f in (0, 1)]
    return max(grid, key=f1)


def stack_model(kind):
    if kind == "gbm":
        return HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=40,
                                              l2_regularization=1.0, categorical_features=[0], random_state=0)
    return LogisticRegression(C=1.0, max_iter=1000)


def fit_predict(kind, x, y, w, query):
    if kind == "lr":  # the tag's position is a category, meaningless to a linear model
        scaler = StandardScaler().fit(x[:, 1:])
        model = stack_model(kind).fit(scaler.transform(x[:, 1:]), y, sample_weight=w)
        return model.predict_proba(scaler.transform(query[:, 1:]))[:, 1]
    return stack_model(kind).fit(x, y, sample_weight=w).predict_proba(query)[:, 1]


def stack(docs, length, kind):
    n, fold = len(docs), np.array([d["fold"] for d in docs])
    origin = [d["origin"] for d in docs]
    counts = {o: origin.count(o) for o in set(origin)}
    weight = np.array([n / (len(counts) * counts[o]) for o in origin])
    gold_counts = [len(d["gold"]) for d in docs]
    chosen = [None] * n
    x, y, owner, tag_of = candidate_rows(docs, np.zeros(len(TAGS)), length)
    w = weight[owner]
    for f in sorted(set(fold)):
        train = np.where(fold != f)[0]
        x[:, 1] = log_prior(docs, train, weight)[x[:, 0].astype(int)]  # the prior of the training folds
        in_train = np.isin(owner, train)
        inner = np.zeros(len(y))
        for g in sorted(set(fold[train])):
            a, b = in_train & (fold[owner] != g), in_train & (fold[owner] == g)
            inner[b] = fit_predict(kind, x[a], y[a], w[a], x[b])
        params = tune(inner, owner, y, gold_counts, [i for i in train if origin[i] == TARGET], n)
        held = np.isin(owner, np.where(fold == f)[0])
        p = np.zeros(len(y))
        p[held] = fit_predict(kind, x[in_train], y[in_train], w[in_train], x[held])
        for i, rows in enumerate(select(p, owner, n, *params)):
            if fold[i] == f:
                chosen[i] = [tag_of[j] for j in rows]
    return chosen


def log_prior(docs, ids, weight):
    counts, total = np.ones(len(TAGS)), 2.0
    for i in ids:
        for t in docs[i]["gold"]:
            counts[INDEX[t]] += weight[i]
        total += weight[i]
    rate = counts / total
    return np.log(rate) - np.log1p(-rate)


# ---- kind-cues ---------------------------------------------------------------------------------


def cue_features(text):
    lead = text[:1500]
    row = []
    for name, rx in CUE_RX:
        row.append(math.log1p(len(rx.findall(text))))
        if name.startswith("w "):
            row.append(math.log1p(len(rx.findall(lead))))
    return row + [math.log1p(len(text)) / 10]


def kind_replaced(docs, text, with_cues):
    readmes = [i for i, d in enumerate(docs) if d["origin"] != "awesome"]
    cues = np.array([cue_features(text[docs[i]["id"]]) for i in readmes]) if with_cues else np.zeros((len(readmes), 0))
    fold = np.array([docs[i]["fold"] for i in readmes])
    p = np.zeros((len(readmes), len(KIND)))
    for j, tag in enumerate(KIND):
        x = np.hstack([np.array([[docs[i]["scores"]["keyword"].get(tag, 0.0), docs[i]["scores"]["embed"].get(tag, 0.0),
                                  float(tag in docs[i]["vote"])] for i in readmes]), cues])
        y = np.array([int(tag in docs[i]["gold"]) for i in readmes])
        for f in sorted(set(fold)):
            model = LogisticRegression(C=0.3, max_iter=5000).fit(x[fold != f], y[fold != f])
            p[fold == f, j] = model.predict_proba(x[fold == f])[:, 1]

    def apply(threshold, rows):
        out = []
        for r in rows:
            topical = [t for t in docs[readmes[r]]["vote"] if t not in KIND]
            best = max(range(len(KIND)), key=lambda j: p[r, j])
            out.append((topical + ([KIND[best]] if p[r, best] >= threshold else []))[:3])
        return out

    chosen = [d["vote"] for d in docs]
    for f in sorted(set(fold)):
        tune_rows = [r for r in range(len(readmes)) if fold[r] != f and docs[readmes[r]]["origin"] == TARGET]
        gold = [docs[readmes[r]]["gold"] for r in tune_rows]
        threshold = max(np.arange(0.1, 0.9, 0.02), key=lambda t: micro_f1(apply(t, tune_rows), gold))
        held = [r for r in range(len(readmes)) if fold[r] == f]
        for r, tags in zip(held, apply(threshold, held)):
            chosen[readmes[r]] = tags
    return chosen


def main():
    mode, files = sys.argv[1], sys.argv[2:]
    text = texts()
    length = {k: len(v) for k, v in text.items()}
    systems = {"stack": {"lr": lambda d: stack(d, length, "lr"), "gbm": lambda d: stack(d, length, "gbm")},
               "kind-cues": {"kind model, scores only": lambda d: kind_replaced(d, text, False),
                             "kind model, scores and cues": lambda d: kind_replaced(d, text, True)}}[mode]
    means = {}
    for path in files:
        start = time.time()
        docs = [json.loads(line) for line in open(path, encoding="utf-8")]
        results = {"vote (the file's cv:auto)": f1_by_origin(docs, [d["vote"] for d in docs])}
        for name, run in systems.items():
            results[name] = f1_by_origin(docs, run(docs))
        for name, by_origin in results.items():
            means.setdefault(name, []).append(by_origin)
            print(f"{path}  {name:28s} " + "  ".join(f"{o} {v:.4f}" for o, v in by_origin.items()), flush=True)
        print(f"{time.time() - start:.0f} s", flush=True)
    for name, rows in means.items():
        print(f"mean of {len(rows)}  {name:28s} " + "  ".join(f"{o} {np.mean([r[o] for r in rows]):.4f}" for o in ORIGINS))


if __name__ == "__main__":
    main()
