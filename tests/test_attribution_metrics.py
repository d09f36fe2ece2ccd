"""Attribution metrics: span precision/recall/F1 per article and over articles, actor names."""

from types import SimpleNamespace

import pandas as pd
import pytest

import stance
from stance.evaluation.attribution import (
    AUTHOR,
    AttributionCounts,
    actor_accuracy,
    attribution_counts,
    attribution_scores,
    attribution_table,
    evaluate_attribution,
    normalize_actor,
)

TEXT = (
    "Putin said the West was weak. "
    "Biden said Russia would fail. "
    "The talks, officials said, ended early. "
    "Markets fell."
)


def span(phrase: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def sentence_spans(text: str = TEXT) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in stance.segment(text).sentences]


# Gold: Putin -> "the West was weak"; Biden -> "Russia would fail"; officials -> "The talks ...
# ended early" (two pieces); "Markets fell" has no source in the text.
GOLD = [
    {"doc_id": "wire-1", "source": span("Putin"), "content_spans": [span("the West was weak")]},
    {"doc_id": "wire-1", "source": span("Biden"), "content_spans": [span("Russia would fail")]},
    {"doc_id": "wire-1", "source": span("officials"), "content_spans": [span("The talks"), span("ended early")]},
    {"doc_id": "wire-1", "source": None, "content_spans": [span("Markets fell")]},
]

# System: sentence 0 -> Putin (right), sentence 1 -> Putin (wrong source), sentence 2 ->
# officials (right), sentence 3 -> Biden (gold has no source there: wrong).
SYSTEM_SOURCES = [span("Putin"), span("Putin"), span("officials"), span("Biden")]

# By hand:
#   recall    = gold matched / gold with a source = {Putin, officials} / {Putin, Biden, officials} = 2/3
#   precision = right system sentences / system sentences = {0, 2} / {0, 1, 2, 3} = 2/4 = 1/2
#   f1        = 2 * 1/2 * 2/3 / (1/2 + 2/3) = (2/3) / (7/6) = 4/7
EXPECTED = AttributionCounts(
    gold_total=3, gold_matched=2, gold_without_source=1, gold_without_content=0, predicted_total=4, predicted_correct=2
)


def system_pairs() -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return list(zip(sentence_spans(), SYSTEM_SOURCES))


def system_document() -> stance.Document:
    doc = stance.segment(TEXT, id="wire-1")
    actors = ["Putin", "Putin", "officials", "Biden"]
    for sentence, source, actor in zip(doc.sentences, SYSTEM_SOURCES, actors):
        sentence.attribution = stance.Attribution(actor=actor, source=source, method="test")
    return doc


def test_the_article_has_the_four_sentences_the_hand_computation_assumes():
    assert [TEXT[a:b] for a, b in sentence_spans()] == [
        "Putin said the West was weak.",
        "Biden said Russia would fail.",
        "The talks, officials said, ended early.",
        "Markets fell.",
    ]


def test_hand_computed_scores_from_pairs():
    counts = attribution_counts(system_pairs(), GOLD)
    assert counts == EXPECTED
    scores = attribution_scores(counts)
    assert scores["recall"] == pytest.approx(2 / 3)
    assert scores["precision"] == pytest.approx(1 / 2)
    assert scores["f1"] == pytest.approx(4 / 7)
    assert scores["gold_without_source"] == 1


def test_document_input_gives_the_same_counts():
    assert attribution_counts(system_document(), GOLD) == EXPECTED


def test_author_sentences_are_not_attributions_but_every_kind_of_attributed_sentence_is():
    doc = system_document()
    doc.sentences[3].attribution = stance.Attribution(actor=None, source=None)  # the author's
    doc.sentences[2].kind = "headline"  # still counted: the system chose to attribute it
    counts = attribution_counts(doc, GOLD)
    assert (counts.predicted_total, counts.predicted_correct, counts.gold_matched) == (3, 2, 2)
    assert attribution_counts([((0, 29), None)], GOLD).predicted_total == 0


def test_gold_formats_dicts_with_content_objects_and_dataframe_rows_agree():
    as_content = [{"source": g["source"], "content": g["content_spans"]} for g in GOLD]
    as_objects = [SimpleNamespace(source=g["source"], content_spans=g["content_spans"]) for g in GOLD]
    as_frame = pd.DataFrame(GOLD)
    for gold in (as_content, as_objects, as_frame):
        assert attribution_counts(system_pairs(), gold) == EXPECTED


