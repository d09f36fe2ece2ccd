"""Train the holder decision (stance/attribution/holder_decision.json) on the news stance corpus.

    .venv/bin/python training/holder_decision.py [--data ../shared/data] [--out stance/attribution/holder_decision.json]

Every article of the training files (train, train_more, train_world) is analysed by the shipped
Analyzer with the rules' own decision (no scorer); each sentence whose source only the attribution
model found (the sources the decision judges, ``stance.attribution.rules.DECIDED_METHODS``) gives
the features of :func:`stance.attribution.decision.holder_features` and a label from its annotated
triples: 1 when most of them name a holder other than the author. A logistic regression
(scikit-learn, L2, threshold 0.5) is fitted on these; its regularisation is chosen on dev, by the
share of dev triples whose sentence gets the annotated decision. The figures are printed and stored
in the JSON beside the weights. Deterministic: the same data and code give the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import stance  # noqa: E402
from stance.attribution.decision import DECISION_PATH, HolderDecision, holder_features  # noqa: E402
from stance.evaluation.loaders import load_news_stance, news_stance_dates, news_stance_texts  # noqa: E402
from stance.evaluation.news_stance import _best_sentence, _holder_key  # noqa: E402

TRAIN_FILES = ("train", "train_more", "train_world")
C_GRID = (0.03, 0.1, 0.3, 1.0)
THRESHOLD = 0.5
MIN_COUNT = 2  # features seen fewer times in training get no weight


class _Recorder:
    """A holder decision that keeps the rules' answer and records the features of every finding."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, int], tuple[dict[str, float], bool]] = {}

    def __call__(self, finding: Any, parsed: Any, sentence: Any, document: Any) -> bool:
        self.rows[(document.id, sentence.index)] = (holder_features(finding, parsed, sentence, document), finding.holds)
        return finding.holds


def examples(name: str, analyzer: stance.Analyzer, recorder: _Recorder, texts: dict[str, str], dates: dict[str, str]) -> list[dict[str, Any]]:
    """One example per sentence of ``name``.jsonl that has annotated triples and a source the decision judges
    (``analyzer`` runs with ``recorder`` as its holder decision)."""
    rows = load_news_stance(ROOT / "data" / "news_stance" / f"{name}.jsonl", texts=texts)
    recorder.rows.clear()
    ids = list(dict.fromkeys(rows["doc"]))
    records = ({"id": doc, "text": texts[doc], **({"date": dates[doc]} if doc in dates else {})} for doc in ids)
    documents = {d.id: d for d in analyzer.pipe(records, on_error="raise")}
    labels: dict[tuple[str, int], list[bool]] = {}
    for row in rows.itertuples():
        sentence = _best_sentence(documents[row.doc], row.start, row.end)
        if sentence is not None:
            labels.setdefault((row.doc, sentence.index), []).append(_holder_key(row.holder) != "author")
    found = []
    for key, (features, rule) in sorted(recorder.rows.items()):
        if key in labels:
            votes = labels[key]
            found.append({"features": features, "rule": rule, "label": 2 * sum(votes) >= len(votes), "triples": len(votes)})
    print(f"{name}: {len(found)} sentences with a source and annotated triples ({sum(e['triples'] for e in found)} triples)", flush=True)
    return found


def triple_accuracy(decided: np.ndarray, found: list[dict[str, Any]]) -> float:
    """The share of triples whose sentence gets the annotated decision."""
    weights = np.array([e["triples"] for e in found])
    right = decided == np.array([e["label"] for e in found])
    return float((right * weights).sum() / weights.sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=DECISION_PATH)
    args = parser.parse_args()
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    texts, dates = news_stance_texts(args.data), news_stance_dates(args.data)  # read once for the four files
    recorder = _Recorder()
    analyzer = stance.Analyzer(scorer=None, holder_decision=recorder)  # loaded once for the four files
    train = [e for name in TRAIN_FILES for e in examples(name, analyzer, recorder, texts, dates)]
    dev = examples("dev", analyzer, recorder, texts, dates)
    counts = Counter(name for e in train for name in e["features"])
    keep = lambda features: {k: v for k, v in features.items() if counts[k] >= MIN_COUNT}  # noqa: E731
    vectorizer = DictVectorizer(sort=True)
    x_train = vectorizer.fit_transform([keep(e["features"]) for e in train])
    x_dev = vectorizer.transform([keep(e["features"]) for e in dev])
    y_train = np.array([e["label"] for e in train])
    rule = triple_accuracy(np.array([e["rule"] for e in dev]), dev)
    print(f"dev, the rules' lexicon alone: {100 * rule:.1f}% of triples get the annotated decision")
    results = []
    for c in C_GRID:
        model = LogisticRegression(C=c, max_iter=5000, fit_intercept=False)
        model.fit(x_train, y_train, sample_weight=np.array([e["triples"] for e in train], dtype=float))
        accuracy = triple_accuracy(model.predict_proba(x_dev)[:, 1] >= THRESHOLD, dev)
        results.append((accuracy, -c, c, model))
        print(f"C={c:<5}: dev {100 * accuracy:.1f}%")
    accuracy, _, c, model = max(results, key=lambda r: r[:2])
    weights = {name: round(float(w), 6) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])}
    decision = HolderDecision(weights, THRESHOLD)
    decision.save(args.out, trained_on=[f"data/news_stance/{name}.jsonl" for name in TRAIN_FILES],
                  training_sentences=len(train), chosen_on="data/news_stance/dev.jsonl", C=c,
                  dev_triples_decided_right={"rules": round(100 * rule, 1), "decision": round(100 * accuracy, 1)})
    print(f"chosen: C={c}: dev {100 * accuracy:.1f}% (rules {100 * rule:.1f}%); {len(weights)} weights -> {args.out}")
    json.loads(args.out.read_text(encoding="utf-8"))  # written whole


if __name__ == "__main__":
    main()
