"""News stance, measured end to end: who holds which stance toward which target in news sentences.

The gold data are (sentence, holder, target, label) triples in articles
(:func:`~stance.evaluation.loaders.load_news_stance`), labelled to
``docs/news_stance_guidelines.md``. An annotated article lists every target its qualifying
sentences mention, so the triples also say which (sentence, target) pairs exist.

:func:`evaluate_news_stance` runs an :class:`~stance.Analyzer` over the articles, with the
targets the gold data name, and measures three things, each with a 95% bootstrap interval over
articles (an article's sentences are not independent):

* **stance**: macro-F1 over against / neutral / favor and F_avg (the mean F1 of favor and
  against) of the label the system gives each gold triple's (sentence, target). A triple whose
  target the system did not score in that sentence counts as a *neutral* prediction (and as a
  missed mention below);
* **target mentions**: precision and recall of the (sentence, target) pairs the system scores
  against the annotated ones; an extra pair is a false mention;
* **holders**: the share of annotated triples whose system holder is the annotated one
  (``holder accuracy``; the system holder of a triple is that of the system's stance toward its
  target, ``Stance.holder``, else the sentence's), and the share of annotated sentences whose
  attributed holder is one of the sentence's annotated holders (``sentence holder accuracy``).
  Names are compared after :func:`~stance.evaluation.attribution.normalize_actor`, and as the
  same registry actor where the shipped actor registry knows both: "IMF" and "International
  Monetary Fund" are one holder.

System sentences are matched to gold sentences by the largest character overlap, so the
figures stay defined when segmentation changes. A sentence that repeats an earlier one verbatim
(``Sentence.repeat_of``: a scraped page's repeated headline and lede) is not scored again; its
gold triples are judged by the system's answer for the first copy. A *row-level* system (a baseline or any
callable over rows, as in :func:`~stance.evaluation.report.evaluate`) is measured on the stance
only, on the gold triples themselves.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd

from stance.evaluation import metrics
from stance.evaluation.attribution import normalize_actor
from stance.evaluation.labels import TASK_LABELS
from stance.evaluation.systems import call_system, predictor
from stance.pipeline import DocumentSystem
from stance.records import AUTHOR, Document, Sentence, holder_of

LABELS = TASK_LABELS["stance"]
#: Sentence kinds that hold statements (the kinds the annotators labelled).
LABELLED_KINDS = ("headline", "subheading", "body")


@dataclass
class NewsStanceReport:
    """The result of :func:`evaluate_news_stance` (or :func:`evaluate` with ``task="news_stance"``).

    ``rows`` holds one row per gold triple with ``predicted``, ``scored`` (the system scored the
    target in that sentence), for a row-level system that gives them the ``p_<label>``
    probabilities, and, end to end, ``system_holder``; ``articles`` one row per article with
    the counts behind the mention and holder figures (empty for row-level systems).
    """

    system: str
    rows: pd.DataFrame
    articles: pd.DataFrame
    n_resamples: int = 1000
    seed: int = 0

    @property
    def has_probabilities(self) -> bool:
        """True when the system gave a probability for each label (row-level scorers do)."""
        return all(f"p_{label}" in self.rows for label in LABELS)

    @property
    def end_to_end(self) -> bool:
        """True when the system found the mentions and holders itself (an Analyzer)."""
        return not self.articles.empty

    def summary(self) -> pd.DataFrame:
        """Each figure with its 95% bootstrap interval over articles.

        Articles are resampled with replacement and the figures recomputed from the summed
        per-article counts (the confusion matrix of the stance labels, the mention and holder
        counts), which gives the same figures as recomputing them from the resampled rows. With
        probabilities, ``stance ece`` is the expected calibration error (10 bins) of the resampled rows.
        """
        docs = list(dict.fromkeys(self.rows["doc"]))
        code = {label: k for k, label in enumerate(LABELS)}
        matrices = np.zeros((len(docs), len(LABELS), len(LABELS)))
        position = {doc: k for k, doc in enumerate(docs)}
        for doc, gold, predicted in zip(self.rows["doc"], self.rows["label"], self.rows["predicted"]):
            matrices[position[doc], code[gold], code[predicted]] += 1
        figures: dict[str, Callable[[np.ndarray], float]] = {
            "stance macro_f1": lambda sample: float(np.mean(_f1(matrices[sample].sum(axis=0)))),
            "stance f_avg": lambda sample: _f_avg(matrices[sample].sum(axis=0)),
            "stance accuracy": lambda sample: float(np.trace(matrices[sample].sum(axis=0)) / matrices[sample].sum()),
        }
        if self.has_probabilities:
            gold = self.rows["label"].to_numpy()
            probabilities = self.rows[[f"p_{label}" for label in LABELS]].to_numpy()
            rows_of = [np.flatnonzero(self.rows["doc"].to_numpy() == doc) for doc in docs]

            def ece(sample: np.ndarray) -> float:
                chosen = np.concatenate([rows_of[k] for k in sample])
                return metrics.expected_calibration_error(gold[chosen], probabilities[chosen], list(LABELS))

            figures["stance ece"] = ece
        if self.end_to_end:
            counts = self.articles.set_index("doc").loc[docs]
            figures.update({
                "mention precision": _ratio(counts, "mention_tp", ("mention_tp", "mention_fp")),
                "mention recall": _ratio(counts, "mention_tp", ("mention_tp", "mention_fn")),
                "holder accuracy": _ratio(counts, "holder_correct", ("triples",)),
                "sentence holder accuracy": _ratio(counts, "sentence_holder_correct", ("sentences",)),
            })
        table = []
        for name, measure in figures.items():
            value, low, high = metrics.bootstrap_ci(measure, np.arange(len(docs)), n_resamples=self.n_resamples, seed=self.seed)
            table.append({"metric": name, "value": value, "low": low, "high": high})
        return pd.DataFrame(table).set_index("metric")

    def per_class(self) -> pd.DataFrame:
        """Precision, recall, F1 and support of each stance label."""
        return metrics.per_class(self.rows["label"], self.rows["predicted"], labels=LABELS)

    def confusion(self) -> pd.DataFrame:
        """Gold labels (rows) by predicted labels (columns)."""
        return metrics.confusion(self.rows["label"], self.rows["predicted"], labels=LABELS)

    def per_target(self, min_n: int = 1) -> pd.DataFrame:
        """Per target: triples, macro-F1, accuracy and the share of triples the system scored."""
        table = []
        for target, frame in self.rows.groupby("target"):
            if len(frame) >= min_n:
                table.append({
                    "target": target, "n": len(frame), "macro_f1": metrics.macro_f1(frame["label"], frame["predicted"], labels=LABELS),
                    "accuracy": metrics.accuracy(frame["label"], frame["predicted"]), "scored": frame["scored"].mean(),
                })
        return pd.DataFrame(table).sort_values(["n", "target"], ascending=[False, True]).set_index("target")

    def by_holder(self) -> pd.DataFrame:
        """Per kind of gold holder (:func:`holder_kind`: ``author``, ``self``, ``other``): triples, macro-F1, accuracy."""
        kinds = [holder_kind(holder, target) for holder, target in zip(self.rows["holder"], self.rows["target"])]
        table = []
        for kind, frame in self.rows.groupby(pd.Series(kinds, index=self.rows.index), sort=False):
            table.append({"holder": kind, "n": len(frame), "macro_f1": metrics.macro_f1(frame["label"], frame["predicted"], labels=LABELS),
                          "accuracy": metrics.accuracy(frame["label"], frame["predicted"])})
        return pd.DataFrame(table).set_index("holder")

    def to_dict(self) -> dict[str, Any]:
        """The figures, tables and counts as plain values."""
        summary = self.summary()
        return {
            "system": self.system,
            "task": "news_stance",
            "n_triples": len(self.rows),
            "n_articles": int(self.rows["doc"].nunique()),
            "bootstrap": {"n_resamples": self.n_resamples, "seed": self.seed, "level": 0.95, "unit": "article"},
            "summary": {name: {k: float(v) for k, v in row.items()} for name, row in summary.iterrows()},
            "per_class": json.loads(self.per_class().to_json(orient="index")),
            "confusion": json.loads(self.confusion().to_json(orient="index")),
        }

    def __str__(self) -> str:
        header = f"{self.system} on {len(self.rows)} triples in {self.rows['doc'].nunique()} articles (news_stance)"
        return header + "\n" + self.summary().round(4).to_string()


def evaluate_news_stance(
    system: Any,
    rows: pd.DataFrame,
    texts: Mapping[str, str] | None = None,
    *,
    name: str = "system",
    dates: Mapping[str, str] | None = None,
    batch_size: int = 64,
    n_resamples: int = 1000,
    seed: int = 0,
) -> NewsStanceReport:
    """Measure ``system`` on news stance ``rows`` (from :func:`~stance.evaluation.loaders.load_news_stance`).

    An :class:`~stance.Analyzer` is run end to end over the articles (``texts``: article id ->
    text, e.g. :func:`~stance.evaluation.loaders.news_stance_texts`), scoring every target the
    rows name (through ``with_targets``: its own targets stay), each article with its date from
    ``dates`` where given (article id -> ISO date, e.g.
    :func:`~stance.evaluation.loaders.news_stance_dates`; roles and epithets resolve through
    it). A target the rows spell in two cases ("Gulf states", "Gulf States") is one target, named as first written.
    Any other system is a row-level one
    (see :func:`~stance.evaluation.report.evaluate`) and is measured on the stance alone.
    """
    missing = {"doc", "start", "end", "holder", "target", "label", "text"} - set(rows.columns)
    if missing:
        raise ValueError(f"news stance rows need the column(s) {sorted(missing)}; load them with load_news_stance")
    rows = rows.reset_index(drop=True)
    if isinstance(system, DocumentSystem):
        if texts is None:
            raise ValueError("an Analyzer is evaluated end to end and needs texts= (article id -> article text)")
        absent = sorted(set(rows["doc"]) - set(texts))
        if absent:
            raise ValueError(f"{len(absent)} article(s) of the rows are not among the texts, e.g. {absent[0]!r}")
        first = {}
        rows = rows.assign(target=[first.setdefault(target.casefold(), target) for target in rows["target"]])
        documents = _analyse(system, rows, texts, dates or {})
        scored, articles = _compare(documents, rows)
        return NewsStanceReport(name, scored, articles, n_resamples, seed)
    predict = predictor(system, "stance")
    answers = pd.concat([call_system(predict, rows.iloc[k : k + batch_size]) for k in range(0, len(rows), batch_size)], ignore_index=True)
    labels = answers["label"]
    if labels.isna().any():
        raise ValueError(f"system {name!r} abstained on {int(labels.isna().sum())} triple(s); news stance needs a label for each")
    predicted = rows.assign(predicted=labels.to_numpy(), scored=True)
    columns = [f"p_{label}" for label in LABELS]
    if all(column in answers for column in columns):
        predicted[columns] = answers[columns].to_numpy()
    return NewsStanceReport(name, predicted, pd.DataFrame(), n_resamples, seed)


def sentiment_as_stance(scorer: Any) -> Callable[[pd.DataFrame], list[str]]:
    """A baseline: the scorer's sentiment toward the target read as the stance (negative -> against, positive -> favor)."""
    from stance.scoring.targets import predict_rows

    mapping = dict(zip(TASK_LABELS["sentiment"], LABELS))

    def predict(rows: pd.DataFrame) -> list[str]:
        probabilities = predict_rows(scorer, rows.assign(task="sentiment"))
        return [mapping[max(p, key=p.get)] for p in probabilities]

    predict.__name__ = "target sentiment as stance"
    return predict


