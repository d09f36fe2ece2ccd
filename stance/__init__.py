"""stance: who holds which attitude toward whom in news text.

The public API::

    import stance
    analyzer = stance.Analyzer()
    doc = analyzer("MOSCOW (Wire) - Putin said ...")
    doc.to_frame()

    stance.split_sentences(text)   # sentences with exact character offsets
    stance.evaluate(system, labelled_rows, task="stance")   # see stance.evaluation
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
    "__version__",
]


def __getattr__(name: str) -> Any:
    """Import the evaluation tools on first use, so that ``import stance`` stays light."""
    if name in ("evaluate", "evaluation"):
        import stance.evaluation

        return stance.evaluation if name == "evaluation" else stance.evaluation.evaluate
    raise AttributeError(f"module 'stance' has no attribute {name!r}")