def test_polnear_rows_use_source_pieces_when_given():
    # The source "Putin ... officials" comes in two pieces; a system source on the second
    # piece matches, although it does not overlap the row's first-piece `source`.
    row = {
        "doc_id": "d",
        "text": TEXT,
        "source": span("Putin"),
        "source_spans": [span("Putin"), span("officials")],
        "cue_spans": [span("said")],
        "content_spans": [span("The talks")],
    }
    counts = attribution_counts([(sentence_spans()[2], span("officials"))], [row])
    assert (counts.gold_matched, counts.predicted_correct) == (1, 1)


def test_touching_spans_do_not_overlap():
    gold = [{"source": (0, 5), "content_spans": [(10, 20)]}]
    # The system source (5, 9) starts where the gold source (0, 5) ends.
    assert attribution_counts([((10, 20), (5, 9))], gold) == AttributionCounts(gold_total=1, predicted_total=1)
    # The sentence ends where the content starts: the content start is not in it, no overlap.
    assert attribution_counts([((0, 10), (0, 5))], gold) == AttributionCounts(gold_total=1, predicted_total=1)
    # One shared character is enough; a content start on a sentence's first character counts.
    assert attribution_counts([((10, 11), (4, 5))], gold) == AttributionCounts(
        gold_total=1, gold_matched=1, predicted_total=1, predicted_correct=1
    )


def test_discontinuous_content_starts_at_its_earliest_piece_and_overlaps_with_any_piece():
    gold = [{"source": (0, 5), "content_spans": [(30, 40), (12, 18)]}]
    later_sentence = attribution_counts([((30, 45), (0, 5))], gold)
    assert (later_sentence.gold_matched, later_sentence.predicted_correct) == (0, 1)
    first_sentence = attribution_counts([((10, 25), (0, 5))], gold)
    assert (first_sentence.gold_matched, first_sentence.predicted_correct) == (1, 1)


def test_gold_without_source_or_content_is_left_out_of_recall_and_counted():
    gold = [
        {"source": None, "content_spans": [(10, 20)]},
        {"source": (0, 5), "content_spans": []},
        {"source": (0, 5), "content_spans": [(30, 40)]},
    ]
    counts = attribution_counts([((10, 20), (0, 5)), ((30, 40), (0, 5))], gold)
    assert counts == AttributionCounts(
        gold_total=1, gold_matched=1, gold_without_source=1, gold_without_content=1, predicted_total=2, predicted_correct=1
    )
    assert attribution_scores(counts)["recall"] == 1.0


def test_empty_denominators_give_zero():
    scores = attribution_scores(AttributionCounts())
    assert (scores["precision"], scores["recall"], scores["f1"]) == (0.0, 0.0, 0.0)


def test_counts_add_up_and_evaluation_micro_averages_over_articles():
    a = AttributionCounts(gold_total=1, gold_matched=1, predicted_total=1, predicted_correct=1)
    b = AttributionCounts(gold_total=2, gold_without_source=1, predicted_total=1)
    assert a + b == AttributionCounts(3, 1, 1, 0, 2, 1)
    assert sum([a, b], AttributionCounts()) == a + b

    second_text = "Xi said trade grew. Analysts disagreed."
    second_gold = [
        {"doc_id": "wire-2", "source": span("Xi", second_text), "content_spans": [span("trade grew", second_text)]}
    ]
    second_system = [(sentence_spans(second_text)[1], span("Analysts", second_text))]
    result = evaluate_attribution([(system_document(), GOLD), (second_system, second_gold)])
    # Summed: gold 3 + 1 = 4, matched 2 + 0 = 2; predicted 4 + 1 = 5, correct 2 + 0 = 2.
    assert (result["gold_total"], result["gold_matched"], result["predicted_total"], result["predicted_correct"]) == (4, 2, 5, 2)
    assert result["recall"] == pytest.approx(2 / 4)
    assert result["precision"] == pytest.approx(2 / 5)
    assert result["f1"] == pytest.approx(2 * 0.5 * 0.4 / 0.9)
    assert result["articles"] == 2


def test_table_has_one_row_per_article_and_sums_to_the_evaluation():
    articles = [(system_document(), GOLD), (system_pairs(), [{"source": (0, 5), "content_spans": [(6, 9)]}])]
    table = attribution_table(articles)
    assert list(table["doc_id"]) == ["wire-1", "1"]  # the gold id, then the position
    assert table.iloc[0].drop("doc_id").to_dict() == EXPECTED.__dict__
    summed = AttributionCounts(**table.drop(columns="doc_id").sum().astype(int).to_dict())
    assert attribution_scores(summed) | {"articles": 2} == evaluate_attribution(articles)
    assert list(attribution_table([]).columns) == ["doc_id", *EXPECTED.__dict__]


