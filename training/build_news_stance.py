"""Build the news stance dev set from its two annotation passes and the adjudication (data/news_stance).

Inputs, all under ``data/news_stance/annotation/``:

* ``pass_a_dev.jsonl``: the first pass over every dev article;
* ``pass_b_dev.jsonl``: the blind second pass over 14 of them;
* ``adjudication.jsonl``: one decision per disagreement between the passes (a label both
  passes gave differently, or a triple only one pass has): keep (with the final label, holder
  and target), relabel, or drop;
* ``harmonise.jsonl``: changes of holder or target in pass A to apply decisions D1 and D2 of
  ``docs/news_stance_guidelines.md`` (named spokespeople hold for their principal; "the White
  House" in domestic politics is the sitting president), or drops where a change would
  duplicate a triple.

The dev set is pass A, except in the doubly annotated articles, where it is the triples both
passes agree on plus the adjudicated ones; then the harmonisation is applied. Every output
record is checked against its article (``--data``, the shared data folder). Writes
``data/news_stance/dev.jsonl`` and prints its counts.

Usage (from the repository root):
    .venv/bin/python training/build_news_stance.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from stance.evaluation.loaders import load_news_stance, news_stance_texts  # noqa: E402

CORPUS = REPO_ROOT / "data" / "news_stance"
ANNOTATION = CORPUS / "annotation"


def read(name: str) -> list[dict]:
    return [json.loads(line) for line in (ANNOTATION / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def key(record: dict, holder: str = "holder", target: str = "target") -> tuple:
    return record["doc"], record["start"], record[holder], record[target]


def build() -> list[dict]:
    """The adjudicated, harmonised dev triples, sorted by article, sentence, holder and target."""
    first, second = read("pass_a_dev.jsonl"), read("pass_b_dev.jsonl")
    double = {r["doc"] for r in second}
    by_key = {key(r): r for r in first + second}  # a triple both passes have is taken from pass A (read last wins: A after B)
    by_key.update({key(r): r for r in first})
    agreed = {key(r) for r in first if r["doc"] in double} & {key(r) for r in second}
    triples = {k: by_key[k] for k in agreed}
    triples.update({key(r): r for r in first if r["doc"] not in double})
    for decision in read("adjudication.jsonl"):
        triples.pop(key(decision), None)
        if decision["decision"] != "drop":
            source = by_key[key(decision)]
            final = {**source, "holder": decision["final_holder"], "target": decision["final_target"], "label": decision["label"], "evidence": decision["evidence"]}
            if key(final) in triples:
                raise ValueError(f"adjudication duplicates {key(final)}")
            triples[key(final)] = final
    for change in read("harmonise.jsonl"):
        record = triples.pop(key(change), None)
        if record is None and (change.get("drop") or key(change, "new_holder", "new_target") in triples):
            continue  # the adjudication of a doubly annotated article made the same change
        if record is None:
            raise ValueError(f"harmonise.jsonl names a triple that is not in the dev set: {key(change)}")
        if not change.get("drop"):
            record = {**record, "holder": change["new_holder"], "target": change["new_target"]}
            if key(record) in triples:
                raise ValueError(f"harmonising {key(change)} duplicates {key(record)}")
            triples[key(record)] = record
    fields = ("doc", "start", "end", "sentence", "holder", "target", "label", "evidence", "mention")
    return [{f: triples[k][f] for f in fields} for k in sorted(triples)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "data", help="the shared data folder (default: %(default)s)")
    args = parser.parse_args(argv)
    out = CORPUS / "dev.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in build()), encoding="utf-8")
    texts = news_stance_texts(args.data)
    for split in ("dev", "train"):
        rows = load_news_stance(CORPUS / f"{split}.jsonl", texts=texts)
        print(f"{split}: {len(rows)} triples, {rows['doc'].nunique()} articles with triples, {rows['target'].nunique()} targets, "
              f"{(rows['holder'] != 'author').mean():.0%} held by someone other than the author; labels {dict(Counter(rows['label']))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
