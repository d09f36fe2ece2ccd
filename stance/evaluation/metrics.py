"""Evaluation metrics as plain functions over label arrays (lists, numpy arrays or pandas Series).

Classification metrics wrap scikit-learn; what it lacks is written here: the SemEval-2016 F_avg,
Krippendorff's alpha (coincidence-matrix formula), calibration (ECE and reliability bins) and
percentile bootstrap intervals, including the paired bootstrap for comparing two systems.

Conventions
-----------
* Inputs are checked up front: a ``ValueError`` names the argument and what is wrong with it.
* ``labels=None`` means the labels seen in either array, in the canonical order of
  :data:`~stance.evaluation.labels.TASK_LABELS` when they all belong to one task (so stance
  confusion matrices read against, neutral, favor), otherwise sorted.
* Undefined agreement (every rating is the same single value) is ``nan`` for Cohen's kappa and
  Krippendorff's alpha, never an error or a warning.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import (
    accuracy_score,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)
from sklearn.utils.multiclass import unique_labels

from stance.evaluation.labels import TASK_LABELS

ArrayLike = Any  # list, tuple, numpy array or pandas Series / DataFrame

#: Largest accepted deviation of a row of probabilities from a sum of 1.
PROBABILITY_TOLERANCE = 1e-3

KRIPPENDORFF_LEVELS = ("nominal", "ordinal", "interval", "ratio")


# --- input checks -------------------------------------------------------------------------------


def _labels_array(values: ArrayLike, name: str) -> np.ndarray:
    """``values`` as a non-empty 1-D array without missing values."""
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty")
    missing = pd.isna(array)
    if missing.any():
        raise ValueError(f"{name} has a missing value at position {int(np.argmax(missing))}")
    return array


def _paired_labels(y_true: ArrayLike, y_pred: ArrayLike, names: tuple[str, str] = ("y_true", "y_pred")) -> tuple[np.ndarray, np.ndarray]:
    """Both label arrays, checked, and of the same length."""
    a, b = _labels_array(y_true, names[0]), _labels_array(y_pred, names[1])
    if len(a) != len(b):
        raise ValueError(f"{names[0]} and {names[1]} differ in length: {len(a)} != {len(b)}")
    return a, b


def _label_list(labels: Sequence[Any] | None, *arrays: np.ndarray) -> list[Any]:
    """The given ``labels`` (checked) or the labels seen in ``arrays`` (see the module docstring)."""
    if labels is not None:
        labels = list(labels)
        if not labels:
            raise ValueError("labels is empty")
        if len(set(labels)) != len(labels):
            raise ValueError(f"labels has duplicates: {labels}")
        return labels
    found = list(unique_labels(*arrays))
    for canonical in TASK_LABELS.values():
        if set(found) <= set(canonical):
            return [label for label in canonical if label in found]
    return found


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError(f"level must lie strictly between 0 and 1, got {level}")


# --- classification -----------------------------------------------------------------------------


def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Share of rows whose prediction equals the gold label: mean(y_pred == y_true)."""
    return float(accuracy_score(*_paired_labels(y_true, y_pred)))


def macro_f1(y_true: ArrayLike, y_pred: ArrayLike, labels: Sequence[Any] | None = None) -> float:
    """Unweighted mean over ``labels`` of the per-class F1 = 2PR/(P+R), a 0/0 counting as 0."""
    y_true, y_pred = _paired_labels(y_true, y_pred)
    labels = _label_list(labels, y_true, y_pred)
    return float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0))


def per_class(y_true: ArrayLike, y_pred: ArrayLike, labels: Sequence[Any] | None = None) -> pd.DataFrame:
    """Per label: precision = TP/(TP+FP), recall = TP/(TP+FN), f1 = 2PR/(P+R) (0/0 as 0), support = TP+FN.

    Returns a frame indexed by ``label`` with columns precision, recall, f1, support.
    """
    y_true, y_pred = _paired_labels(y_true, y_pred)
    labels = _label_list(labels, y_true, y_pred)
    scores = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    columns = ("precision", "recall", "f1", "support")
    return pd.DataFrame(dict(zip(columns, scores)), index=pd.Index(labels, name="label"))


