#!/usr/bin/env python3
"""Builds kiji's default gazetteer from public dictionaries.

Usage: build_gazetteer.py OUT.tsv [--ipadic DIR] [--enamdict FILE]
                           [--word-lists DIR]

Sources (both EUC-JP, read at build time; the output is derived data and is
never committed):
  * IPADIC's organisation entries, Noun.org.csv (名詞,固有名詞,組織);
  * ENAMDICT's company (c), organisation (o) and product (pr) senses, with the
    first Latin gloss of each sense as an extra surface.

Output: UTF-8 TSV, `name<TAB>TYPE<TAB>canonical<TAB>source`, `#` comments,
TYPE in COMPANY/ORG/PRODUCT. Names are NFKC-normalised. ORG vs COMPANY is
decided by the name's suffix (大学, 省, University, Ministry...), from the
word lists in data/names/ (kanji_org_suffixes.txt, latin_org_words.txt,
gazetteer_org_endings.txt, gazetteer_org_words.txt). A name that
IPADIC also lists as a common noun (名詞,一般 / サ変接続 / 形容動詞語幹) is
ambiguous in running text and is written with source "...:ambiguous"; the extractor then
asks for context before trusting it. So is an IPADIC organisation that ENAMDICT
knows only as a surname (広島, 吉田, 昭和: ENAMDICT has no company or
organisation sense for it): in news text such a word names a family or a
place far more often than the organisation (広島県, 吉田被告). Latin acronyms of up to five letters
from ENAMDICT glosses (API, ABC) are left out.

IPADIC's katakana common nouns of two or more characters that are not
already entries are written as WORD (source "ipadic"): never entities by
themselves, they let the extractor tell a word (ペーパー) from a name inside
a katakana sequence that MeCab reads as one unknown token.
"""

import argparse
import csv
import os
import re
import sys
import unicodedata

# Endings that make a name an ORG (classify): the name extractor's word
# lists, shared through data/names/ (see data/README.md), plus endings only
# the gazetteer uses.
ORG_SUFFIX_LISTS_JA = ("kanji_org_suffixes.txt", "gazetteer_org_endings.txt")
ORG_WORD_LISTS_EN = ("latin_org_words.txt", "gazetteer_org_words.txt")
COMMON_POS = ("名詞,一般", "名詞,サ変接続", "名詞,形容動詞語幹")
PAREN = re.compile(r"\s*\([^()]*\)")
SENSE_TAG = re.compile(r"^\(([a-z,]+)\)\s*")
# Latin acronyms of up to 5 letters (API, ABC) name many things: skipped.
ACRONYM = re.compile(r"[A-Z]{1,5}")
KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}")


def read_word_list(path):
    """The entries of a word list file (data/README.md): one per line, `#`
    comments, an entry with a space at either end in double quotes."""
    words = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith('"') and line.endswith('"') and len(line) >= 2:
                line = line[1:-1]
            words.append(line)
    return words


def load_org_endings(word_lists):
    """(Japanese suffixes, lower-cased English words) that make a name ORG."""
    ja, en = [], []
    for name in ORG_SUFFIX_LISTS_JA:
        ja += read_word_list(os.path.join(word_lists, name))
    for name in ORG_WORD_LISTS_EN:
        en += [w.lower() for w in read_word_list(os.path.join(word_lists, name))]
    return tuple(ja), frozenset(en)


def nfkc(s):
    return unicodedata.normalize("NFKC", s).strip()


def classify(name, default, endings):
    """ORG when the name ends like an organisation, else `default`.
    `endings`: load_org_endings()."""
    suffixes_ja, words_en = endings
    lower = name.lower()
    words = re.findall(r"[a-z]+", lower)
    if words and any(w in words_en for w in words):
        return "ORG"
    for suffix in suffixes_ja:
        if name.endswith(suffix) and (len(name) > len(suffix) or
                                      len(suffix) >= 2):
            return "ORG"
    return default


def read_eucjp_lines(path):
    with open(path, "rb") as f:
        for raw in f:
            yield raw.decode("euc_jp", errors="replace").rstrip("\r\n")


def ipadic_common_nouns(ipadic_dir):
    common = set()
    for fname in sorted(os.listdir(ipadic_dir)):
        if not fname.endswith(".csv"):
            continue
        for line in read_eucjp_lines(os.path.join(ipadic_dir, fname)):
            cols = line.split(",")
            if len(cols) < 6:
                continue
            if ",".join(cols[4:6]) in COMMON_POS:
                common.add(nfkc(cols[0]))
    return common


def ipadic_orgs(ipadic_dir):
    path = os.path.join(ipadic_dir, "Noun.org.csv")
    for line in read_eucjp_lines(path):
        row = next(csv.reader([line]))
        if len(row) < 7 or row[4:7] != ["名詞", "固有名詞", "組織"]:
            continue
        yield nfkc(row[0])


