"""`kiji merge` end to end (MergeTest): shard stores merged into one store
give what one `kiji ingest` of the whole corpus gives, whatever the order of
the stores; one shard merged is that shard; merging into yesterday's store
keeps its ids and equals ingesting into it; a merge killed at any point
leaves the target as it was; bad stores are refused with their names.

usage: merge_test.py KIJI SAMPLES_DIR SEEDS_DIR
"""

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile

from kiji_cli import jsonl, run

KIJI, SAMPLES, SEEDS = sys.argv[1:4]
TMP = tempfile.mkdtemp(prefix="kiji_merge_test.")

# Names that recur across articles in several spellings, so that which
# entity owns a spelling depends on the order documents are reconciled in.
PEOPLE = ["ジョン・ハートリー", "ハートリー氏", "John Hartley", "ジョン・ハートレー",
          "マリア・ロペス", "ロペス氏", "Maria Lopez", "高橋健一", "高橋氏",
          "佐藤美咲", "佐藤さん", "アンナ・ベルク", "ベルク氏"]
COMPANIES = ["株式会社北星電機", "北星電機", "ミナト精工株式会社", "ミナト精工",
             "青葉ホールディングス", "Lumina Systems", "ルミナ・システムズ"]


def article(rng, i):
    people = rng.sample(PEOPLE, 3)
    company = rng.choice(COMPANIES)
    return (f"2024年{i % 12 + 1}月{i % 27 + 1}日\n"
            f"{company}は{i}日、{people[0]}が新たに代表に就くと発表した。"
            f"{people[1]}によると、売上高は約{i * 7 + 3}億円の見込み。"
            f"{people[2]}も会見に同席した。\n")


def make_corpus(root, count, seed, extras=True):
    rng = random.Random(seed)
    for i in range(count):
        d = os.path.join(root, "gen", str(i % 5))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"a{i:03d}.txt"), "w", encoding="utf-8") as f:
            f.write(article(rng, i))
    if not extras:
        return
    shutil.copytree(SAMPLES, os.path.join(root, "samples"))
    shutil.copytree(SEEDS, os.path.join(root, "seeds"))
    more = os.path.join(root, "more")
    os.makedirs(more)
    for name in sorted(os.listdir(SAMPLES)):
        # The same bytes, and the same text in Shift_JIS: duplicates of a
        # file that is likely in another shard.
        shutil.copy(os.path.join(SAMPLES, name), os.path.join(more, "copy-" + name))
        try:
            text = open(os.path.join(SAMPLES, name), encoding="utf-8").read()
            data = text.encode("shift_jis")
        except UnicodeError:
            continue
        with open(os.path.join(more, "sjis-" + name), "wb") as f:
            f.write(data)
    with open(os.path.join(more, "binary.txt"), "wb") as f:
        f.write(b"\x00\x01\x02binary\x00")
    open(os.path.join(more, "empty.txt"), "w").close()


def ingest(inputs, store, out, *extra):
    # 1: some files could not be read (the corpus has such files).
    r = run([KIJI, "ingest", *inputs, "--store", store, "--out", out, "-q",
             "-j", "2", *extra], expect=None)
    if r.returncode not in (0, 1):
        sys.exit(f"ingest {inputs} {extra}: exit {r.returncode}\n{r.stderr}")


def merge(stores, target, out=None, expect=(0, 1), env=None):
    args = [KIJI, "merge", *stores, "--store", target, "-q"]
    if out:
        args += ["--out", out]
    r = subprocess.run(args, capture_output=True, text=True,
                       env={**os.environ, **(env or {})})
    if expect is not None and r.returncode not in expect:
        sys.exit(f"merge {stores} -> {target}: exit {r.returncode}, wanted "
                 f"{expect}\n{r.stderr}")
    return r


def lines(out, name):
    return sorted(json.dumps(o, sort_keys=True, ensure_ascii=False)
                  for o in jsonl(os.path.join(out, name)))


