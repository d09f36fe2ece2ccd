"""The scoring protocol: what every scorer reads (:class:`Pair`), what it answers (:data:`HEADS`), the
:class:`Scorer` protocol itself, and label names (one canonical set per task and the explicit mapping
from the spellings data sets use).

A scorer is any object with ``tasks`` (the heads it has) and ``predict(pairs, tasks, batch_size)``
returning, for each pair, a dict ``{task: {label: probability}}`` over the labels of :data:`HEADS`:
the shipped :class:`~stance.scoring.model.ScoringModel`, the Hugging Face scorers of
:mod:`stance.scoring.hub`, or your own class.

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

from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence, runtime_checkable

from stance.records import Span

TASK_LABELS: dict[str, tuple[str, ...]] = {
    "stance": ("against", "neutral", "favor"),
    "sentiment": ("negative", "neutral", "positive"),
}

#: The heads a scorer may have and their labels, in the order of each head's outputs: ``stance`` and
#: ``sentiment`` toward a target, and ``tone``, the sentiment of a sentence as a whole.
HEADS: dict[str, tuple[str, ...]] = {**TASK_LABELS, "tone": TASK_LABELS["sentiment"]}

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


@dataclass(frozen=True)
class Pair:
    """One input: a sentence, a target phrase and the mention of the target in the sentence.

    ``mention`` is a ``(start, end)`` span into ``text`` or ``None`` when the target is not
    named in it (implicit targets, tweets about a fixed topic). ``target`` is ``""`` when the
    pair asks for the sentence's tone. ``holder`` names who holds the view (``""``: the
    author): the shipped models read it (``[CLS] holder [SEP] target [SEP] sentence``), zero-shot NLI
    models put it in the hypothesis.
    """

    text: str
    target: str = ""
    mention: Span | None = None
    holder: str = ""


def check_pair(pair: Pair) -> None:
    """Raise ``ValueError``/``TypeError`` for a pair the models cannot read."""
    for name in ("text", "target", "holder"):
        if not isinstance(getattr(pair, name), str):
            raise TypeError(f"a pair's {name} must be a string, got {type(getattr(pair, name)).__name__}")
    if pair.mention is not None:
        start, end = pair.mention
        if not 0 <= start < end <= len(pair.text):
            raise ValueError(f"mention {pair.mention} is not a span of a text of {len(pair.text)} characters")


def head_of(task: str, target: str) -> str:
    """The head a labelled row trains: ``stance``, ``sentiment`` (toward a target) or ``tone``."""
    if task == "stance":
        return "stance"
    if task == "sentiment":
        return "sentiment" if target else "tone"
    raise ValueError(f"unknown task {task!r}; rows must have task 'stance' or 'sentiment'")


@runtime_checkable
class Scorer(Protocol):
    """What the scoring stage needs of a model: its heads and a batched ``predict``.

    ``tasks`` names the heads the scorer has (keys of :data:`HEADS`); ``predict`` returns, for
    each pair, ``{task: {label: probability}}`` for each requested task it has. Any class with
    these two members is a scorer (no subclassing needed)::

        class Constant:
            tasks = ("stance",)

            def predict(self, pairs, tasks=("stance",), batch_size=64):
                return [{"stance": {"against": 0.1, "neutral": 0.8, "favor": 0.1}} for _ in pairs]

        stance.Analyzer(scorer=Constant(), targets=["Ukraine"])
    """

    tasks: Sequence[str]

    def predict(self, pairs: Sequence[Pair], tasks: Sequence[str], batch_size: int = 64) -> list[dict[str, dict[str, float]]]:
        """Probabilities per pair and task."""
        ...