@pytest.mark.parametrize(
    ("gold", "system", "message"),
    [
        ([{"doc_id": "a7", "source": (5, 3), "content_spans": [(0, 4)]}], [], r"article 'a7', gold attribution 0: source span \(5, 3\) has start > end"),
        ([{"doc_id": "a7", "source": (0, 3), "content_spans": [(-1, 4)]}], [], r"article 'a7', gold attribution 0: content span \(-1, 4\) starts before 0"),
        ([{"doc_id": "a7", "text": "Short.", "source": (0, 3), "content_spans": [(2, 40)]}], [], r"article 'a7', gold attribution 0: content span \(2, 40\) ends after the end of the text \(6 characters\)"),
        ([{"source": (0, 3), "content_spans": [5]}], [], r"^gold attribution 0: content span 5 is not a \(start, end\) pair"),
        ([{"source": (0, 3)}], [], r"gold attribution 0 has no 'content_spans' or 'content' field"),
        ([{"doc_id": "a", "source": None, "content": []}, {"doc_id": "b", "source": None, "content": []}], [], r"gold rows disagree on 'doc_id'"),
        ([], [((0, 4), (9, 2))], r"^system attribution 0: source span \(9, 2\) has start > end"),
        ([], [((0, 4),)], r"system attribution 0: expected a \(sentence_span, source_span\) pair"),
    ],
)
def test_invalid_input_names_the_article_and_the_item(gold, system, message):
    with pytest.raises(ValueError, match=message):
        attribution_counts(system, gold)


def test_spans_are_checked_against_the_document_text():
    gold = [{"source": (0, 5), "content_spans": [(len(TEXT) - 3, len(TEXT) + 2)]}]
    with pytest.raises(ValueError, match=r"article 'wire-1', gold attribution 0: content span .* ends after the end of the text"):
        attribution_counts(system_document(), gold)
    with pytest.raises(ValueError, match="article 'wire-1', the document text differs from the gold text"):
        attribution_counts(system_document(), [{**GOLD[0], "text": TEXT.upper()}])


def test_evaluation_rejects_an_article_that_is_not_a_pair_and_names_positions():
    with pytest.raises(ValueError, match=r"article 1: expected a \(system, gold\) pair"):
        evaluate_attribution([(system_pairs(), GOLD), system_pairs()])
    with pytest.raises(ValueError, match=r"article '1', system attribution 0"):
        attribution_table([(system_pairs(), []), ([((3, 1), (0, 1))], [])])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Putin", "putin"),
        ("  President   Vladimir\nPutin ", "vladimir putin"),
        ("Putin's", "putin"),
        ("“Putin’s,”", "putin"),
        ("U.S.'s", "u.s"),
        ("the Kremlin", "kremlin"),
        ("Foreign Minister Sergei Lavrov", "sergei lavrov"),
        ("Secretary of State Antony Blinken", "antony blinken"),
        ("Sen. Elizabeth Warren", "elizabeth warren"),
        ("Mr. Xi", "xi"),
        ("the Prime Minister", "prime minister"),  # a title with no name after it stays
        ("Ｐｕｔｉｎ", "putin"),  # NFKC: full-width letters
        ("Straße", "strasse"),  # case folding
        (None, AUTHOR),
        ("", AUTHOR),
        ("  ", AUTHOR),
        ("Author", AUTHOR),
        ("the author", AUTHOR),
        (float("nan"), AUTHOR),  # a missing value in a DataFrame column
    ],
)
def test_normalize_actor(name, expected):
    assert normalize_actor(name) == expected


def test_normalize_actor_maps_aliases_normalised_on_both_sides():
    aliases = {"Kremlin": "Russia", "moscow": "the Russian Government"}
    assert normalize_actor("the Kremlin's", aliases) == "russia"
    assert normalize_actor("Moscow", aliases) == "russian government"
    assert normalize_actor("Beijing", aliases) == "beijing"
    with pytest.raises(TypeError, match="must be a string or None"):
        normalize_actor(7)


def test_actor_accuracy():
    gold = ["Putin", None, "Kremlin", "Biden"]
    predicted = ["President Putin", "author", "Russia", "Trump"]
    assert actor_accuracy(gold, predicted) == pytest.approx(2 / 4)
    assert actor_accuracy(gold, predicted, aliases={"kremlin": "russia"}) == pytest.approx(3 / 4)


def test_actor_accuracy_rejects_mismatched_or_empty_sequences():
    with pytest.raises(ValueError, match="gold has 2 actors but predicted has 1"):
        actor_accuracy(["a", "b"], ["a"])
    with pytest.raises(ValueError, match="no actors to compare"):
        actor_accuracy([], [])
