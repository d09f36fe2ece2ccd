"""The scoring stage: targets, their mentions, the pairs a scorer reads and where the scores land.

Every test passes ``scorer=`` explicitly (a deterministic fake, or ``None``) so that nothing
depends on the shipped scoring model, and uses the parse rules only (``attribution_model=None``).
"""

import json
from pathlib import Path

import pandas as pd
import pytest

import stance
from stance.actors import ActorRegistry
from stance.cli import main
from stance.evaluation import evaluate
from stance.records import Document, Stance
from stance.scoring.targets import MAX_MENTIONS, Target, check_targets, resolve_targets, target_mentions
from stance.scoring.base import HEADS, Pair

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: Probabilities in head order (against/negative, neutral, favor/positive).
FAVOR, AGAINST, NEUTRAL = (0.1, 0.2, 0.7), (0.6, 0.3, 0.1), (0.2, 0.6, 0.2)


class FakeScorer:
    """A deterministic scorer: favor when the text says "praised", against for "condemned".

    A pair whose mention covers the word "Kyiv" leans against instead (so that a sentence with
    several mentions gets a visibly averaged distribution). Every call is recorded.
    """

    def __init__(self, tasks=("stance", "sentiment", "tone")):
        self.tasks = tuple(tasks)
        self.calls = []

    def predict(self, pairs, tasks=None, batch_size=64):
        pairs = list(pairs)
        tasks = tuple(tasks or self.tasks)
        assert set(tasks) <= set(self.tasks), f"asked for {tasks}, has {self.tasks}"
        self.calls.append((pairs, tasks))
        return [{task: dict(zip(HEADS[task], self._probabilities(pair))) for task in tasks} for pair in pairs]

    @staticmethod
    def _probabilities(pair):
        if pair.mention is not None and pair.text[pair.mention[0] : pair.mention[1]] == "Kyiv":
            return AGAINST
        if "praised" in pair.text:
            return FAVOR
        if "condemned" in pair.text:
            return AGAINST
        return NEUTRAL

    @property
    def pairs(self):
        """Every pair received, in order."""
        return [pair for pairs, _ in self.calls for pair in pairs]

    def target_pairs(self):
        """The pairs received for stance/sentiment (not tone)."""
        return [pair for pairs, tasks in self.calls if "tone" not in tasks for pair in pairs]


@pytest.fixture(scope="module")
def registry():
    return ActorRegistry.default()


def analyzer(scorer, targets=("Ukraine",), **options):
    """An Analyzer with the parse rules only (spaCy is loaded once and cached)."""
    return stance.Analyzer(attribution_model=None, scorer=scorer, targets=targets, **options)


def body(document):
    return [s for s in document.sentences if s.kind == "body"]


# ---------------------------------------------------------------------------------------------
# check_targets


def test_check_targets_accepts_a_string_and_cleans_whitespace():
    assert check_targets("Ukraine") == ["Ukraine"]
    assert check_targets(["  the   West ", "Ukraine"]) == ["the West", "Ukraine"]
    assert check_targets(()) == []
    assert check_targets(t for t in ["Russia"]) == ["Russia"]


@pytest.mark.parametrize("targets", [[""], ["   "], ["Ukraine", "\t\n"], ""])
def test_check_targets_refuses_empty_targets(targets):
    with pytest.raises(ValueError, match="empty"):
        check_targets(targets)


def test_check_targets_refuses_duplicates_case_insensitively():
    with pytest.raises(ValueError, match="'ukraine'.*twice.*'Ukraine'"):
        check_targets(["Ukraine", "ukraine"])
    with pytest.raises(ValueError, match="twice"):
        check_targets(["the West", "the  west"])


@pytest.mark.parametrize("bad", [[None], [3], ["Ukraine", b"Russia"]])
def test_check_targets_refuses_non_strings(bad):
    with pytest.raises(TypeError, match="must be a string"):
        check_targets(bad)


