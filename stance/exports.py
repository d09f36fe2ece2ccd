"""Hand the results to other tools: a signed actor -> target network (GraphML for Gephi or
visone), a Discourse Network Analyzer style statement table, and spreadsheet-safe CSV (the
library's one CSV writer, :func:`write_csv`, and :func:`read_csv` to read its files back)::

    from stance import aggregate, exports

    graph = exports.stance_graph(aggregate.actor_target_table(statements), min_n=3)
    exports.write_graphml(graph, "stance.graphml")
    exports.write_csv(exports.statement_table(statements), "statements.csv")
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable, TextIO

import networkx as nx
import numpy as np
import pandas as pd

from stance.aggregate import STATISTICS
from stance.checks import check_frame
from stance.checks import check_positive_int

#: The types GraphML attributes (and so :func:`write_graphml`) accept.
GRAPHML_TYPES = (str, int, float, bool)

#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_EDGE_STATISTICS = ("mean_score", "share_against", "share_favor", "score_low", "score_high")
_STATEMENT_COLUMNS = ("actor", "target", "label", "date", "outlet", "doc_id", "sentence", "score", "text")


# --- network ------------------------------------------------------------------------------------


def stance_graph(table: pd.DataFrame, *, min_n: int = 1) -> nx.DiGraph:
    """A signed, weighted actor -> target network from an :func:`~stance.aggregate.actor_target_table`.

    Nodes are the actors and targets, with attribute ``kind``: "actor", "target", or "both" for
    a name that is an actor in one row and a target in another. There is one edge per table row
    with at least ``min_n`` statements, from actor to target, with ``weight`` (int, the number of
    statements n), ``sign`` (int: +1, -1 or 0, the sign of ``mean_score``) and the floats
    ``mean_score``, ``share_against``, ``share_favor``, ``score_low`` and ``score_high``; an
    interval bound that is NaN (a table made with ``n_resamples=0``) is left out, so that every
    attribute can be written to GraphML.

    The table must have one row per actor and target: make it without ``by`` and ``period``.
    """
    check_frame(table, "table", ["actor", "target", "n", *_EDGE_STATISTICS])
    check_positive_int(min_n, "min_n")
    extra = [column for column in table.columns if column not in ("actor", "target", *STATISTICS)]
    if extra:
        raise ValueError(f"table has key columns {extra}: make it with actor_target_table() without by= and period=")
    if table.duplicated(["actor", "target"]).any():
        raise ValueError("table has more than one row for an actor and target")
    graph = nx.DiGraph()
    rows = table[table["n"] >= min_n]
    actors, targets = set(rows["actor"]), set(rows["target"])
    for name in sorted(actors | targets):
        graph.add_node(name, kind="both" if name in actors and name in targets else "actor" if name in actors else "target")
    for row in rows.itertuples(index=False):
        statistics = {name: float(getattr(row, name)) for name in _EDGE_STATISTICS}
        graph.add_edge(
            row.actor,
            row.target,
            weight=int(row.n),
            sign=int(np.sign(row.mean_score)),
            **{name: value for name, value in statistics.items() if not math.isnan(value)},
        )
    return graph


def _graphml_value(value: Any, where: str, key: str) -> Any:
    """``value`` as a plain GraphML type (numpy scalars unwrapped); None for a value to leave out."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, GRAPHML_TYPES):
        return None if isinstance(value, float) and math.isnan(value) else value
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    raise ValueError(f"attribute {key!r} of {where} is a {type(value).__name__}; GraphML holds only str, int, float and bool")


def _graphml_attributes(data: dict, where: str) -> dict:
    values = {key: _graphml_value(value, where, key) for key, value in data.items()}
    return {key: value for key, value in values.items() if value is not None}


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write ``graph`` as GraphML (readable by Gephi, visone, networkx and igraph); return the path.

    Attribute values must be str, int, float or bool: numpy scalars are converted, None and NaN
    values are left out, and anything else (a list, a dict, a date) raises ``ValueError`` naming
    the node or edge and the attribute. An attribute that is int on some edges and float on
    others is written as float. Node names are written as their ``str``.
    """
    if not isinstance(graph, nx.Graph):
        raise ValueError(f"graph must be a networkx graph, got {type(graph).__name__}")
    clean = graph.__class__()
    clean.graph.update(_graphml_attributes(graph.graph, "the graph"))
    for node, data in graph.nodes(data=True):
        clean.add_node(node, **_graphml_attributes(data, f"node {node!r}"))
    for source, target, data in graph.edges(data=True):
        clean.add_edge(source, target, **_graphml_attributes(data, f"edge {source!r} -> {target!r}"))
    path = Path(path)
    nx.write_graphml(clean, path, infer_numeric_types=True)
    return path


# --- tables -------------------------------------------------------------------------------------


def statement_table(statements: pd.DataFrame, *, include_neutral: bool = False) -> pd.DataFrame:
    """The statements as Discourse Network Analyzer style rows: who (``actor``) agrees with
    what (``concept``) or not.

    Columns: ``actor``, ``concept`` (the target), ``agreement`` (1 for favor, 0 for against),
    ``date``, ``outlet``, ``doc_id``, ``sentence``, ``score`` and ``text``, in the order of
    ``statements``. Neutral statements are left out; with ``include_neutral=True`` they are kept
    with ``agreement`` missing (``agreement`` is a nullable integer column, so it stays 0/1 and a
    CSV shows the missing value as an empty cell).
    """
    check_frame(statements, "statements", _STATEMENT_COLUMNS)
    if not include_neutral:
        statements = statements[statements["label"] != "neutral"]
    agreement = statements["label"].map({"favor": 1, "against": 0}).astype("Int64")
    table = statements.assign(concept=statements["target"], agreement=agreement)
    columns = ["actor", "concept", "agreement", "date", "outlet", "doc_id", "sentence", "score", "text"]
    return table[columns].reset_index(drop=True)


def _formula_like(value: Any) -> bool:
    """Whether ``value`` is a string that starts like a formula, after any leading ``'``."""
    return isinstance(value, str) and value.lstrip("'").startswith(FORMULA_PREFIXES)


