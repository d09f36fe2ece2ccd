"""Scoring: each sentence's tone, and its holder's stance toward the user's targets.

* :mod:`stance.scoring.base` -- the protocol: :class:`Pair`, :data:`HEADS`, the :class:`Scorer`
  protocol class and label normalisation;
* :mod:`stance.scoring.targets` -- finding target mentions and scoring documents with a scorer;
* :mod:`stance.scoring.stage` -- the pipeline stage (:class:`ScoringStage`);
* :mod:`stance.scoring.model` -- the shipped cross-encoder (:class:`~stance.scoring.model.ScoringModel`);
* :mod:`stance.scoring.hub` -- Hugging Face classifiers and zero-shot NLI models as scorers;
* :mod:`stance.scoring.training` -- :func:`stance.train`, fine-tuning a scoring model.

The model, hub and training modules load torch; they are imported on first use.
"""

from stance.scoring.base import HEADS, LABEL_MAP, TASK_LABELS, Pair, Scorer, check_pair, check_task, head_of, normalize_label, normalize_labels
from stance.scoring.targets import (
    SCORED_KINDS,
    Target,
    check_targets,
    first_mention,
    load_scorer,
    pairs_from_rows,
    predict_rows,
    resolve_targets,
    score_documents,
    target_mentions,
)

__all__ = [
    "HEADS",
    "LABEL_MAP",
    "SCORED_KINDS",
    "TASK_LABELS",
    "Pair",
    "Scorer",
    "Target",
    "check_pair",
    "check_targets",
    "check_task",
    "first_mention",
    "head_of",
    "load_scorer",
    "normalize_label",
    "normalize_labels",
    "pairs_from_rows",
    "predict_rows",
    "resolve_targets",
    "score_documents",
    "target_mentions",
]
