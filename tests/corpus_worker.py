"""A corpus run in its own process, for the tests that kill it (tests/test_corpus.py).

Usage: python tests/corpus_worker.py OUT.duckdb N_DOCUMENTS BATCH_SIZE

It analyses a generated corpus with the parse rules and a small lexical scorer (no model
weights, so that a process starts quickly), targets Russia and Ukraine.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stance.scoring_model import HEADS  # noqa: E402

WORDS = ("praised", "condemned", "met", "warned", "welcomed")


class LexiconScorer:
    """Favor for "praised"/"welcomed", against for "condemned"/"warned", else neutral; every head."""

    tasks = ("stance", "sentiment", "tone")

    def __repr__(self) -> str:
        return "LexiconScorer()"

    def predict(self, pairs, tasks=None, batch_size=64):
        results = []
        for pair in pairs:
            if any(w in pair.text for w in ("praised", "welcomed")):
                probabilities = (0.1, 0.2, 0.7)
            elif any(w in pair.text for w in ("condemned", "warned")):
                probabilities = (0.7, 0.2, 0.1)
            else:
                probabilities = (0.2, 0.6, 0.2)
            results.append({task: dict(zip(HEADS[task], probabilities)) for task in tasks or self.tasks})
        return results


def corpus(n: int) -> list[dict]:
    """``n`` short articles with ids, dates and outlets; every 17th has no text (an error row)."""
    records = []
    for k in range(n):
        word = WORDS[k % len(WORDS)]
        text = (
            f"MOSCOW (Wire) - Putin {word} Ukraine on Monday, officials said.\n\n"
            f'"Russia will not stop," Lavrov said. Zelensky {WORDS[(k + 2) % len(WORDS)]} the West in article {k}.'
        )
        records.append({"id": f"a{k:04d}", "text": None if k % 17 == 16 else text, "date": f"2022-{k % 12 + 1:02d}-01", "outlet": f"outlet{k % 3}"})
    return records


def analyzer():
    import stance

    return stance.Analyzer(attribution_model=None, scorer=LexiconScorer(), targets=["Russia", "Ukraine"])


def main() -> None:
    from stance.corpus import analyze_corpus

    out, n, batch_size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    summary = analyze_corpus(corpus(n), out, analyzer=analyzer(), batch_size=batch_size, progress=False)
    print(summary, flush=True)


if __name__ == "__main__":
    main()