def holder_kind(holder: str, target: str) -> str:
    """``author``, ``self`` (the holder is the target or under it in the shipped registry: Vladimir Putin or the
    Kremlin for Russia; the guidelines' rule 5 on self-reference) or ``other``."""
    from stance.scoring.targets import shipped_registry

    if holder == AUTHOR:
        return "author"
    registry = shipped_registry()
    actor, aimed = registry.lookup(holder), registry.lookup(target)
    if actor is None or aimed is None:
        return "self" if normalize_actor(holder) == normalize_actor(target) else "other"
    return "self" if registry.is_part_of(actor.name, aimed.name) else "other"


def _analyse(analyzer: Any, rows: pd.DataFrame, texts: Mapping[str, str], dates: Mapping[str, str]) -> dict[str, Document]:
    """Each article of ``rows`` analysed with the rows' targets (by a copy of ``analyzer``: its own targets stay)."""
    system = analyzer.with_targets(sorted(set(rows["target"])))
    docs = list(dict.fromkeys(rows["doc"]))
    records = ({"id": doc, "text": texts[doc], **({"date": dates[doc]} if doc in dates else {})} for doc in docs)
    return {d.id: d for d in system.pipe(records, on_error="raise")}


#: A middle initial between two words of a name: "Benjamin J. Rhodes" is Benjamin Rhodes.
_MIDDLE_INITIAL = re.compile(r"(?<=\w) (?:\w\. )+(?=\w)")