def enamdict_entries(path, endings):
    """Yields (surface, TYPE, canonical, ambiguous) for (c)/(o)/(pr) senses."""
    types = {"c": "COMPANY", "o": "ORG", "pr": "PRODUCT"}
    for line in read_eucjp_lines(path):
        m = re.match(r"^(\S+)\s+(?:\[([^\]]*)\]\s+)?/(.*)/\s*$", line)
        if not m:
            continue
        headword = nfkc(m.group(1))
        reading = nfkc(m.group(2)) if m.group(2) else ""
        current = None
        first_gloss = True
        for field in m.group(3).split("/"):
            field = field.strip()
            if not field or field.startswith("EntL"):
                continue
            tag = SENSE_TAG.match(field)
            if tag:
                tags = tag.group(1).split(",")
                current = next((types[t] for t in tags if t in types), None)
                field = field[tag.end():]
                first_gloss = True
            if current is None:
                continue
            kind = current if current != "ORG" else classify(headword, "ORG", endings)
            if current == "COMPANY":
                kind = classify(headword, "COMPANY", endings)
            yield headword, kind, headword, False
            if reading and re.fullmatch(r"[\u30a1-\u30fa\u30fc・]+", reading):
                yield reading, kind, headword, False
            if first_gloss:
                gloss = nfkc(PAREN.sub("", field))
                # Keep glosses that read like a name: capitalised, short.
                if (gloss and (gloss[0].isupper() or gloss[0].isdigit())
                        and len(gloss.split()) <= 6 and len(gloss) >= 2
                        and not ACRONYM.fullmatch(gloss)):
                    gloss_kind = classify(gloss, kind, endings) if kind != "PRODUCT" else kind
                    yield gloss, gloss_kind, headword, False
                first_gloss = False


def enamdict_surnames(path):
    """The ENAMDICT headwords with a surname sense (s) and no company or
    organisation sense (c, o) on any of their lines."""
    surnames, organisations = set(), set()
    for line in read_eucjp_lines(path):
        m = re.match(r"^(\S+)\s+(?:\[[^\]]*\]\s+)?/(.*)/\s*$", line)
        if not m:
            continue
        tags = set()
        for field in m.group(2).split("/"):
            tag = SENSE_TAG.match(field.strip())
            if tag:
                tags.update(tag.group(1).split(","))
        headword = nfkc(m.group(1))
        if "s" in tags:
            surnames.add(headword)
        if tags & {"c", "o"}:
            organisations.add(headword)
    return surnames - organisations


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--ipadic", default="/usr/share/mecab/dic/ipadic")
    ap.add_argument("--enamdict", default="/usr/share/edict/enamdict")
    ap.add_argument("--word-lists",
                    default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                         "..", "data", "names"),
                    help="folder of the name extractor's word lists")
    args = ap.parse_args()

    endings = load_org_endings(args.word_lists)

    for p in (os.path.join(args.ipadic, "Noun.org.csv"), args.enamdict):
        if not os.path.exists(p):
            sys.exit(f"build_gazetteer: missing source {p}")
    for name in ORG_SUFFIX_LISTS_JA + ORG_WORD_LISTS_EN:
        p = os.path.join(args.word_lists, name)
        if not os.path.exists(p):
            sys.exit(f"build_gazetteer: missing word list {p}")

    common = ipadic_common_nouns(args.ipadic)
    surnames = enamdict_surnames(args.enamdict)
    rows = {}  # name -> (TYPE, canonical, source, ambiguous); first wins
    for name in ipadic_orgs(args.ipadic):
        if len(name) < 2:
            continue
        rows.setdefault(name, (classify(name, "COMPANY", endings), name, "ipadic",
                               name in common or name in surnames))
    for name, kind, canonical, plain in enamdict_entries(args.enamdict, endings):
        if len(name) < 2:
            continue
        rows.setdefault(name, (kind, canonical, "enamdict",
                               plain or name in common))

    words = sorted(w for w in common
                   if KATAKANA_WORD.fullmatch(w) and w not in rows)
    for w in words:
        rows[w] = ("WORD", w, "ipadic", False)

    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        out.write("# kiji gazetteer, generated by scripts/build_gazetteer.py\n")
        out.write(f"# sources: IPADIC {args.ipadic}/Noun.org.csv (名詞,固有名詞,組織); "
                  f"ENAMDICT {args.enamdict} (c)/(o)/(pr) senses; "
                  f"IPADIC katakana common nouns as WORD\n")
        out.write("# name\tTYPE\tcanonical\tsource\n")
        for name in sorted(rows):
            kind, canonical, source, ambiguous = rows[name]
            if "\t" in name or "\t" in canonical:
                continue
            if ambiguous:
                source += ":ambiguous"
            out.write(f"{name}\t{kind}\t{canonical}\t{source}\n")
    os.replace(tmp, args.out)
    print(f"build_gazetteer: {len(rows)} names -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