@pytest.mark.parametrize("bad", [3, None, 1.5])
def test_check_targets_refuses_non_iterables(bad):
    with pytest.raises(TypeError, match="list of strings"):
        check_targets(bad)


# ---------------------------------------------------------------------------------------------
# resolve_targets and target_mentions


def test_resolve_targets_with_the_registry(registry):
    ukraine, russia, west, climate = resolve_targets(["Ukraine", "russia", "the West", "climate change"], registry)
    assert ukraine == Target("Ukraine", "Ukraine", ("Ukraine",))
    # Kyiv is an alias of the Government of Ukraine, not of Ukraine: it is found through the
    # mention hierarchy (target_mentions), not as one of the target's forms.
    assert registry.lookup("Kyiv").name == "Government of Ukraine"
    assert "Kyiv" not in ukraine.forms
    assert russia.name == "russia" and russia.actor == "Russia" and "Russian Federation" in russia.forms
    assert west.actor == "the West" and {"the West", "Western allies"} <= set(west.forms) | set(west.exact_forms)
    assert climate == Target("climate change", None, ("climate change",))


def test_resolve_targets_without_a_registry_uses_the_text_only():
    assert resolve_targets("Ukraine") == [Target("Ukraine", None, ("Ukraine",))]
    with pytest.raises(ValueError):
        resolve_targets(["Ukraine", "UKRAINE"])


def test_target_pattern_matches_whole_words_case_folded():
    pattern = Target("climate change", None, ("climate change",)).pattern()
    assert [m.group() for m in pattern.finditer("Climate Change and climate change.")] == ["Climate Change", "climate change"]
    assert pattern.search("climate changes") is None
    assert pattern.search("microclimate change") is None
    assert pattern.search("climate-change") is None


def test_target_mentions_through_the_hierarchy(registry):
    doc = analyzer(None, targets=())("Putin condemned Zelensky and Kyiv on Friday.")
    sentence = doc.sentences[0]
    (ukraine,) = resolve_targets(["Ukraine"], registry)
    found = target_mentions(sentence, ukraine, registry)
    # Zelensky leads Ukraine and acts for it toward Putin's Russia; Kyiv is its seat of government.
    assert [(doc.text[slice(*m.span)], m.text, m.match) for m in found] == [("Zelensky", "Zelensky", "leader"), ("Kyiv", "Kyiv", "metonym")]
    # Without a registry only the target's own words count, and the sentence has none.
    assert target_mentions(sentence, ukraine) == []
    # The holder's mention is left out: Putin holds the view, he is not its target.
    (russia,) = resolve_targets(["Russia"], registry)
    assert sentence.attribution.actor == "Vladimir Putin"
    assert target_mentions(sentence, russia, registry) == []


# ---------------------------------------------------------------------------------------------
# The Analyzer end to end with a fake scorer


def test_a_mention_under_the_target_in_the_hierarchy_is_scored():
    scorer = FakeScorer()
    doc = analyzer(scorer)("Putin condemned Zelensky on Friday. Moscow praised Kyiv for nothing.")
    first, second = doc.sentences
    # Zelensky -> Government of Ukraine -> Ukraine
    assert first.stances["Ukraine"].label == "against"
    assert [doc.text[a:b] for a, b in first.stances["Ukraine"].mentions] == ["Zelensky"]
    # Kyiv -> Government of Ukraine -> Ukraine (the fake reads a "Kyiv" mention as against)
    assert second.stances["Ukraine"].label == "against"
    assert [doc.text[a:b] for a, b in second.stances["Ukraine"].mentions] == ["Kyiv"]


