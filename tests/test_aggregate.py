"""Tests of stance.aggregate on small hand-built statements and mentions frames: the statistics,
the (cluster) bootstrap, periods, rollup through the actor registry and the input checks."""

import warnings

import numpy as np
import pandas as pd
import pytest

from stance import aggregate as ag
from stance.actors import Actor, ActorRegistry, load_actors

TABLE_COLUMNS = ["actor", "target", *ag.STATISTICS]


def label_of(score: float) -> str:
    return "favor" if score > 0.2 else "against" if score < -0.2 else "neutral"


def make_statements(rows: list[dict]) -> pd.DataFrame:
    """A statements frame from partial rows: doc_id, actor, target and score given, the rest filled."""
    full = []
    for i, row in enumerate(rows):
        score = row["score"]
        full.append({
            "doc_id": row["doc_id"],
            "sentence": row.get("sentence", i),
            "date": pd.Timestamp(row["date"]) if row.get("date") else pd.NaT,
            "outlet": row.get("outlet", "Wire"),
            "actor": row["actor"],
            "actor_type": row.get("actor_type", "person"),
            "target": row["target"],
            "label": row.get("label", label_of(score)),
            "score": score,
            "p_against": max(0.0, -score),
            "p_neutral": 1 - abs(score),
            "p_favor": max(0.0, score),
            "text": "...",
        })
    return pd.DataFrame(full)


