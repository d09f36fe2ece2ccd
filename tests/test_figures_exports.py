"""Tests of stance.figures and stance.exports on hand-built tables: what each figure draws, the
stance graph and its GraphML round trip, the statement table and CSV injection safety."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from stance import aggregate as ag  # noqa: E402
from stance import exports as ex  # noqa: E402
from stance import figures as fig  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def table_row(actor: str, target: str, n: int, mean: float, low: float = -0.1, high: float = 0.1) -> dict:
    return {"actor": actor, "target": target, "n": n, "documents": n, "mean_score": mean, "score_low": mean + low,
            "score_high": mean + high, "share_against": 0.2, "share_neutral": 0.3, "share_favor": 0.5}


@pytest.fixture
def table() -> pd.DataFrame:
    """Three actors, two targets, one pair without a row (Xi -> sanctions); NATO is also an actor."""
    return pd.DataFrame([
        table_row("Putin", "NATO", 10, -0.6),
        table_row("Putin", "sanctions", 6, -0.3),
        table_row("Biden", "NATO", 4, 0.5),
        table_row("Biden", "sanctions", 2, 0.01),
        table_row("Xi", "NATO", 1, -0.2),
        table_row("NATO", "sanctions", 3, 0.4),
    ])


def make_statements() -> pd.DataFrame:
    labels = ["favor", "against", "neutral", "favor"]
    return pd.DataFrame({
        "doc_id": ["a", "a", "b", "b"],
        "sentence": [0, 1, 0, 1],
        "date": pd.to_datetime(["2024-01-02", "2024-01-02", None, "2024-02-03"]),
        "outlet": ["Wire", "Wire", None, "Daily"],
        "actor": ["Putin", "=cmd|' /C calc'!A0", "Biden", "author"],
        "actor_type": ["person", "unknown", "person", "author"],
        "target": ["NATO", "NATO", "sanctions", "+sanctions"],
        "label": labels,
        "score": [0.7, -0.5, 0.0, 0.4],
        "p_against": [0.1, 0.6, 0.2, 0.1],
        "p_neutral": [0.1, 0.3, 0.6, 0.4],
        "p_favor": [0.8, 0.1, 0.2, 0.5],
        "text": ['=HYPERLINK("http://evil.example","click")', "@SUM(A1)", "-dash start", "plain, with comma"],
    })


# --- heatmap ------------------------------------------------------------------------------------


def test_heatmap_annotates_filled_cells_and_leaves_missing_ones_blank(table):
    ax = fig.plot_heatmap(table)
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Putin", "Biden", "NATO", "Xi"]  # most statements first
    assert [label.get_text() for label in ax.get_xticklabels()] == ["NATO", "sanctions"]
    texts = [text.get_text() for text in ax.texts]
    assert len(texts) == len(table)
    assert "-0.60\nn=10" in texts and "0.01\nn=2" in texts
    image = ax.images[0]
    data = image.get_array()
    assert data.mask[3, 1] and data.mask[2, 0]  # Xi -> sanctions and NATO -> NATO have no row
    assert not data.mask[0, 0] and data[0, 0] == pytest.approx(-0.6)
    assert image.get_clim() == (-1.0, 1.0)
    assert "mean score" in ax.figure.axes[-1].get_ylabel()  # the colour bar


def test_heatmap_options(table):
    assert len(fig.plot_heatmap(table, annotate=False).texts) == 0
    ax = fig.plot_heatmap(table, min_n=3)
    assert len(ax.texts) == 4
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Putin", "Biden", "NATO"]
    shares = fig.plot_heatmap(table, value="share_favor", cmap="Greens")
    assert shares.images[0].get_clim() == (0.0, 1.0)
    _, own = plt.subplots()
    assert fig.plot_heatmap(table, ax=own) is own


def test_heatmap_rejects_tables_it_cannot_draw(table):
    with pytest.raises(ValueError, match="more than one row"):
        fig.plot_heatmap(pd.concat([table.assign(outlet="A"), table.assign(outlet="B")]))
    with pytest.raises(ValueError, match="min_n=100"):
        fig.plot_heatmap(table, min_n=100)
    with pytest.raises(ValueError, match=r"lacks the columns \['polarity'\]"):
        fig.plot_heatmap(table, value="polarity")


# --- over time ----------------------------------------------------------------------------------


@pytest.fixture
def over_time() -> pd.DataFrame:
    rows = []
    for month in (1, 2, 3):
        for actor, target, mean in (("Putin", "NATO", -0.5), ("Biden", "NATO", 0.4), ("Biden", "Putin", -0.2)):
            rows.append({"period": pd.Timestamp(2024, month, 1), **table_row(actor, target, 5, mean + month / 20)})
    return pd.DataFrame(rows).sample(frac=1.0, random_state=0)


def test_over_time_draws_one_line_and_band_per_pair(over_time):
    ax = fig.plot_over_time(over_time)
    assert len(ax.lines) == 3 + 1  # three pairs and the zero line
    assert len(ax.collections) == 3  # the bands
    assert ax.get_ylim() == (-1.0, 1.0)
    labels = sorted(text.get_text() for text in ax.get_legend().get_texts())
    assert labels == ["Biden -> NATO", "Biden -> Putin", "Putin -> NATO"]
    putin = next(line for line in ax.lines if line.get_label() == "Putin -> NATO")
    assert list(putin.get_ydata()) == pytest.approx([-0.45, -0.4, -0.35])  # in period order
    assert len(fig.plot_over_time(over_time, interval=False).collections) == 0


def test_over_time_labels_extra_key_columns(over_time):
    two_outlets = pd.concat([over_time.assign(outlet="Wire"), over_time.assign(outlet="Daily")])
    ax = fig.plot_over_time(two_outlets.drop(columns=["score_low", "score_high"]), interval=False)
    assert len(ax.lines) == 6 + 1
    assert "Putin -> NATO (Wire)" in [text.get_text() for text in ax.get_legend().get_texts()]
    with pytest.raises(ValueError, match="no rows"):
        fig.plot_over_time(over_time.iloc[:0])


def test_over_time_accepts_stance_over_time_output():
    statements = make_statements()
    series = ag.stance_over_time(statements.dropna(subset=["date"]), n_resamples=20)
    ax = fig.plot_over_time(series)
    assert len(ax.lines) == series.groupby(["actor", "target"]).ngroups + 1


# --- network ------------------------------------------------------------------------------------


def test_stance_graph_nodes_edges_and_attributes(table):
    graph = ex.stance_graph(table)
    assert isinstance(graph, nx.DiGraph)
    assert graph.number_of_edges() == len(table)
    assert dict(graph.nodes(data="kind")) == {"Biden": "actor", "NATO": "both", "Putin": "actor", "Xi": "actor", "sanctions": "target"}
    edge = graph.edges["Putin", "NATO"]
    assert edge["weight"] == 10 and isinstance(edge["weight"], int)
    assert edge["sign"] == -1 and graph.edges["Biden", "NATO"]["sign"] == 1
    assert edge["mean_score"] == pytest.approx(-0.6) and edge["score_low"] == pytest.approx(-0.7)
    assert all(type(value) in (int, float) for _, _, data in graph.edges(data=True) for value in data.values())
    assert ex.stance_graph(table, min_n=3).number_of_edges() == 4
    assert "Xi" not in ex.stance_graph(table, min_n=3)


def test_stance_graph_leaves_out_missing_bounds_and_rejects_grouped_tables(table):
    graph = ex.stance_graph(table.assign(score_low=np.nan, score_high=np.nan))
    assert "score_low" not in graph.edges["Putin", "NATO"] and "mean_score" in graph.edges["Putin", "NATO"]
    with pytest.raises(ValueError, match="without by= and period="):
        ex.stance_graph(table.assign(outlet="Wire"))
    with pytest.raises(ValueError, match=r"lacks the columns \['mean_score'\]"):
        ex.stance_graph(table.drop(columns="mean_score"))


def test_graphml_round_trip(table, tmp_path):
    graph = ex.stance_graph(table)
    graph.nodes["Putin"]["rank"] = np.int64(1)  # numpy scalars are converted
    graph.nodes["Biden"]["note"] = None  # missing values are left out
    path = ex.write_graphml(graph, tmp_path / "stance.graphml")
    assert path == tmp_path / "stance.graphml" and path.read_text(encoding="utf-8").startswith("<?xml")
    back = nx.read_graphml(path)
    assert isinstance(back, nx.DiGraph)
    assert set(back.edges) == set(graph.edges)
    for source, target, data in graph.edges(data=True):
        read = back.edges[source, target]
        assert read["weight"] == data["weight"] and read["sign"] == data["sign"]
        assert read["mean_score"] == pytest.approx(data["mean_score"])
    assert back.nodes["NATO"]["kind"] == "both" and back.nodes["Putin"]["rank"] == 1
    assert "note" not in back.nodes["Biden"]


def test_graphml_refuses_attributes_it_cannot_hold(tmp_path):
    graph = nx.DiGraph()
    graph.add_edge("A", "B", quotes=["one", "two"])
    with pytest.raises(ValueError, match=r"attribute 'quotes' of edge 'A' -> 'B' is a list"):
        ex.write_graphml(graph, tmp_path / "bad.graphml")


def test_network_figure(table):
    graph = ex.stance_graph(table)
    ax = fig.plot_network(graph)
    arrows = [patch for patch in ax.patches if isinstance(patch, matplotlib.patches.FancyArrowPatch)]
    assert len(arrows) == graph.number_of_edges()
    colours = {tuple(arrow.get_edgecolor()) for arrow in arrows}
    assert colours == {to_rgba("tab:green"), to_rgba("tab:red"), to_rgba("tab:grey")}  # Biden -> sanctions (0.01) is grey
    node_labels = {text.get_text() for text in ax.texts}
    assert node_labels == set(graph.nodes)
    widths = sorted(arrow.get_linewidth() for arrow in arrows)
    assert widths[-1] == pytest.approx(5.0) and widths[0] < widths[-1]
    again = fig.plot_network(graph)
    assert np.allclose(ax.collections[0].get_offsets(), again.collections[0].get_offsets())  # seeded layout


# --- statement table and CSV --------------------------------------------------------------------


def test_statement_table():
    statements = make_statements()
    dna = ex.statement_table(statements)
    assert list(dna.columns) == ["actor", "concept", "agreement", "date", "outlet", "doc_id", "sentence", "score", "text"]
    assert dna["agreement"].tolist() == [1, 0, 1] and str(dna["agreement"].dtype) == "Int64"
    assert dna["concept"].tolist() == ["NATO", "NATO", "+sanctions"]
    with_neutral = ex.statement_table(statements, include_neutral=True)
    assert len(with_neutral) == 4 and with_neutral["agreement"].isna().tolist() == [False, False, True, False]
    with pytest.raises(ValueError, match=r"lacks the columns \['text'\]"):
        ex.statement_table(statements.drop(columns="text"))


def test_csv_neutralises_formulas_and_keeps_numbers(tmp_path):
    statements = make_statements()
    frame = ex.statement_table(statements, include_neutral=True).assign(**{"=total": [1, 2, 3, 4]})
    path = ex.write_csv(frame, tmp_path / "statements.csv")
    back = pd.read_csv(path, encoding="utf-8")
    assert back["text"].tolist() == ['\'=HYPERLINK("http://evil.example","click")', "'@SUM(A1)", "'-dash start", "plain, with comma"]
    assert back["actor"].tolist()[1] == "'=cmd|' /C calc'!A0"
    assert back["concept"].tolist()[3] == "'+sanctions"
    assert back["score"].tolist() == [0.7, -0.5, 0.0, 0.4]  # -0.5 is a number, left as it is
    assert "'=total" in back.columns
    assert back["agreement"].tolist()[:2] == [1, 0] and math.isnan(back["agreement"].tolist()[2])
    raw = path.read_text(encoding="utf-8")
    assert ",-0.5," in raw and "\n-" not in raw
    assert frame["text"].iloc[0].startswith("=")  # the caller's frame is untouched


def test_csv_keeps_tabs_and_returns_inside_cells_safe(tmp_path):
    frame = pd.DataFrame({"a": ["\tlead", "\rlead", "mid\tdle", "two\nlines", None], "b": [-1, -2.5, 3, 4, np.nan]})
    back = pd.read_csv(ex.write_csv(frame, tmp_path / "x.csv"))
    assert back["a"].tolist()[:4] == ["'\tlead", "'\rlead", "mid\tdle", "two\nlines"]
    assert back["b"].tolist()[:4] == [-1.0, -2.5, 3.0, 4.0]
    assert back["a"].isna().tolist()[4] and back["b"].isna().tolist()[4]
