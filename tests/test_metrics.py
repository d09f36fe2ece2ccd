"""Tests of stance.evaluation.metrics: agreement with scikit-learn and the krippendorff package,
hand-computed examples, bootstrap reproducibility and the input checks."""

import math

import krippendorff
import numpy as np
import pandas as pd
import pytest
import sklearn.metrics as skm
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from stance.evaluation import metrics as m

FAST = settings(max_examples=150, deadline=None)
ALPHABET = ["a", "b", "c", "d"]


@st.composite
def label_pairs(draw, alphabet=ALPHABET):
    """Two equally long, non-empty label lists."""
    n = draw(st.integers(1, 30))
    labels = st.lists(st.sampled_from(alphabet), min_size=n, max_size=n)
    return draw(labels), draw(labels)


@st.composite
def ratings_tables(draw):
    """Annotators x items tables of ratings 1..5 with missing values (None)."""
    annotators, items = draw(st.integers(2, 5)), draw(st.integers(1, 12))
    cell = st.one_of(st.none(), st.integers(1, 5))
    return [draw(st.lists(cell, min_size=items, max_size=items)) for _ in range(annotators)]


def assert_same(actual, expected):
    """Equal to 1e-9, or both NaN (an undefined agreement coefficient)."""
    assert actual == pytest.approx(expected, abs=1e-9, nan_ok=True)


# --- agreement with scikit-learn ----------------------------------------------------------------


@FAST
@given(label_pairs())
@pytest.mark.filterwarnings("ignore:A single label was found")  # scikit-learn, on a 1 x 1 matrix
def test_label_metrics_agree_with_sklearn(pair):
    y_true, y_pred = pair
    labels = sorted(set(y_true) | set(y_pred))
    assert m.accuracy(y_true, y_pred) == pytest.approx(skm.accuracy_score(y_true, y_pred))
    assert m.macro_f1(y_true, y_pred) == pytest.approx(skm.f1_score(y_true, y_pred, average="macro", zero_division=0))
    assert m.macro_f1(y_true, y_pred, labels=ALPHABET) == pytest.approx(skm.f1_score(y_true, y_pred, labels=ALPHABET, average="macro", zero_division=0))

    table = m.per_class(y_true, y_pred)
    expected = skm.precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    assert list(table.index) == labels and table.index.name == "label"
    assert list(table.columns) == ["precision", "recall", "f1", "support"]
    np.testing.assert_allclose(table.to_numpy().T, np.array(expected, dtype=float))

    matrix = m.confusion(pd.Series(y_true), np.array(y_pred))
    assert list(matrix.index) == labels and list(matrix.columns) == labels
    np.testing.assert_array_equal(matrix.to_numpy(), skm.confusion_matrix(y_true, y_pred, labels=labels))


@FAST
@given(label_pairs())
@pytest.mark.filterwarnings("ignore")  # scikit-learn warns on the single-label case
def test_cohen_kappa_agrees_with_sklearn(pair):
    a, b = pair
    assert_same(m.cohen_kappa(a, b), skm.cohen_kappa_score(a, b))


def test_cohen_kappa_is_nan_when_undefined_and_silent(recwarn):
    assert math.isnan(m.cohen_kappa(["x", "x", "x"], ["x", "x", "x"]))
    assert not recwarn.list
    assert m.cohen_kappa(["x", "y"], ["x", "y"]) == 1.0


def test_default_label_order_is_canonical_for_task_labels():
    gold, predicted = ["favor", "against", "neutral"], ["neutral", "favor", "favor"]
    assert list(m.confusion(gold, predicted).index) == ["against", "neutral", "favor"]
    assert list(m.per_class(["positive", "negative"], ["neutral", "neutral"]).index) == ["negative", "neutral", "positive"]
    matrix = m.confusion(gold, predicted)
    assert (matrix.index.name, matrix.columns.name) == ("gold", "predicted")
    assert matrix.loc["against", "favor"] == 1


def test_metrics_registry():
    gold, predicted = ["favor", "against", "neutral"], ["favor", "neutral", "neutral"]
    assert set(m.METRICS) == {"accuracy", "macro_f1", "f_avg"}
    for name, metric in m.METRICS.items():
        assert metric(gold, predicted) == getattr(m, name)(gold, predicted)


# --- F_avg ----------------------------------------------------------------------------------------


def test_f_avg_hand_computed():
    gold = ["FAVOR", "FAVOR", "FAVOR", "AGAINST", "AGAINST", "NONE", "NONE", "NONE"]
    pred = ["FAVOR", "FAVOR", "AGAINST", "AGAINST", "NONE", "FAVOR", "NONE", "NONE"]
    # FAVOR: 2 right of 3 predicted and of 3 gold -> F1 2/3; AGAINST: 1 of 2 and of 2 -> F1 1/2.
    assert m.f_avg(gold, pred, favor="FAVOR", against="AGAINST") == pytest.approx((2 / 3 + 1 / 2) / 2)
    # NONE is not averaged in, unlike macro F1 (NONE: 2 of 3 predicted, 2 of 3 gold -> 2/3).
    assert m.macro_f1(gold, pred) == pytest.approx((2 / 3 + 1 / 2 + 2 / 3) / 3)


