#!/usr/bin/env python3
"""kiji review in a real browser (run by ctest as ReviewBrowserTest).

usage: review_browser_test.py KIJI SAMPLES_DIR SEEDS_DIR ARTIFACTS_DIR

Ingests the samples and the seed articles into a new store, writes the
review page with `kiji review`, loads it in Debian's headless Chromium and
checks the DOM after the page's script ran:
  * the entity count shown is the store's (`kiji names --json`), and the
    first page shows at most 100 entities;
  * the merged PERSON entity with the most variants, found by the page's
    search from the address (review.html#q=NAME), shows every variant, and
    every entity shown matches the search;
  * ticking two entities shows the merge line that joins them;
  * review.html#sort=variants shows the entity with the most variants first;
  * paging: a page made from the real one with 250 entities shows 100 per
    page and 50 on page 3.
It writes a screenshot of the search to ARTIFACTS_DIR/review.png (the path is
printed) and checks it is a real 1280x1600 PNG. Then it shows the checks can
fail: on copies of the page without its script, or with a corrupted data
blob, the same checks must report problems.
"""

import json
import shutil
import struct
import subprocess
import sys
import tempfile
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=5000",
]
PAGE_SIZE = 100
DATA_OPEN = '<script type="application/json" id="kiji-data">'


def fail(why):
    sys.exit("review browser test: " + why)


def run(args):
    r = subprocess.run([str(a) for a in args], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"{' '.join(map(str, args))}: exit {r.returncode}\n{r.stderr}")
    return r


class Browser:
    """Headless Chromium, each run with a new profile folder."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.runs = 0

    def run(self, url, *flags):
        self.runs += 1
        profile = self.tmp / f"profile{self.runs}"
        args = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *flags, url]
        try:
            r = subprocess.run(args, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired as e:
            fail(f"chromium timed out after 60 s on {url}\n{e.stderr}")
        if r.returncode != 0:
            fail(f"chromium exit {r.returncode} on {url}\n{r.stderr}")
        return r

    def dom(self, page, fragment=""):
        url = page.as_uri() + ("#" + fragment if fragment else "")
        return Dom(self.run(url, "--dump-dom").stdout)

    def screenshot(self, page, fragment, png):
        url = page.as_uri() + "#" + fragment
        r = self.run(url, f"--screenshot={png}", "--window-size=1280,1600")
        if not png.exists():
            fail(f"chromium wrote no screenshot {png}\n{r.stderr}")


class Dom(HTMLParser):
    """What the checks read from a dumped DOM: the text of the elements with
    an id, and the entities shown (data-id) with their variants (data-text)
    and canonical names."""

    def __init__(self, html):
        super().__init__()
        self.text = {}          # id -> text
        self.entities = []      # [(entity id, [variant texts])], in order
        self.names = {}         # entity id -> canonical name shown
        self._open_ids = []     # [(tag, id)] of elements whose text is kept
        self._in_entity = False
        self._in_name = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "article" and "entity" in classes:
            self.entities.append((a.get("data-id"), []))
            self._in_entity = True
        elif tag == "li" and "variant" in classes and self._in_entity:
            self.entities[-1][1].append(a.get("data-text"))
        elif tag == "span" and "name" in classes and self._in_entity:
            self._in_name = True
            self.names[self.entities[-1][0]] = ""
        if a.get("id"):
            self._open_ids.append((tag, a["id"]))
            self.text.setdefault(a["id"], "")

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_entity = False
        if tag == "span":
            self._in_name = False
        if self._open_ids and self._open_ids[-1][0] == tag:
            self._open_ids.pop()

    def handle_data(self, data):
        if self._in_name:
            self.names[self.entities[-1][0]] += data
        for _, element_id in self._open_ids:
            self.text[element_id] += data

    def number(self, element_id):
        text = self.text.get(element_id, "").strip()
        return int(text) if text.isdigit() else None


def fold(s):
    """The page's search key: case folded (NFKC is left out: the names
    searched here are the store's own texts)."""
    return s.lower()


def check_page(browser, page, store_total, cluster, most_variants):
    """The DOM checks of one review page; the problems found (empty: good)."""
    problems = []
    dom = browser.dom(page)
    if dom.number("total") != store_total:
        problems.append(f"total shown {dom.text.get('total')!r}, store has {store_total}")
    if dom.number("matching") != store_total:
        problems.append(f"matching shown {dom.text.get('matching')!r} without a search")
    shown = len(dom.entities)
    if shown != min(PAGE_SIZE, store_total):
        problems.append(f"first page shows {shown} entities of {store_total}")

    query = cluster["canonical"]
    dom = browser.dom(page, "q=" + urllib.parse.quote(query, safe=""))
    found = dict(dom.entities)
    if cluster["entity_id"] not in found:
        problems.append(f"search {query!r}: entity {cluster['entity_id']} not shown")
    else:
        want = sorted(v["text"] for v in cluster["variants"])
        if sorted(found[cluster["entity_id"]]) != want:
            problems.append(f"search {query!r}: variants {found[cluster['entity_id']]}, "
                            f"store has {want}")
    for entity_id, variants in dom.entities:
        texts = variants + [dom.names.get(entity_id, "")]
        if not any(fold(query) in fold(t) for t in texts):
            problems.append(f"search {query!r} shows {entity_id} ({texts})")
    if dom.number("matching") != len(dom.entities):
        problems.append(f"search {query!r}: matching {dom.text.get('matching')!r}, "
                        f"{len(dom.entities)} shown")

    # Ticking two entities (clicks from a script added to a copy of the
    # page) shows the merge line that joins the second to the first.
    ticked = page.with_name(page.stem + "-ticked.html")
    ticked.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", "<script>for (const i of [0, 1]) "
        "document.querySelectorAll('input.pick')[i].click();</script></body>"),
        encoding="utf-8")
    dom = browser.dom(ticked)
    if len(dom.entities) >= 2:
        first, second = (dom.names[e] for e, _ in dom.entities[:2])
        line = f"merge\t{first}\t{second}"
        if line not in dom.text.get("merge-lines", ""):
            problems.append(f"two ticked: merge lines {dom.text.get('merge-lines')!r}, "
                            f"want {line!r}")

    dom = browser.dom(page, "sort=variants")
    if not dom.entities or len(dom.entities[0][1]) != most_variants:
        first = dom.entities[0] if dom.entities else None
        problems.append(f"sort=variants: first entity {first}, "
                        f"most variants {most_variants}")
    return problems


