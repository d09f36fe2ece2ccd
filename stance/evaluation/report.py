"""Run a system over labelled rows and report honest figures: :func:`evaluate` and :class:`Report`.

A *system* is anything that maps rows to labels:

* a callable taking a batch of rows (a DataFrame in the standard format of
  :mod:`stance.evaluation.loaders`) and returning one label per row, or a DataFrame with a
  ``label`` column and, optionally, probability columns ``p_<label>`` (``p_against``, ...);
* a baseline from this module: :func:`majority_baseline`, :func:`vader_baseline`,
  :func:`column_baseline` (predictions already stored in a column);
* for ``task="actor"``, a :class:`~stance.Analyzer` (or any callable from text to a
  :class:`~stance.records.Document`): the holder of the row's first body sentence is its prediction.

Baselines and your own models therefore sit in the same tables (:func:`compare`). A system may
abstain on a row by returning ``None``; such rows are counted in :attr:`Report.unevaluated`
and left out of the figures, never dropped silently.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from stance.checks import check_positive_int
from stance.evaluation import metrics
from stance.evaluation.attribution import AttributionCounts, attribution_scores, attribution_table, normalize_actor
from stance.evaluation.labels import TASK_LABELS, check_task, normalize_label
from stance.evaluation.news_stance import NewsStanceReport, evaluate_news_stance
from stance.evaluation.systems import System, call_system, predictor
from stance.records import Document
TASKS = (*TASK_LABELS, "actor", "attribution", "news_stance")


@dataclass
class Report:
    """The result of :func:`evaluate`: predictions next to gold labels, and the figures.

    ``rows`` holds the evaluated rows with ``predicted``, ``correct``, ``confidence`` (the top
    probability, NaN without probabilities) and the ``p_<label>`` columns; ``unevaluated``
    holds the rows the system abstained on.
    """

    system: str
    task: str
    labels: tuple[str, ...]
    rows: pd.DataFrame
    unevaluated: pd.DataFrame
    n_resamples: int = 1000
    seed: int = 0
    _summary: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def has_probabilities(self) -> bool:
        """True when the system gave class probabilities (needed for calibration)."""
        return all(f"p_{label}" in self.rows for label in self.labels)

    def _metrics(self) -> dict[str, Callable[[Any, Any], float]]:
        chosen: dict[str, Callable[[Any, Any], float]] = {"accuracy": metrics.accuracy}
        if self.task in TASK_LABELS:
            # Macro-F1 averages over the classes the gold data has (P-Stance has no neutral rows).
            present = [label for label in self.labels if label in set(self.rows["label"])]
            chosen["macro_f1"] = lambda t, p: metrics.macro_f1(t, p, labels=present)
        if self.task == "stance":
            chosen["f_avg"] = metrics.f_avg
        return chosen

    def summary(self) -> pd.DataFrame:
        """Headline figures with seeded bootstrap 95% intervals (one row per metric)."""
        if self._summary is None:
            rows = []
            gold, predicted = self.rows["label"].to_numpy(), self.rows["predicted"].to_numpy()
            for name, metric in self._metrics().items():
                rows.append(_interval_row(name, metric, (gold, predicted), self))
            if self.has_probabilities and len(self.rows):
                probabilities = self.rows[[f"p_{label}" for label in self.labels]].to_numpy()
                ece = lambda t, p: metrics.expected_calibration_error(t, p, list(self.labels))  # noqa: E731
                rows.append(_interval_row("ece", ece, (gold, probabilities), self))
            self._summary = pd.DataFrame(rows).set_index("metric")
        return self._summary

    def per_target(self) -> pd.DataFrame:
        """The headline figures for each target (rows with an empty target are grouped as '')."""
        table = {}
        for target, group in self.rows.groupby("target", sort=True):
            scores = {name: metric(group["label"], group["predicted"]) for name, metric in self._metrics().items()}
            table[target] = {"n": len(group), **scores}
        return pd.DataFrame.from_dict(table, orient="index").rename_axis("target")

    def per_class(self) -> pd.DataFrame:
        """Precision, recall, F1 and support of each class."""
        return metrics.per_class(self.rows["label"], self.rows["predicted"], labels=list(self.labels))

    def confusion(self) -> pd.DataFrame:
        """Confusion matrix: gold labels in rows, predicted labels in columns."""
        return metrics.confusion(self.rows["label"], self.rows["predicted"], labels=list(self.labels))

    def reliability(self, n_bins: int = 10) -> pd.DataFrame:
        """Reliability bins (confidence against accuracy); needs probabilities."""
        self._require_probabilities()
        probabilities = self.rows[[f"p_{label}" for label in self.labels]].to_numpy()
        return metrics.reliability_bins(self.rows["label"], probabilities, list(self.labels), n_bins=n_bins)

    def errors(self) -> pd.DataFrame:
        """The wrongly predicted rows next to their text, most confident mistakes first."""
        shown = ("id", "text", "target", "label", "predicted") + (("confidence",) if self.has_probabilities else ())
        columns = [c for c in shown if c in self.rows]
        wrong = self.rows.loc[~self.rows["correct"], columns]
        return wrong.sort_values("confidence", ascending=False, kind="stable") if self.has_probabilities else wrong

    def to_dict(self) -> dict[str, Any]:
        """The figures as plain values (what :meth:`to_json` writes)."""
        return {
            "system": self.system,
            "task": self.task,
            "labels": list(self.labels),
            "n_evaluated": len(self.rows),
            "n_unevaluated": len(self.unevaluated),
            "bootstrap": {"n_resamples": self.n_resamples, "seed": self.seed, "level": 0.95},
            "summary": _records(self.summary()),
            "per_target": _records(self.per_target()),
            "per_class": _records(self.per_class()),
            "confusion": _records(self.confusion()),
        }

    def to_json(self, **kwargs: Any) -> str:
        """Serialise :meth:`to_dict` to JSON (keyword arguments go to :func:`json.dumps`)."""
        return json.dumps(self.to_dict(), **kwargs)

    def plot_confusion(self, ax: Any = None, normalize: bool = False) -> Any:
        """Draw the confusion matrix, annotated with counts (or row shares); return the Axes."""
        import matplotlib.pyplot as plt

        matrix = self.confusion().astype(float)
        if normalize:
            matrix = matrix.div(matrix.sum(axis=1).replace(0, np.nan), axis=0).fillna(0)
        ax = ax or plt.subplots(figsize=(4, 3.5))[1]
        ax.imshow(matrix.to_numpy(), cmap="Blues")
        for (i, j), value in np.ndenumerate(matrix.to_numpy()):
            text = f"{value:.2f}" if normalize else f"{int(value)}"
            ax.text(j, i, text, ha="center", va="center", color="black")
        ax.set_xticks(range(len(matrix.columns)), matrix.columns)
        ax.set_yticks(range(len(matrix.index)), matrix.index)
        ax.set_xlabel("predicted")
        ax.set_ylabel("gold")
        ax.set_title(f"{self.system}: {self.task}")
        return ax

    def plot_reliability(self, ax: Any = None, n_bins: int = 10) -> Any:
        """Draw the reliability diagram (accuracy against confidence per bin); return the Axes."""
        import matplotlib.pyplot as plt

        bins = self.reliability(n_bins=n_bins)
        ax = ax or plt.subplots(figsize=(4, 4))[1]
        filled = bins[bins["count"] > 0]
        centres = (filled["bin_lower"] + filled["bin_upper"]) / 2
        ax.bar(centres, filled["accuracy"], width=1 / n_bins, edgecolor="black", alpha=0.7, label="accuracy")
        ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("confidence")
        ax.set_ylabel("accuracy")
        ax.set_title(f"{self.system}: ECE {self.summary().loc['ece', 'value']:.3f}")
        ax.legend(loc="upper left")
        return ax

    def _require_probabilities(self) -> None:
        if not self.has_probabilities:
            raise ValueError(f"system {self.system!r} gave no probabilities (p_<label> columns), so calibration cannot be measured")

    def __str__(self) -> str:
        header = f"{self.system} on {len(self.rows)} rows ({self.task}; {len(self.unevaluated)} unevaluated)"
        return header + "\n" + self.summary().round(4).to_string()


def evaluate(
    system: System | Any,
    data: pd.DataFrame | Any,
    task: str = "stance",
    *,
    name: str | None = None,
    batch_size: int = 64,
    n_resamples: int = 1000,
    seed: int = 0,
    texts: Any = None,
    dates: Any = None,
) -> Report | AttributionReport | NewsStanceReport:
    """Run ``system`` over the labelled rows of ``data`` in batches and return a :class:`Report`.

    ``data`` is a DataFrame or ``datasets.Dataset`` in the standard format (``text``, ``target``,
    ``label``, ...; see :mod:`stance.evaluation.loaders`) or a path that :func:`~stance.evaluation.loaders.load`
    reads. ``task`` is ``"stance"``, ``"sentiment"``, ``"actor"`` (rows need an ``actor``
    column; names are compared after :func:`~stance.evaluation.attribution.normalize_actor`) or
    ``"attribution"`` (PolNeAR-style rows, one per gold attribution, from
    :func:`~stance.evaluation.loaders.load_polnear`; the system maps an article's text to a
    :class:`~stance.records.Document`, as an :class:`~stance.Analyzer` does, and the result is an
    :class:`AttributionReport`) or ``"news_stance"`` (triples from
    :func:`~stance.evaluation.loaders.load_news_stance`; an :class:`~stance.Analyzer` is run end
    to end over the articles in ``texts``, article id -> text, dated by ``dates``, article id ->
    ISO date, where given, and the result is a
    :class:`~stance.evaluation.news_stance.NewsStanceReport`). Intervals are percentile bootstrap
    intervals over rows (over articles for attribution and news stance) with ``n_resamples``
    resamples from a generator seeded with ``seed``.
    """
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")
    check_positive_int(batch_size, "batch_size")
    rows = _as_frame(data)
    if task == "attribution":
        return _evaluate_attribution(system, rows, name or _system_name(system), n_resamples, seed)
    if task == "news_stance":
        return evaluate_news_stance(system, rows, texts, name=name or _system_name(system), dates=dates, batch_size=batch_size, n_resamples=n_resamples, seed=seed)
    gold_column = "actor" if task == "actor" else "label"
    missing = {"text", gold_column} - set(rows.columns)
    if missing:
        raise ValueError(f"data has no column(s) {sorted(missing)} needed for task {task!r}; columns: {list(rows.columns)}")
    if "target" not in rows:
        rows = rows.assign(target="")
    rows = rows.reset_index(drop=True)
    if "id" not in rows:
        rows.insert(0, "id", rows.index.astype(str))

    predict = predictor(system, task)
    predictions = pd.concat(
        [call_system(predict, rows.iloc[start : start + batch_size]) for start in range(0, len(rows), batch_size)] or [pd.DataFrame({"label": []})],
        ignore_index=True,
    )
    return _build_report(name or _system_name(system), task, rows, predictions, gold_column, n_resamples, seed)


def compare(reports: Sequence[Report], metric: str | None = None) -> pd.DataFrame:
    """Put several systems' reports on the same rows side by side.

    One row per system with each headline figure and its interval; with more than one report,
    ``p_vs_first`` is the paired-bootstrap p-value of ``metric`` (default: ``macro_f1``, or
    ``accuracy`` for the actor task) between each system and the first, over the rows both evaluated.
    """
    if not reports:
        raise ValueError("compare() needs at least one report")
    metric = metric or ("accuracy" if reports[0].task == "actor" else "macro_f1")
    table = {}
    first = reports[0]
    for report in reports:
        summary = report.summary()
        entry: dict[str, Any] = {"n": len(report.rows)}
        for name in summary.index:
            entry[name] = summary.loc[name, "value"]
            entry[f"{name}_low"] = summary.loc[name, "low"]
            entry[f"{name}_high"] = summary.loc[name, "high"]
        if report is not first:
            entry["p_vs_first"] = _paired_p(first, report, metric)
        table[report.system] = entry
    return pd.DataFrame.from_dict(table, orient="index").rename_axis("system")


@dataclass
class AttributionReport:
    """The result of :func:`evaluate` with ``task="attribution"``: span scores over articles.

    ``articles`` has one row per article with the raw counts of
    :class:`~stance.evaluation.attribution.AttributionCounts`; intervals are bootstrapped over
    articles (an article's sentences are not independent of each other).
    """

    system: str
    articles: pd.DataFrame
    n_resamples: int = 1000
    seed: int = 0

    def summary(self) -> pd.DataFrame:
        """Precision, recall and F1 (micro-averaged over articles) with bootstrap 95% intervals."""
        counts = self.articles[[f.name for f in fields(AttributionCounts)]].to_numpy()
        rows = []
        for name in ("precision", "recall", "f1"):
            score = lambda table, name=name: attribution_scores(AttributionCounts(*table.sum(axis=0)))[name]  # noqa: E731
            rows.append(_interval_row(name, score, (counts,), self))
        return pd.DataFrame(rows).set_index("metric")

    def to_dict(self) -> dict[str, Any]:
        """The figures and the summed counts as plain values."""
        totals = self.articles[[f.name for f in fields(AttributionCounts)]].sum()
        return {
            "system": self.system,
            "task": "attribution",
            "n_articles": len(self.articles),
            "bootstrap": {"n_resamples": self.n_resamples, "seed": self.seed, "level": 0.95, "unit": "article"},
            "summary": _records(self.summary()),
            "counts": {k: int(v) for k, v in totals.items()},
        }

    def to_json(self, **kwargs: Any) -> str:
        """Serialise :meth:`to_dict` to JSON."""
        return json.dumps(self.to_dict(), **kwargs)

    def __str__(self) -> str:
        return f"{self.system} on {len(self.articles)} articles (attribution)\n" + self.summary().round(4).to_string()


def _evaluate_attribution(system: Callable[[str], Document], rows: pd.DataFrame, name: str, n_resamples: int, seed: int) -> AttributionReport:
    """Run a text-to-Document system over each article of attribution rows (PolNeAR format)."""
    missing = {"doc_id", "text", "source", "content_spans"} - set(rows.columns)
    if missing:
        raise ValueError(f"attribution data needs the column(s) {sorted(missing)}; columns: {list(rows.columns)}")
    if not callable(system):
        raise TypeError(f"for task 'attribution' the system must map a text to a Document, got {type(system).__name__}")
    articles = []
    for doc_id, gold in rows.groupby("doc_id", sort=True):
        document = system(gold["text"].iloc[0])
        if not isinstance(document, Document):
            raise TypeError(f"for task 'attribution' the system must return a Document, got {type(document).__name__}")
        articles.append((document, gold))
    return AttributionReport(name, attribution_table(articles), n_resamples, seed)


# ---------------------------------------------------------------------------------------------
# Baselines


def majority_baseline(train: pd.DataFrame | Sequence[str], task: str = "stance") -> System:
    """A system that always predicts the most frequent label of ``train`` (ties: first in label order).

    ``train`` is a labelled frame (its ``label`` column is used) or a sequence of labels.
    """
    check_task(task)
    labels = train["label"] if isinstance(train, pd.DataFrame) else pd.Series(list(train))
    if len(labels) == 0:
        raise ValueError("majority_baseline needs at least one training label")
    counts = Counter(normalize_label(v, task) for v in labels)
    top = max(TASK_LABELS[task], key=lambda label: (counts[label], -TASK_LABELS[task].index(label)))

    def predict(rows: pd.DataFrame) -> list[str]:
        return [top] * len(rows)

    predict.__name__ = f"majority({top})"
    return predict


def vader_baseline(task: str = "sentiment", threshold: float = 0.05) -> System:
    """VADER's lexicon sentiment as a baseline (needs the ``vaderSentiment`` package).

    The compound score decides the label (``>= threshold`` positive, ``<= -threshold`` negative,
    else neutral, VADER's own convention); for ``task="stance"`` positive is read as favor and
    negative as against. VADER's neg/neu/pos scores are shares of the text, not class
    probabilities, so no probabilities (and no calibration) are reported. VADER ignores the
    target, which is what makes it a baseline.
    """
    check_task(task)
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        raise ImportError("the VADER baseline needs vaderSentiment: pip install vaderSentiment") from None
    analyzer = SentimentIntensityAnalyzer()
    negative, neutral, positive = TASK_LABELS[task]

    def predict(rows: pd.DataFrame) -> list[str]:
        labels = []
        for text in rows["text"]:
            compound = analyzer.polarity_scores(text)["compound"]
            labels.append(positive if compound >= threshold else negative if compound <= -threshold else neutral)
        return labels

    predict.__name__ = "vader"
    return predict


def column_baseline(column: str) -> System:
    """A "system" that reads predictions already stored in ``column`` of the data (e.g. another tool's output)."""

    def predict(rows: pd.DataFrame) -> pd.Series:
        if column not in rows:
            raise ValueError(f"prediction column {column!r} is not in the data; columns: {list(rows.columns)}")
        return rows[column].where(rows[column].notna() & (rows[column].astype(str).str.strip() != ""), None)

    predict.__name__ = column
    return predict


# ---------------------------------------------------------------------------------------------
# Internals


def _as_frame(data: Any) -> pd.DataFrame:
    """Accept a DataFrame, a datasets.Dataset or a path for the labelled rows."""
    if isinstance(data, pd.DataFrame):
        return data.copy()
    if hasattr(data, "to_pandas") and hasattr(data, "features"):  # a datasets.Dataset
        return data.to_pandas()
    from stance.evaluation.loaders import load

    return load(data)


def _build_report(name: str, task: str, rows: pd.DataFrame, predictions: pd.DataFrame, gold_column: str, n_resamples: int, seed: int) -> Report:
    abstained = predictions["label"].isna().to_numpy()
    labels = TASK_LABELS.get(task, ())
    evaluated = rows.loc[~abstained].reset_index(drop=True)
    answered = predictions.loc[~abstained].reset_index(drop=True)
    if task == "actor":
        evaluated["label"] = [normalize_actor(v) for v in evaluated["actor"]]
        evaluated["predicted"] = [normalize_actor(v) for v in answered["label"]]
        labels = tuple(sorted(set(evaluated["label"]) | set(evaluated["predicted"])))
    else:
        evaluated["label"] = [normalize_label(v, task, where=f"row id {i}, column 'label'") for i, v in zip(evaluated["id"], evaluated["label"])]
        evaluated["predicted"] = [normalize_label(v, task, where=f"system output for row id {i}") for i, v in zip(evaluated["id"], answered["label"])]
    evaluated["correct"] = evaluated["label"] == evaluated["predicted"]
    probability_columns = [f"p_{label}" for label in labels if f"p_{label}" in answered]
    for column in probability_columns:
        evaluated[column] = answered[column].astype(float)
    if probability_columns and len(probability_columns) == len(labels):
        evaluated["confidence"] = evaluated[probability_columns].max(axis=1)
    else:
        evaluated["confidence"] = np.nan
    unevaluated = rows.loc[abstained].assign(reason="system returned no prediction")
    return Report(name, task, labels, evaluated, unevaluated.reset_index(drop=True), n_resamples, seed)


def _interval_row(name: str, metric: Callable, arrays: tuple, report: Report) -> dict[str, Any]:
    n = len(arrays[0])
    if n == 0:
        return {"metric": name, "value": np.nan, "low": np.nan, "high": np.nan, "n": 0}
    value, low, high = metrics.bootstrap_ci(metric, *arrays, n_resamples=report.n_resamples, seed=report.seed)
    return {"metric": name, "value": value, "low": low, "high": high, "n": n}


def _paired_p(first: Report, other: Report, metric: str) -> float:
    """Paired-bootstrap p-value of ``metric`` between two reports over their shared row ids."""
    joined = first.rows[["id", "label", "predicted"]].merge(other.rows[["id", "predicted"]], on="id", suffixes=("_a", "_b"))
    if joined.empty:
        return np.nan
    function = first._metrics()[metric]
    result = metrics.paired_bootstrap(function, joined["label"], joined["predicted_a"], joined["predicted_b"], n_resamples=first.n_resamples, seed=first.seed)
    return result["p_value"]


def _system_name(system: Any) -> str:
    return getattr(system, "__name__", None) or type(system).__name__


def _records(frame: pd.DataFrame) -> dict[str, Any]:
    """A DataFrame as {index: {column: value}} with NaN written as None (valid JSON)."""
    clean = frame.astype(object).where(frame.notna(), None)
    return {str(index): {str(k): _plain(v) for k, v in row.items()} for index, row in clean.iterrows()}


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