def random_statements(n_docs: int = 12, per_doc: int = 5, seed: int = 1) -> pd.DataFrame:
    """Two actors and two targets; scores clustered by document (each document has its own lean)."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(n_docs):
        lean = rng.uniform(-0.8, 0.8)
        for s in range(per_doc):
            for target in ("sanctions", "NATO"):
                score = float(np.clip(lean + rng.normal(0, 0.1), -1, 1))
                rows.append({"doc_id": f"d{d:02d}", "sentence": s, "actor": ("Vladimir Putin", "Joe Biden")[(d + s) % 2],
                             "target": target, "score": score, "date": f"2024-{1 + d % 3:02d}-15"})
    return make_statements(rows)


def cell(table: pd.DataFrame, actor: str, target: str) -> pd.Series:
    rows = table[(table["actor"] == actor) & (table["target"] == target)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --- statistics ---------------------------------------------------------------------------------


def test_mean_counts_and_shares_by_hand():
    statements = make_statements([
        {"doc_id": "a", "actor": "Putin", "target": "NATO", "score": 0.5},
        {"doc_id": "a", "actor": "Putin", "target": "NATO", "score": -0.5},
        {"doc_id": "b", "actor": "Putin", "target": "NATO", "score": 0.9},
        {"doc_id": "b", "actor": "Putin", "target": "EU", "score": 0.0},
    ])
    table = ag.actor_target_table(statements, n_resamples=0)
    assert list(table.columns) == TABLE_COLUMNS
    assert list(zip(table["actor"], table["target"])) == [("Putin", "EU"), ("Putin", "NATO")]
    nato = cell(table, "Putin", "NATO")
    assert (nato["n"], nato["documents"]) == (3, 2)
    assert nato["mean_score"] == pytest.approx(0.9 / 3)
    assert (nato["share_against"], nato["share_neutral"], nato["share_favor"]) == pytest.approx((1 / 3, 0, 2 / 3))
    eu = cell(table, "Putin", "EU")
    assert (eu["n"], eu["mean_score"], eu["share_neutral"]) == (1, 0.0, 1.0)


def test_shares_follow_the_label_column_not_the_score():
    statements = make_statements([{"doc_id": "a", "actor": "A", "target": "T", "score": 0.1, "label": "favor"}])
    assert ag.actor_target_table(statements, n_resamples=0)["share_favor"].iloc[0] == 1.0


def test_min_n_and_include_author():
    statements = make_statements([
        {"doc_id": "a", "actor": "author", "target": "T", "score": 0.5},
        {"doc_id": "a", "actor": "X", "target": "T", "score": 0.5},
        {"doc_id": "b", "actor": "X", "target": "T", "score": 0.1},
        {"doc_id": "b", "actor": "Y", "target": "T", "score": 0.1},
    ])
    assert set(ag.actor_target_table(statements, n_resamples=0)["actor"]) == {"author", "X", "Y"}
    assert set(ag.actor_target_table(statements, n_resamples=0, include_author=False)["actor"]) == {"X", "Y"}
    assert list(ag.actor_target_table(statements, n_resamples=0, min_n=2)["actor"]) == ["X"]


def test_by_outlet_keeps_a_missing_outlet_as_its_own_group():
    statements = make_statements([
        {"doc_id": "a", "actor": "X", "target": "T", "score": 0.5, "outlet": "Wire"},
        {"doc_id": "b", "actor": "X", "target": "T", "score": -0.5, "outlet": None},
        {"doc_id": "c", "actor": "X", "target": "T", "score": 0.3, "outlet": "Wire"},
    ])
    table = ag.actor_target_table(statements, by="outlet", n_resamples=0)
    assert list(table.columns) == ["outlet", *TABLE_COLUMNS]
    assert len(table) == 2
    wire = table[table["outlet"] == "Wire"].iloc[0]
    assert (wire["n"], wire["mean_score"]) == (2, pytest.approx(0.4))
    assert table["outlet"].isna().sum() == 1


# --- bootstrap ----------------------------------------------------------------------------------


def test_interval_contains_the_mean_and_is_reproducible():
    statements = random_statements()
    first = ag.actor_target_table(statements, n_resamples=300, seed=7)
    again = ag.actor_target_table(statements, n_resamples=300, seed=7)
    other = ag.actor_target_table(statements, n_resamples=300, seed=8)
    pd.testing.assert_frame_equal(first, again)
    assert (first["score_low"] <= first["mean_score"]).all() and (first["mean_score"] <= first["score_high"]).all()
    assert (first["score_low"] < first["score_high"]).all()
    assert not np.allclose(first["score_low"], other["score_low"])
    pd.testing.assert_series_equal(first["mean_score"], other["mean_score"])


def test_a_cells_interval_depends_neither_on_other_cells_nor_on_row_order():
    statements = random_statements()
    full = ag.actor_target_table(statements, n_resamples=200)
    alone = statements[(statements["actor"] == "Joe Biden") & (statements["target"] == "NATO")]
    shuffled = alone.sample(frac=1.0, random_state=3)
    for subset in (alone, shuffled):
        small = ag.actor_target_table(subset, n_resamples=200)
        assert len(small) == 1
        pd.testing.assert_series_equal(small.iloc[0], cell(full, "Joe Biden", "NATO"), check_names=False)


def test_cluster_bootstrap_of_one_document_has_zero_width():
    statements = make_statements([{"doc_id": "only", "actor": "X", "target": "T", "score": s} for s in (-0.9, -0.1, 0.4, 0.8)])
    by_document = ag.actor_target_table(statements).iloc[0]
    assert by_document["score_low"] == by_document["score_high"] == by_document["mean_score"]
    by_sentence = ag.actor_target_table(statements, resample="sentence").iloc[0]
    assert by_sentence["score_low"] < by_document["mean_score"] < by_sentence["score_high"]


def test_cluster_bootstrap_is_wider_when_documents_lean():
    statements = random_statements(n_docs=20, per_doc=6)
    documents = ag.actor_target_table(statements, resample="document")
    sentences = ag.actor_target_table(statements, resample="sentence")
    width = lambda table: table["score_high"] - table["score_low"]  # noqa: E731
    assert (width(documents) > 1.5 * width(sentences)).all()


def test_confidence_and_no_resamples():
    statements = random_statements()
    narrow = ag.actor_target_table(statements, confidence=0.5)
    wide = ag.actor_target_table(statements, confidence=0.99)
    assert ((wide["score_high"] - wide["score_low"]) > (narrow["score_high"] - narrow["score_low"])).all()
    none = ag.actor_target_table(statements, n_resamples=0)
    assert none["score_low"].isna().all() and none["score_high"].isna().all()
    pd.testing.assert_series_equal(none["mean_score"], narrow["mean_score"])


# --- periods ------------------------------------------------------------------------------------


def test_month_boundaries_and_week_starts():
    statements = make_statements([
        {"doc_id": "a", "actor": "X", "target": "T", "score": 0.2, "date": "2024-01-31 23:59"},
        {"doc_id": "b", "actor": "X", "target": "T", "score": 0.4, "date": "2024-02-01 00:00"},
        {"doc_id": "c", "actor": "X", "target": "T", "score": 0.6, "date": "2024-02-29 12:00"},
    ])
    months = ag.actor_target_table(statements, period="month", n_resamples=0)
    assert list(months.columns) == ["period", *TABLE_COLUMNS]
    assert list(months["period"]) == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")]
    assert list(months["n"]) == [1, 2]
    assert months["mean_score"].iloc[1] == pytest.approx(0.5)
    weeks = ag.actor_target_table(statements, period="week", n_resamples=0)
    assert list(weeks["period"]) == [pd.Timestamp("2024-01-29"), pd.Timestamp("2024-02-26")]  # Mondays
    years = ag.actor_target_table(statements, period="year", n_resamples=0)
    assert list(years["period"]) == [pd.Timestamp("2024-01-01")] and years["n"].iloc[0] == 3


def test_undated_statements_are_dropped_with_a_warning():
    statements = make_statements([
        {"doc_id": "a", "actor": "X", "target": "T", "score": 0.2, "date": "2024-03-03"},
        {"doc_id": "b", "actor": "X", "target": "T", "score": 0.4, "date": None},
        {"doc_id": "c", "actor": "X", "target": "T", "score": 0.6, "date": "2024-03-20"},
    ])
    with pytest.warns(UserWarning, match="dropped 1 of 3 statements without a date"):
        table = ag.actor_target_table(statements, period="day", n_resamples=0)
    assert table["n"].sum() == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ag.actor_target_table(statements, n_resamples=0)["n"].sum() == 3  # no period: dates unused


def test_timezone_aware_dates_bucket_by_local_time():
    statements = make_statements([{"doc_id": "a", "actor": "X", "target": "T", "score": 0.2, "date": "2024-01-31 23:30"}])
    statements["date"] = statements["date"].dt.tz_localize("Europe/Berlin")
    assert ag.actor_target_table(statements, period="month", n_resamples=0)["period"].iloc[0] == pd.Timestamp("2024-01-01")


def test_dates_must_be_datetimes():
    statements = make_statements([{"doc_id": "a", "actor": "X", "target": "T", "score": 0.2}])
    statements["date"] = "2024-01-01"
    with pytest.raises(ValueError, match="datetime64"):
        ag.actor_target_table(statements, period="month")


def test_stance_over_time_sorts_by_period_and_splits_by_extra_columns():
    statements = random_statements()
    series = ag.stance_over_time(statements, freq="month", n_resamples=50)
    assert series["period"].is_monotonic_increasing
    assert set(series["period"]) == {pd.Timestamp(f"2024-0{m}-01") for m in (1, 2, 3)}
    assert len(series) == 3 * 2 * 2
    same = ag.actor_target_table(statements, period="month", n_resamples=50)
    merged = series.merge(same, on=["period", "actor", "target"], suffixes=("", "_table"))
    assert np.allclose(merged["score_low"], merged["score_low_table"])
    by_outlet = ag.stance_over_time(statements, by=("actor", "target", "outlet"), n_resamples=0)
    assert list(by_outlet.columns[:4]) == ["outlet", "period", "actor", "target"]
    with pytest.raises(ValueError, match="must include 'actor' and 'target'"):
        ag.stance_over_time(statements, by=("actor",))
    with pytest.raises(ValueError, match="freq must be one of"):
        ag.stance_over_time(statements, freq="decade")


# --- rollup -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return load_actors()


def test_rollup_actor_follows_the_shipped_hierarchy(registry):
    assert ag.rollup_actor("Vladimir Putin", "country", registry) == ["Russia"]
    assert ag.rollup_actor("Vladimir Putin", "government", registry) == ["Government of Russia"]
    assert ag.rollup_actor("Russia", "country", registry) == ["Russia"]
    assert ag.rollup_actor("Russia", "government", registry) == ["Russia"]  # a country is not under its government
    blocs = [actor.name for actor in registry.ancestors("United States") if actor.type == "bloc"]
    assert len(blocs) > 1 and "NATO" in blocs
    assert ag.rollup_actor("United States", "bloc", registry) == blocs
    assert ag.rollup_actor("NATO", "bloc", registry) == ["NATO"]
    assert ag.rollup_actor("Ukraine", "bloc", registry) == ["Ukraine"]  # in no shipped bloc
    assert ag.rollup_actor("author", "country", registry) == ["author"]
    assert ag.rollup_actor("Some Local Mayor", "country", registry) == ["Some Local Mayor"]
    with pytest.raises(ValueError, match="level must be one of"):
        ag.rollup_actor("Russia", "continent", registry)


def test_table_rollup_to_country_merges_people_into_their_country(registry):
    statements = make_statements([
        {"doc_id": "a", "actor": "Vladimir Putin", "target": "NATO", "score": -0.8},
        {"doc_id": "b", "actor": "Russia", "target": "NATO", "score": -0.4},
        {"doc_id": "b", "actor": "author", "target": "NATO", "score": 0.0},
    ])
    before = statements.copy()
    table = ag.actor_target_table(statements, rollup="country", registry=registry, n_resamples=0)
    pd.testing.assert_frame_equal(statements, before)  # the input is not modified
    assert list(table["actor"]) == ["Russia", "author"]
    russia = cell(table, "Russia", "NATO")
    assert (russia["n"], russia["documents"], russia["mean_score"]) == (2, 2, pytest.approx(-0.6))
    default_registry = ag.actor_target_table(statements, rollup="country", n_resamples=0)
    pd.testing.assert_frame_equal(table, default_registry)


def test_table_rollup_to_bloc_counts_a_statement_once_per_bloc(registry):
    statements = make_statements([{"doc_id": "a", "actor": "Joe Biden", "target": "Russia", "score": -0.8}])
    table = ag.actor_target_table(statements, rollup="bloc", registry=registry, n_resamples=0)
    blocs = [actor.name for actor in registry.ancestors("Joe Biden") if actor.type == "bloc"]
    assert sorted(table["actor"]) == sorted(blocs)
    assert (table["n"] == 1).all() and (table["mean_score"] == -0.8).all()


def test_rollup_with_a_custom_registry():
    registry = ActorRegistry.empty()
    registry.add(Actor("Entente", "bloc"))
    registry.add(Actor("Ruritania", "country", parents=("Entente",)))
    registry.add(Actor("Rudolf", "person", parents=("Ruritania",)))
    statements = make_statements([{"doc_id": "a", "actor": "Rudolf", "target": "T", "score": 0.5}])
    assert list(ag.actor_target_table(statements, rollup="bloc", registry=registry, n_resamples=0)["actor"]) == ["Entente"]
    assert list(ag.actor_target_table(statements, rollup="government", registry=registry, n_resamples=0)["actor"]) == ["Rudolf"]
    with pytest.raises(ValueError, match="ActorRegistry"):
        ag.actor_target_table(statements, rollup="country", registry={"Rudolf": "Ruritania"})


# --- mentions -----------------------------------------------------------------------------------


def make_mentions(pairs: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Mentions from (doc_id, holder, mentioned actor) triples."""
    return pd.DataFrame([
        {"doc_id": doc, "sentence": i, "holder": holder, "holder_type": "person", "actor": actor,
         "actor_type": "person", "text": actor, "date": pd.Timestamp("2024-01-01"), "outlet": "Wire"}
        for i, (doc, holder, actor) in enumerate(pairs)
    ])


