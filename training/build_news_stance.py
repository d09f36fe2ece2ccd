"""Build the news stance dev set and the two train supplements from their annotation passes and adjudications (data/news_stance).

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

and, for the foreign-affairs supplement of the train split (sentences of further PolNeAR training articles that
name a foreign state or bloc, chosen by ``training/select_world_sentences.py``):

* ``pass_a_world.jsonl``: the first pass over every chosen sentence (a ``"none": true`` record for a sentence
  with no triple);
* ``pass_b_world.jsonl``: the blind second pass over some of them;
* ``adjudication_world.jsonl``: the decisions on their disagreements, as above.

and, for the second train supplement (whole further PolNeAR training articles, chosen by
``training/select_more_articles.py``), ``pass_a_more.jsonl``, ``pass_b_more.jsonl`` (whole articles) and
``adjudication_more.jsonl``, alike.

The dev set is pass A, except in the doubly annotated articles, where it is the triples both
passes agree on plus the adjudicated ones; then the harmonisation is applied. The supplements are
built alike, the first doubly annotated by sentence, the second by article. Every output record is checked against
its article (``--data``, the shared data folder). Writes ``data/news_stance/dev.jsonl``,
``data/news_stance/train_world.jsonl`` and ``data/news_stance/train_more.jsonl`` and prints the counts of every split.

Usage (from the repository root):
    .venv/bin/python training/build_news_stance.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Callable

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from stance.evaluation.loaders import load_news_stance, news_stance_texts  # noqa: E402

CORPUS = REPO_ROOT / "data" / "news_stance"
ANNOTATION = CORPUS / "annotation"
#: A triple's fields in the corpus files.
FIELDS = ("doc", "start", "end", "sentence", "holder", "target", "label", "evidence", "mention")


def read(name: str) -> list[dict]:
    return [json.loads(line) for line in (ANNOTATION / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def key(record: dict, holder: str = "holder", target: str = "target") -> tuple:
    return record["doc"], record["start"], record[holder], record[target]


def adjudicated(first: list[dict], second: list[dict], decisions: list[dict], unit: Callable[[dict], Any]) -> dict[tuple, dict]:
    """The triples of the first pass, except in the units (articles or sentences, as ``unit`` says) the second pass
    labelled too: there the triples both passes agree on, and those the adjudication keeps or relabels.

    A record with ``"none": true`` says that its sentence was read and has no triple.
    """
    double = {unit(r) for r in second}
    first, second = ([r for r in records if not r.get("none")] for records in (first, second))
    by_key = {key(r): r for r in second}
    by_key.update({key(r): r for r in first})  # a triple both passes have is taken from the first
    agreed = {key(r) for r in first if unit(r) in double} & {key(r) for r in second}
    triples = {k: by_key[k] for k in agreed}
    triples.update({key(r): r for r in first if unit(r) not in double})
    for decision in decisions:
        triples.pop(key(decision), None)
        if decision["decision"] != "drop":
            source = by_key[key(decision)]
            final = {**source, "holder": decision["final_holder"], "target": decision["final_target"], "label": decision["label"], "evidence": decision["evidence"]}
            if key(final) in triples:
                raise ValueError(f"adjudication duplicates {key(final)}")
            triples[key(final)] = final
    return triples


def build_dev() -> list[dict]:
    """The adjudicated, harmonised dev triples (doubly annotated by article), sorted by article, sentence, holder and target."""
    triples = adjudicated(read("pass_a_dev.jsonl"), read("pass_b_dev.jsonl"), read("adjudication.jsonl"), unit=lambda r: r["doc"])
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
    return records(triples)


def build_world() -> list[dict]:
    """The adjudicated foreign-affairs train triples (doubly annotated by sentence), sorted as :func:`build_dev`'s."""
    return records(adjudicated(read("pass_a_world.jsonl"), read("pass_b_world.jsonl"), read("adjudication_world.jsonl"), unit=lambda r: (r["doc"], r["start"])))


def build_more() -> list[dict]:
    """The adjudicated triples of the whole further train articles (doubly annotated by article), sorted as :func:`build_dev`'s."""
    return records(adjudicated(read("pass_a_more.jsonl"), read("pass_b_more.jsonl"), read("adjudication_more.jsonl"), unit=lambda r: r["doc"]))


#: The files this script writes, with the function that builds each.
BUILT = {"dev.jsonl": build_dev, "train_world.jsonl": build_world, "train_more.jsonl": build_more}


def records(triples: dict[tuple, dict]) -> list[dict]:
    """The triples' records with the corpus's fields, sorted by key."""
    return [{f: triples[k][f] for f in FIELDS} for k in sorted(triples)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "data", help="the shared data folder (default: %(default)s)")
    args = parser.parse_args(argv)
    for name, build in BUILT.items():
        (CORPUS / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in build()), encoding="utf-8")
    texts = news_stance_texts(args.data)
    for split in ("dev", "train", "train_world", "train_more"):
        rows = load_news_stance(CORPUS / f"{split}.jsonl", texts=texts)
        print(f"{split}: {len(rows)} triples, {rows['doc'].nunique()} articles with triples, {rows['target'].nunique()} targets, "
              f"{(rows['holder'] != 'author').mean():.0%} held by someone other than the author; labels {dict(Counter(rows['label']))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
