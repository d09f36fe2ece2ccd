"""Who holds which stance toward whom, aggregated: tables over the statements and mentions frames.

Plain functions over the DataFrames a :class:`stance.corpus.Results` gives: the statements
(``Results.stances()``, one row per (sentence, target) stance) and the mentions
(``Results.mentions()``, one row per actor mention). No model runs here::

    from stance import aggregate

    table = aggregate.actor_target_table(statements)                 # one row per actor and target
    aggregate.actor_target_table(statements, by="outlet", min_n=5)   # ... per outlet
    aggregate.actor_target_table(statements, rollup="country")       # Vladimir Putin counts as Russia
    aggregate.stance_over_time(statements, freq="month")             # ... per month
    aggregate.mention_counts(mentions)                               # who mentions whom

Conventions
-----------
* Inputs are checked up front: a ``ValueError`` names the argument and what is wrong with it
  (the missing columns, the allowed values of an option).
* A frame without rows gives an empty table with the documented columns.
* Every interval is reproducible: each cell's bootstrap draws from its own generator, seeded with
  ``seed`` and a checksum of the cell's key, so that a cell's interval depends neither on which
  other cells exist nor on the order of the input rows. See ``docs/aggregation.md``.
"""

from __future__ import annotations

import warnings
import zlib
from typing import Sequence

import numpy as np
import pandas as pd

from stance.actors import ActorRegistry, load_actors
from stance.checks import check_choice, check_frame, check_positive_int
from stance.records import AUTHOR

#: Values of ``period`` (and of ``freq`` in :func:`stance_over_time`); a period is labelled by the
#: Timestamp of its first day (weeks run Monday to Sunday).
PERIODS = ("day", "week", "month", "quarter", "year")

#: Values of ``rollup``: the level of the actor hierarchy to count actors at.
ROLLUP_LEVELS = ("government", "country", "bloc")

#: Values of ``resample``: what the bootstrap draws with replacement.
RESAMPLE_UNITS = ("document", "sentence")

#: Stance labels, in the order of the ``share_*`` columns.
STANCE_LABELS = ("against", "neutral", "favor")

#: The statistics columns of :func:`actor_target_table`, after its key columns.
STATISTICS = ("n", "documents", "mean_score", "score_low", "score_high", "share_against", "share_neutral", "share_favor")

