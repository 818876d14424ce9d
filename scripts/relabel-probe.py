#!/usr/bin/env python3
"""The awesome one-liners' kind tags taken from their own words (docs/levers.md, rows RL).

An awesome one-liner's tags come from its list section, so a "CLI tool" in a library section carries
`lib`. This probe writes a copy of the shared tree (links, except `datasets/awesome/gold.jsonl`)
where a one-liner whose head (the description's words up to the first of `for`, `that`, `to`, …, at
most 8, as `definition.rs` cuts a README's self-description) names exactly one of `library` (or
`package`, `module`, `crate`, `bindings`, `wrapper`), `framework`, `CLI` (or `command line`,
`terminal`) or `SDK` gets that kind tag:

  add      the tag is added (in place of the third tag when there are three already)
  replace  the same, and the section's contrary kind goes: `framework` drops `lib`, `lib` drops
           `framework`, `cli` drops `lib` (it takes that tag's place)

Nothing else changes; the READMEs' gold and the test split are not touched. Standard library only:
    python3 scripts/relabel-probe.py add|replace OUT_DIR [SHARED_DIR]
    TAGVOTE_SHARED_DIR=OUT_DIR scripts/levers NAME --extra …
"""
import collections
import json
import os
import re
import sys

STOP = set(
    "for that which to with written in built designed used from on of providing allowing "
    "where who you by based using powered".split()
)
CUES = [
    ("cli", re.compile(r"^(cli|commandline|terminal)$")),
    ("sdk", re.compile(r"^sdks?$")),
    ("framework", re.compile(r"^(micro)?frameworks?$")),
    ("lib", re.compile(r"^(library|libraries|lib|libs|package|module|crate|bindings?|wrapper)$")),
]
DROP = {"framework": {"lib"}, "lib": {"framework"}, "cli": {"lib"}, "sdk": set()}


def head(text):
    """The description's first words, up to a stop word, at most 8."""
    desc = text.split(": ", 1)[1] if ": " in text else text
    words = []
    for word in re.findall(r"[a-z0-9]+", desc.lower()):
        if word in STOP or len(words) == 8:
            break
        words.append(word)
    return words


def kind_of(words):
    """The one kind tag the head names, if exactly one."""
    found = [kind for kind, cue in CUES if any(cue.match(w) for w in words)]
    if "command" in words and "line" in words and "cli" not in found:
        found.append("cli")
    return found[0] if len(found) == 1 else None


def relabel(tags, kind, mode):
    """`tags` with `kind` added, and in `replace` mode the contrary kind dropped."""
    if kind is None or kind in tags:
        return tags
    drop = DROP[kind] if mode == "replace" else set()
    new = [kind if t in drop else t for t in tags]
    if kind not in new:
        new = new + [kind] if len(new) < 3 else new[:2] + [kind]
    seen = []
    for t in new:
        if t not in seen:
            seen.append(t)
    return seen


def link_tree(shared, out):
    """`out` mirrors `shared` by links, with a real `datasets/awesome/` folder to write into."""
    os.makedirs(f"{out}/datasets/awesome", exist_ok=True)
    pairs = [("seed", "seed"), ("datasets/readmes", "datasets/readmes")]
    pairs += [(f"datasets/awesome/{f}",) * 2 for f in os.listdir(f"{shared}/datasets/awesome") if f != "gold.jsonl"]
    for src, dst in pairs:
        if not os.path.lexists(f"{out}/{dst}"):
            os.symlink(os.path.abspath(f"{shared}/{src}"), f"{out}/{dst}")


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in ("add", "replace"):
        sys.exit(__doc__)
    mode, out = sys.argv[1], sys.argv[2]
    shared = sys.argv[3] if len(sys.argv) == 4 else os.environ.get("TAGVOTE_SHARED_DIR", "../shared")
    link_tree(shared, out)
    with open(f"{shared}/datasets/awesome/docs.jsonl") as f:
        texts = {d["id"]: d["text"] for d in map(json.loads, f)}
    changed, lines = collections.Counter(), []
    with open(f"{shared}/datasets/awesome/gold.jsonl") as f:
        for g in map(json.loads, f):
            kind = kind_of(head(texts[g["id"]]))
            new = relabel(g["tags"], kind, mode)
            if new != g["tags"]:
                changed[kind] += 1
            lines.append(json.dumps({"id": g["id"], "tags": new}))
    with open(f"{out}/datasets/awesome/gold.jsonl", "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{sum(changed.values())} of {len(lines)} one-liners relabelled: {dict(sorted(changed.items()))}")


if __name__ == "__main__":
    main()