def test_the_holder_is_not_the_target():
    """'Zelensky praised the plan.': Zelensky is the source, so the sentence says nothing about Ukraine."""
    scorer = FakeScorer()
    doc = analyzer(scorer, targets=["Ukraine", "Russia"])("Zelensky praised the plan. Kyiv condemned the strike. Putin said the talks were useful.")
    zelensky, kyiv, putin = doc.sentences
    for sentence, holder in [(zelensky, "Volodymyr Zelensky"), (kyiv, "Ukraine"), (putin, "Vladimir Putin")]:
        assert sentence.attribution.actor == holder
        assert sentence.mentions[0].start == sentence.attribution.source[0]
        assert sentence.stances == {}
        assert sentence.sentiment is not None  # the tone is still scored
    assert doc.text[slice(*putin.attribution.source)] == "Putin"
    assert scorer.target_pairs() == []


def test_unmentioned_targets_are_scored_only_when_implicit():
    text = "The rain fell all day."
    assert analyzer(FakeScorer())(text).sentences[0].stances == {}
    scorer = FakeScorer()
    doc = analyzer(scorer, targets=["Ukraine", "Russia"], implicit=True)(text)
    stances = doc.sentences[0].stances
    assert set(stances) == {"Ukraine", "Russia"}
    assert stances["Ukraine"].label == "neutral" and stances["Ukraine"].mentions == []
    assert [(p.target, p.mention) for p in scorer.target_pairs()] == [("Ukraine", None), ("Russia", None)]


def test_implicit_scores_a_sentence_whose_only_mention_is_the_holder():
    scorer = FakeScorer()
    doc = analyzer(scorer, targets=["Russia"], implicit=True)("Putin said the talks were useful.")
    stance_ = doc.sentences[0].stances["Russia"]
    assert stance_.mentions == []
    assert scorer.target_pairs() == [Pair("Putin said the talks were useful.", "Russia", None, "Vladimir Putin")]


def test_an_unknown_target_is_found_by_its_words():
    scorer = FakeScorer()
    text = "Officials praised CLIMATE CHANGE policies. Climate changes are slow. Microclimate change is local."
    doc = analyzer(scorer, targets=["climate change"])(text)
    first, second, third = doc.sentences
    assert first.stances["climate change"].label == "favor"
    assert [doc.text[a:b] for a, b in first.stances["climate change"].mentions] == ["CLIMATE CHANGE"]
    assert second.stances == {} and third.stances == {}


def test_stance_mentions_are_document_offsets():
    doc = analyzer(FakeScorer())("Talks began.\n\nOfficials in Moscow condemned Ukraine on Friday.")
    sentence = doc.sentences[1]
    stance_ = sentence.stances["Ukraine"]
    assert sentence.start > 0
    assert [doc.text[a:b] for a, b in stance_.mentions] == ["Ukraine"]
    assert all(sentence.start <= a < b <= sentence.end for a, b in stance_.mentions)


def test_several_mentions_are_averaged():
    scorer = FakeScorer()
    doc = analyzer(scorer)("Putin praised Ukraine and Kyiv on Friday.")
    stance_ = doc.sentences[0].stances["Ukraine"]
    assert [doc.text[a:b] for a, b in stance_.mentions] == ["Ukraine", "Kyiv"]
    # one favor pair (the "Ukraine" mention), one against pair (the "Kyiv" mention)
    expected = {label: round((f + a) / 2, 6) for label, f, a in zip(HEADS["stance"], FAVOR, AGAINST)}
    assert stance_.probabilities == expected
    assert sum(stance_.probabilities.values()) == pytest.approx(1.0)
    assert stance_.label == max(expected, key=expected.get)
    assert stance_.sentiment.probabilities == dict(zip(HEADS["sentiment"], expected.values()))


def test_at_most_max_mentions_per_sentence_are_scored():
    scorer = FakeScorer()
    doc = analyzer(scorer)("Putin praised Ukraine, Kyiv, Zelensky and Ukraine again on Friday.")
    assert len(doc.sentences[0].stances["Ukraine"].mentions) == MAX_MENTIONS == len(scorer.target_pairs())


