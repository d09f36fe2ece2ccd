"""Holders in real news: how often the Analyzer's holders are actors, and which attribution methods are right.

Runs the attribution stage (no scoring model) over the articles of the news stance corpus
(``data/news_stance/dev.jsonl`` by default) with their dates, and prints:

* the share of the holders of the articles' headline, subheading and body sentences that are
  **not actors**: not the author, not a registry or named-entity actor (person, organisation,
  state, government, bloc, media, group) and not a description headed by a word for people or
  institutions ("critics", "tax experts"), i.e. pronouns, relative pronouns, quantifiers,
  numbers and common nouns ("who", "One", "some", "comments", "email"), with the commonest;
* for the annotated sentences, the holder accuracy by attribution method (as
  ``eval/news_stance.py`` counts its ``sentence holder accuracy``: the sentence's holder is one of
  its annotated holders; the per-triple ``holder accuracy`` needs the scored pairs, see that script).

Usage (from the repository root):
    .venv/bin/python eval/holders.py [--split dev] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "eval"))

from data_folder import add_data_argument, data_missing  # noqa: E402

import stance  # noqa: E402
from stance.attribution.rules import PRONOUNS, QUANTIFIERS, RELATIVE_PRONOUNS, UNNAMED, is_holder_noun  # noqa: E402
from stance.evaluation.loaders import load_news_stance, news_stance_dates, news_stance_texts  # noqa: E402
from stance.evaluation.news_stance import LABELLED_KINDS, _analyse, _best_sentence, _holder_key  # noqa: E402
from stance.records import AUTHOR, holder_of  # noqa: E402

CORPUS = REPO_ROOT / "data" / "news_stance"
ACTOR_TYPES = ("person", "organisation", "country", "government", "bloc", "media", "group", "party")


def is_actor(name: str, actor_type: str | None) -> bool:
    """True when a holder names an actor (see the module docstring)."""
    if name in (AUTHOR, UNNAMED) or actor_type in ACTOR_TYPES:
        return True
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", name)
    if not words or name.lower() in PRONOUNS or name.lower() in RELATIVE_PRONOUNS or name.lower() in QUANTIFIERS:
        return False
    if any(word[0].isupper() for word in words) and name.lower() not in {"one", "some", "two", "three", "hundreds", "thousands"}:
        return True
    return any(is_holder_noun(word) for word in words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_argument(parser)
    parser.add_argument("--split", default="dev", help="which file of data/news_stance to read (default: dev)")
    args = parser.parse_args(argv)
    if data_missing(args.data):
        return 2
    texts, dates = news_stance_texts(args.data), news_stance_dates(args.data)
    rows = load_news_stance(CORPUS / f"{args.split}.jsonl", texts=texts)
    documents = _analyse(stance.Analyzer(scorer=None), rows, texts, dates)  # as eval/news_stance.py analyses them

    holders = [s.attribution for d in documents.values() for s in d.sentences if s.kind in LABELLED_KINDS and s.attribution is not None]
    named = [a for a in holders if a.actor not in (None, AUTHOR)]
    junk = collections.Counter(a.actor for a in named if not is_actor(a.actor, a.actor_type))
    print(f"News stance {args.split}: {len(documents)} articles, {len(holders)} attributed sentences, {len(named)} with a holder other than the author")
    print(f"holders that are not actors: {sum(junk.values())} of {len(holders)} sentences = {100 * sum(junk.values()) / max(len(holders), 1):.2f}%"
          f" ({100 * sum(junk.values()) / max(len(named), 1):.2f}% of the non-author holders)")
    print("commonest:", ", ".join(f"{name!r} {n}" for name, n in junk.most_common(15)) or "none")

    by_method: dict[str, list[bool]] = collections.defaultdict(list)
    for doc, gold in rows.groupby("doc", sort=False):
        names: dict[tuple[int, int], set[str]] = {}
        for start, end, holder in zip(gold["start"], gold["end"], gold["holder"]):
            names.setdefault((start, end), set()).add(_holder_key(holder))
        for (start, end), gold_names in names.items():
            sentence = _best_sentence(documents[doc], start, end)
            method = sentence.attribution.method if sentence.attribution is not None else f"({sentence.kind})"
            by_method[method].append(_holder_key(holder_of(sentence)) in gold_names)
    total = [ok for oks in by_method.values() for ok in oks]
    print(f"\nsentence holder accuracy on {len(total)} annotated sentences: {100 * sum(total) / len(total):.1f}%")
    print(f"{'method':<14}{'sentences':>10}{'accuracy %':>12}")
    for method, oks in sorted(by_method.items(), key=lambda item: -len(item[1])):
        print(f"{method:<14}{len(oks):>10}{100 * sum(oks) / len(oks):>12.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
