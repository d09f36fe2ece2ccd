"""The :class:`Analyzer` facade: one object that holds the configuration and runs the stages.

At this stage the pipeline segments text (paragraphs, sentences, furniture, quotations);
attribution and scoring stages plug in after segmentation as they are added.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from stance.records import Document
from stance.segmentation import DEFAULT_MAX_LENGTH, segment, validate_max_length


class Analyzer:
    """Analyse news texts into :class:`~stance.records.Document` records.

    Parameters
    ----------
    max_sentence_length:
        Sentences longer than this many characters are cut (see :mod:`stance.segmentation`).
    errors:
        How invalid UTF-8 in ``bytes`` input is handled: ``"strict"`` (raise ``ValueError``
        naming the byte offset) or ``"replace"``.
    """

    def __init__(self, *, max_sentence_length: int = DEFAULT_MAX_LENGTH, errors: str = "strict"):
        validate_max_length(max_sentence_length)
        if errors not in ("strict", "replace"):
            raise ValueError(f"errors must be 'strict' or 'replace', got {errors!r}")
        self.max_sentence_length = max_sentence_length
        self.errors = errors

    def __repr__(self) -> str:
        return f"Analyzer(max_sentence_length={self.max_sentence_length}, errors={self.errors!r})"

    def __call__(self, text: str | bytes, *, id: str | None = None, metadata: dict[str, Any] | None = None) -> Document:
        """Analyse one text and return its :class:`~stance.records.Document`."""
        return segment(text, max_length=self.max_sentence_length, errors=self.errors, id=id, metadata=metadata)

    def pipe(self, texts: Iterable[str | bytes]) -> Iterator[Document]:
        """Analyse texts one after another, yielding a document for each (ids are positions)."""
        for position, text in enumerate(texts):
            yield self(text, id=str(position))
