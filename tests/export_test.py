#!/usr/bin/env python3
"""kiji export, end to end (run by ctest as ExportTest).

usage: export_test.py KIJI SAMPLES_DIR

Ingests the samples in two runs into one store, then checks that:
  * the JSONL export is the whole store: its entities.jsonl and names.jsonl
    equal those of one ingest of all the samples, although the second run's
    own --out files hold only its new documents;
  * the CSV and TSV exports, read back with Python's csv module, give the
    JSONL export's values (with a byte-order mark only when asked);
  * --type, --since and --doc-id filter documents, mentions and names;
  * a bad --type or --since is a usage error (2), a missing store exit 3.
"""

import csv
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiji_cli import jsonl, run  # noqa: E402

COLUMNS = {
    "documents": ["doc_id", "path", "status", "encoding", "lang", "chars", "date"],
    "entities": ["doc_id", "type", "text", "start", "end", "entity_id", "norm",
                 "duration", "weekday", "value", "value_max", "unit", "counter",
                 "qualifier", "source"],
    "names": ["entity_id", "type", "canonical", "variants", "docs"],
}




def check(cond, what):
    if not cond:
        sys.exit("export test: " + what)


def main():
    kiji, samples = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="kiji_export_test_")
    try:
        files = sorted(f for f in os.listdir(samples) if f.endswith(".txt"))
        first, second = os.path.join(tmp, "first"), os.path.join(tmp, "second")
        os.makedirs(first)
        os.makedirs(second)
        for i, f in enumerate(files):
            shutil.copy(os.path.join(samples, f), first if i < 2 else second)
        store = os.path.join(tmp, "corpus.db")
        run([kiji, "ingest", first, "--out", os.path.join(tmp, "o1"), "--store", store, "-q"])
        run([kiji, "ingest", second, "--out", os.path.join(tmp, "o2"), "--store", store, "-q"])
        one = os.path.join(tmp, "one")
        shutil.copytree(first, one)
        for f in os.listdir(second):
            shutil.copy(os.path.join(second, f), one)
        run([kiji, "ingest", one, "--out", os.path.join(tmp, "o_one"), "--store",
             os.path.join(tmp, "one.db"), "-q"])

        exp = os.path.join(tmp, "exp")
        run([kiji, "export", "--store", store, "--out", exp])
        key = lambda j: json.dumps(j, sort_keys=True, ensure_ascii=False)
        for name in ("entities", "names"):
            got = sorted(map(key, jsonl(os.path.join(exp, name + ".jsonl"))))
            want = sorted(map(key, jsonl(os.path.join(tmp, "o_one", name + ".jsonl"))))
            check(got == want, f"{name}.jsonl of the export differs from one ingest")
        second_run = jsonl(os.path.join(tmp, "o2", "entities.jsonl"))
        exported = jsonl(os.path.join(exp, "entities.jsonl"))
        check(len(second_run) < len(exported), "the export is no more than the last run")
        docs = jsonl(os.path.join(exp, "documents.jsonl"))
        check(len(docs) == len(files), f"{len(docs)} documents exported, {len(files)} ingested")
        check(all(d["status"] == "ok" for d in docs), "a document is not ok")

        # CSV and TSV read back give the JSONL values.
        for fmt, sep, bom in (("csv", ",", False), ("csv", ",", True), ("tsv", "\t", False)):
            out = os.path.join(tmp, f"exp_{fmt}_{bom}")
            run([kiji, "export", "--store", store, "--out", out, "--format", fmt]
                + (["--bom"] if bom else []))
            for name, columns in COLUMNS.items():
                path = os.path.join(out, f"{name}.{fmt}")
                with open(path, "rb") as f:
                    head = f.read(3)
                check((head == b"\xef\xbb\xbf") == bom, f"{path}: byte-order mark is {head!r}")
                with open(path, encoding="utf-8-sig", newline="") as f:
                    rows = list(csv.reader(f, delimiter=sep))
                check(rows[0] == columns, f"{path}: header {rows[0]}")
                lines = jsonl(os.path.join(exp, name + ".jsonl"))
                check(len(rows) - 1 == len(lines), f"{path}: {len(rows) - 1} rows, {len(lines)} lines")
                for row, line in zip(rows[1:], lines):
                    for col, cell in zip(columns, row):
                        v = line.get(col)
                        if v is None:
                            check(cell == "", f"{path}: {col} should be empty, is {cell!r}")
                        elif isinstance(v, str):
                            check(cell == v, f"{path}: {col} {cell!r} != {v!r}")
                        else:
                            check(json.loads(cell) == v, f"{path}: {col} {cell!r} != {v!r}")

        # Filters.
        out = os.path.join(tmp, "persons")
        run([kiji, "export", "--store", store, "--out", out, "--type", "PERSON"])
        ms = jsonl(os.path.join(out, "entities.jsonl"))
        check(ms and all(m["type"] == "PERSON" for m in ms), "--type PERSON kept other mentions")
        ns = jsonl(os.path.join(out, "names.jsonl"))
        check(ns and all(n["type"] == "PERSON" for n in ns), "--type PERSON kept other names")
        out = os.path.join(tmp, "future")
        run([kiji, "export", "--store", store, "--out", out, "--since", "2999-01-01"])
        check(jsonl(os.path.join(out, "documents.jsonl")) == [], "--since kept documents")
        check(jsonl(os.path.join(out, "names.jsonl")) == [], "--since kept names")
        doc = docs[0]["doc_id"]
        out = os.path.join(tmp, "one_doc")
        run([kiji, "export", "--store", store, "--out", out, "--doc-id", doc])
        check([d["doc_id"] for d in jsonl(os.path.join(out, "documents.jsonl"))] == [doc],
              "--doc-id kept other documents")
        ms = jsonl(os.path.join(out, "entities.jsonl"))
        check(ms and all(m["doc_id"] == doc for m in ms), "--doc-id kept other mentions")
        ids = {m["entity_id"] for m in ms if m.get("entity_id")}
        check({n["entity_id"] for n in jsonl(os.path.join(out, "names.jsonl"))} == ids,
              "--doc-id: names are not the entities of the document")

        # Errors.
        run([kiji, "export", "--store", store, "--out", out, "--type", "PLANET"], expect=2)
        run([kiji, "export", "--store", store, "--out", out, "--since", "2024-02-30"], expect=2)
        run([kiji, "export", "--store", store, "--out", out, "--format", "xml"], expect=2)
        run([kiji, "export", "--store", os.path.join(tmp, "none.db"), "--out", out], expect=3)
        print(f"export test passed: {len(docs)} documents, {len(exported)} mentions")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
