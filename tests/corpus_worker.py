"""A corpus run in its own process, for the tests that kill it (tests/test_corpus.py).

Usage: python tests/corpus_worker.py OUT.duckdb N_DOCUMENTS BATCH_SIZE [hostile]

It analyses a generated corpus with the parse rules and a small lexical scorer (no model
weights, so that a process starts quickly), targets Russia and Ukraine. ``hostile`` mixes in
bad records: lone surrogates (in the text, the metadata and the id), empty and blank texts,
texts that are not strings, items that are not records, duplicate ids and one large document.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stance.scoring.base import HEADS  # noqa: E402

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


def hostile_corpus(n: int) -> list:
    """:func:`corpus` with bad records among the good ones (see the module docstring)."""
    records: list = corpus(n)
    large = " ".join(f"Putin {WORDS[k % len(WORDS)]} Ukraine in paragraph {k}, officials in Kyiv said." + ("\n\n" if k % 5 == 4 else "") for k in range(2500))
    bad = [
        {"id": "surrogate-text", "text": "Russia said \ud800 no. Putin praised Ukraine.", "outlet": "wire"},
        {"id": "surrogate-meta", "text": "Zelensky condemned Russia.", "outlet": "bad \udfff outlet"},
        {"id": "bad-\ud83d-id", "text": "Putin met Ukraine's envoy."},
        {"id": "empty", "text": ""},
        {"id": "blank", "text": " \n\t\u200b "},
        {"id": "number", "text": 12345},
        987,
        {"id": "a0003", "text": "A duplicate of an id stored earlier."},
        {"id": "a0016", "text": "A duplicate of an id that failed earlier."},
        {"id": "large", "text": large},
        {"id": "surrogate-text", "text": "A duplicate of a repaired record."},
    ]
    step = max(1, n // len(bad))
    for k, item in enumerate(bad):
        records.insert(min(len(records), 5 + k * step), item)
    return records


def analyzer():
    import stance

    return stance.Analyzer(attribution_model=None, scorer=LexiconScorer(), targets=["Russia", "Ukraine"])


def main() -> None:
    from stance.corpus import analyze_corpus

    out, n, batch_size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    records = hostile_corpus(n) if sys.argv[4:] == ["hostile"] else corpus(n)
    summary = analyze_corpus(records, out, analyzer=analyzer(), batch_size=batch_size, progress=False)
    print(summary, flush=True)


if __name__ == "__main__":
    main()
