#!/usr/bin/env python3
"""Archives, compressed files and web pages as kiji inputs, end to end (run
by ctest as InputsTest).

usage: inputs_test.py KIJI SAMPLES_DIR

Checks that:
  * a .zip, a .tar.gz and a .tar.bz2 of the samples, and each sample
    gzipped, give the same mentions (type, text, offsets, values) and the
    same clusters and entity ids as the loose files; members are reported
    as ARCHIVE!MEMBER;
  * an HTML version of each sample (its lines as paragraphs, characters
    escaped as references, with a script, a style, navigation, a footer
    and comments that hold other names) gives the same mentions as its
    text, every offset pointing into the HTML file (the HTML's code points
    [start, end) are the mention's text); also when the page is Shift_JIS;
  * the same article in Shift_JIS and UTF-8 is stored once, the second
    file a duplicate naming the first;
  * a damaged archive, an empty one and a symlink inside one each get an
    error line naming them, and the batch goes on.
"""

import gzip
import html
import os
import shutil
import sys
import tarfile
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiji_cli import jsonl, run  # noqa: E402


def check(cond, what):
    if not cond:
        sys.exit("inputs test: " + what)


def ingest(kiji, tmp, name, inputs):
    out = os.path.join(tmp, "out_" + name)
    run([kiji, "ingest", *inputs, "--out", out,
         "--store", os.path.join(tmp, name + ".db"), "-q"],
        expect=None if name.startswith("bad") else 0)
    return jsonl(os.path.join(out, "documents.jsonl")), \
        jsonl(os.path.join(out, "entities.jsonl"))


# What a mention is, whatever file it came from.
FIELDS = ("type", "text", "start", "end", "entity_id", "norm", "value",
          "unit", "qualifier")


def by_sample(docs, mentions):
    """Mentions grouped by the sample's name (the path's last part without
    extensions), each as a tuple of FIELDS."""
    name_of = {}
    for d in docs:
        base = d["path"].split("!")[-1].rsplit("/", 1)[-1]
        name_of[d["doc_id"]] = base.split(".")[0]
    out = {}
    for m in mentions:
        out.setdefault(name_of[m["doc_id"]], []).append(
            tuple(m.get(f) for f in FIELDS))
    return out


def html_page(text):
    """The sample as a web page: lines as paragraphs, with markup around
    that holds names which must not be read."""
    lines = "".join(f"<p>{html.escape(line)}</p>\n" if line.strip() else "\n"
                    for line in text.split("\n"))
    return ("<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"{cs}\">\n"
            "<style>p { color: #333 }</style>\n"
            "<script>var who = \"ソフトバンクグループの孫正義会長\";"
            " if (1 < 2) { document.title = '<p>x</p>'; }</script>\n"
            "</head><body>\n<nav><a href=\"/\">トップ</a>"
            " <a href=\"/x\">日本電信電話株式会社</a></nav>\n"
            "<article>\n" + lines + "</article>\n<!-- 三菱商事の田中一郎 -->\n"
            "<footer>&copy; 2024 株式会社ニュース</footer>\n</body></html>\n")


def code_points(path, encoding):
    with open(path, encoding=encoding) as f:
        return f.read()