def check_paging(browser, page, total):
    """Page 1 and the last page of a page with `total` (> 200) entities."""
    problems = []
    last = (total + PAGE_SIZE - 1) // PAGE_SIZE
    for fragment, want in (("", PAGE_SIZE), (f"page={last}", total - PAGE_SIZE * (last - 1))):
        dom = browser.dom(page, fragment)
        if dom.number("total") != total:
            problems.append(f"#{fragment}: total {dom.text.get('total')!r}, want {total}")
        if len(dom.entities) != want:
            problems.append(f"#{fragment}: {len(dom.entities)} entities shown, want {want}")
        if len({e for e, _ in dom.entities}) != len(dom.entities):
            problems.append(f"#{fragment}: an entity shown twice")
        page_of = f"page {last if fragment else 1} of {last}"
        if page_of not in dom.text.get("range", ""):
            problems.append(f"#{fragment}: range says {dom.text.get('range')!r}, "
                            f"want {page_of!r}")
    return problems


def data_blob(html):
    begin = html.index(DATA_OPEN) + len(DATA_OPEN)
    end = html.index("</script>", begin)
    return begin, end, json.loads(html[begin:end])


def bigger_page(html, total):
    """The page with its entities repeated (new ids) up to `total`."""
    begin, end, blob = data_blob(html)
    entities = blob["entities"]
    blob["entities"] = [dict(entities[i % len(entities)], id=f"copy-{i}")
                        for i in range(total)]
    text = json.dumps(blob, ensure_ascii=False)
    text = text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
    return html[:begin] + text + html[end:]


def without_script(html):
    """The page without its own script element (the last <script>)."""
    begin = html.rindex("<script>")
    end = html.index("</script>", begin) + len("</script>")
    return html[:begin] + html[end:]


def corrupted_blob(html):
    begin, _, _ = data_blob(html)
    return html[:begin] + "{\"entities\":[," + html[begin + 1:]


def check_png(png):
    data = png.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        fail(f"{png} is not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    if (width, height) != (1280, 1600):
        fail(f"{png} is {width}x{height}, not 1280x1600")
    if len(data) < 20_000:
        fail(f"{png} has only {len(data)} bytes: an empty page?")


def main():
    kiji, samples, seeds, artifacts = sys.argv[1:5]
    samples, seeds, artifacts = Path(samples), Path(seeds), Path(artifacts)
    if not Path(CHROMIUM).exists():
        fail(f"{CHROMIUM} is missing: scripts/setup.sh installs Debian's chromium")
    if not seeds.is_dir():
        fail(f"the seed articles are missing: {seeds} (../shared/corpus/seeds "
             "beside the source folder)")
    tmp = Path(tempfile.mkdtemp(prefix="kiji_review_browser_"))
    try:
        store = tmp / "corpus.db"
        run([kiji, "ingest", samples.resolve(), seeds.resolve(), "--out", tmp / "out",
             "--store", store, "--quiet"])
        names = run([kiji, "names", "--json", "--store", store]).stdout
        registry = [json.loads(line) for line in names.splitlines() if line]
        persons = [e for e in registry if e["type"] == "PERSON"]
        cluster = max(persons, key=lambda e: (len(e["variants"]), e["entity_id"]))
        if len(cluster["variants"]) < 2:
            fail(f"no PERSON entity with several spellings merged: {cluster}")
        most_variants = max(len(e["variants"]) for e in registry)
        page = tmp / "review.html"
        run([kiji, "review", "--store", store, "--out", page])
        print(f"{len(registry)} entities; cluster {cluster['entity_id']} "
              f"{cluster['canonical']}: {[v['text'] for v in cluster['variants']]}")

        browser = Browser(tmp)
        problems = check_page(browser, page, len(registry), cluster, most_variants)
        html = page.read_text(encoding="utf-8")
        big = tmp / "big.html"
        big.write_text(bigger_page(html, 250), encoding="utf-8")
        problems += check_paging(browser, big, 250)
        if problems:
            fail("the page failed its checks:\n  " + "\n  ".join(problems))

        artifacts.mkdir(parents=True, exist_ok=True)
        png = artifacts / "review.png"
        png.unlink(missing_ok=True)
        browser.screenshot(page, "q=" + urllib.parse.quote(cluster["canonical"], safe=""),
                           png)
        check_png(png)
        print(f"screenshot: {png}")

        # The checks can fail: broken copies of the page must not pass them.
        for name, broken in (("no-script", without_script(html)),
                             ("bad-data", corrupted_blob(html))):
            copy = tmp / f"{name}.html"
            copy.write_text(broken, encoding="utf-8")
            found = check_page(browser, copy, len(registry), cluster, most_variants)
            if not found:
                fail(f"the checks pass on the broken page {name}: they test nothing")
            print(f"self-check: {name} page fails as it should ({len(found)} problems)")
        print(f"review browser test passed ({browser.runs} browser runs)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
