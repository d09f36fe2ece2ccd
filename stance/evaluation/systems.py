"""The systems evaluation measures, called through their protocols: an end-to-end
:class:`~stance.pipeline.DocumentSystem` (an Analyzer), a :class:`~stance.scoring.base.Scorer`,
or a function from a batch of labelled rows to predictions."""

from __future__ import annotations

from typing import Any, Callable

import pandas as pd

from stance.pipeline import DocumentSystem
from stance.records import Document, holder_of
from stance.scoring.base import TASK_LABELS

#: A row-level system: a batch of labelled rows in, a label per row (or a DataFrame with ``label``) out.
System = Callable[[pd.DataFrame], Any]


def predictor(system: Any, task: str) -> System:
    """Turn ``system`` into a function from a batch of rows to predictions.

    ``system`` is a :class:`~stance.pipeline.DocumentSystem` (an Analyzer: its scorer, or for
    ``task="actor"`` the holder of each text's first body sentence), a
    :class:`~stance.scoring.base.Scorer`, or a callable from a DataFrame of rows to labels.
    """
    if isinstance(system, DocumentSystem):
        if task == "actor":
            return lambda rows: [_holder(system(text)) for text in rows["text"]]
        if system.scorer is None:
            raise ValueError(f"this Analyzer has no scorer (scorer=None), so it cannot be evaluated on {task}")
        system = system.scorer
    if hasattr(system, "predict") and hasattr(system, "tasks"):
        if task == "actor":
            raise ValueError("a scoring model predicts stance and sentiment, not actors; evaluate an Analyzer")
        return lambda rows: _scorer_predictions(system, rows, task)
    if not callable(system):
        raise TypeError(f"system must be callable on a DataFrame of rows, got {type(system).__name__}")
    return system


def _scorer_predictions(scorer: Any, rows: pd.DataFrame, task: str) -> pd.DataFrame:
    """A scorer's label and ``p_<label>`` columns for labelled rows.

    Each row is one pair: its text, its target and, where the row gives ``target_start`` /
    ``target_end`` (NewsMTSC), that mention; sentiment rows without a target ask for the tone.
    """
    from stance.scoring.targets import predict_rows

    probabilities = predict_rows(scorer, rows.assign(target=rows["target"].fillna("").astype(str), task=task))
    labels = [max(p, key=p.get) for p in probabilities]
    frame = pd.DataFrame({"label": labels})
    for label in TASK_LABELS[task]:
        frame[f"p_{label}"] = [p.get(label, 0.0) for p in probabilities]
    return frame


def _holder(document: Document) -> str | None:
    """The actor holding the first body sentence of ``document`` ('author' when nobody else does)."""
    for sentence in document.sentences:
        if sentence.kind == "body":
            return holder_of(sentence)
    return None


def call_system(predict: System, batch: pd.DataFrame) -> pd.DataFrame:
    """Run one batch and check that the system answered once per row."""
    output = predict(batch)
    frame = output.reset_index(drop=True) if isinstance(output, pd.DataFrame) else pd.DataFrame({"label": list(output)})
    if "label" not in frame:
        raise ValueError(f"a system that returns a DataFrame must give a 'label' column; got {list(frame.columns)}")
    if len(frame) != len(batch):
        raise ValueError(f"the system returned {len(frame)} predictions for a batch of {len(batch)} rows")
    return frame