def test_stance_score_is_favor_minus_against():
    doc = analyzer(FakeScorer())("Officials praised Ukraine on Friday. Officials condemned Ukraine too.")
    for sentence in doc.sentences:
        stance_ = sentence.stances["Ukraine"]
        p = stance_.probabilities
        assert stance_.score == pytest.approx(p["favor"] - p["against"])
        assert -1 <= stance_.score <= 1
    assert [s.stances["Ukraine"].label for s in doc.sentences] == ["favor", "against"]
    assert doc.sentences[0].stances["Ukraine"].score == pytest.approx(0.6)


def test_tone_is_scored_for_headlines_and_body_not_furniture():
    text = (
        "Ukraine praised as talks open\n\n"
        "By Jane Doe\n\n"
        "MOSCOW, Dec 30 (Reuters) - Officials condemned Ukraine on Friday.\n\n"
        "(Reporting by Jane Doe; Editing by John Roe)"
    )
    scorer = FakeScorer()
    doc = analyzer(scorer)(text)
    kinds = {s.kind: s for s in doc.sentences}
    assert set(kinds) == {"headline", "byline", "dateline", "body"}
    assert kinds["headline"].sentiment.label == "positive"
    assert kinds["body"].sentiment.label == "negative"
    for sentence in doc.sentences:
        if sentence.kind in ("byline", "dateline"):
            assert sentence.sentiment is None and sentence.stances == {}
    # the headline reports nobody's view ("praised" is headline passive): the author holds it ("")
    assert kinds["headline"].attribution.actor == "author"
    assert kinds["headline"].stances["Ukraine"].label == "favor"
    headline_pair = [p for p in scorer.target_pairs() if p.text == kinds["headline"].text]
    assert headline_pair == [Pair(kinds["headline"].text, "Ukraine", (0, 7), "")]
    assert {p.text for p in scorer.pairs if p.target == ""} == {kinds["headline"].text, kinds["body"].text}


def test_a_headline_is_scored_for_the_actors_it_names():
    # "Beijing" and "Moscow" (the governments of China and Russia) are found only as actor
    # mentions, which the attribution stage now finds in headlines too
    text = (
        "Beijing and Moscow pledge closer energy ties as Brussels weighs new sanctions\n\n"
        "Chinese and Russian officials agreed on Tuesday to expand gas deliveries.\n"
    )
    targets = ["China", "Russia", "European Union"]
    scorer = FakeScorer()
    doc = analyzer(scorer, targets=targets)(text)
    headline = doc.sentences[0]
    assert headline.kind == "headline" and headline.attribution.actor == "author"  # two actors cannot be one holder
    assert {m.text for m in headline.mentions} == {"Beijing", "Moscow", "Brussels"}
    assert set(headline.stances) == set(targets)
    assert {p.holder for p in scorer.target_pairs() if p.text == headline.text} == {""}  # the author holds it


def test_stances_hold_only_the_scored_targets():
    doc = analyzer(FakeScorer(), targets=["Ukraine", "Russia", "climate change"])("Putin praised Kyiv on Friday. Officials met.")
    first, second = doc.sentences
    assert list(first.stances) == ["Ukraine"]
    assert second.stances == {}


# ---------------------------------------------------------------------------------------------
# The pairs the scorer reads


def test_pairs_carry_sentence_relative_mentions_and_the_holder():
    scorer = FakeScorer()
    text = "Talks began on Monday.\n\nPutin condemned Kyiv on Friday. Officials met Zelensky in Paris."
    doc = analyzer(scorer)(text)
    pairs = scorer.target_pairs()
    assert [(p.text[p.mention[0] : p.mention[1]], p.holder, p.target) for p in pairs] == [
        ("Kyiv", "Vladimir Putin", "Ukraine"),
        ("Zelensky", "", "Ukraine"),
    ]
    sentences = {s.text: s for s in doc.sentences}
    for pair in pairs:
        sentence = sentences[pair.text]
        assert sentence.start > 0
        (span,) = sentence.stances["Ukraine"].mentions
        assert span == (sentence.start + pair.mention[0], sentence.start + pair.mention[1])
    # tone pairs: the sentence alone
    assert all(p.target == "" and p.mention is None and p.holder == "" for pairs_, tasks in scorer.calls if tasks == ("tone",) for p in pairs_)