def main():
    kiji, samples = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="kiji_inputs_test_")
    try:
        files = sorted(f for f in os.listdir(samples) if f.endswith(".txt"))
        check(len(files) >= 3, "want at least three samples")
        loose_docs, loose = ingest(kiji, tmp, "loose",
                                   [os.path.join(samples, f) for f in files])
        expected = by_sample(loose_docs, loose)
        check(sum(len(v) for v in expected.values()) > 20,
              "the samples give too few mentions to compare")

        # Archives of the samples, members in another order than the folder's.
        arch = os.path.join(tmp, "arch")
        os.makedirs(arch)
        zip_path = os.path.join(arch, "samples.zip")
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
            for f in reversed(files):
                z.write(os.path.join(samples, f), "news/" + f)
        for mode, ext in (("w:gz", "tar.gz"), ("w:bz2", "tar.bz2")):
            with tarfile.open(os.path.join(arch, "samples." + ext), mode) as t:
                for f in files:
                    t.add(os.path.join(samples, f), "./" + f)
        for name, path in (("zip", zip_path),
                           ("tgz", os.path.join(arch, "samples.tar.gz")),
                           ("tbz", os.path.join(arch, "samples.tar.bz2"))):
            docs, mentions = ingest(kiji, tmp, name, [path])
            check([d["status"] for d in docs] == ["ok"] * len(files),
                  f"{name}: {docs}")
            check(all(d["path"].startswith(path + "!") for d in docs),
                  f"{name}: member paths {[d['path'] for d in docs]}")
            check(by_sample(docs, mentions) == expected,
                  f"{name}: mentions differ from the loose files'")
        gz = os.path.join(tmp, "gz")
        os.makedirs(gz)
        for f in files:
            with open(os.path.join(samples, f), "rb") as src, \
                    gzip.open(os.path.join(gz, f + ".gz"), "wb") as dst:
                shutil.copyfileobj(src, dst)
        docs, mentions = ingest(kiji, tmp, "gz", [gz])
        check(sorted(d["path"] for d in docs) ==
              sorted(os.path.join(gz, f + ".gz") for f in files),
              f"gz: paths {[d['path'] for d in docs]}")
        check(by_sample(docs, mentions) == expected, "gz: mentions differ")

        # Web pages: the same mentions as the text, offsets into the page.
        pages = os.path.join(tmp, "html")
        os.makedirs(pages)
        encodings = {}
        for i, f in enumerate(files):
            with open(os.path.join(samples, f), "rb") as src:
                raw = src.read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue  # a sample in another encoding: its text is checked
            encoding = "shift_jis" if i == 0 else "utf-8"
            page = html_page(text).replace("{cs}", encoding)
            try:
                data = page.encode(encoding)
            except UnicodeEncodeError:
                encoding, data = "utf-8", page.replace(
                    "shift_jis", "utf-8").encode("utf-8")
            path = os.path.join(pages, f.replace(".txt", ".html"))
            with open(path, "wb") as out:
                out.write(data)
            encodings[path] = encoding
        check(len(encodings) >= 2, "want at least two samples as pages")
        docs, mentions = ingest(kiji, tmp, "html", sorted(encodings))
        got = by_sample(docs, mentions)
        for path in sorted(encodings):
            name = os.path.basename(path).split(".")[0]
            want = [m[:2] + m[4:] for m in expected.get(name, [])]
            have = [m[:2] + m[4:] for m in got.get(name, [])]
            check(have == want, f"{path}: mentions differ from the text's:\n"
                  f"  page: {have}\n  text: {want}")
            page = code_points(path, encodings[path])
            doc_id = next(d["doc_id"] for d in docs if d["path"] == path)
            for m in mentions:
                if m["doc_id"] == doc_id:
                    check(page[m["start"]:m["end"]] == m["text"],
                          f"{path}: {m} does not point into the page")
        check(any(d["encoding"] == "Shift_JIS" for d in docs),
              f"no page was read as Shift_JIS: {docs}")

        # The same article in Shift_JIS and in UTF-8: one is stored, the
        # other is its duplicate by the normalised text.
        same = os.path.join(tmp, "same")
        os.makedirs(same)
        sjis = next(f for f in files if "sjis" in f)
        with open(os.path.join(samples, sjis), "rb") as src:
            raw = src.read()
        with open(os.path.join(same, "a_sjis.txt"), "wb") as out:
            out.write(raw)
        with open(os.path.join(same, "b_utf8.txt"), "wb") as out:
            out.write(raw.decode("cp932").encode("utf-8"))
        docs, _ = ingest(kiji, tmp, "same", [same])
        check([d["status"] for d in docs] == ["ok", "duplicate"] and
              docs[1].get("duplicate_of") == os.path.join(same, "a_sjis.txt"),
              f"same text in two encodings: {docs}")

        # Bad archives: one line each, the batch goes on.
        bad = os.path.join(tmp, "bad")
        os.makedirs(bad)
        with open(os.path.join(bad, "a_damaged.tar.gz"), "wb") as out:
            out.write(gzip.compress(b"x" * 100000)[:2000])
        with tarfile.open(os.path.join(bad, "b_empty.tar"), "w"):
            pass
        with tarfile.open(os.path.join(bad, "c_link.tar"), "w") as t:
            info = tarfile.TarInfo("link.txt")
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            t.addfile(info)
            t.add(os.path.join(samples, files[0]), files[0])
        shutil.copy(os.path.join(samples, files[1]), bad)
        docs, _ = ingest(kiji, tmp, "bad", [bad])
        status = {d["path"]: (d["status"], d.get("error") or "") for d in docs}
        check(status[os.path.join(bad, "a_damaged.tar.gz")][0] == "error" and
              "archive" in status[os.path.join(bad, "a_damaged.tar.gz")][1],
              f"damaged archive: {status}")
        check(status[os.path.join(bad, "b_empty.tar")] ==
              ("error", "archive holds no files"), f"empty archive: {status}")
        check(status[os.path.join(bad, "c_link.tar!link.txt")] ==
              ("error", "symlink in an archive (not followed)"),
              f"symlink member: {status}")
        check(status[os.path.join(bad, "c_link.tar!" + files[0])][0] == "ok",
              f"member after the symlink: {status}")
        check(status[os.path.join(bad, files[1])][0] == "ok",
              f"loose file after the archives: {status}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("inputs test: archives, compressed files and web pages read alike")


if __name__ == "__main__":
    main()
