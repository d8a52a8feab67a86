#!/usr/bin/env python3
"""Trains kiji's names model (extractors/names/model.h) with liblinear.

Input: the feature files kiji_name_features writes for the development sets
(one JSON line per sentence: tokens, per-token features, rule spans) and the
sets themselves (gold spans). Steps:
  1. align the gold with the tokens: a token belongs to an entity when it
     begins inside it (B- on the first such token, I- on the others);
     labels PER (PERSON), ORG, LOC (GPE, LOC, LOCATION, FAC: places,
     stations and facilities, as kiji's LOCATION) and OTH (the other name
     classes: PRODUCT, NORP, EVENT, WORK_OF_ART, ARTIFACT ...);
  2. keep the features seen at least --min-count times in training;
  3. train one-vs-rest L1-regularised logistic regression (liblinear-train
     -s 6 -c 1: as good as L2 on the dev splits, with a tenth of the
     features);
  4. write the weights as kiji's model file, features by name, weights
     below --prune left out.
--cv K reports K-fold cross-validation over the training sets, and --eval
scores the model on held-out sets, both with the decoder kiji uses (Viterbi
over the normalised label probabilities, I-X only after B-X or I-X) and
exact spans in code points. Deterministic: liblinear's own seed is fixed,
the folds are sentence numbers modulo K, and every list is sorted.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from collections import Counter

TYPE_OF = {
    "PERSON": "PER",
    "ORG": "ORG",
    # Places, facilities and stations among them (kiji's LOCATION).
    "GPE": "LOC", "LOC": "LOC", "LOCATION": "LOC", "FAC": "LOC",
}
OTHER = {"PRODUCT", "NORP", "EVENT", "WORK_OF_ART", "ARTIFACT",
         "LAW", "LANGUAGE", "MOVEMENT", "PET_NAME", "OPTIONAL"}
TYPES = ["PER", "ORG", "LOC", "OTH"]
LABELS = ["O"] + [f"{p}-{t}" for t in TYPES for p in "BI"]


def load(set_path, feat_path):
    """Sentences: (tokens, features, gold spans {(start, end): type})."""
    out = []
    with open(set_path, encoding="utf-8") as gs, \
            open(feat_path, encoding="utf-8") as fs:
        for gline, fline in zip(gs, fs):
            g = json.loads(gline)
            f = json.loads(fline)
            if g.get("id") != f.get("id"):
                sys.exit(f"{feat_path}: sentence {f.get('id')} is not "
                         f"{g.get('id')} of {set_path}")
            gold = {}
            for e in g["entities"]:
                t = TYPE_OF.get(e["type"]) or ("OTH" if e["type"] in OTHER
                                                else None)
                if t:
                    gold[(e["start"], e["end"])] = t
            out.append((f["tokens"], f["features"], gold, f["rules"]))
    return out


def token_labels(tokens, gold):
    labels = ["O"] * len(tokens)
    for (start, end), t in sorted(gold.items()):
        first = True
        for i, (b, e) in enumerate(tokens):
            if start <= b < end and e > b:
                labels[i] = ("B-" if first else "I-") + t
                first = False
    return labels


def train(sentences, args, workdir):
    counts = Counter()
    for _, feats, _, _ in sentences:
        for fl in feats:
            counts.update(set(fl))
    names = sorted(f for f, c in counts.items() if c >= args.min_count)
    index = {f: i + 1 for i, f in enumerate(names)}
    data = os.path.join(workdir, "train.txt")
    with open(data, "w", encoding="utf-8") as out:
        for tokens, feats, gold, _ in sentences:
            for label, fl in zip(token_labels(tokens, gold), feats):
                ids = sorted({index[f] for f in fl if f in index})
                out.write(str(LABELS.index(label)) + " " +
                          " ".join(f"{i}:1" for i in ids) + "\n")
    model = os.path.join(workdir, "train.model")
    subprocess.run(["liblinear-train", "-q", "-s", str(args.solver),
                    "-c", str(args.c),
                    "-e", "0.01", data, model], check=True)
    return names, read_liblinear(model)


def read_liblinear(path):
    """(label ids in column order, rows of weights per feature index)."""
    with open(path, encoding="utf-8") as f:
        header = {}
        for line in f:
            line = line.strip()
            if line == "w":
                break
            key, _, value = line.partition(" ")
            header[key] = value
        label_ids = [int(x) for x in header["label"].split()]
        rows = [[float(x) for x in line.split()] for line in f]
    if len(label_ids) == 2:  # liblinear keeps one column for two labels
        rows = [[w, -w] for (w,) in rows]
    return label_ids, rows


def weights(names, model, prune):
    """{feature: {label: weight}} with labels as indices into LABELS."""
    label_ids, rows = model
    out = {}
    for name, row in zip(names, rows):
        w = {label_ids[k]: x for k, x in enumerate(row) if abs(x) >= prune}
        if w:
            out[name] = w
    return out


def decode(w, feats):
    """Spans (first token, last token, type) of the best BIO sequence."""
    k_count = len(LABELS)
    place = [lab[0] for lab in LABELS]
    typ = [lab[2:] for lab in LABELS]
    logp = []
    for fl in feats:
        s = [0.0] * k_count
        for f in fl:
            for k, x in w.get(f, {}).items():
                s[k] += x
        p = [1 / (1 + math.exp(-x)) for x in s]
        total = sum(p)
        logp.append([math.log(x / total + 1e-12) for x in p])

    def allowed(a, b):
        if place[b] != "I":
            return True
        return a is not None and place[a] != "O" and typ[a] == typ[b]

    n = len(feats)
    if n == 0:
        return []
    best = [[(logp[0][k] if allowed(None, k) else -math.inf)
             for k in range(k_count)]]
    back = []
    for t in range(1, n):
        row, brow = [], []
        for k in range(k_count):
            cand = max(((best[-1][p] + logp[t][k], p) for p in range(k_count)
                        if best[-1][p] > -math.inf and allowed(p, k)),
                       default=(-math.inf, 0))
            row.append(cand[0])
            brow.append(cand[1])
        best.append(row)
        back.append(brow)
    k = max(range(k_count), key=lambda j: best[-1][j])
    path = [k]
    for brow in reversed(back):
        k = brow[k]
        path.append(k)
    path.reverse()
    spans = []
    for t, k in enumerate(path):
        if place[k] == "O":
            continue
        if place[k] == "B" or not spans or spans[-1][1] != t - 1 or \
                spans[-1][2] != typ[k]:
            spans.append([t, t, typ[k]])
        else:
            spans[-1][1] = t
    return spans


def score(w, sentences):
    """Exact-span counts per type: {type: [tp, predicted, gold]}."""
    c = {t: [0, 0, 0] for t in ("PER", "ORG")}
    for tokens, feats, gold, _ in sentences:
        pred = {(tokens[a][0], tokens[b][1]): t for a, b, t in decode(w, feats)}
        for t in c:
            g = {s for s, x in gold.items() if x == t}
            p = {s for s, x in pred.items() if x == t}
            c[t][0] += len(g & p)
            c[t][1] += len(p)
            c[t][2] += len(g)
    return c


def prf(tp, pred, gold):
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def report(name, counts):
    cells = []
    for t, (tp, pr, gd) in counts.items():
        p, r, f = prf(tp, pr, gd)
        cells.append(f"{t} F1 {f:.3f} (P {p:.3f} R {r:.3f})")
    print(f"{name}: " + "; ".join(cells), flush=True)


def write_model(path, w, args):
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            "# kiji names model (extractors/names/model.h), made by "
            "scripts/train_names.sh.\n"
            "# Trained on UD Japanese GSD (NE layer by Megagon Labs, r2.9) and "
            "the Kyoto University Wikipedia Annotated Corpus, train splits.\n"
            "# Like its training data, this model is licensed CC BY-SA 4.0 "
            "(https://creativecommons.org/licenses/by-sa/4.0/).\n"
            f"# liblinear -s {args.solver} -c {args.c}, "
            f"min count {args.min_count}, "
            f"prune {args.prune}.\n")
        out.write("labels\t" + "\t".join(LABELS) + "\n")
        for name in sorted(w):
            cells = [f"{k}:{x:.4g}" for k, x in sorted(w[name].items())]
            out.write(name + "\t" + "\t".join(cells) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", nargs="+", required=True,
                    help="SET.jsonl:FEATURES.jsonl pairs to train on")
    ap.add_argument("--eval", nargs="*", default=[],
                    help="SET.jsonl:FEATURES.jsonl pairs to score")
    ap.add_argument("--out", help="the model file to write")
    ap.add_argument("--solver", type=int, default=6,
                    help="liblinear's -s: 0 L2 logistic regression, "
                    "6 L1 (sparse weights)")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--prune", type=float, default=0.01)
    ap.add_argument("--cv", type=int, default=0,
                    help="report K-fold cross-validation over --train")
    args = ap.parse_args()

    def sets(pairs):
        return [(os.path.basename(p.split(":")[0]), load(*p.split(":")))
                for p in pairs]

    train_sets = sets(args.train)
    sentences = [s for _, ss in train_sets for s in ss]
    with tempfile.TemporaryDirectory() as workdir:
        if args.cv:
            total = {t: [0, 0, 0] for t in ("PER", "ORG")}
            for fold in range(args.cv):
                fit = [s for i, s in enumerate(sentences) if i % args.cv != fold]
                held = [s for i, s in enumerate(sentences) if i % args.cv == fold]
                names, model = train(fit, args, workdir)
                counts = score(weights(names, model, args.prune), held)
                report(f"cv fold {fold + 1}/{args.cv}", counts)
                for t in total:
                    total[t] = [a + b for a, b in zip(total[t], counts[t])]
            report(f"cv {args.cv}-fold over train, pooled", total)
        names, model = train(sentences, args, workdir)
    w = weights(names, model, args.prune)
    for name, ss in sets(args.eval):
        report(name, score(w, ss))
    if args.out:
        write_model(args.out, w, args)
        print(f"{args.out}: {len(w)} features", flush=True)


if __name__ == "__main__":
    main()
