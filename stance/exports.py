"""Hand the results to other tools: a signed actor -> target network (GraphML for Gephi or
visone), a Discourse Network Analyzer style statement table, and spreadsheet-safe CSV::

    from stance import aggregate, exports

    graph = exports.stance_graph(aggregate.actor_target_table(statements), min_n=3)
    exports.write_graphml(graph, "stance.graphml")
    exports.write_csv(exports.statement_table(statements), "statements.csv")
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

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


def _neutralised(value: Any) -> Any:
    """A string that starts like a formula, with a leading ``'``; every other value as it is."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value


def _neutralised_column(column: pd.Series) -> pd.Series:
    """``column`` with :func:`_neutralised` text cells; columns that hold no text are kept as they are."""
    if column.dtype == object or isinstance(column.dtype, (pd.StringDtype, pd.CategoricalDtype)):
        return column.map(_neutralised)
    return column


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as UTF-8 CSV, without its index, safe to open in a spreadsheet; return the path.

    Against formula injection (OWASP, "CSV Injection"), every text cell and column name that
    starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading single
    quote, so "=HYPERLINK(...)" is written as "'=HYPERLINK(...)". Only text is changed: numbers
    (-0.5 stays -0.5), dates and missing values are written as pandas writes them. Lines end
    in CRLF, as RFC 4180 has it, so that a cell holding a line break of either kind is quoted.
    ``frame`` itself is not modified.
    """
    check_frame(frame, "frame", [])
    frame = frame.reset_index(drop=True)  # so that the columns below align even if labels repeat
    safe = pd.DataFrame({i: _neutralised_column(frame.iloc[:, i]) for i in range(frame.shape[1])})
    safe.columns = [_neutralised(column) for column in frame.columns]
    path = Path(path)
    safe.to_csv(path, index=False, encoding="utf-8", lineterminator="\r\n")
    return path