def same_outputs(a, b, what, names=("documents.jsonl", "entities.jsonl",
                                    "names.jsonl")):
    for name in names:
        x, y = lines(a, name), lines(b, name)
        if x != y:
            only_a = sorted(set(x) - set(y))[:2]
            only_b = sorted(set(y) - set(x))[:2]
            sys.exit(f"{what}: {name} differs ({len(x)} vs {len(y)} lines)\n"
                     f"  first only: {only_a}\n  second only: {only_b}")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def leftovers(target):
    """The copies that merges into `target` left when killed."""
    prefix = os.path.basename(target) + ".merging."
    return sorted(n for n in os.listdir(os.path.dirname(target))
                  if n.startswith(prefix))


def main():
    corpus = os.path.join(TMP, "in")
    make_corpus(corpus, 150, seed=7)

    # One run over everything: what the merged shards must equal.
    ingest([corpus], f"{TMP}/whole.db", f"{TMP}/whole")
    whole_docs = jsonl(f"{TMP}/whole/documents.jsonl")
    statuses = {d["status"] for d in whole_docs}
    if statuses != {"ok", "duplicate", "error"}:
        sys.exit(f"the corpus should have ok, duplicate and error files: {statuses}")
    persons = [e for e in jsonl(f"{TMP}/whole/names.jsonl") if e["type"] == "PERSON"]
    if not any(len(e["variants"]) > 1 for e in persons):
        sys.exit("the corpus should have a person with several spellings")

    # N = 3 shards, merged in two orders.
    shards = []
    for k in range(3):
        ingest([corpus], f"{TMP}/shard-{k}.db", f"{TMP}/shard-{k}", "--shard", f"{k}/3")
        shards.append(f"{TMP}/shard-{k}.db")
    merge(shards, f"{TMP}/merged.db", f"{TMP}/merged")
    same_outputs(f"{TMP}/whole", f"{TMP}/merged", "3 shards merged vs one run")
    merge(shards[::-1][1:] + shards[2:], f"{TMP}/merged2.db", f"{TMP}/merged2")
    merge([shards[1], shards[2], shards[0]], f"{TMP}/merged3.db", f"{TMP}/merged3")
    same_outputs(f"{TMP}/merged", f"{TMP}/merged3", "merge order 0 1 2 vs 1 2 0")
    # merged2 is shards 1, 0, 2
    same_outputs(f"{TMP}/merged", f"{TMP}/merged2", "merge order 0 1 2 vs 1 0 2")
    print(f"merge test: 3 shards merged in 3 orders equal one run "
          f"({len(whole_docs)} files, {len(persons)} persons)")

    # One shard (N = 1) merged into a new store is that shard.
    ingest([corpus], f"{TMP}/one.db", f"{TMP}/one", "--shard", "0/1")
    merge([f"{TMP}/one.db"], f"{TMP}/one-merged.db", f"{TMP}/one-merged")
    same_outputs(f"{TMP}/one", f"{TMP}/one-merged", "one shard merged vs the shard")
    print("merge test: one shard merged equals the shard")

    # Incremental: yesterday's store, today's shards merged into it, equals
    # ingesting today's files into yesterday's store; every id stays.
    today = os.path.join(TMP, "today")
    make_corpus(today, 200, seed=11, extras=False)
    ingest([os.path.join(corpus, "gen")], f"{TMP}/yesterday.db", f"{TMP}/yesterday")
    shutil.copy(f"{TMP}/yesterday.db", f"{TMP}/sequential.db")
    ingest([today], f"{TMP}/sequential.db", f"{TMP}/sequential")
    today_shards = []
    for k in range(2):
        ingest([today], f"{TMP}/today-{k}.db", f"{TMP}/today-{k}", "--shard", f"{k}/2")
        today_shards.append(f"{TMP}/today-{k}.db")
    shutil.copy(f"{TMP}/yesterday.db", f"{TMP}/incremental.db")
    merge(today_shards, f"{TMP}/incremental.db", f"{TMP}/incremental")
    same_outputs(f"{TMP}/sequential", f"{TMP}/incremental",
                 "today's shards merged into yesterday's store vs ingested into it")
    before = {e["entity_id"]: e for e in jsonl(f"{TMP}/yesterday/names.jsonl")}
    after = {e["entity_id"]: e for e in jsonl(f"{TMP}/incremental/names.jsonl")}
    for eid, e in before.items():
        if eid not in after:
            sys.exit(f"incremental merge lost entity {eid} ({e['canonical']})")
        kept = {v["text"] for v in after[eid]["variants"]}
        if not {v["text"] for v in e["variants"]} <= kept:
            sys.exit(f"incremental merge moved variants off {eid}")
    print(f"merge test: merging into yesterday's store keeps its {len(before)} "
          f"ids and equals ingesting into it", flush=True)

    # Killed at several points: the target is as it was (a new one is not
    # made), and the next merge completes and clears the left-over copy.
    target = f"{TMP}/killed.db"
    shutil.copy(f"{TMP}/yesterday.db", target)
    digest = sha256(target)
    for env in ({"KIJI_TEST_KILL_AFTER_BATCHES": "1"},
                {"KIJI_TEST_KILL_AFTER_BATCHES": "2"},
                {"KIJI_TEST_KILL_BEFORE_REPLACE": "1"}):
        r = merge(today_shards, target, f"{TMP}/killed-out", expect=None, env=env)
        if r.returncode != -signal.SIGKILL:
            sys.exit(f"merge with {env}: exit {r.returncode}, wanted SIGKILL")
        if sha256(target) != digest:
            sys.exit(f"a merge killed ({env}) changed the target")
        if os.path.exists(f"{TMP}/killed-out/names.jsonl"):
            sys.exit(f"a merge killed ({env}) wrote names.jsonl")
        r = merge(today_shards, f"{TMP}/never.db", expect=None, env=env)
        if os.path.exists(f"{TMP}/never.db"):
            sys.exit(f"a merge killed ({env}) made a new target")
    if not leftovers(target):
        sys.exit("a killed merge should leave its copy (removed by the next merge)")
    run([KIJI, "names", "--store", target], expect=0)
    merge(today_shards, target, f"{TMP}/killed-out")
    same_outputs(f"{TMP}/incremental", f"{TMP}/killed-out",
                 "merge after killed merges vs one merge")
    if leftovers(target):
        sys.exit(f"copies of killed merges left: {leftovers(target)}")
    print("merge test: killed after batch 1, batch 2 and before the rename, "
          "the target stays as it was")

    # Bad stores: a clear message naming the store; the target unchanged.
    digest = sha256(f"{TMP}/incremental.db")
    with open(f"{TMP}/notes.txt", "w") as f:
        f.write("not a store\n")
    older = f"{TMP}/older.db"
    shutil.copy(shards[0], older)
    with sqlite3.connect(older) as db:
        db.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    unfinished = f"{TMP}/unfinished.db"
    r = subprocess.run([KIJI, "ingest", corpus, "--store", unfinished, "--out",
                        f"{TMP}/unfinished", "-q"], capture_output=True,
                       env={**os.environ, "KIJI_TEST_KILL_AFTER_BATCHES": "1"})
    if r.returncode != -signal.SIGKILL:
        sys.exit(f"ingest to leave unfinished: exit {r.returncode}")
    cases = [
        ([f"{TMP}/missing.db"], 3, "missing.db: no such file"),
        ([f"{TMP}/notes.txt"], 3, "not a kiji store"),
        ([older], 3, "schema version 4"),
        ([unfinished], 3, "did not finish"),
        ([shards[0], shards[0]], 2, "given twice"),
        ([f"{TMP}/incremental.db"], 2, "is the target"),
    ]
    for stores, code, message in cases:
        r = merge(stores, f"{TMP}/incremental.db", expect=(code,))
        if message not in r.stderr or stores[-1] not in r.stderr:
            sys.exit(f"merge {stores}: wanted '{message}' naming the store, "
                     f"got: {r.stderr}")
    if sha256(f"{TMP}/incremental.db") != digest:
        sys.exit("a refused merge changed the target")
    print(f"merge test: {len(cases)} bad stores refused with their names")
    print("merge test passed")


try:
    main()
finally:
    shutil.rmtree(TMP, ignore_errors=True)
