"""Figures of aggregated stance: an actor x target heatmap, stance over time and the stance network.

Each function draws on ``ax`` (a new figure when None) and returns the Axes::

    from stance import aggregate, exports, figures

    table = aggregate.actor_target_table(statements, min_n=3)
    figures.plot_heatmap(table)
    figures.plot_over_time(aggregate.stance_over_time(statements, freq="month"))
    figures.plot_network(exports.stance_graph(table))
"""

from __future__ import annotations

from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from stance.aggregate import STATISTICS
from stance.checks import check_frame
from stance.checks import check_positive_int

#: Colour limits of :func:`plot_heatmap` per value column; other columns use the data's range.
VALUE_LIMITS = {
    "mean_score": (-1.0, 1.0),
    "score_low": (-1.0, 1.0),
    "score_high": (-1.0, 1.0),
    "share_against": (0.0, 1.0),
    "share_neutral": (0.0, 1.0),
    "share_favor": (0.0, 1.0),
}

#: In :func:`plot_network`, an edge whose |mean_score| is below this is drawn grey (no clear stance).
NEUTRAL_BAND = 0.05

_EDGE_COLOURS = {"favor": "tab:green", "against": "tab:red", "neutral": "tab:grey"}
_NODE_COLOURS = {"actor": "#c6dbef", "target": "#fdd0a2", "both": "#d9d9d9"}
_SCORE_LABEL = "mean score: p(favor) - p(against)"


def _new_axes(figsize: tuple[float, float]) -> Any:
    """The Axes of a new figure of ``figsize`` inches."""
    return plt.subplots(figsize=figsize)[1]


# --- heatmap ------------------------------------------------------------------------------------


def _by_total(rows: pd.DataFrame, column: str) -> list[str]:
    """The names in ``column``, most statements (sum of n) first, ties by name."""
    totals = rows.groupby(column)["n"].sum()
    return list(totals.sort_values(ascending=False, kind="stable").index)


def _text_colour(image: Any, value: float) -> str:
    """Black or white, whichever reads better on the cell colour of ``value``."""
    red, green, blue, _ = image.cmap(image.norm(value))
    return "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 0.5 else "white"


def plot_heatmap(
    table: pd.DataFrame,
    *,
    value: str = "mean_score",
    ax: Any = None,
    annotate: bool = True,
    cmap: Any = "RdBu",
    min_n: int = 1,
) -> Any:
    """Draw ``value`` of an :func:`~stance.aggregate.actor_target_table` as actor rows x target columns.

    Rows and columns are ordered by their number of statements, most first. Scores are coloured
    on ``cmap`` from -1 (against: red in RdBu) through 0 (white) to 1 (favor: blue), shares from
    0 to 1 (see :data:`VALUE_LIMITS`); a pair with no row, or fewer than ``min_n`` statements,
    stays blank. With ``annotate`` each filled cell shows the value (2 decimals) and ``n=``.
    The table must have one row per actor and target (make it without ``by`` and ``period``, or
    select one group first).
    """
    check_frame(table, "table", ["actor", "target", "n", value])
    check_positive_int(min_n, "min_n")
    if table.duplicated(["actor", "target"]).any():
        raise ValueError("table has more than one row for an actor and target: make it without by= and period=, or select one group")
    rows = table[table["n"] >= min_n]
    if rows.empty:
        raise ValueError(f"no row of table has at least min_n={min_n} statements")
    actors, targets = _by_total(rows, "actor"), _by_total(rows, "target")
    values = rows.pivot(index="actor", columns="target", values=value).reindex(index=actors, columns=targets).to_numpy(dtype=float)
    counts = rows.pivot(index="actor", columns="target", values="n").reindex(index=actors, columns=targets).to_numpy(dtype=float)

    ax = ax if ax is not None else _new_axes((max(4.0, 1.1 * len(targets) + 2.5), max(3.0, 0.55 * len(actors) + 1.5)))
    vmin, vmax = VALUE_LIMITS.get(value, (None, None))
    image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    ax.figure.colorbar(image, ax=ax, label=_SCORE_LABEL if value == "mean_score" else value.replace("_", " "))
    if annotate:
        for (i, j), cell in np.ndenumerate(values):
            if not np.isnan(cell):
                text = f"{cell:.2f}\nn={int(counts[i, j])}"
                ax.text(j, i, text, ha="center", va="center", fontsize=8, color=_text_colour(image, cell))
    ax.set_xticks(range(len(targets)), targets, rotation=45, ha="right")
    ax.set_yticks(range(len(actors)), actors)
    ax.set_xlabel("target")
    ax.set_ylabel("actor")
    return ax