def test_mention_counts_counts_mentions_and_documents(registry):
    mentions = make_mentions([
        ("a", "Vladimir Putin", "Joe Biden"),
        ("a", "Vladimir Putin", "Joe Biden"),
        ("b", "Vladimir Putin", "Joe Biden"),
        ("b", "Vladimir Putin", "Russia"),
        ("b", "Joe Biden", "Joe Biden"),
    ])
    counts = ag.mention_counts(mentions)
    assert list(counts.columns) == ["holder", "actor", "mentions", "documents"]
    assert counts.iloc[0].tolist() == ["Vladimir Putin", "Joe Biden", 3, 2]
    assert counts.iloc[1].tolist() == ["Vladimir Putin", "Russia", 1, 1]
    assert len(counts) == 2  # Biden mentioning himself is left out
    assert len(ag.mention_counts(mentions, include_self=True)) == 3
    countries = ag.mention_counts(mentions, rollup="country", registry=registry)
    assert countries.iloc[0].tolist() == ["Russia", "United States", 3, 2]
    assert len(countries) == 1  # Putin mentioning Russia is now Russia mentioning itself
    assert list(ag.mention_counts(mentions, by="outlet").columns) == ["outlet", "holder", "actor", "mentions", "documents"]


# --- input checks and empty input ---------------------------------------------------------------