def f_avg(y_true: ArrayLike, y_pred: ArrayLike, favor: Any = "favor", against: Any = "against") -> float:
    """SemEval-2016 Task 6 score: (F1_favor + F1_against) / 2, each F1 over all rows (0/0 as 0).

    As in the official script, rows of any other label (NONE, neutral) are negatives for both
    classes: they lower precision when predicted as favor/against and recall when gold is.
    A class absent from both arrays has F1 0; when both are absent (say, all rows neutral, or
    labels spelt otherwise: pass ``favor=``/``against=``) the score is undefined: ``nan``.
    """
    y_true, y_pred = _paired_labels(y_true, y_pred)
    if favor == against:
        raise ValueError(f"favor and against must differ, both are {favor!r}")
    if not np.isin([favor, against], np.concatenate([y_true, y_pred])).any():
        return float("nan")
    return float(f1_score(y_true, y_pred, labels=[favor, against], average="macro", zero_division=0))


def confusion(y_true: ArrayLike, y_pred: ArrayLike, labels: Sequence[Any] | None = None) -> pd.DataFrame:
    """Counts C[g, p] = number of rows with gold label g and predicted label p.

    Rows are gold labels (index name ``gold``), columns predicted labels (``predicted``); rows
    whose gold or predicted label is not in ``labels`` are left out (as in scikit-learn).
    """
    y_true, y_pred = _paired_labels(y_true, y_pred)
    labels = _label_list(labels, y_true, y_pred)
    with warnings.catch_warnings(action="ignore"):  # scikit-learn warns on a (correct) 1 x 1 matrix
        counts = confusion_matrix(y_true, y_pred, labels=labels)
    return pd.DataFrame(counts, index=pd.Index(labels, name="gold"), columns=pd.Index(labels, name="predicted"))


def cohen_kappa(a: ArrayLike, b: ArrayLike, labels: Sequence[Any] | None = None) -> float:
    """Cohen's kappa = (p_o - p_e) / (1 - p_e), observed vs chance agreement of two annotators.

    ``nan`` when undefined (p_e = 1: both annotators used one and the same label throughout).
    """
    a, b = _paired_labels(a, b, names=("a", "b"))
    with warnings.catch_warnings(action="ignore"):  # scikit-learn warns on the undefined case we document
        return float(cohen_kappa_score(a, b, labels=_label_list(labels, a, b), replace_undefined_by=np.nan))


#: The label metrics a report can iterate over; each is ``metric(y_true, y_pred) -> float``.
#: ``f_avg`` assumes stance labels (favor/against).
METRICS: dict[str, Callable[[ArrayLike, ArrayLike], float]] = {"accuracy": accuracy, "macro_f1": macro_f1, "f_avg": f_avg}


# --- agreement ----------------------------------------------------------------------------------


def _squared_distances(values: np.ndarray, totals: np.ndarray, level: str) -> np.ndarray:
    """Krippendorff's metric differences delta^2(c, k) between every pair of (sorted) values."""
    c, k = values[:, None], values[None, :]
    if level == "nominal":
        return (c != k).astype(float)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        return np.divide((c - k) ** 2, (c + k) ** 2, out=np.zeros((len(values), len(values))), where=(c + k) != 0)
    # ordinal: (sum of totals from c to k minus half the totals of c and k) squared
    cumulative = np.cumsum(totals)
    return (cumulative[None, :] - cumulative[:, None] + (totals[:, None] - totals[None, :]) / 2) ** 2