def _holder_key(name: str) -> str:
    """A holder name as compared: the shipped registry's canonical name where it knows the name, normalised;
    another name also without its middle initials ("Benjamin J. Rhodes" and "Benjamin Rhodes" are one holder;
    the registry's names keep theirs, so George H. W. Bush and George W. Bush stay two)."""
    from stance.scoring.targets import shipped_registry

    actor = shipped_registry().lookup(name) if name else None
    if actor is not None:
        return normalize_actor(actor.name)
    return _MIDDLE_INITIAL.sub(" ", normalize_actor(name))


def _compare(documents: Mapping[str, Document], rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each gold triple's prediction, and each article's mention and holder counts."""
    from stance.scoring.targets import pair_holder, resolve_targets, shipped_registry

    predicted, scored, holders = (pd.Series(index=rows.index, dtype=object) for _ in range(3))
    targets = {target.name: target for target in resolve_targets(sorted(set(rows["target"])), shipped_registry())}
    articles = []
    for doc, gold in rows.groupby("doc", sort=False):
        document = documents[doc]
        match = {span: _best_sentence(document, *span) for span in set(zip(gold["start"], gold["end"]))}
        for row, start, end, target in zip(gold.index, gold["start"], gold["end"], gold["target"]):
            sentence = _answering(document, match[(start, end)])
            stance = sentence.stances.get(target) if sentence is not None else None
            predicted[row] = stance.label if stance is not None and stance.label else "neutral"
            scored[row] = stance is not None
            if stance is not None and stance.holder:
                holders[row] = stance.holder
            else:  # the pair was not scored: the holder the system would give it
                holders[row] = pair_holder(sentence, targets[target]) if sentence is not None else AUTHOR
        pairs = set(zip(gold["start"], gold["end"], gold["target"]))
        gold_pairs = {(match[(s, e)].index, t) for s, e, t in pairs if match[(s, e)] is not None}
        unmatched = sum(match[(s, e)] is None for s, e, _ in pairs)
        system_pairs = {(s.index, t) for s in document.sentences if s.kind in LABELLED_KINDS for t in _answering(document, s).stances}
        gold_holders: dict[tuple[int, int], set[str]] = {}
        for start, end, holder in zip(gold["start"], gold["end"], gold["holder"]):
            gold_holders.setdefault((start, end), set()).add(_holder_key(holder))
        correct = sum(_holder_key(holder_of(match[span])) in names for span, names in gold_holders.items())
        right = sum(_holder_key(holders[row]) == _holder_key(holder) for row, holder in zip(gold.index, gold["holder"]))
        articles.append({
            "doc": doc, "mention_tp": len(gold_pairs & system_pairs), "mention_fp": len(system_pairs - gold_pairs),
            "mention_fn": len(gold_pairs - system_pairs) + unmatched, "triples": len(gold), "holder_correct": right,
            "sentences": len(gold_holders), "sentence_holder_correct": correct,
        })
    return rows.assign(predicted=predicted, scored=scored.astype(bool), system_holder=holders), pd.DataFrame(articles)


def _answering(document: Document, sentence: Sentence | None) -> Sentence | None:
    """The sentence whose stances answer for ``sentence``: the first copy, where it repeats an earlier sentence
    verbatim (``repeat_of``: a scraped page's repeated headline and lede are scored once), else itself."""
    if sentence is not None and sentence.repeat_of is not None:
        return document.sentences[sentence.repeat_of]
    return sentence


def _f1(matrix: np.ndarray) -> np.ndarray:
    """Per-label F1 = 2TP / (2TP + FP + FN) from a gold-by-predicted count matrix (0/0 as 0), as metrics.per_class."""
    true_positives = np.diag(matrix)
    denominator = matrix.sum(axis=0) + matrix.sum(axis=1)
    return np.divide(2 * true_positives, denominator, out=np.zeros_like(true_positives), where=denominator > 0)


def _f_avg(matrix: np.ndarray) -> float:
    """The mean F1 of favor and against (metrics.f_avg): NaN when neither occurs in gold or predictions."""
    favor, against = LABELS.index("favor"), LABELS.index("against")
    if not (matrix[[favor, against]].sum() + matrix[:, [favor, against]].sum()):
        return float("nan")
    return float(_f1(matrix)[[favor, against]].mean())


def _ratio(counts: pd.DataFrame, numerator: str, denominator: tuple[str, ...]) -> Callable[[np.ndarray], float]:
    """A figure that divides summed article counts, for resamples of article positions."""
    top, bottom = counts[numerator].to_numpy(), counts[list(denominator)].to_numpy().sum(axis=1)

    def measure(sample: np.ndarray) -> float:
        total = bottom[sample].sum()
        return float(top[sample].sum() / total) if total else float("nan")

    return measure


def _best_sentence(document: Document, start: int, end: int) -> Any:
    """The sentence of ``document`` that overlaps ``[start, end)`` most (None when none does)."""
    best, overlap = None, 0
    for sentence in document.sentences:
        shared = min(end, sentence.end) - max(start, sentence.start)
        if shared > overlap:
            best, overlap = sentence, shared
    return best