def test_author_holder_is_an_empty_string():
    scorer = FakeScorer()
    doc = analyzer(scorer)("The war against Ukraine goes on.")
    assert doc.sentences[0].attribution.actor == "author"
    assert [p.holder for p in scorer.target_pairs()] == [""]


# ---------------------------------------------------------------------------------------------
# Scorers with fewer heads


def test_a_stance_only_scorer_gives_no_sentiment_and_no_tone():
    scorer = FakeScorer(tasks=("stance",))
    doc = analyzer(scorer)("Officials praised Ukraine on Friday.")
    sentence = doc.sentences[0]
    assert sentence.sentiment is None
    assert sentence.stances["Ukraine"].label == "favor"
    assert sentence.stances["Ukraine"].sentiment is None
    assert [tasks for _, tasks in scorer.calls] == [("stance",)]
    frame = doc.to_frame()
    assert "stance[Ukraine]" in frame and "sentiment[Ukraine]" not in frame and "sentiment" not in frame


def test_a_sentiment_only_scorer_gives_no_stance_label():
    """A sentiment scorer (e.g. ClassifierScorer(task="sentiment")): the stance is empty, the sentiment filled."""
    scorer = FakeScorer(tasks=("sentiment", "tone"))
    doc = analyzer(scorer)("Officials praised Ukraine on Friday.")
    sentence = doc.sentences[0]
    stance_ = sentence.stances["Ukraine"]
    assert stance_.label == "" and stance_.probabilities == {} and stance_.score == 0.0
    assert stance_.sentiment.label == "positive"
    assert [doc.text[a:b] for a, b in stance_.mentions] == ["Ukraine"]
    assert sentence.sentiment.label == "positive"
    assert sorted(tasks for _, tasks in scorer.calls) == [("sentiment",), ("tone",)]


def test_no_scorer_no_scores():
    doc = analyzer(None)("Officials praised Ukraine on Friday.")
    assert doc.sentences[0].sentiment is None and doc.sentences[0].stances == {}


# ---------------------------------------------------------------------------------------------
# Records: DataFrame and JSON


def test_frame_columns():
    doc = analyzer(FakeScorer(), targets=["Ukraine", "Russia"])("Officials praised Ukraine on Friday. The rain fell.")
    frame = doc.to_frame()
    for column in ["stance[Ukraine]", "stance_score[Ukraine]", "sentiment[Ukraine]", "sentiment", "sentiment_score"]:
        assert column in frame, column
    assert "stance[Russia]" not in frame  # never scored
    first = frame.iloc[0]
    assert first["stance[Ukraine]"] == "favor" and first["stance_score[Ukraine]"] == pytest.approx(0.6)
    assert first["sentiment[Ukraine]"] == "positive"
    assert first["sentiment"] == "positive" and first["sentiment_score"] == pytest.approx(0.6)
    assert pd.isna(frame.iloc[1]["stance[Ukraine]"]) and frame.iloc[1]["sentiment"] == "neutral"
    assert list(frame.columns)[-1] == "text"


def test_json_round_trip_keeps_stances():
    doc = analyzer(FakeScorer())("Putin praised Ukraine and Kyiv on Friday.")
    again = Document.from_json(doc.to_json())
    assert again == doc
    stance_ = again.sentences[0].stances["Ukraine"]
    assert isinstance(stance_, Stance) and all(isinstance(m, tuple) for m in stance_.mentions)
    assert json.loads(doc.to_json())["sentences"][0]["stances"]["Ukraine"]["label"] == stance_.label