def krippendorff_alpha(ratings: ArrayLike, level: str = "nominal") -> float:
    """Krippendorff's alpha = 1 - D_o / D_e, observed over expected disagreement in the coincidences.

    ``ratings`` is annotators x items (nested lists, array or DataFrame); ``None``/``NaN`` is a
    missing rating. Values may be any hashable for ``nominal``; ``ordinal``, ``interval`` and
    ``ratio`` need numbers. Items with fewer than two ratings are not pairable and are ignored.

    With o[c, k] = sum over items u of (number of c-k pairs of ratings in u) / (m_u - 1), where
    m_u is the item's number of ratings, n_c = sum_k o[c, k] and n = sum_c n_c:
    D_o = sum o[c, k] d2(c, k) / n and D_e = sum n_c n_k d2(c, k) / (n (n - 1)).
    Returns ``nan`` when only one value occurs (D_e = 0); raises when no item is pairable.
    """
    if level not in KRIPPENDORFF_LEVELS:
        raise ValueError(f"unknown level {level!r}; choose one of {', '.join(KRIPPENDORFF_LEVELS)}")
    table = np.asarray(ratings, dtype=object)
    if table.ndim != 2:
        raise ValueError(f"ratings must be two-dimensional (annotators x items), got shape {table.shape}")
    present = ~pd.isna(table)
    rated = table[present]
    items = np.nonzero(present)[1]
    if level == "nominal":
        codes, values = pd.factorize(rated)
    else:
        try:
            numbers = rated.astype(float)
        except (TypeError, ValueError):
            raise ValueError(f"level {level!r} needs numeric ratings") from None
        values, codes = np.unique(numbers, return_inverse=True)

    counts = np.zeros((table.shape[1], len(values)))  # items x values
    np.add.at(counts, (items, codes), 1)
    pairable = counts.sum(axis=1) >= 2
    if not pairable.any():
        raise ValueError("no item has two or more ratings, so alpha is undefined")
    counts = counts[pairable]
    weighted = counts / (counts.sum(axis=1, keepdims=True) - 1)
    coincidences = counts.T @ weighted - np.diag(weighted.sum(axis=0))
    totals = coincidences.sum(axis=1)
    n = totals.sum()
    distances = _squared_distances(np.asarray(values), totals, level)
    expected = (np.outer(totals, totals) * distances).sum() / (n - 1)
    if expected == 0:
        return float("nan")
    return float(1 - (coincidences * distances).sum() / expected)


# --- calibration --------------------------------------------------------------------------------


