#!/usr/bin/env python3
"""Builds a benchmark corpus of realistic article files.

usage: make_corpus.py OUT_DIR MEGABYTES SOURCE_FILE...

Each output file is a variation of a source article: its paragraphs are
shuffled and resampled and the numbers in it changed, so that every file has
different bytes (a different doc_id) and realistic Japanese text. The result
is deterministic (fixed seed).
"""
import os
import random
import re
import sys


def main():
    out, megabytes, sources = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    rng = random.Random(20241124)
    articles = []
    for path in sources:
        with open(path, encoding="utf-8") as f:
            paras = [p for p in f.read().split("\n") if p.strip()]
        if paras:
            articles.append(paras)
    os.makedirs(out, exist_ok=True)
    target = int(megabytes * 1e6)
    total, n = 0, 0
    while total < target:
        paras = rng.choice(articles)
        k = max(3, int(len(paras) * rng.uniform(0.6, 1.0)))
        body = [paras[0]] + rng.sample(paras[1:], min(k, len(paras) - 1))
        text = "\n".join(body) + "\n"
        text = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 9)), text)
        data = text.encode("utf-8")
        with open(os.path.join(out, f"article_{n:07d}.txt"), "wb") as f:
            f.write(data)
        total += len(data)
        n += 1
    print(f"{n} files, {total / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
