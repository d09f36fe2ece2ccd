"""Agreement between the two annotation passes of the news stance dev set (data/news_stance/annotation).

On the 14 doubly annotated articles (the second pass blind to the first) it prints: the
(sentence, target) pairs each pass marked and their F1 (do they see the same targets), the
share of sentences with the same holders, and on the triples both passes have (same sentence,
holder and target) Cohen's kappa and Krippendorff's alpha of the labels, with the confusion
of the two passes and a 95% bootstrap interval for kappa over articles. Names are compared
case-folded, without a leading "the".

Usage (from the repository root):
    .venv/bin/python eval/news_stance_agreement.py [--set dev|world|more]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from stance.evaluation.metrics import bootstrap_ci, cohen_kappa, confusion, krippendorff_alpha  # noqa: E402

ANNOTATION = REPO_ROOT / "data" / "news_stance" / "annotation"
LABELS = ("against", "neutral", "favor")


def name(value: str) -> str:
    folded = value.strip().casefold()
    return folded[4:] if folded.startswith("the ") else folded


def read(file: str) -> tuple[pd.DataFrame, set]:
    """A pass's triples, with case-folded names, and the sentences it read ((doc, start), those without a triple included)."""
    rows = [json.loads(line) for line in (ANNOTATION / file).read_text(encoding="utf-8").splitlines() if line.strip()]
    read_sentences = {(r["doc"], r["start"]) for r in rows}
    frame = pd.DataFrame([r for r in rows if not r.get("none")])
    return frame.assign(holder_key=frame["holder"].map(name), target_key=frame["target"].map(name)), read_sentences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("dev", "world", "more"), default="dev",
                        help="dev: the 14 doubly annotated dev articles; world: the foreign-affairs train sentences; more: the whole further train articles")
    args = parser.parse_args(argv)
    second, sentences_b = read(f"pass_b_{args.set}.jsonl")
    first, _ = read(f"pass_a_{args.set}.jsonl")
    if args.set in ("dev", "more"):  # doubly annotated by article
        first = first[first["doc"].isin(set(second["doc"]))]
    else:  # by sentence
        first = first[[(d, s) in sentences_b for d, s in zip(first["doc"], first["start"])]]
    keys = ["doc", "start", "holder_key", "target_key"]
    both = first.merge(second, on=keys, suffixes=("_a", "_b"))
    print(f"Doubly annotated: {first['doc'].nunique()} articles, {len(sentences_b)} sentences; pass A {len(first)} triples, pass B {len(second)}, both {len(both)}")
    pairs_a, pairs_b = (set(zip(f["doc"], f["start"], f["target_key"])) for f in (first, second))
    shared = len(pairs_a & pairs_b)
    print(f"Target mentions, (sentence, target) pairs: A {len(pairs_a)}, B {len(pairs_b)}, both {shared}, F1 {2 * shared / (len(pairs_a) + len(pairs_b)):.3f}")
    holders_a, holders_b = (f.groupby(["doc", "start"])["holder_key"].agg(frozenset) for f in (first, second))
    common = holders_a.index.intersection(holders_b.index)
    print(f"Holders: {len(common)} sentences labelled by both; same holders in {np.mean(holders_a[common] == holders_b[common]):.3f}")
    a, b = both["label_a"].to_numpy(), both["label_b"].to_numpy()
    docs = both["doc"].drop_duplicates().to_numpy()
    by_doc = {doc: frame for doc, frame in both.groupby("doc")}

    def kappa(sample: np.ndarray) -> float:
        frame = pd.concat([by_doc[d] for d in sample])
        return cohen_kappa(frame["label_a"], frame["label_b"], labels=LABELS)

    value, low, high = bootstrap_ci(kappa, docs, n_resamples=1000, seed=0)
    print(f"Labels on the {len(both)} shared triples: raw agreement {np.mean(a == b):.3f}, Cohen's kappa {value:.3f} [{low:.3f}, {high:.3f}] "
          f"(95% bootstrap over articles), Krippendorff's alpha {krippendorff_alpha(np.array([a, b], dtype=object)):.3f}")
    print("Pass A (rows) by pass B (columns):")
    print(confusion(a, b, labels=LABELS).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
