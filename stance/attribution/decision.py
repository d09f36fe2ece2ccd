"""The learned holder decision: does a source the attribution model found hold its sentence's view, or the author?

The attribution model (:mod:`stance.attribution.model`) marks sources in PolNeAR's broad sense: the
speakers of reports and the actors of plain deeds and events alike ("Clinton laid out her
proposals", "the study was published"). Where the parse found no source of its own, the rules
decided by a lexicon whether such a source holds the view (a speech or attitude word, "according
to", a colon or a quotation mark in its cue). The news stance annotators draw that line in many
more places than a lexicon lists ("Trump has pooh-poohed the consensus", "Politifact then ruled",
"the Croucher Foundation supported the study": the first two hold, the last does not), so a
logistic regression trained on the news stance corpus's train files (``training/holder_decision.py``)
reads the lexicon's answer and the evidence around it (:func:`holder_features`) and decides. The
parse's own sources (a subject of a cue verb, "according to") keep the rules' decision.

The weights ship as JSON beside this module (``holder_decision.json``): plain numbers, readable and
diffable, with the training data and dev figures they were chosen by.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

from stance.attribution.rules import CUE_LEMMAS, _reports, source_tokens
from stance.records import Document, Sentence

#: The shipped decision's weights (``training/holder_decision.py`` writes them).
DECISION_PATH = Path(__file__).with_name("holder_decision.json")


def holder_features(finding: Any, parsed: Any, sentence: Sentence, document: Document) -> dict[str, float]:
    """The evidence for one finding, as named features with values (0/1 flags mostly).

    ``finding`` is a :class:`~stance.attribution.rules.Finding` for ``sentence``, ``parsed`` its
    spaCy parse. The features name the rules' own answer, the cue's lemmas, parts of
    speech and place in the parse, the source's head word, entity and actor type, and the
    sentence's quotation and punctuation.
    """
    offset = sentence.start
    features: dict[str, float] = {"bias": 1.0, f"rule_holds={finding.holds}": 1.0}
    cue_tokens = [t for t in parsed if finding.cue is not None and finding.cue[0] <= offset + t.idx < finding.cue[1]]
    if not cue_tokens:
        features["cue=none"] = 1.0
    for token in cue_tokens:
        lemma = token.lemma_.lower()
        features[f"cue_lemma={lemma}"] = 1.0
        features[f"cue_pos={token.pos_}"] = 1.0
        features[f"cue_dep={token.dep_}"] = 1.0
        if lemma in CUE_LEMMAS:
            features["cue_in_lexicon"] = 1.0
        for child in token.children:
            features[f"cue_child_dep={child.dep_}"] = 1.0
    features[f"cue_words={min(len(cue_tokens), 4)}"] = 1.0
    features[f"reports={_reports(document, finding.cue)}"] = 1.0
    inside, head = source_tokens(finding.source, parsed, sentence)
    if head is not None:
        features[f"source_head_pos={head.pos_}"] = 1.0
        features[f"source_head_dep={head.dep_}"] = 1.0
        features[f"source_head_ent={head.ent_type_ or 'none'}"] = 1.0
        features[f"source_head={head.lower_}"] = 1.0
        if cue_tokens:
            features[f"source_before_cue={head.i < cue_tokens[0].i}"] = 1.0
            features[f"source_is_cue_subject={head.head.i == cue_tokens[0].i and head.dep_.startswith('nsubj')}"] = 1.0
    features[f"source_words={min(len(inside), 6)}"] = 1.0
    types = {m.actor_type for m in sentence.mentions if finding.source[0] <= m.start < finding.source[1]}
    for actor_type in types or {"none"}:
        features[f"source_actor_type={actor_type}"] = 1.0
    others = [m for m in sentence.mentions if not finding.source[0] <= m.start < finding.source[1]]
    features[f"other_mentions={min(len(others), 3)}"] = 1.0
    features[f"quote={sentence.quote is not None}"] = 1.0
    features[f"colon_end={sentence.text.rstrip().endswith(':')}"] = 1.0
    root = next((t for t in parsed if t.dep_ == "ROOT"), None)
    if root is not None:
        features[f"root_lemma={root.lemma_.lower()}"] = 1.0
        features[f"root_is_cue={any(t.i == root.i for t in cue_tokens)}"] = 1.0
    features[f"confidence={round(finding.confidence, 1)}"] = 1.0
    return features


class HolderDecision:
    """A logistic regression over :func:`holder_features`: the source holds when its probability reaches ``threshold``."""

    def __init__(self, weights: dict[str, float], threshold: float = 0.5):
        self.weights = dict(weights)
        self.threshold = threshold

    @classmethod
    def load(cls, path: str | Path = DECISION_PATH) -> HolderDecision:
        """The decision stored at ``path`` (default: the shipped one)."""
        stored = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(stored["weights"], stored["threshold"])

    def save(self, path: str | Path, **card: Any) -> None:
        """Write the weights, the threshold and ``card`` (training data, figures) to ``path`` as JSON."""
        payload = {**card, "threshold": self.threshold, "weights": dict(sorted(self.weights.items()))}
        Path(path).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")

    def __repr__(self) -> str:
        digest = hashlib.sha256(json.dumps([self.threshold, sorted(self.weights.items())]).encode()).hexdigest()[:16]
        return f"HolderDecision({len(self.weights)} weights, threshold={self.threshold}, sha256={digest})"

    def probability(self, features: dict[str, float]) -> float:
        """The probability that the source holds, given ``features``."""
        z = sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def __call__(self, finding: Any, parsed: Any, sentence: Sentence, document: Document) -> bool:
        """True when the source of ``finding`` holds ``sentence``'s view."""
        return self.probability(holder_features(finding, parsed, sentence, document)) >= self.threshold


def load_decision(decision: Any = "default") -> Any:
    """The holder decision ``decision`` names: ``"default"`` (the shipped one), the path of a JSON file
    :meth:`HolderDecision.save` wrote, a callable (returned as it is), or ``None`` (the rules' lexicon alone)."""
    if decision is None or callable(decision):
        return decision
    if isinstance(decision, (str, Path)):
        path = DECISION_PATH if decision == "default" else Path(decision)
        if not path.is_file():
            raise FileNotFoundError(f"holder_decision: no decision file at {path}")
        return HolderDecision.load(path)
    raise TypeError(f"holder_decision must be 'default', a path, a callable or None, not {type(decision).__name__}")