def test_f_avg_counts_a_missing_class_as_zero():
    assert m.f_avg(["favor", "neutral"], ["favor", "neutral"]) == pytest.approx(0.5)


def test_f_avg_is_nan_without_favor_or_against():
    assert math.isnan(m.f_avg(["neutral", "neutral"], ["neutral", "neutral"]))
    assert math.isnan(m.f_avg(["FAVOR", "NONE"], ["AGAINST", "NONE"]))  # spelt otherwise


# --- Krippendorff's alpha -------------------------------------------------------------------------

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers, 12 units, missing data.
TEXTBOOK = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


@pytest.mark.parametrize("level, expected", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)])
def test_krippendorff_textbook_example(level, expected):
    assert m.krippendorff_alpha(TEXTBOOK, level) == pytest.approx(expected, abs=5e-4)


def test_krippendorff_accepts_strings_nan_and_dataframes():
    words = [[None if v is None else "abcde"[v - 1] for v in row] for row in TEXTBOOK]
    assert m.krippendorff_alpha(words) == pytest.approx(m.krippendorff_alpha(pd.DataFrame(TEXTBOOK, dtype=float)))


@FAST
@given(ratings_tables(), st.sampled_from(m.KRIPPENDORFF_LEVELS))
@pytest.mark.filterwarnings("ignore")  # the package divides by zero on some degenerate tables
def test_krippendorff_agrees_with_package(table, level):
    data = np.array(table, dtype=float)
    try:
        expected = krippendorff.alpha(data, level_of_measurement=level)
    except ValueError:  # fewer than two values, or no item rated twice
        assume(False)
    assert_same(m.krippendorff_alpha(table, level), expected)


def test_krippendorff_degenerate_cases():
    assert math.isnan(m.krippendorff_alpha([["x", "x", None], ["x", "x", "x"]]))
    # the third item has one rating and is ignored
    assert m.krippendorff_alpha([[1, 2, 3], [1, 2, None]]) == m.krippendorff_alpha([[1, 2], [1, 2]])
    with pytest.raises(ValueError, match="no item has two or more ratings"):
        m.krippendorff_alpha([[1, None], [None, 2]])


# --- calibration ----------------------------------------------------------------------------------

LABELS = ["a", "b"]


def test_ece_hand_computed():
    gold = ["a", "b", "a"]
    probabilities = [[0.9, 0.1], [0.3, 0.7], [0.4, 0.6]]
    bins = m.reliability_bins(gold, probabilities, LABELS, n_bins=4)
    assert list(bins.columns) == ["bin_lower", "bin_upper", "count", "mean_confidence", "accuracy"]
    assert bins["count"].tolist() == [0, 0, 2, 1]
    assert bins.loc[2, "mean_confidence"] == pytest.approx(0.65) and bins.loc[2, "accuracy"] == 0.5
    assert bins.loc[:1, "accuracy"].isna().all()
    # bin (0.5, 0.75]: 2/3 * |0.5 - 0.65|; bin (0.75, 1]: 1/3 * |1 - 0.9|
    assert m.expected_calibration_error(gold, probabilities, LABELS, n_bins=4) == pytest.approx(2 / 3 * 0.15 + 1 / 3 * 0.1)
    frame = pd.DataFrame(probabilities, columns=LABELS)[["b", "a"]]  # columns are matched by name
    assert m.expected_calibration_error(gold, frame, LABELS, n_bins=4) == pytest.approx(2 / 3 * 0.15 + 1 / 3 * 0.1)


def test_ece_is_zero_when_perfectly_calibrated():
    # confidence 0.8 with 4 of 5 right, confidence 0.6 with 3 of 5 right
    gold = ["a", "a", "a", "a", "b"] + ["b", "b", "b", "a", "a"]
    probabilities = [[0.8, 0.2]] * 5 + [[0.4, 0.6]] * 5
    assert m.expected_calibration_error(gold, probabilities, LABELS) == pytest.approx(0, abs=1e-12)


# --- bootstrap ------------------------------------------------------------------------------------

GOLD = list("aabbaabbab" * 3)
PRED = list("aabaabbbaa" * 3)


def test_bootstrap_is_reproducible_and_seeded():
    first = m.bootstrap_ci(m.macro_f1, GOLD, PRED, n_resamples=200, seed=1)
    assert m.bootstrap_ci(m.macro_f1, GOLD, PRED, n_resamples=200, seed=1) == first
    other = m.bootstrap_ci(m.macro_f1, GOLD, PRED, n_resamples=200, seed=2)
    assert other[0] == first[0] and other[1:] != first[1:]
    assert first[1] <= first[0] <= first[2]
    assert first[0] == m.macro_f1(GOLD, PRED)


def test_bootstrap_resamples_pandas_and_2d_arrays_alike():
    probabilities = np.array([[0.7, 0.3], [0.2, 0.8], [0.6, 0.4], [0.55, 0.45]] * 5)
    gold = ["a", "b", "b", "a"] * 5
    frame = pd.DataFrame(probabilities, columns=LABELS, index=range(100, 120))

    def ece(y, p):
        return m.expected_calibration_error(y, p, LABELS)

    as_arrays = m.bootstrap_ci(ece, gold, probabilities, n_resamples=100)
    as_pandas = m.bootstrap_ci(ece, pd.Series(gold, index=range(7, 27)), frame, n_resamples=100)
    assert as_arrays == pytest.approx(as_pandas)


