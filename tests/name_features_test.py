"""kiji_name_features, the names model's training input (NameFeaturesTest):
one output line per input sentence with its id, one feature list per token,
token and rule spans in code points of the text, and the rules' candidates
among the features; a line that is not a JSON object with a "text" stops it
with the line number.

usage: name_features_test.py KIJI_NAME_FEATURES DATA_DIR
"""

import json
import subprocess
import sys

TOOL, DATA = sys.argv[1:3]

SENTENCES = [
    {"id": "a", "text": "安倍晋三首相は3日、官邸で記者団の質問に答えた。"},
    # Full-width Latin: NFKC changes the text, the spans stay on the input.
    {"id": "b", "text": "ＮＴＴドコモは１６日、新料金プランを発表した。"},
    {"id": "c", "text": ""},
]


def main():
    r = subprocess.run([TOOL, DATA],
                       input="".join(json.dumps(s, ensure_ascii=False) + "\n"
                                     for s in SENTENCES),
                       capture_output=True, text=True, check=True)
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c"], out
    for s, o in zip(SENTENCES, out):
        text = s["text"]
        assert len(o["tokens"]) == len(o["features"]), o["id"]
        last = 0
        for (start, end), feats in zip(o["tokens"], o["features"]):
            assert last <= start < end <= len(text), (o["id"], start, end)
            last = end
            assert "bias" in feats and any(f.startswith("w0=") for f in feats)
        if text:  # the last token is the final 。, at the end of the text
            assert last == len(text), (o["id"], last, len(text))
        for rule in o["rules"]:
            assert 0 <= rule["start"] < rule["end"] <= len(text), rule
            assert rule["type"] in ("PERSON", "COMPANY", "ORG", "PRODUCT")
    assert out[2]["tokens"] == [] and out[2]["rules"] == []

    # The rule's person is a feature of its tokens: B- on the first, I- after.
    a = out[0]
    text = SENTENCES[0]["text"]
    person = [r for r in a["rules"] if r["type"] == "PERSON"]
    assert [text[r["start"]:r["end"]] for r in person] == ["安倍晋三"], a["rules"]
    inside = [i for i, (s, e) in enumerate(a["tokens"])
              if person[0]["start"] <= s and e <= person[0]["end"]]
    assert len(inside) >= 2, a["tokens"]
    assert "R0=B-PERSON" in a["features"][inside[0]]
    assert "RS0=" + person[0]["source"] in a["features"][inside[0]]
    assert all("R0=I-PERSON" in a["features"][i] for i in inside[1:])
    assert "w0=安倍" in a["features"][inside[0]]
    # Spans are on the input text, which NFKC changed: the first token of
    # sentence b starts at 0 and its surface there is full-width.
    b = out[1]
    start, end = b["tokens"][0]
    assert start == 0 and SENTENCES[1]["text"][start:end].startswith("ＮＴＴ"), b

    bad = subprocess.run([TOOL, DATA], input='{"text": "a"}\n[1, 2]\n',
                         capture_output=True, text=True)
    assert bad.returncode == 1, bad
    assert "line 2" in bad.stderr, bad.stderr
    print("ok")


if __name__ == "__main__":
    main()
