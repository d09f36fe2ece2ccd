"""The scoring stage: each sentence's tone, and its holder's stance toward the targets (:func:`~stance.scoring.targets.score_documents`).

Body sentences, headlines and subheadings are scored; a verbatim repeat of an earlier sentence
(``Sentence.repeat_of``, set by segmentation) is not, so that aggregates count its statement once.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from stance.checks import check_bool
from stance.pipeline import TimedStage, fingerprint
from stance.records import Document
from stance.scoring.targets import check_expand, check_targets, resolve_targets, score_documents


class ScoringStage(TimedStage):
    """Fill ``sentence.sentiment`` and ``sentence.stances`` of a batch of documents, in place.

    ``scorer`` is any :class:`~stance.scoring.base.Scorer`; ``targets`` the phrases to score stance
    toward, resolved through ``registry`` (an :class:`~stance.actors.ActorRegistry`, needed when
    there are targets); ``expand`` makes the actors below a target mentions of it (``True``: every
    target; target names: those; see :mod:`stance.scoring.targets`); ``implicit`` scores every
    sentence against every target; ``tone=False`` leaves ``sentence.sentiment`` empty (``None``) and scores only the
    target pairs, which saves most of the scorer's work where there are few of them.
    """

    name = "scoring"

    def __init__(self, scorer: Any, targets: Iterable[str] = (), *, registry: Any = None, expand: bool | Iterable[str] = False,
                 implicit: bool = False, tone: bool = True, batch_size: int = 64):
        super().__init__()
        self.scorer = scorer
        self.registry = registry
        self.implicit = bool(implicit)
        self.tone = check_bool(tone, "tone")
        self.batch_size = batch_size
        self.set_targets(targets, expand)

    def set_targets(self, targets: Iterable[str], expand: bool | Iterable[str] = False) -> None:
        """Score stance toward ``targets`` from now on, expanded as ``expand`` says (checked as in the constructor)."""
        self.target_names = check_targets(targets)
        self.expand = check_expand(expand, self.target_names)
        self.targets = resolve_targets(self.target_names, self.registry, self.expand)

    @property
    def config(self) -> dict[str, Any]:
        """The scorer's fingerprint, the targets, ``expand``, ``implicit`` and, where the tone is not scored,
        ``"tone": False`` (absent otherwise, so that a configuration keeps the id it had before the option existed)."""
        expand = self.expand if isinstance(self.expand, bool) else sorted(self.expand)
        config = {"scorer": fingerprint(self.scorer), "targets": list(self.target_names), "expand": expand, "implicit": self.implicit}
        return config if self.tone else {**config, "tone": False}

    def __call__(self, documents: Sequence[Document]) -> None:
        if not documents:
            return
        with self.timed("scoring"):
            score_documents(documents, self.scorer, self.targets, registry=self.registry, implicit=self.implicit, tone=self.tone,
                            batch_size=self.batch_size)