# --- over time ----------------------------------------------------------------------------------


def plot_over_time(table: pd.DataFrame, *, ax: Any = None, interval: bool = True) -> Any:
    """Draw :func:`~stance.aggregate.stance_over_time` output: one line per actor and target.

    A line is labelled "actor -> target" (with its other key columns, e.g. the outlet, in
    brackets); with ``interval`` a shaded band spans ``score_low`` to ``score_high``. The y axis
    runs from -1 to 1 with a dashed line at 0.
    """
    check_frame(table, "table", ["period", "actor", "target", "mean_score", *(["score_low", "score_high"] if interval else [])])
    if table.empty:
        raise ValueError("table has no rows to plot")
    keys = [column for column in table.columns if column not in ("period", *STATISTICS)]
    ax = ax if ax is not None else _new_axes((8.0, 4.5))
    for key, series in table.sort_values("period").groupby(keys, sort=True, dropna=False):
        named = dict(zip(keys, key))
        label = f"{named.pop('actor')} -> {named.pop('target')}"
        if named:
            label += f" ({', '.join(str(part) for part in named.values())})"
        periods = series["period"].to_numpy()
        (line,) = ax.plot(periods, series["mean_score"].to_numpy(), marker="o", label=label)
        if interval:
            low, high = series["score_low"].to_numpy(), series["score_high"].to_numpy()
            ax.fill_between(periods, low, high, color=line.get_color(), alpha=0.2, linewidth=0)
    ax.axhline(0, color="grey", linewidth=0.8, linestyle="--")
    ax.set_ylim(-1, 1)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("period")
    ax.set_ylabel(_SCORE_LABEL)
    ax.legend(fontsize="small")
    return ax


# --- network ------------------------------------------------------------------------------------


def _edge_colour(mean_score: float) -> str:
    """Green for favor, red for against, grey within :data:`NEUTRAL_BAND` of 0."""
    if mean_score >= NEUTRAL_BAND:
        return _EDGE_COLOURS["favor"]
    if mean_score <= -NEUTRAL_BAND:
        return _EDGE_COLOURS["against"]
    return _EDGE_COLOURS["neutral"]


def plot_network(graph: nx.DiGraph, *, ax: Any = None, layout_seed: int = 0) -> Any:
    """Draw a :func:`~stance.exports.stance_graph`: arrows from actors to targets.

    An edge is green when its ``mean_score`` is at least :data:`NEUTRAL_BAND`, red when it is at
    most -NEUTRAL_BAND and grey in between; its width grows with ``weight`` (statements).
    Nodes are coloured by ``kind`` (actor, target, both) and labelled with their names. The
    layout is networkx's spring layout, seeded with ``layout_seed``, so a graph is always drawn
    the same way.
    """
    if not isinstance(graph, nx.DiGraph):
        raise ValueError(f"graph must be a networkx DiGraph from stance_graph(), got {type(graph).__name__}")
    ax = ax if ax is not None else _new_axes((8.0, 6.5))
    positions = nx.spring_layout(graph, weight=None, seed=layout_seed)  # with weights, heavy edges pile actors on one spot
    edges = list(graph.edges(data=True))
    heaviest = max((data["weight"] for _, _, data in edges), default=1)
    nx.draw_networkx_nodes(graph, positions, ax=ax, node_size=700, node_color=[_NODE_COLOURS[graph.nodes[node]["kind"]] for node in graph])
    nx.draw_networkx_edges(
        graph,
        positions,
        ax=ax,
        edgelist=[(source, target) for source, target, _ in edges],
        edge_color=[_edge_colour(data["mean_score"]) for _, _, data in edges],
        width=[1 + 4 * data["weight"] / heaviest for _, _, data in edges],
        arrows=True,
        arrowstyle="-|>",
        arrowsize=14,
        node_size=700,
        connectionstyle="arc3,rad=0.1",  # curved, so that A -> B and B -> A do not overlap
    )
    nx.draw_networkx_labels(graph, positions, ax=ax, font_size=8)
    edge_labels = {"favor": f"favor (mean score >= {NEUTRAL_BAND:g})", "against": f"against (<= -{NEUTRAL_BAND:g})", "neutral": "in between"}
    handles = [Line2D([], [], color=colour, linewidth=2, label=edge_labels[name]) for name, colour in _EDGE_COLOURS.items()]
    kinds = sorted({kind for _, kind in graph.nodes(data="kind")})
    handles += [Line2D([], [], marker="o", linestyle="", markersize=10, color=_NODE_COLOURS[kind], label=kind) for kind in kinds]
    ax.legend(handles=handles, fontsize="small", loc="best")
    ax.set_axis_off()
    return ax
