"""Extending the pipeline through the public API: a stage of your own, a scorer of your own, other targets, user_data."""

import json

import pytest

import stance
from stance.pipeline import SegmentationStage, Stage, TimedStage
from stance.scoring import HEADS, Pair, Scorer

TEXT = (
    "MOSCOW (Wire) - Russia rejected the proposal on Monday.\n\n"
    "Putin said Ukraine had no interest in talks. China praised Russia for its restraint.\n"
)


class Lengths(TimedStage):
    """A custom stage: each sentence's length in user_data, and the document's sentence count."""

    name = "lengths"

    def __init__(self, unit: str = "characters"):
        super().__init__()
        self.unit = unit

    @property
    def config(self):
        return {"lengths_unit": self.unit}

    def __call__(self, documents):
        with self.timed("lengths"):
            for document in documents:
                document.user_data["sentences"] = len(document.sentences)
                for sentence in document.sentences:
                    sentence.user_data["length"] = len(sentence.text)


class KeywordScorer:
    """A custom scorer: favor where the sentence praises, against where it rejects; tone likewise."""

    tasks = ("stance", "tone")

    def __init__(self):
        self.calls = 0

    def predict(self, pairs, tasks=("stance",), batch_size=64):
        self.calls += 1
        out = []
        for pair in pairs:
            assert isinstance(pair, Pair)
            hit = 2 if "praised" in pair.text else 0 if "rejected" in pair.text else 1
            probabilities = [0.1, 0.1, 0.1]
            probabilities[hit] = 0.8
            out.append({task: dict(zip(HEADS[task], probabilities)) for task in tasks if task in self.tasks})
        return out


def test_a_custom_stage_and_a_custom_scorer_through_the_public_api():
    scorer = KeywordScorer()
    assert isinstance(scorer, Scorer) and isinstance(Lengths(), Stage)
    analyzer = stance.Analyzer(attribution=False, scorer=scorer, targets=["Russia"])
    assert analyzer.stage_names == ["segmentation", "scoring"]
    assert analyzer.add_stage(Lengths(), before="scoring") is analyzer
    assert analyzer.stage_names == ["segmentation", "lengths", "scoring"]
    document = analyzer(TEXT, id="a")
    assert document.user_data == {"sentences": len(document.sentences)}
    assert all(s.user_data == {"length": len(s.text)} for s in document.sentences)
    assert scorer.calls > 0
    labels = {s.text.split()[-1]: s.stances["Russia"].label for s in document.sentences if "Russia" in s.stances}
    assert labels == {"Monday.": "against", "restraint.": "favor"}
    assert analyzer.timings["lengths"] >= 0 and "scoring" in analyzer.timings
    config = analyzer.config
    assert config["lengths_unit"] == "characters" and config["pipeline"] == ["segmentation", "lengths", "scoring"]
    assert config["scorer"] == {"model": repr(scorer)}
    json.dumps(config)  # plain values: the corpus store hashes it
    # user_data stays with the running program: not in dicts, JSON or frames, not in equality
    assert "user_data" not in document.to_dict() and "user_data" not in document.to_dict()["sentences"][0]
    assert stance.Document.from_json(document.to_json()) == document
    assert not any("user_data" in column for column in document.to_frame().columns)


def test_stages_are_replaced_removed_and_checked():
    analyzer = stance.Analyzer(attribution=False, scorer=None)
    default = analyzer.config
    assert "pipeline" not in default
    analyzer.replace_stage("segmentation", SegmentationStage(max_sentence_length=50))
    assert analyzer.config["max_sentence_length"] == 50
    assert all(len(s.text) <= 50 for s in analyzer("word " * 40).sentences)
    analyzer.add_stage(Lengths())
    assert isinstance(analyzer.remove_stage("lengths"), Lengths)
    assert analyzer.stage_names == ["segmentation"]
    with pytest.raises(KeyError, match="no stage 'parsing'"):
        analyzer.get_stage("parsing")
    with pytest.raises(TypeError, match="a stage needs"):
        analyzer.add_stage(lambda documents: None)
    analyzer.add_stage(Lengths())
    with pytest.raises(ValueError, match="already has a stage 'lengths'"):
        analyzer.add_stage(Lengths())
    other = Lengths()
    other.name = "other"
    with pytest.raises(ValueError, match="not both"):
        analyzer.add_stage(other, before="lengths", after="lengths")


def test_with_targets_shares_the_models_and_leaves_the_analyzer_as_it_was():
    scorer = KeywordScorer()
    analyzer = stance.Analyzer(attribution=False, scorer=scorer, targets=["Russia"])
    other = analyzer.with_targets(["China"])
    assert other.scorer is scorer and analyzer.target_names == ["Russia"] and other.target_names == ["China"]
    assert set(other(TEXT).sentences[-1].stances) == {"China"}
    assert set(analyzer(TEXT).sentences[-1].stances) == {"Russia"}
    assert other.config["targets"] == ["China"] and analyzer.config["targets"] == ["Russia"]


def test_old_module_paths_are_the_moved_modules():
    import stance.hub_models
    import stance.parsing
    import stance.scoring_model
    import stance.attribution.parsing
    import stance.scoring.hub
    import stance.scoring.model

    assert stance.scoring_model is stance.scoring.model
    assert stance.hub_models is stance.scoring.hub
    assert stance.parsing is stance.attribution.parsing