# ---------------------------------------------------------------------------------------------
# Analyzer.pipe

TEXTS = [
    "Officials praised Ukraine on Friday.",
    "Putin condemned Kyiv. The rain fell.",
    "Nothing happened.",
    "Moscow praised Zelensky in Paris.",
    "Ukraine exports grain.",
]


def test_pipe_gives_the_same_stances_as_one_call_each():
    single = analyzer(FakeScorer())
    expected = [[(s.text, s.sentiment, s.stances) for s in single(text).sentences] for text in TEXTS]
    for per_batch in (1, 2, 16):
        documents = list(analyzer(FakeScorer()).pipe(TEXTS, batch_size=per_batch))
        assert [d.id for d in documents] == [str(k) for k in range(len(TEXTS))]
        assert [[(s.text, s.sentiment, s.stances) for s in d.sentences] for d in documents] == expected


def test_pipe_batches_pairs_across_documents():
    scorer = FakeScorer()
    documents = list(analyzer(scorer).pipe(TEXTS, batch_size=16))
    assert len(documents) == len(TEXTS)
    assert len(scorer.calls) < len(TEXTS)
    assert len(scorer.calls) == 2  # one tone call and one stance call for the whole batch
    one_by_one = FakeScorer()
    list(analyzer(one_by_one).pipe(TEXTS, batch_size=1))
    assert len(one_by_one.calls) > len(scorer.calls)
    with pytest.raises(ValueError, match="batch_size"):
        list(analyzer(scorer).pipe(TEXTS, batch_size=0))


# ---------------------------------------------------------------------------------------------
# Analyzer parameters


@pytest.mark.parametrize(
    "options, error",
    [
        ({"targets": [""]}, ValueError),
        ({"targets": [1]}, TypeError),
        ({"targets": ["Ukraine", "UKRAINE"]}, ValueError),
        ({"precision": "fp8"}, ValueError),
        ({"threads": 0}, ValueError),
        ({"scorer": 42}, TypeError),
    ],
)
def test_analyzer_refuses_bad_parameters(options, error):
    options = {"attribution": False, "scorer": None, **options}
    with pytest.raises(error):
        stance.Analyzer(**options)


def test_analyzer_keeps_a_scorer_object_as_it_is():
    scorer = FakeScorer()
    built = stance.Analyzer(attribution=False, scorer=scorer, targets="Ukraine")
    assert built.scorer is scorer and built.target_names == ["Ukraine"]
    # without attribution the target is still found by its words (no mentions, no holder)
    doc = built("Officials praised Ukraine on Friday.")
    assert doc.sentences[0].stances["Ukraine"].label == "favor"
    assert scorer.target_pairs()[0].holder == ""


# ---------------------------------------------------------------------------------------------
# evaluate() with a scorer


def test_evaluate_a_scorer_on_stance_rows():
    rows = pd.DataFrame(
        {
            "text": ["They praised the plan.", "They condemned the plan.", "They met.", "They praised it."],
            "target": ["the plan", "the plan", "the plan", "the plan"],
            "label": ["favor", "against", "neutral", "against"],
        }
    )
    scorer = FakeScorer()
    report = evaluate(scorer, rows, task="stance", name="fake", n_resamples=20)
    assert report.system == "fake" and report.has_probabilities
    assert {"p_against", "p_neutral", "p_favor"} <= set(report.rows.columns)
    assert list(report.rows["predicted"]) == ["favor", "against", "neutral", "favor"]
    assert report.summary().loc["accuracy", "value"] == pytest.approx(0.75)
    assert [tasks for _, tasks in scorer.calls] == [("stance",)]
    assert [p.target for p in scorer.pairs] == ["the plan"] * 4