def _confidence_and_correct(y_true: ArrayLike, probabilities: ArrayLike, labels: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the highest probability and whether its label (first on ties) is the gold one."""
    y_true = _labels_array(y_true, "y_true")
    labels = _label_list(labels)
    if isinstance(probabilities, pd.DataFrame):
        missing = [label for label in labels if label not in probabilities.columns]
        if missing:
            raise ValueError(f"probabilities has no column for label(s) {missing}")
        probabilities = probabilities[labels]
    p = np.asarray(probabilities, dtype=float)
    if p.shape != (len(y_true), len(labels)):
        raise ValueError(f"probabilities must have shape (len(y_true), len(labels)) = {(len(y_true), len(labels))}, got {p.shape}")
    if not np.isfinite(p).all() or (p < 0).any() or (p > 1).any():
        raise ValueError("probabilities must be finite and lie between 0 and 1")
    sums = p.sum(axis=1)
    bad = np.abs(sums - 1) > PROBABILITY_TOLERANCE
    if bad.any():
        row = int(np.argmax(bad))
        raise ValueError(f"probabilities of row {row} sum to {sums[row]:.6g}, not 1 (tolerance {PROBABILITY_TOLERANCE})")
    unknown = ~np.isin(y_true, labels)
    if unknown.any():
        raise ValueError(f"y_true has label {y_true.tolist()[int(np.argmax(unknown))]!r} which is not in labels {labels}")
    return p.max(axis=1), np.asarray(labels, dtype=object)[p.argmax(axis=1)] == y_true


def reliability_bins(y_true: ArrayLike, probabilities: ArrayLike, labels: Sequence[Any], n_bins: int = 10) -> pd.DataFrame:
    """Per equal-width confidence bin (lower, upper]: count, mean confidence and accuracy of its rows.

    Confidence is a row's highest probability; a row is correct when that label (the first in
    ``labels`` on ties) is the gold one. ``probabilities`` is N x K with columns in the order of
    ``labels`` (or a DataFrame whose columns are the labels). Empty bins have NaN means.
    """
    if n_bins < 1:
        raise ValueError(f"n_bins must be at least 1, got {n_bins}")
    confidence, correct = _confidence_and_correct(y_true, probabilities, labels)
    edges = np.linspace(0, 1, n_bins + 1)
    bins = np.digitize(confidence, edges[1:-1], right=True)
    count = np.bincount(bins, minlength=n_bins)

    def mean(values: np.ndarray) -> np.ndarray:
        totals = np.bincount(bins, weights=values, minlength=n_bins)
        return np.divide(totals, count, out=np.full(n_bins, np.nan), where=count > 0)

    return pd.DataFrame(
        {"bin_lower": edges[:-1], "bin_upper": edges[1:], "count": count, "mean_confidence": mean(confidence), "accuracy": mean(correct.astype(float))}
    )


def expected_calibration_error(y_true: ArrayLike, probabilities: ArrayLike, labels: Sequence[Any], n_bins: int = 10) -> float:
    """ECE = sum over bins b of (n_b / N) |accuracy_b - mean_confidence_b| (bins of :func:`reliability_bins`)."""
    bins = reliability_bins(y_true, probabilities, labels, n_bins)
    weights = bins["count"] / bins["count"].sum()
    return float((weights * (bins["accuracy"] - bins["mean_confidence"]).abs()).sum())


# --- bootstrap ----------------------------------------------------------------------------------


def _take(values: ArrayLike, rows: np.ndarray) -> ArrayLike:
    """The given rows of an array, list, Series or DataFrame (keeping pandas types)."""
    return values.iloc[rows] if isinstance(values, (pd.Series, pd.DataFrame)) else np.asarray(values)[rows]


def _bootstrap(metric: Callable[..., float], arrays: tuple[ArrayLike, ...], n_resamples: int, seed: int | None) -> tuple[float, np.ndarray]:
    """``metric`` on the full data and on ``n_resamples`` row resamples (NaN results dropped)."""
    if not callable(metric):
        raise ValueError(f"metric must be callable, got {metric!r}")
    if not arrays:
        raise ValueError("pass at least one array to resample")
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be at least 1, got {n_resamples}")
    lengths = {len(a) for a in arrays}
    if len(lengths) > 1:
        raise ValueError(f"arrays differ in length: {[len(a) for a in arrays]}")
    n = lengths.pop()
    if n == 0:
        raise ValueError("arrays are empty")
    rng = np.random.default_rng(seed)
    samples = np.array([metric(*(_take(a, rows) for a in arrays)) for rows in rng.integers(0, n, size=(n_resamples, n))], dtype=float)
    samples = samples[~np.isnan(samples)]
    if samples.size == 0:
        raise ValueError("the metric is undefined (NaN) on every resample")
    return float(metric(*arrays)), samples


def _percentile_interval(samples: np.ndarray, level: float) -> tuple[float, float]:
    low, high = np.percentile(samples, [50 * (1 - level), 50 * (1 + level)])
    return float(low), float(high)


def bootstrap_ci(
    metric: Callable[..., float], *arrays: ArrayLike, n_resamples: int = 1000, level: float = 0.95, seed: int | None = 0
) -> tuple[float, float, float]:
    """Percentile bootstrap: (metric(*arrays), low, high), the (1 -/+ level)/2 quantiles of the metric over resamples.

    Each resample draws len(arrays[0]) rows with replacement (numpy Generator seeded with
    ``seed``), the same rows from every array. Resamples where the metric is NaN are left out.
    """
    _check_level(level)
    point, samples = _bootstrap(metric, arrays, n_resamples, seed)
    return (point, *_percentile_interval(samples, level))


def paired_bootstrap(
    metric: Callable[[ArrayLike, ArrayLike], float],
    y_true: ArrayLike,
    pred_a: ArrayLike,
    pred_b: ArrayLike,
    n_resamples: int = 1000,
    level: float = 0.95,
    seed: int | None = 0,
) -> dict[str, float]:
    """Paired bootstrap of d = metric(y_true, pred_a) - metric(y_true, pred_b) over the same resampled rows.

    Returns ``a``, ``b``, ``difference`` (a - b on the full data), ``low`` and ``high`` (the
    percentile interval of d at ``level``) and ``p_value``: two-sided, twice the share of
    resamples where d is zero or of the opposite sign to the observed difference, capped at 1
    (not the one-sided Berg-Kirkpatrick et al. 2012 test). An observed difference of 0 gives
    p = 1; p = 0 means no resample went the other way (p < 2 / n_resamples).
    """
    _check_level(level)

    def difference(truth: ArrayLike, a: ArrayLike, b: ArrayLike) -> float:
        return metric(truth, a) - metric(truth, b)

    observed, samples = _bootstrap(difference, (y_true, pred_a, pred_b), n_resamples, seed)
    low, high = _percentile_interval(samples, level)
    p_value = min(1.0, 2 * float(np.mean(samples * np.sign(observed) <= 0)))
    return {"a": float(metric(y_true, pred_a)), "b": float(metric(y_true, pred_b)), "difference": observed, "low": low, "high": high, "p_value": p_value}