def _neutralised(value: Any) -> Any:
    """A formula-like string (:func:`_formula_like`) with one more leading ``'``; every other value as it is.

    Quoting the strings that already start with ``'`` before a formula character too makes
    :func:`_restored` an exact inverse: ``"'=x"`` is written ``"''=x"`` and read back as ``"'=x"``.
    """
    return "'" + value if _formula_like(value) else value


def _restored(value: Any) -> Any:
    """The inverse of :func:`_neutralised`: a string quoted by it, without the added ``'``."""
    return value[1:] if _formula_like(value) and value.startswith("'") else value


def _holds_text(dtype: Any) -> bool:
    """Whether a column of ``dtype`` may hold strings: object, string (Python or pyarrow), or categorical of those."""
    if isinstance(dtype, pd.CategoricalDtype):
        return _holds_text(dtype.categories.dtype)
    if isinstance(dtype, pd.ArrowDtype):
        import pyarrow as pa

        arrow = dtype.pyarrow_dtype
        if pa.types.is_dictionary(arrow):
            return _holds_text(pd.ArrowDtype(arrow.value_type))
        return pa.types.is_string(arrow) or pa.types.is_large_string(arrow)
    return pd.api.types.is_string_dtype(dtype)


def _mapped_text(frame: pd.DataFrame, function: Callable[[Any], Any]) -> pd.DataFrame:
    """A copy of ``frame`` without its index, ``function`` applied to every text cell and column name."""
    frame = frame.reset_index(drop=True)  # so that the columns below align even if labels repeat
    columns = [frame.iloc[:, i] for i in range(frame.shape[1])]
    mapped = pd.DataFrame({i: column.map(function) if _holds_text(column.dtype) else column for i, column in enumerate(columns)})
    mapped.columns = [function(column) for column in frame.columns]
    return mapped


def write_csv(frame: pd.DataFrame, path: str | Path | TextIO) -> Path | TextIO:
    """Write ``frame`` as UTF-8 CSV, without its index, safe to open in a spreadsheet; return ``path``.

    ``path`` is a file path (returned as a ``Path``) or an open text stream such as
    ``sys.stdout`` (returned as it is). This is the one CSV writer of the library: ``stance
    analyze --format csv`` and :func:`~stance.evaluation.annotation.write_annotation_sheet` use it.

    Against formula injection (OWASP, "CSV Injection"), every text cell and column name that
    starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (after any leading ``'``)
    gets a leading single quote, so "=HYPERLINK(...)" is written as "'=HYPERLINK(...)". Text is
    recognised in every string dtype: object, ``StringDtype``, pyarrow strings (``ArrowDtype``,
    dictionary-encoded too) and categoricals of those. Only text is changed: numbers (-0.5
    stays -0.5), dates and missing values are written as pandas writes them; :func:`read_csv`
    undoes the change. Lines end in CRLF, as RFC 4180 has it, so that a cell holding a line
    break of either kind is quoted. ``frame`` itself is not modified.
    """
    check_frame(frame, "frame", [])
    safe = _mapped_text(frame, _neutralised)
    if isinstance(path, str):
        path = Path(path)
    safe.to_csv(path, index=False, encoding="utf-8", lineterminator="\r\n")
    return path


def read_csv(path: str | Path, **options: Any) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv` back: :func:`pandas.read_csv` with ``options``, the added quotes removed.

    Only the quotes :func:`write_csv` adds are removed (a ``'`` before a formula character),
    from text cells and column names, so that a frame of strings round-trips exactly.
    """
    return _mapped_text(pd.read_csv(path, encoding="utf-8", **options), _restored)