def test_evaluate_sentiment_rows_pass_the_mention_and_ask_tone_without_a_target():
    rows = pd.DataFrame(
        {
            "text": ["Kyiv praised the plan.", "They condemned Kyiv.", "It rained."],
            "target": ["Kyiv", "Kyiv", None],
            "target_start": [0, 15, None],
            "target_end": [4, 19, None],
            "label": ["negative", "negative", "neutral"],
        }
    )
    scorer = FakeScorer()
    report = evaluate(scorer, rows, task="sentiment", n_resamples=20)
    by_head = {tasks: pairs for pairs, tasks in scorer.calls}
    assert set(by_head) == {("sentiment",), ("tone",)}
    assert [p.text[p.mention[0] : p.mention[1]] for p in by_head[("sentiment",)]] == ["Kyiv", "Kyiv"]
    assert by_head[("tone",)] == [Pair("It rained.", "", None)]
    assert list(report.rows["predicted"]) == ["negative", "negative", "neutral"]
    assert {"p_negative", "p_neutral", "p_positive"} <= set(report.rows.columns)


def test_evaluate_refuses_a_scorer_without_the_needed_head():
    rows = pd.DataFrame({"text": ["They praised it."], "target": ["it"], "label": ["positive"]})
    with pytest.raises(ValueError, match="sentiment"):
        evaluate(FakeScorer(tasks=("stance",)), rows, task="sentiment", n_resamples=20)
    rows = pd.DataFrame({"text": ["They praised it."], "target": ["it"], "label": ["favor"]})
    with pytest.raises(ValueError, match="stance"):
        evaluate(FakeScorer(tasks=("sentiment", "tone")), rows, task="stance", n_resamples=20)


def test_evaluate_an_analyzer_uses_its_scorer():
    rows = pd.DataFrame({"text": ["They praised it."], "target": ["it"], "label": ["favor"]})
    scorer = FakeScorer()
    report = evaluate(stance.Analyzer(attribution=False, scorer=scorer), rows, task="stance", n_resamples=20)
    assert list(report.rows["predicted"]) == ["favor"] and len(scorer.calls) == 1
    with pytest.raises(ValueError, match="no scorer"):
        evaluate(stance.Analyzer(attribution=False, scorer=None), rows, task="stance", n_resamples=20)


# ---------------------------------------------------------------------------------------------
# Command line


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("Putin condemned Kyiv on Friday. Officials met.", encoding="utf-8")
    return path


def test_cli_analyze_with_targets_and_no_scorer(capsys, article):
    status = main(["analyze", str(article), "--attribution-model", "none", "--scorer", "none", "--target", "Ukraine", "--format", "csv"])
    assert status == 0
    frame = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert len(frame) == 2 and frame["actor"].iloc[0] == "Vladimir Putin"
    assert not any(c.startswith(("stance", "sentiment")) for c in frame.columns)


def test_cli_missing_scorer_folder_is_a_usage_error(capsys, article, tmp_path):
    missing = tmp_path / "no_such_model"
    status = main(["analyze", str(article), "--attribution-model", "none", "--scorer", str(missing), "--target", "Ukraine"])
    captured = capsys.readouterr()
    assert status == 2 and captured.out == ""
    assert captured.err.startswith("stance: ") and str(missing) in captured.err
    assert "Traceback" not in captured.err


def test_cli_empty_target_is_a_usage_error(capsys, article):
    status = main(["analyze", str(article), "--attribution-model", "none", "--scorer", "none", "--target", ""])
    captured = capsys.readouterr()
    assert status == 2 and "empty" in captured.err


def test_cli_eval_with_a_missing_model_folder(capsys, tmp_path):
    data = tmp_path / "rows.csv"
    pd.DataFrame({"text": ["They praised it."], "target": ["it"], "label": ["favor"]}).to_csv(data, index=False)
    status = main(["eval", str(data), "--system", f"model:{tmp_path / 'no_such_model'}", "--resamples", "20"])
    captured = capsys.readouterr()
    assert status == 2 and "no_such_model" in captured.err


# ---------------------------------------------------------------------------------------------
# Mentions at the end of a sentence