def test_bad_input_raises_helpful_errors():
    statements = random_statements(n_docs=2, per_doc=1)
    with pytest.raises(ValueError, match=r"lacks the columns \['score'\]"):
        ag.actor_target_table(statements.drop(columns="score"))
    with pytest.raises(ValueError, match=r"lacks the columns \['medium'\]"):
        ag.actor_target_table(statements, by="medium")
    with pytest.raises(ValueError, match="period must be one of 'day', 'week', 'month', 'quarter', 'year'"):
        ag.actor_target_table(statements, period="fortnight")
    with pytest.raises(ValueError, match="rollup must be one of 'government', 'country', 'bloc'"):
        ag.actor_target_table(statements, rollup="continent")
    with pytest.raises(ValueError, match="resample must be one of 'document', 'sentence'"):
        ag.actor_target_table(statements, resample="article")
    with pytest.raises(ValueError, match="by must not name"):
        ag.actor_target_table(statements, by="actor")
    with pytest.raises(ValueError, match="min_n"):
        ag.actor_target_table(statements, min_n=0)
    with pytest.raises(ValueError, match="confidence"):
        ag.actor_target_table(statements, confidence=95)
    with pytest.raises(ValueError, match="n_resamples"):
        ag.actor_target_table(statements, n_resamples=-1)
    with pytest.raises(ValueError, match="seed"):
        ag.actor_target_table(statements, seed=None)
    with pytest.raises(ValueError, match=r"labels other than .*'pro'"):
        ag.actor_target_table(statements.assign(label="pro"))
    with pytest.raises(ValueError, match="score"):
        ag.actor_target_table(statements.assign(score=np.nan))
    with pytest.raises(ValueError, match="DataFrame"):
        ag.actor_target_table(statements.to_dict("records"))
    with pytest.raises(ValueError, match=r"mentions lacks the columns \['holder'\]"):
        ag.mention_counts(make_mentions([("a", "X", "Y")]).drop(columns="holder"))


def test_empty_input_gives_an_empty_table_with_the_columns():
    empty = random_statements().iloc[:0]
    table = ag.actor_target_table(empty, by="outlet", period="month")
    assert table.empty and list(table.columns) == ["outlet", "period", *TABLE_COLUMNS]
    assert table["n"].dtype == "int64" and table["mean_score"].dtype == "float64"
    assert list(ag.actor_target_table(pd.DataFrame()).columns) == TABLE_COLUMNS
    assert ag.stance_over_time(empty).empty
    assert ag.actor_target_table(random_statements(), min_n=10_000).empty
    assert list(ag.mention_counts(pd.DataFrame()).columns) == ["holder", "actor", "mentions", "documents"]
