#!/usr/bin/env python3
"""Fits the name matcher's per-part thresholds (data/names/match_thresholds.tsv).

Usage: train_match_thresholds.py KIJI [--pairs FILE] [--out FILE]
                                 [--target-precision P] [--kind-precision P]

KIJI is a built kiji binary; FILE defaults to
../shared/devsets/name_pairs_dev.jsonl (pairs {"a","b","same","kind"}).

Every pair is scored once with one flat threshold (`kiji match --jsonl
--thresholds none`), which gives the score of the deciding part and its
basis: "kana N" or "latin-kana N", N the morae of its katakana side. The
table is fitted per kind over length buckets: lengths are pooled, shortest
first, until a bucket holds at least MIN_NEGATIVES different-name pairs (a
short tail joins the last bucket), so no threshold rests on a handful of
negatives. A bucket's threshold is the one in [FLOOR, CEIL] that maximises
(same-name pairs accepted) - LAMBDA * (different-name pairs accepted); ties
go to the higher threshold.

LAMBDA is chosen by 5-fold cross-validation split by name: the pairs are
grouped into connected components of names (a name and every spelling paired
with it), each component falls into one fold by a hash of its smallest name,
so no name is in a training fold and a test fold at once. A table is fitted
on four folds and the fifth is answered by `kiji match --thresholds` with
that table, so the figures are kiji's own decisions (its structural rules
included), not a simulation. The chosen LAMBDA
is the one with the highest cross-validated recall among those whose
cross-validated precision reaches the target overall (0.96) and for each
kind (0.94), the targets of `kiji match` on these pairs; the
figures written into the table's header are those cross-validated ones, not
figures on the pairs the table was fitted to. The final table is fitted on
all pairs with that LAMBDA.

The output is deterministic: the same binary and pairs give the same file.
"""

import argparse
import collections
import hashlib
import json
import os
import subprocess
import sys

FOLDS = 5
MIN_NEGATIVES = 30
FLOOR, CEIL = 0.60, 0.95
GRID = [round(FLOOR + i / 100, 2) for i in range(int(round((CEIL - FLOOR) * 100)) + 1)]
LAMBDAS = [1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0]
FLAT = 0.75
KINDS = ("kana", "latin-kana")


def run_match(kiji, rows, thresholds):
    """kiji match --jsonl --thresholds THRESHOLDS over rows: its answers."""
    text = "".join(json.dumps({"a": r["a"], "b": r["b"]}, ensure_ascii=False) + "\n"
                   for r in rows)
    out = subprocess.run([kiji, "match", "--jsonl", "--thresholds", thresholds],
                         input=text.encode(), capture_output=True, check=True)
    lines = out.stdout.decode().splitlines()
    if len(lines) != len(rows):
        sys.exit(f"kiji match answered {len(lines)} of {len(rows)} pairs")
    return [json.loads(line) for line in lines]


def score_pairs(kiji, rows):
    """Flat-threshold answers as (kind, morae, score) per row."""
    scored = []
    for o in run_match(kiji, rows, "none"):
        basis = o.get("basis", "")
        kind, _, morae = basis.partition(" ")
        scored.append((kind if kind in KINDS else "", int(morae or 0), o["score"]))
    return scored


def folds_by_name(rows):
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in rows:
        ra, rb = find(r["a"]), find(r["b"])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    smallest = {}
    for name in list(parent):
        root = find(name)
        smallest[root] = min(smallest.get(root, name), name)
    return [int(hashlib.sha256(smallest[find(r["a"])].encode()).hexdigest(), 16) % FOLDS
            for r in rows]


def buckets(examples):
    """Length buckets per kind: list of (lo, hi) with hi None = no limit."""
    out = {}
    for kind in KINDS:
        neg = collections.Counter(m for k, m, s, y in examples if k == kind and not y)
        if not neg:
            continue
        longest = max(m for k, m, s, y in examples if k == kind)
        spans, lo, count = [], 1, 0
        for m in range(1, longest + 1):
            count += neg[m]
            if count >= MIN_NEGATIVES:
                spans.append([lo, m])
                lo, count = m + 1, 0
        if not spans:
            spans.append([1, longest])
        elif lo <= longest:
            spans[-1][1] = longest
        spans[-1][1] = None
        out[kind] = [tuple(s) for s in spans]
    return out


def bucket_of(spans, morae):
    for lo, hi in spans:
        if morae >= lo and (hi is None or morae <= hi):
            return (lo, hi)
    return spans[0]


def fit(examples, spans, lam):
    """Threshold per (kind, bucket)."""
    groups = collections.defaultdict(list)
    for k, m, s, y in examples:
        if k in spans:
            groups[(k, bucket_of(spans[k], m))].append((s, y))
    table = {}
    for key, items in groups.items():
        best = None
        for t in GRID:
            gain = sum((1.0 if y else -lam) for s, y in items if s >= t)
            if best is None or gain >= best[0]:
                best = (gain, t)
        table[key] = best[1]
    return table


