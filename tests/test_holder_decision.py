"""The learned holder decision (stance.attribution.decision): whether a source only the attribution model found holds its sentence."""

from __future__ import annotations

import json

import pytest

import stance
from stance.attribution.decision import DECISION_PATH, HolderDecision, holder_features, load_decision

from conftest import SourceModel


def analyzer_with(source: str, cue: str, decision):
    """The parse rules with a stand-in attribution model marking ``source`` and ``cue``, and ``decision``."""
    analyzer = stance.Analyzer(attribution_model=None, holder_decision=decision, scorer=None)
    analyzer.get_stage("attribution").model = SourceModel(source, cue)
    return analyzer


def test_a_decision_is_a_logistic_regression_over_named_features(tmp_path):
    decision = HolderDecision({"bias": -1.0, "rule_holds=True": 3.0}, threshold=0.5)
    assert decision.probability({"bias": 1.0, "rule_holds=True": 1.0}) == pytest.approx(1 / (1 + 2.718281828 ** -2), rel=1e-6)
    assert decision.probability({"bias": 1.0, "unseen feature": 1.0}) == pytest.approx(1 / (1 + 2.718281828), rel=1e-6)
    path = tmp_path / "decision.json"
    decision.save(path, trained_on=["somewhere"])
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["trained_on"] == ["somewhere"] and stored["weights"] == {"bias": -1.0, "rule_holds=True": 3.0}
    loaded = HolderDecision.load(path)
    assert repr(loaded) == repr(decision) != repr(HolderDecision({"bias": -1.0}, threshold=0.5))


def test_load_decision_names_what_it_cannot_load(tmp_path):
    assert load_decision(None) is None
    mine = lambda finding, parsed, sentence, document: True  # noqa: E731
    assert load_decision(mine) is mine
    assert isinstance(load_decision("default"), HolderDecision)
    with pytest.raises(FileNotFoundError, match="nowhere.json"):
        load_decision(tmp_path / "nowhere.json")
    with pytest.raises(TypeError, match="holder_decision"):
        load_decision(3)


def test_the_decision_judges_only_the_models_own_sources():
    # "Clinton laid out" is the model's source with a cue of no view: the decision says whether she holds the sentence.
    text = "Hillary Clinton laid out her plans for the economy on Monday."
    never, always = (lambda *_: False), (lambda *_: True)
    assert analyzer_with("Hillary Clinton", "laid out", never)(text).sentences[0].attribution.actor == "author"
    held = analyzer_with("Hillary Clinton", "laid out", always)(text).sentences[0].attribution
    assert held.actor == "Hillary Clinton" and held.method == "model"
    # The parse's own source (the subject of a cue verb) keeps the rules' decision whatever the learned one says.
    spoken = "Putin said the talks were useful."
    assert analyzer_with("Putin", "said", never)(spoken).sentences[0].attribution.actor == "Vladimir Putin"


def test_the_features_name_the_evidence():
    seen = {}

    def recorder(finding, parsed, sentence, document):
        seen.update(holder_features(finding, parsed, sentence, document))
        return finding.holds

    analyzer_with("Hillary Clinton", "laid out", recorder)("Hillary Clinton laid out her plans for the economy on Monday.")
    assert {"bias", "rule_holds=False", "cue_lemma=lay", "source_head_ent=PERSON", "source_actor_type=person", "quote=False"} <= set(seen)


def test_the_shipped_decision_and_its_configuration():
    stored = json.loads(DECISION_PATH.read_text(encoding="utf-8"))
    assert stored["trained_on"] and stored["weights"]["bias"] != 0 and 0 < stored["threshold"] < 1
    assert stance.Analyzer(scorer=None, attribution_model=None).config["holder_decision"]["model"].startswith("HolderDecision(")
    assert stance.Analyzer(scorer=None, attribution_model=None, holder_decision=None).config["holder_decision"] is None