@settings(max_examples=30, deadline=None)
@given(label_pairs(alphabet=["a", "b", "c"]).filter(lambda pair: len(pair[0]) >= 5))
def test_bootstrap_interval_contains_point_estimate(pair):
    point, low, high = m.bootstrap_ci(m.accuracy, *pair, n_resamples=100)
    assert low <= point <= high


def test_paired_bootstrap_identical_systems():
    result = m.paired_bootstrap(m.accuracy, GOLD, PRED, list(PRED), n_resamples=200)
    assert result == {"a": result["b"], "b": m.accuracy(GOLD, PRED), "difference": 0.0, "low": 0.0, "high": 0.0, "p_value": 1.0}


def test_paired_bootstrap_clearly_better_system():
    better = m.paired_bootstrap(m.accuracy, GOLD, GOLD, PRED, n_resamples=500)
    assert better["a"] == 1.0 and better["difference"] == pytest.approx(1 - m.accuracy(GOLD, PRED))
    assert 0 < better["low"] <= better["difference"] <= better["high"]
    assert better["p_value"] < 0.01
    worse = m.paired_bootstrap(m.accuracy, GOLD, PRED, GOLD, n_resamples=500)
    assert worse["difference"] == -better["difference"] and worse["p_value"] == better["p_value"]


def test_paired_bootstrap_close_systems_are_not_significant():
    almost = list(PRED)
    almost[0] = "b"  # one row differs
    assert m.paired_bootstrap(m.accuracy, GOLD, PRED, almost, n_resamples=500)["p_value"] > 0.2


# --- input checks ---------------------------------------------------------------------------------

PROBS = [[0.9, 0.1], [0.3, 0.7]]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: m.accuracy(["a", "b"], ["a"]), "y_true and y_pred differ in length: 2 != 1"),
        (lambda: m.macro_f1([], []), "y_true is empty"),
        (lambda: m.per_class(["a", None], ["a", "b"]), "y_true has a missing value at position 1"),
        (lambda: m.confusion(["a"], [["a"]]), "y_pred must be one-dimensional"),
        (lambda: m.macro_f1(["a"], ["a"], labels=[]), "labels is empty"),
        (lambda: m.per_class(["a"], ["a"], labels=["a", "a"]), "labels has duplicates"),
        (lambda: m.cohen_kappa(["a"], ["a", "b"]), "a and b differ in length"),
        (lambda: m.f_avg(["x"], ["x"], favor="x", against="x"), "favor and against must differ"),
        (lambda: m.krippendorff_alpha(TEXTBOOK, "cardinal"), "unknown level 'cardinal'"),
        (lambda: m.krippendorff_alpha([1, 2, 3]), "must be two-dimensional"),
        (lambda: m.krippendorff_alpha([["x", "y"], ["x", "y"]], "interval"), "needs numeric ratings"),
        (lambda: m.expected_calibration_error(["a", "b"], [[0.9, 0.2], [0.3, 0.7]], LABELS), "row 0 sum to 1.1"),
        (lambda: m.expected_calibration_error(["a", "b"], [[0.9, 0.1]], LABELS), r"must have shape .* \(2, 2\), got \(1, 2\)"),
        (lambda: m.expected_calibration_error(["a", "b"], [[1.5, -0.5], [0.3, 0.7]], LABELS), "between 0 and 1"),
        (lambda: m.reliability_bins(["a", "b"], PROBS, LABELS, n_bins=0), "n_bins must be at least 1"),
        (lambda: m.reliability_bins(["a", "c"], PROBS, LABELS), "label 'c' which is not in labels"),
        (lambda: m.reliability_bins(["a", "b"], pd.DataFrame(PROBS, columns=["a", "x"]), LABELS), r"no column for label\(s\) \['b'\]"),
        (lambda: m.bootstrap_ci(m.accuracy, GOLD, PRED, level=1), "level must lie strictly between 0 and 1"),
        (lambda: m.bootstrap_ci(m.accuracy, GOLD, PRED[:-1]), "arrays differ in length"),
        (lambda: m.bootstrap_ci(m.accuracy, GOLD, PRED, n_resamples=0), "n_resamples must be at least 1"),
        (lambda: m.bootstrap_ci(m.accuracy), "at least one array"),
        (lambda: m.bootstrap_ci("accuracy", GOLD, PRED), "metric must be callable"),
        (lambda: m.bootstrap_ci(m.accuracy, [], []), "arrays are empty"),
        (lambda: m.bootstrap_ci(lambda *_: float("nan"), GOLD, PRED, n_resamples=5), r"undefined \(NaN\) on every resample"),
        (lambda: m.paired_bootstrap(m.accuracy, GOLD, PRED, PRED, level=0), "level must lie strictly between 0 and 1"),
    ],
)
def test_invalid_input_raises_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
