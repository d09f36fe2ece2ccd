"""Label names: one canonical set per task and the explicit mapping from the spellings data sets use.

Canonical labels
----------------
* ``stance``: ``against``, ``neutral``, ``favor`` (in that order: the order of probability columns
  and confusion matrices).
* ``sentiment``: ``negative``, ``neutral``, ``positive``.

Mapping (case-insensitive, surrounding whitespace ignored):

=========== ===================================================================================
canonical   accepted spellings
=========== ===================================================================================
against     against, con, anti, oppose, opposes, opposed, negative, neg, -1, -1.0
neutral     neutral, none, neither, no stance, unrelated, neu, 0, 0.0
favor       favor, favour, pro, support, supports, supportive, positive, pos, 1, 1.0
negative    negative, neg, against, con, -1, -1.0
neutral     neutral, none, neu, 0, 0.0
positive    positive, pos, favor, favour, pro, 1, 1.0
=========== ===================================================================================

Numeric codes that differ between data sets (VAST's 0/1/2, NewsMTSC's 2.0/4.0/6.0) are mapped by
their loaders, not here. A value outside the mapping is an error that names it.
"""

from __future__ import annotations

from typing import Iterable

TASK_LABELS: dict[str, tuple[str, ...]] = {
    "stance": ("against", "neutral", "favor"),
    "sentiment": ("negative", "neutral", "positive"),
}

_SPELLINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "stance": {
        "against": ("against", "con", "anti", "oppose", "opposes", "opposed", "negative", "neg", "-1", "-1.0"),
        "neutral": ("neutral", "none", "neither", "no stance", "unrelated", "neu", "0", "0.0"),
        "favor": ("favor", "favour", "pro", "support", "supports", "supportive", "positive", "pos", "1", "1.0"),
    },
    "sentiment": {
        "negative": ("negative", "neg", "against", "con", "-1", "-1.0"),
        "neutral": ("neutral", "none", "neu", "0", "0.0"),
        "positive": ("positive", "pos", "favor", "favour", "pro", "1", "1.0"),
    },
}

#: For each task, every accepted spelling (lower case) and the canonical label it maps to.
LABEL_MAP: dict[str, dict[str, str]] = {
    task: {spelling: label for label, spellings in table.items() for spelling in spellings}
    for task, table in _SPELLINGS.items()
}


def check_task(task: str) -> None:
    """Raise ``ValueError`` unless ``task`` is one with labels (see :data:`TASK_LABELS`)."""
    if task not in TASK_LABELS:
        raise ValueError(f"unknown task {task!r}; choose one of {', '.join(TASK_LABELS)}")


def normalize_label(value: object, task: str, *, where: str = "") -> str:
    """Return the canonical label for ``value`` in ``task``.

    ``where`` describes the value's origin (file, row, column) for the error message raised
    when the value is missing or not in the mapping.
    """
    check_task(task)
    key = str(value).strip().lower() if value is not None else ""
    try:
        return LABEL_MAP[task][key]
    except KeyError:
        place = f" ({where})" if where else ""
        known = ", ".join(sorted(LABEL_MAP[task]))
        raise ValueError(f"unknown {task} label {value!r}{place}; known spellings: {known}") from None


def normalize_labels(values: Iterable[object], task: str, *, source: str = "", column: str = "label") -> list[str]:
    """Normalise a column of labels; an error names ``source``, the row number and ``column``."""
    return [normalize_label(v, task, where=f"{source}{', ' if source else ''}row {i}, column {column!r}") for i, v in enumerate(values)]