def test_a_mention_at_the_end_of_a_sentence_has_no_full_stop():
    doc = analyzer(FakeScorer())("Putin condemned Zelensky.")
    assert [doc.text[a:b] for a, b in doc.sentences[0].stances["Ukraine"].mentions] == ["Zelensky"]


# ---------------------------------------------------------------------------------------------
# The shipped model


@pytest.fixture(scope="module")
def shipped():
    from stance.scoring.model import ScoringModel

    return ScoringModel.load()


def test_shipped_weights_are_small_safetensors_with_a_label_map():
    from stance.scoring.model import DEFAULT_PATH

    weights = DEFAULT_PATH / "model.safetensors"
    assert weights.stat().st_size <= 25 * 1024 * 1024
    assert not list(DEFAULT_PATH.glob("*.bin"))
    config = json.loads((DEFAULT_PATH / "config.json").read_text(encoding="utf-8"))
    assert {task: tuple(labels) for task, labels in config["labels"].items()} == HEADS
    assert (DEFAULT_PATH / "MODEL_CARD.md").is_file()


def test_shipped_model_tells_praise_from_condemnation(shipped):
    texts = ["We fully support Ukraine and stand with its people.", "Ukraine is a failed state run by criminals."]
    pairs = [Pair(t, "Ukraine", (t.index("Ukraine"), t.index("Ukraine") + 7)) for t in texts]
    support, scorn = shipped.predict(pairs, tasks=("stance", "sentiment"))
    for result in (support, scorn):
        for task in ("stance", "sentiment"):
            assert sum(result[task].values()) == pytest.approx(1.0, abs=1e-5)
    assert support["stance"]["favor"] > scorn["stance"]["favor"]
    assert scorn["stance"]["against"] > support["stance"]["against"]
    assert support["sentiment"]["positive"] > scorn["sentiment"]["positive"]
    [tone_support], [tone_scorn] = (shipped.predict([Pair(t)], tasks=("tone",)) for t in texts)
    assert tone_support["tone"]["positive"] > tone_scorn["tone"]["positive"]
    assert shipped.predict(pairs, tasks=("stance",)) == shipped.predict(pairs, tasks=("stance",))  # deterministic


def test_default_analyzer_scores_the_example_report():
    doc = stance.Analyzer(targets=["Russia", "China", "the West", "Ukraine"])((EXAMPLES / "wire_report.txt").read_text(encoding="utf-8"))
    scored = [s for s in doc.sentences if s.stances]
    assert scored and all(s.sentiment is not None for s in doc.sentences if s.kind == "body")
    for sentence in scored:
        for target, result in sentence.stances.items():
            assert result.label in ("against", "neutral", "favor")
            assert result.score == pytest.approx(result.probabilities["favor"] - result.probabilities["against"], abs=1e-5)
            assert all(sentence.start <= a < b <= sentence.end for a, b in result.mentions)


def test_without_tone_only_the_target_pairs_are_scored():
    text = "Officials praised Ukraine. The rain fell all day."
    scorer = FakeScorer()
    doc = analyzer(scorer, tone=False)(text)
    assert [s.sentiment for s in doc.sentences] == [None, None]
    assert doc.sentences[0].stances["Ukraine"].label == "favor"
    assert all("tone" not in tasks for _, tasks in scorer.calls)
    # The default scores each sentence's tone as well; the configurations differ only where the tone is off.
    with_tone = analyzer(FakeScorer())
    assert all(s.sentiment is not None for s in with_tone(text).sentences)
    assert "tone" not in with_tone.config and analyzer(FakeScorer(), tone=False).config["tone"] is False


@pytest.mark.parametrize("tone", [0, "no", None])
def test_tone_must_be_true_or_false(tone):
    with pytest.raises(ValueError, match="tone must be True or False"):
        stance.Analyzer(attribution=False, scorer=None, tone=tone)
