"""The scoring stage: each sentence's tone, and its holder's stance toward the targets (:func:`~stance.scoring.targets.score_documents`).

Body sentences, headlines and subheadings are scored; a verbatim repeat of an earlier sentence
(``Sentence.repeat_of``, set by segmentation) is not, so that aggregates count its statement once.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from stance.pipeline import TimedStage, fingerprint
from stance.records import Document
from stance.scoring.targets import check_targets, resolve_targets, score_documents


class ScoringStage(TimedStage):
    """Fill ``sentence.sentiment`` and ``sentence.stances`` of a batch of documents, in place.

    ``scorer`` is any :class:`~stance.scoring.base.Scorer`; ``targets`` the phrases to score stance
    toward, resolved through ``registry`` (an :class:`~stance.actors.ActorRegistry`, needed when
    there are targets); ``implicit`` scores every sentence against every target.
    """

    name = "scoring"

    def __init__(self, scorer: Any, targets: Iterable[str] = (), *, registry: Any = None, implicit: bool = False, batch_size: int = 64):
        super().__init__()
        self.scorer = scorer
        self.registry = registry
        self.implicit = bool(implicit)
        self.batch_size = batch_size
        self.set_targets(targets)

    def set_targets(self, targets: Iterable[str]) -> None:
        """Score stance toward ``targets`` from now on (checked as in the constructor)."""
        self.target_names = check_targets(targets)
        self.targets = resolve_targets(self.target_names, self.registry)

    @property
    def config(self) -> dict[str, Any]:
        """The scorer's fingerprint, the targets and ``implicit``."""
        return {"scorer": fingerprint(self.scorer), "targets": list(self.target_names), "implicit": self.implicit}

    def __call__(self, documents: Sequence[Document]) -> None:
        if not documents:
            return
        with self.timed("scoring"):
            score_documents(documents, self.scorer, self.targets, registry=self.registry, implicit=self.implicit, batch_size=self.batch_size)
