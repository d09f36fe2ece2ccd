"""Repeated text: a headline or sentence printed twice in a page is marked and its statement counts once."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import stance
from stance import aggregate
from stance.corpus import SCHEMA, Results, analyze_corpus
from stance.records import Document, holder_of
from stance.segmentation import MIN_REPEAT_WORDS, mark_repeats, segment

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_worker import LexiconScorer  # noqa: E402

HEADLINE = "Kremlin praised Ukraine talks as envoys meet in Geneva"
LEDE = "Russia praised Ukraine for agreeing to new talks on Monday, officials said."
#: A scraped page: headline, lede, byline, then the headline again and a paragraph that
#: opens with the lede verbatim (with other line wrapping) and goes on.
ARTICLE = f"""{HEADLINE}

{LEDE}

Anna Keller

{HEADLINE}

Russia praised Ukraine  for agreeing to new talks on
Monday, officials said. Kyiv condemned Russia for the shelling of Kharkiv overnight.
"""


@pytest.fixture(scope="module")
def analyzer():
    return stance.Analyzer(attribution_model=None, scorer=LexiconScorer(), targets=["Russia", "Ukraine"])


def by_text(document: Document) -> dict[str, list]:
    found: dict[str, list] = {}
    for sentence in document.sentences:
        found.setdefault(" ".join(sentence.text.split()), []).append(sentence)
    return found


def test_the_second_headline_and_lede_are_marked_as_repeats_of_the_first():
    document = segment(ARTICLE)
    (first_headline, second_headline), (first_lede, second_lede) = by_text(document)[HEADLINE], by_text(document)[LEDE]
    assert second_headline.kind == "headline" and second_headline.repeat_of == first_headline.index
    assert second_lede.kind == "body" and second_lede.repeat_of == first_lede.index
    assert first_headline.repeat_of is None and first_lede.repeat_of is None
    assert [s.text for s in document.sentences if s.repeat_of is None and s.kind == "body"][-1].startswith("Kyiv condemned")


def test_short_sentences_said_twice_are_not_repeats():
    document = segment("He said no.\n\nThe minister asked again on Tuesday.\n\nHe said no.")
    assert len(document.sentences) == 3 and all(s.repeat_of is None for s in document.sentences)
    assert len("He said no.".split()) < MIN_REPEAT_WORDS


def test_a_third_copy_points_to_the_first():
    sentence = "The ministers met for six hours in Geneva on Monday."
    document = segment(f"{sentence} {sentence}\n\n{sentence}")
    assert [s.repeat_of for s in document.sentences] == [None, 0, 0]


def test_mark_repeats_resets_the_flag():
    document = segment(ARTICLE)
    document.sentences[-1].repeat_of = 0
    mark_repeats(document.sentences)
    assert document.sentences[-1].repeat_of is None


def test_the_repeats_carry_no_stances_and_no_tone(analyzer):
    document = analyzer(ARTICLE)
    repeats = [s for s in document.sentences if s.repeat_of is not None]
    assert len(repeats) == 2
    for sentence in repeats:
        assert sentence.stances == {} and sentence.sentiment is None
        original = document.sentences[sentence.repeat_of]
        assert original.stances and original.sentiment is not None


def test_the_records_keep_repeat_of(analyzer):
    document = analyzer(ARTICLE)
    assert Document.from_json(document.to_json()) == document
    assert Document.from_dict(document.to_dict()).sentences[-2].repeat_of == document.sentences[-2].repeat_of is not None
    frame = document.to_frame()
    assert frame["repeat_of"].tolist()[-3:-1] == [0, 1] and frame["repeat_of"].isna().sum() == len(frame) - 2


def test_a_corpus_run_stores_repeat_of_and_the_aggregates_count_each_statement_once(analyzer, tmp_path):
    out = tmp_path / "results.duckdb"
    analyze_corpus([{"id": "a", "text": ARTICLE}], out, analyzer=analyzer, progress=False)
    document = analyzer(ARTICLE)
    with Results(out) as results:
        sentences = results.sentences()
        statements = results.stances()
        mentions = results.mentions()
        all_mentions = results.table("mentions")
    expected = [s.repeat_of for s in document.sentences]
    assert [None if pd.isna(value) else int(value) for value in sentences["repeat_of"]] == expected
    repeats = {s.index for s in document.sentences if s.repeat_of is not None}
    assert not repeats & set(statements["sentence"]) and not repeats & set(mentions["sentence"])
    assert repeats & set(all_mentions["sentence"])  # the table keeps every mention

    table = aggregate.actor_target_table(statements, n_resamples=0)
    cells = {(actor, target): n for actor, target, n in zip(table["actor"], table["target"], table["n"])}
    assert cells[("officials", "Ukraine")] == 1  # the lede, printed twice
    assert cells == Counter((holder_of(s), target) for s in document.sentences if s.repeat_of is None for target in s.stances)
    counts = aggregate.mention_counts(mentions, include_self=True)
    assert counts["mentions"].sum() == sum(len(s.mentions) for s in document.sentences if s.repeat_of is None)


def test_a_database_without_repeat_of_is_refused_in_one_line(analyzer, tmp_path):
    out = tmp_path / "old.duckdb"
    with duckdb.connect(str(out)) as con:
        old = [f'"{name}" {kind}' for name, kind in SCHEMA["sentences"] if name != "repeat_of"]
        con.execute(f"CREATE TABLE sentences ({', '.join(old)})")
    with pytest.raises(ValueError, match="not written by this version of stance") as error:
        analyze_corpus(["Russia praised Ukraine."], out, analyzer=analyzer, progress=False)
    assert "\n" not in str(error.value)
