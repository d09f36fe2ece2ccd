"""Choose the whole articles of the news stance corpus's second train supplement (data/news_stance/train_more.jsonl).

Draws ``--per-outlet`` PolNeAR training articles of each outlet (seed ``--seed``) among those the corpus has not
labelled in any part (neither the train split nor the foreign-affairs supplement; an article whose text repeats a
labelled or already chosen one's is skipped), and lists every headline, subheading and body sentence of each, as
``stance.segment`` splits it. Every listed sentence was then read and labelled to the guidelines: its triples, or
``"none": true`` when it names no target (T2); the data card says how.

Usage (from the repository root):
    .venv/bin/python training/select_more_articles.py OUT.json [--per-outlet 16] [--seed 17] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import stance  # noqa: E402
from stance.evaluation.loaders import news_stance_texts  # noqa: E402

#: The kinds of sentence the guidelines label (T2).
LABELLED_KINDS = ("headline", "subheading", "body")


def select(data: Path, per_outlet: int, seed: int) -> list[dict]:
    """The chosen articles: ``{"doc", "sentences": [{"start", "end", "kind", "sentence"}]}``, by outlet, in drawing order."""
    texts = news_stance_texts(data)
    labelled = json.loads((REPO_ROOT / "data" / "news_stance" / "annotation" / "articles.json").read_text())
    done = {doc for split in ("train", "train_world") for doc in labelled[split]}
    seen = {hashlib.sha1(texts[doc].encode()).hexdigest() for doc in done if doc in texts}
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for doc in sorted(d for d in texts if d.startswith("polnear_train/") and d not in done):
        by_outlet[doc.split("/", 1)[1].split("_", 1)[0]].append(doc)
    rng = random.Random(seed)
    chosen = []
    for outlet in sorted(by_outlet):
        docs = by_outlet[outlet]
        rng.shuffle(docs)
        taken = 0
        for doc in docs:
            digest = hashlib.sha1(texts[doc].encode()).hexdigest()
            if taken == per_outlet or digest in seen:
                continue
            seen.add(digest)
            taken += 1
            sentences = [{"start": s.start, "end": s.end, "kind": s.kind, "sentence": s.text}
                         for s in stance.segment(texts[doc]).sentences if s.kind in LABELLED_KINDS]
            chosen.append({"doc": doc, "sentences": sentences})
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the JSON file to write")
    parser.add_argument("--per-outlet", type=int, default=16, help="articles drawn of each outlet (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=17, help="the drawing's seed (default: %(default)s)")
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "data", help="the shared data folder (default: %(default)s)")
    args = parser.parse_args(argv)
    chosen = select(args.data, args.per_outlet, args.seed)
    args.out.write_text(json.dumps(chosen, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(chosen)} articles, {sum(len(c['sentences']) for c in chosen)} sentences -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