_PERIOD_CODES = {"day": "D", "week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
_DTYPES = {"n": "int64", "documents": "int64", **{name: "float64" for name in STATISTICS[2:]}}
_STATEMENT_COLUMNS = ("doc_id", "sentence", "actor", "target", "label", "score")
_MENTION_COLUMNS = ("doc_id", "holder", "actor")
_MAX_DRAWS = 1_000_000  # bootstrap indices drawn at once (8 MB), so that large cells fit in memory


# --- input checks -------------------------------------------------------------------------------


def _by_columns(by: str | Sequence[str], reserved: Sequence[str]) -> list[str]:
    """``by`` as a list of column names, none of them one of the ``reserved`` key columns."""
    columns = [by] if isinstance(by, str) else list(by)
    if not all(isinstance(column, str) for column in columns):
        raise ValueError(f"by must be a column name or a list of column names, got {by!r}")
    clash = [column for column in columns if column in reserved]
    if clash:
        raise ValueError(f"by must not name {clash}: the table is always split by {list(reserved)}")
    if len(set(columns)) != len(columns):
        raise ValueError(f"by names a column twice: {columns}")
    return columns


def _registry_for(rollup: str | None, registry: ActorRegistry | None) -> ActorRegistry | None:
    """The registry to roll actors up with: ``registry``, or the shipped one when it is None."""
    if rollup is None:
        return None
    check_choice(rollup, "rollup", ROLLUP_LEVELS)
    if registry is None:
        return load_actors()
    if not isinstance(registry, ActorRegistry):
        raise ValueError(f"registry must be a stance.actors.ActorRegistry, got {type(registry).__name__}")
    return registry


# --- rollup -------------------------------------------------------------------------------------


def rollup_actor(name: str, level: str, registry: ActorRegistry) -> list[str]:
    """The actors ``name`` counts as at hierarchy ``level`` ("government", "country" or "bloc").

    An actor of type ``level`` stays itself; any other actor becomes its first ancestor of that
    type (``registry.ancestors`` order: parents first), so "Vladimir Putin" -> ["Government of
    Russia"] at "government" and ["Russia"] at "country". At "bloc" it becomes *every* bloc above
    it, since an actor may sit in several ("United States" -> ["the West", "NATO", "G7", ...]).
    Actors with no ancestor of that type, names the registry lacks (actors found only by the
    entity recogniser) and "author" stay as they are. Only the hierarchy is followed: a country
    is not under its government, so "Russia" stays "Russia" at "government".
    """
    check_choice(level, "level", ROLLUP_LEVELS)
    if name not in registry or registry.get(name).type == level:
        return [name]
    above = [actor.name for actor in registry.ancestors(name) if actor.type == level]
    if not above:
        return [name]
    return above if level == "bloc" else above[:1]


def _rolled_up(frame: pd.DataFrame, columns: Sequence[str], level: str, registry: ActorRegistry) -> pd.DataFrame:
    """``frame`` with each of ``columns`` mapped through :func:`rollup_actor`; a row whose actor
    belongs to several blocs is repeated once per bloc."""
    for column in columns:
        mapping = {name: rollup_actor(name, level, registry) for name in frame[column].dropna().unique()}
        frame = frame.assign(**{column: frame[column].map(lambda name: mapping.get(name, [name]))}).explode(column)
    return frame.reset_index(drop=True)


# --- the actor x target table -------------------------------------------------------------------


def _cell_seed(seed: int, key: tuple) -> np.random.Generator:
    """A generator for one cell, from ``seed`` and a stable checksum (CRC-32) of the cell's key."""
    text = "\x1f".join(str(part) for part in key)
    return np.random.default_rng([seed, zlib.crc32(text.encode("utf-8"))])


def _resampled_means(sums: np.ndarray, counts: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Mean score of ``n_resamples`` resamples: each draws len(sums) units (documents or
    sentences) with replacement and divides their total score by their total sentences."""
    units = len(sums)
    chunk = max(1, _MAX_DRAWS // units)
    means = []
    for start in range(0, n_resamples, chunk):
        rows = rng.integers(0, units, size=(min(chunk, n_resamples - start), units))
        means.append(sums[rows].sum(axis=1) / counts[rows].sum(axis=1))
    return np.concatenate(means)


def _cell_statistics(cell: pd.DataFrame, rng: np.random.Generator, n_resamples: int, confidence: float, resample: str) -> dict:
    """The :data:`STATISTICS` of one cell's rows (sorted by document and sentence)."""
    scores = cell["score"].to_numpy(dtype=float)
    if resample == "document":
        documents = pd.factorize(cell["doc_id"])[0]
        sums, counts = np.bincount(documents, weights=scores), np.bincount(documents).astype(float)
    else:
        sums, counts = scores, np.ones_like(scores)
    low = high = float("nan")
    if n_resamples > 0:
        means = _resampled_means(sums, counts, n_resamples, rng)
        low, high = np.percentile(means, [50 * (1 - confidence), 50 * (1 + confidence)])
    shares = cell["label"].value_counts(normalize=True)
    return {
        "n": len(cell),
        "documents": cell["doc_id"].nunique(),
        "mean_score": sums.sum() / counts.sum(),
        "score_low": low,
        "score_high": high,
        **{f"share_{label}": shares.get(label, 0.0) for label in STANCE_LABELS},
    }


def _check_statements(statements: pd.DataFrame) -> None:
    """Raise on labels outside :data:`STANCE_LABELS` and on missing scores."""
    unknown = set(statements["label"].unique()) - set(STANCE_LABELS)
    if unknown:
        raise ValueError(f"statements has labels other than {list(STANCE_LABELS)}: {sorted(unknown, key=str)}")
    if not pd.api.types.is_numeric_dtype(statements["score"]) or statements["score"].isna().any():
        raise ValueError("statements['score'] must be numeric without missing values")


def _with_period(statements: pd.DataFrame, period: str) -> pd.DataFrame:
    """``statements`` with a ``period`` column (the start of each row's period); rows without a
    date are dropped with a warning. A timezone-aware date is bucketed by its local wall time."""
    dates = statements["date"]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        raise ValueError(f"statements['date'] must be a datetime64 column (see pd.to_datetime), got {dates.dtype}")
    if dates.dt.tz is not None:
        dates = dates.dt.tz_localize(None)
    undated = int(dates.isna().sum())
    if undated:
        warnings.warn(f"dropped {undated} of {len(dates)} statements without a date (NaT) from the per-{period} table", stacklevel=3)
    statements = statements.assign(period=dates.dt.to_period(_PERIOD_CODES[period]).dt.start_time)
    return statements[dates.notna().to_numpy()]


def actor_target_table(
    statements: pd.DataFrame,
    *,
    by: str | Sequence[str] = (),
    period: str | None = None,
    rollup: str | None = None,
    registry: ActorRegistry | None = None,
    include_author: bool = True,
    min_n: int = 1,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    resample: str = "document",
    seed: int = 0,
) -> pd.DataFrame:
    """The stance of each actor toward each target: one row per cell (``*by``, ``period``, actor, target).

    Columns, after the key columns: ``n`` (statements, i.e. sentences, in the cell),
    ``documents`` (distinct ``doc_id``), ``mean_score`` (mean of ``score`` = p(favor) -
    p(against), in [-1, 1]), ``score_low`` and ``score_high`` (the percentile bootstrap interval
    of the mean at ``confidence``) and ``share_against``, ``share_neutral``, ``share_favor`` (the
    share of the cell's statements with each label). Rows are sorted by the key columns.

    Parameters
    ----------
    statements : the statements frame (columns doc_id, sentence, actor, target, label, score;
        ``date`` with ``period``; the ``by`` columns).
    by : a column name or list of them to split the table by further (e.g. "outlet"); a missing
        value (an article without outlet) is a group of its own.
    period : None or one of :data:`PERIODS`: adds a ``period`` column, the Timestamp of the first
        day of the period; rows without a date (NaT) are dropped with a warning saying how many.
    rollup : None or one of :data:`ROLLUP_LEVELS`: count each actor as the actor above it at that
        level (see :func:`rollup_actor`) using ``registry`` (default: the shipped one). At "bloc"
        a statement by an actor in several blocs counts once in each bloc's rows.
    include_author : False leaves out the statements the article's author holds (actor "author").
    min_n : leave out cells with fewer statements.
    n_resamples : bootstrap resamples per cell; 0 skips the bootstrap (``score_low`` and
        ``score_high`` are NaN).
    confidence : coverage of the interval, strictly between 0 and 1.
    resample : "document" (default) draws the cell's documents with replacement, each with all
        its statements in the cell (a cluster bootstrap: sentences of one article are not
        independent, and treating them so makes intervals too narrow); "sentence" draws rows.
        A cell whose statements all come from one document has a zero-width interval under
        "document".
    seed : non-negative int; each cell draws from ``numpy.random.default_rng([seed, crc32(key)])``.
    """
    check_frame(statements, "statements", [])
    by = _by_columns(by, ("period", "actor", "target"))
    if period is not None:
        check_choice(period, "period", PERIODS)
    registry = _registry_for(rollup, registry)
    check_positive_int(min_n, "min_n")
    if not isinstance(n_resamples, int) or isinstance(n_resamples, bool) or n_resamples < 0:
        raise ValueError(f"n_resamples must be a non-negative int, got {n_resamples!r}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    check_choice(resample, "resample", RESAMPLE_UNITS)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")

    keys = [*by, *(["period"] if period else []), "actor", "target"]
    rows = []
    if len(statements) > 0:
        check_frame(statements, "statements", [*_STATEMENT_COLUMNS, *by, *(["date"] if period else [])])
        _check_statements(statements)
        if not include_author:
            statements = statements[statements["actor"] != AUTHOR]
        if period is not None:
            statements = _with_period(statements, period)
        if rollup is not None:
            statements = _rolled_up(statements, ["actor"], rollup, registry)
        statements = statements.sort_values(["doc_id", "sentence"], kind="stable")
        for key, cell in statements.groupby(keys, sort=True, dropna=False):
            if len(cell) >= min_n:
                rng = _cell_seed(seed, key)
                rows.append({**dict(zip(keys, key)), **_cell_statistics(cell, rng, n_resamples, confidence, resample)})
    dtypes = {**_DTYPES, **({"period": "datetime64[ns]"} if period else {})}
    return pd.DataFrame(rows, columns=[*keys, *STATISTICS]).astype(dtypes)


def stance_over_time(
    statements: pd.DataFrame,
    *,
    freq: str = "month",
    by: str | Sequence[str] = ("actor", "target"),
    **kwargs,
) -> pd.DataFrame:
    """:func:`actor_target_table` per period of ``freq`` (one of :data:`PERIODS`), sorted by period.

    ``by`` names what one time series is: it must include "actor" and "target" (the table is
    always per actor and target); other columns in it (e.g. "outlet") split the series further.
    Other keyword arguments (``rollup``, ``min_n``, ``n_resamples``, ...) go to
    :func:`actor_target_table`.
    """
    check_choice(freq, "freq", PERIODS)
    by = [by] if isinstance(by, str) else list(by)
    if not {"actor", "target"} <= set(by):
        raise ValueError(f"by must include 'actor' and 'target' (add columns such as 'outlet' to split further), got {by}")
    extra = [column for column in by if column not in ("actor", "target")]
    table = actor_target_table(statements, by=extra, period=freq, **kwargs)
    return table.sort_values(["period", *extra, "actor", "target"], kind="stable").reset_index(drop=True)


# --- mentions -----------------------------------------------------------------------------------


def mention_counts(
    mentions: pd.DataFrame,
    *,
    by: str | Sequence[str] = (),
    rollup: str | None = None,
    registry: ActorRegistry | None = None,
    include_self: bool = False,
) -> pd.DataFrame:
    """Who mentions whom: one row per (``*by``, holder, actor) with ``mentions`` and ``documents``.

    ``mentions`` counts the mention rows (an actor named twice in a sentence counts twice),
    ``documents`` the distinct ``doc_id`` they occur in. ``holder`` is the actor holding the
    sentence, ``actor`` the one it mentions. With ``rollup`` both are counted at that level (see
    :func:`rollup_actor`; at "bloc" a row counts once per bloc of each). ``include_self=False``
    leaves out rows where holder and actor are the same (after the rollup). Sorted by
    ``mentions``, most first, then by the key columns.
    """
    check_frame(mentions, "mentions", [])
    by = _by_columns(by, ("holder", "actor"))
    registry = _registry_for(rollup, registry)
    keys = [*by, "holder", "actor"]
    columns = [*keys, "mentions", "documents"]
    if len(mentions) == 0:
        return pd.DataFrame(columns=columns).astype({"mentions": "int64", "documents": "int64"})
    check_frame(mentions, "mentions", [*_MENTION_COLUMNS, *by])
    if rollup is not None:
        mentions = _rolled_up(mentions, ["holder", "actor"], rollup, registry)
    if not include_self:
        mentions = mentions[mentions["holder"] != mentions["actor"]]
    counts = mentions.groupby(keys, sort=True, dropna=False)["doc_id"].agg(mentions="size", documents="nunique").reset_index()
    return counts.sort_values("mentions", ascending=False, kind="stable").reset_index(drop=True)[columns]
