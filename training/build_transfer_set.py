"""Build the holder-aware transfer set: the pairs the Analyzer scores in unlabelled PolNeAR training articles.

Distilling the accurate preset into the fast default needs inputs like those the fast model reads in use: a news
sentence, its holder as attribution gives it and a marked target mention. This script runs the default Analyzer
(shipped attribution model and holder decision; a scorer that records its pairs instead of scoring them) over the
PolNeAR training articles the news stance corpus has not labelled in any part (nor repeated verbatim), with each
article's own targets: the registry actors it names at least ``--min-mentions`` times (people, states,
organisations, parties; not places), at most ``--max-targets`` of them, most named first. Every pair the Analyzer
sends to the scorer becomes one row: ``doc``, ``text`` (the sentence), ``holder`` (``author`` for the author),
``target``, ``target_start`` / ``target_end`` (the first marked mention, in the sentence). No labels: the rows
are for ``train_scoring.py --transfer``, which learns the teacher's answers on them (``teacher_logits.py
--transfer`` computes those once).

Usage (from the repository root):
    .venv/bin/python training/build_transfer_set.py OUT.jsonl [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import stance  # noqa: E402
from stance.actors import ActorRegistry  # noqa: E402
from stance.attribution.rules import is_actor_mention  # noqa: E402
from stance.evaluation.loaders import news_stance_dates, news_stance_texts  # noqa: E402
from stance.records import AUTHOR  # noqa: E402


class RecordingScorer:
    """A scorer that keeps every pair it is asked about and answers neutral (the answers are not used)."""

    tasks = ("stance", "sentiment", "tone")
    labels = {"stance": ("against", "neutral", "favor"), "sentiment": ("negative", "neutral", "positive"), "tone": ("negative", "neutral", "positive")}

    def __init__(self) -> None:
        self.pairs: list = []

    def predict(self, pairs: list, tasks: tuple[str, ...] = ("stance",), batch_size: int = 64) -> list[dict[str, dict[str, float]]]:
        """Record ``pairs``; every label of every task gets a flat answer."""
        if "stance" in tasks:
            self.pairs.extend(p for p in pairs if p.target)
        return [{task: {label: 1 / 3 for label in self.labels[task]} for task in tasks} for _ in pairs]


def unlabelled_articles(data: Path) -> dict[str, str]:
    """The PolNeAR training articles no part of the news stance corpus labels, without verbatim repeats, by id."""
    texts = news_stance_texts(data)
    labelled = json.loads((REPO_ROOT / "data" / "news_stance" / "annotation" / "articles.json").read_text(encoding="utf-8"))
    done = {doc for docs in labelled.values() for doc in docs}
    seen = {hashlib.sha1(texts[doc].encode()).hexdigest() for doc in done if doc in texts}
    chosen = {}
    for doc in sorted(d for d in texts if d.startswith("polnear_train/") and d not in done):
        digest = hashlib.sha1(texts[doc].encode()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            chosen[doc] = texts[doc]
    return chosen


def article_targets(document: stance.Document, registry: ActorRegistry, min_mentions: int, max_targets: int) -> list[str]:
    """The registry actors ``document`` names at least ``min_mentions`` times, most named first (ties by name)."""
    counts = Counter(m.actor for s in document.sentences for m in s.mentions if is_actor_mention(m) and m.actor in registry)
    return [actor for actor, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if n >= min_mentions][:max_targets]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    parser.add_argument("--min-mentions", type=int, default=2)
    parser.add_argument("--max-targets", type=int, default=8)
    args = parser.parse_args(argv)
    articles = unlabelled_articles(args.data)
    scorer = RecordingScorer()
    analyzer = stance.Analyzer(scorer=scorer)
    registry = analyzer.get_stage("attribution").registry
    dates = news_stance_dates(args.data)
    rows = []
    for number, (doc, text) in enumerate(articles.items(), 1):
        metadata = {"date": dates[doc]} if doc in dates else {}
        targets = article_targets(analyzer(text, id=doc, metadata=metadata), registry, args.min_mentions, args.max_targets)
        if not targets:
            continue
        scorer.pairs.clear()
        analyzer.with_targets(targets)(text, id=doc, metadata=metadata)
        for pair in scorer.pairs:
            start, end = pair.mention if pair.mention is not None else (None, None)
            rows.append({"doc": doc, "text": pair.text, "holder": pair.holder or AUTHOR, "target": pair.target, "target_start": start, "target_end": end})
        if number % 25 == 0:
            print(f"{number}/{len(articles)} articles, {len(rows)} pairs", flush=True)
    args.out.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(articles)} articles -> {len(rows)} pairs in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
