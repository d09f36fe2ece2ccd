"""stance: who holds which attitude toward whom in news text.

The public API::

    import stance
    analyzer = stance.Analyzer()
    doc = analyzer("MOSCOW (Wire) - Putin said ...")
    doc.to_frame()

    stance.split_sentences(text)   # sentences with exact character offsets
    stance.evaluate(system, labelled_rows, task="stance")   # see stance.evaluation
    stance.train(labelled_rows, "my-model")   # fine-tune the scoring model; Analyzer(scorer="my-model")

    stance.analyze_corpus("articles/", out="results.duckdb", targets=["Russia"])   # resumable corpus runs
    stance.analyze_corpus("news.jsonl", out="results/", targets=["Russia"], engine="ray")   # the same on a Ray cluster
    results = stance.Results("results.duckdb")                                    # DataFrames and SQL
    stance.aggregate.actor_target_table(results.stances())                        # actor x target tables
    stance.figures.plot_heatmap(...); stance.exports.write_graphml(...)          # figures, networks, CSV
"""

from typing import Any

from stance import _moved
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

_moved.install()  # old module paths (stance.scoring_model, ...) keep working

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
    "HolderDecision",
    "analyze_corpus",
    "Results",
    "aggregate",
    "figures",
    "exports",
    "__version__",
]


def __getattr__(name: str) -> Any:
    """Import the evaluation, training, model and corpus tools on first use, so that ``import stance`` stays light."""
    if name in ("evaluate", "evaluation"):
        import stance.evaluation

        return stance.evaluation if name == "evaluation" else stance.evaluation.evaluate
    if name == "train":
        from stance.scoring.training import train

        return train
    if name == "ScoringModel":
        from stance.scoring.model import ScoringModel

        return ScoringModel
    if name == "HolderDecision":
        from stance.attribution.decision import HolderDecision

        return HolderDecision
    if name in ("ClassifierScorer", "NLIScorer"):
        import stance.scoring.hub

        return getattr(stance.scoring.hub, name)
    if name in ("analyze_corpus", "Results"):
        import stance.corpus

        return getattr(stance.corpus, name)
    if name in ("aggregate", "figures", "exports"):
        import importlib

        return importlib.import_module(f"stance.{name}")
    raise AttributeError(f"module 'stance' has no attribute {name!r}")
