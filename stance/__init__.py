"""stance: who holds which attitude toward whom in news text.

The public API::

    import stance
    analyzer = stance.Analyzer()
    doc = analyzer("MOSCOW (Wire) - Putin said ...")
    doc.to_frame()

    stance.split_sentences(text)   # sentences with exact character offsets
    stance.evaluate(system, labelled_rows, task="stance")   # see stance.evaluation
    stance.train(labelled_rows, "my-model")   # fine-tune the scoring model; Analyzer(scorer="my-model")
"""

from typing import Any

from stance.analyzer import Analyzer
from stance.records import (
    Attribution,
    Document,
    Paragraph,
    Quote,
    Score,
    Sentence,
    Stance,
    to_frame,
)
from stance.segmentation import DEFAULT_MAX_LENGTH, segment, split_paragraphs, split_sentences

__version__ = "0.1.0"

__all__ = [
    "Analyzer",
    "Attribution",
    "DEFAULT_MAX_LENGTH",
    "Document",
    "Paragraph",
    "Quote",
    "Score",
    "Sentence",
    "Stance",
    "segment",
    "split_paragraphs",
    "split_sentences",
    "to_frame",
    "evaluate",
    "evaluation",
    "train",
    "ClassifierScorer",
    "NLIScorer",
    "ScoringModel",
    "__version__",
]


def __getattr__(name: str) -> Any:
    """Import the evaluation, training and model tools on first use, so that ``import stance`` stays light."""
    if name in ("evaluate", "evaluation"):
        import stance.evaluation

        return stance.evaluation if name == "evaluation" else stance.evaluation.evaluate
    if name == "train":
        from stance.training import train

        return train
    if name == "ScoringModel":
        from stance.scoring_model import ScoringModel

        return ScoringModel
    if name in ("ClassifierScorer", "NLIScorer"):
        import stance.hub_models

        return getattr(stance.hub_models, name)
    raise AttributeError(f"module 'stance' has no attribute {name!r}")