def prf(pairs):
    tp = sum(1 for p, y in pairs if p and y)
    fp = sum(1 for p, y in pairs if p and not y)
    fn = sum(1 for p, y in pairs if not p and y)
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def table_lines(table, spans):
    return [f"{kind}\t{lo}\t{table[(kind, (lo, hi))]:.2f}"
            for kind in KINDS for lo, hi in spans.get(kind, [])]


def kiji_answers(kiji, rows, table, spans, path):
    """kiji's decisions on rows with the table written to path."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(["# candidate table"] + table_lines(table, spans)) + "\n")
    return [o["same"] for o in run_match(kiji, rows, path)]


def cross_validate(kiji, rows, examples, kinds, folds, lam, tmp):
    answers = [None] * len(examples)
    for f in range(FOLDS):
        train = [e for e, g in zip(examples, folds) if g != f]
        train_spans = buckets(train)
        table = fit(train, train_spans, lam)
        test = [i for i, g in enumerate(folds) if g == f]
        for i, same in zip(test, kiji_answers(kiji, [rows[i] for i in test], table,
                                              train_spans, tmp)):
            answers[i] = same
    figures = {"all": prf([(a, e[3]) for a, e in zip(answers, examples)])}
    for kind in sorted(set(kinds)):
        figures[kind] = prf([(a, e[3]) for a, e, k in zip(answers, examples, kinds)
                             if k == kind])
    return figures


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("kiji")
    ap.add_argument("--pairs", default=os.path.join(
        here, "..", "..", "shared", "devsets", "name_pairs_dev.jsonl"))
    ap.add_argument("--out", default=os.path.join(
        here, "..", "data", "names", "match_thresholds.tsv"))
    ap.add_argument("--target-precision", type=float, default=0.96)
    ap.add_argument("--kind-precision", type=float, default=0.94)
    args = ap.parse_args()

    rows = [json.loads(l) for l in open(args.pairs, encoding="utf-8") if l.strip()]
    scored = score_pairs(args.kiji, rows)
    examples = [(k, m, s, bool(r["same"])) for (k, m, s), r in zip(scored, rows)]
    kinds = [r.get("kind", "") for r in rows]
    folds = folds_by_name(rows)

    flat_same = [o["same"] for o in run_match(args.kiji, rows, "none")]
    flat = {"all": prf([(a, e[3]) for a, e in zip(flat_same, examples)])}
    for kind in sorted(set(kinds)):
        flat[kind] = prf([(a, e[3]) for a, e, k in zip(flat_same, examples, kinds)
                          if k == kind])

    tmp = args.out + ".candidate"
    results = []
    for lam in LAMBDAS:
        cv = cross_validate(args.kiji, rows, examples, kinds, folds, lam, tmp)
        ok = all(p >= (args.target_precision if k == "all" else args.kind_precision)
                 for k, (p, r) in cv.items())
        results.append((lam, cv, ok))
        print(f"lambda {lam}: " + "  ".join(
            f"{k} P {p:.3f} R {r:.3f}" for k, (p, r) in sorted(cv.items())),
            file=sys.stderr)
    meeting = [x for x in results if x[2]]
    lam, cv, _ = (max(meeting, key=lambda x: (x[1]["all"][1], -x[0])) if meeting
                  else max(results, key=lambda x: (x[1]["all"][0], x[1]["all"][1])))
    spans = buckets(examples)
    table = fit(examples, spans, lam)

    def fmt(figs):
        return "; ".join(f"{k} P {p:.3f} R {r:.3f}" for k, (p, r) in sorted(figs.items()))

    lines = [
        "# Per-part thresholds of the name matcher (reconcile/match_thresholds.h):",
        "# KIND<TAB>MORAE<TAB>THRESHOLD, the score a pair of name parts needs to be",
        "# the same name, by kind (kana: katakana against katakana; latin-kana:",
        "# Latin against katakana) and the morae of the katakana side; a row",
        "# holds from its length up to the next row's.",
        "#",
        "# Generated by scripts/train_match_thresholds.py (do not edit by hand;",
        "# rerun it after a change to the matcher's costs) from the pairs of",
        "# name_pairs_dev.jsonl, which derive from SudachiDict's synonym groups",
        "# (WorksApplications/SudachiDict, Apache-2.0) and Wikidata person-name",
        "# transliterations (steveash/NETransliteration-COLING2018, CC0-1.0), as",
        "# collected for kiji under CC BY-SA 4.0: this table is CC BY-SA 4.0 too.",
        "#",
        f"# lambda {lam} (cost of accepting a different name, in same names),",
        f"# chosen by {FOLDS}-fold cross-validation split by name for precision",
        f"# >= {args.target_precision} (>= {args.kind_precision} per kind); buckets pool",
        f"# lengths until they hold >= {MIN_NEGATIVES} different-name pairs.",
        f"# Cross-validated: {fmt(cv)}",
        f"# One flat threshold ({FLAT}; 0.8 for a name written as one): {fmt(flat)}",
    ]
    lines += table_lines(table, spans)
    os.remove(tmp)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {args.out} (lambda {lam}: {fmt(cv)})", file=sys.stderr)


if __name__ == "__main__":
    main()
