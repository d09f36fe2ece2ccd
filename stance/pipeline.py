"""Pipeline stages: the components an :class:`~stance.Analyzer` runs, in order, over batches of documents.

A stage is any object with

* ``name`` -- a short name, unique in a pipeline (``"segmentation"``, ``"attribution"``, ...);
* ``config`` -- a dict of the plain (JSON-ready) settings that change its results; the
  Analyzer's ``config``, which the corpus store hashes, is made from these;
* ``timings`` -- seconds spent so far, by step (a stage may time several steps);
* ``__call__(documents)`` -- reads and fills the :class:`~stance.records.Document` records of a
  batch in place, returning ``None``.

The shipped stages are :class:`SegmentationStage` (here), :class:`~stance.attribution.stage.AttributionStage`
and :class:`~stance.scoring.stage.ScoringStage`. :class:`TimedStage` gives a stage of your own
its ``timings`` and a ``timed`` block::

    class Lengths(stance.pipeline.TimedStage):
        name = "lengths"

        def __call__(self, documents):
            with self.timed("lengths"):
                for document in documents:
                    for sentence in document.sentences:
                        sentence.user_data["length"] = len(sentence.text)

    analyzer = stance.Analyzer().add_stage(Lengths(), after="attribution")
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from pathlib import Path
from typing import Any, Iterable, Iterator, Protocol, Sequence, runtime_checkable

from stance.checks import check_positive_int
from stance.records import Document
from stance.segmentation import DEFAULT_MAX_LENGTH, ERRORS, segment


@runtime_checkable
class Stage(Protocol):
    """What the Analyzer needs of a pipeline component (see the module docstring)."""

    name: str
    timings: dict[str, float]

    @property
    def config(self) -> dict[str, Any]:
        """The settings that change the stage's results (plain, JSON-ready values)."""
        ...

    def __call__(self, documents: Sequence[Document]) -> None:
        """Read and fill ``documents`` in place."""
        ...


@runtime_checkable
class DocumentSystem(Protocol):
    """An end-to-end system as evaluation sees it (an :class:`~stance.Analyzer` is one): text in,
    :class:`~stance.records.Document` out, a stream through ``pipe``, other targets through
    ``with_targets``, and its ``scorer`` (``None`` without one)."""

    scorer: Any

    def __call__(self, text: str, *, id: str | None = None, metadata: dict[str, Any] | None = None) -> Document:
        """Analyse one text."""
        ...

    def pipe(self, records: Iterable[Any], batch_size: int = 16, progress: bool = False, on_error: str = "raise", total: int | None = None) -> Iterator[Any]:
        """Analyse a stream of records, in order."""
        ...

    def with_targets(self, targets: Iterable[str]) -> DocumentSystem:
        """The same system scoring stance toward ``targets``."""
        ...


class TimedStage:
    """A base for stages: ``timings`` and a :meth:`timed` block; ``config`` is empty unless overridden."""

    name = "stage"

    def __init__(self) -> None:
        #: Seconds spent so far in each step of the stage.
        self.timings: dict[str, float] = {}

    @property
    def config(self) -> dict[str, Any]:
        """The settings that change the stage's results: none unless a subclass says so."""
        return {}

    @contextlib.contextmanager
    def timed(self, step: str) -> Iterator[None]:
        """Add the time spent in the block to ``self.timings[step]``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[step] = self.timings.get(step, 0.0) + time.perf_counter() - start

    def __call__(self, documents: Sequence[Document]) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


class SegmentationStage(TimedStage):
    """Text hygiene and segmentation (:func:`stance.segmentation.segment`), in place.

    Each document's ``text`` (``str`` or ``bytes``) is made valid Unicode as ``errors`` says and
    split into paragraphs, sentences and quotes; ``id`` and ``metadata`` are kept.
    """

    name = "segmentation"

    def __init__(self, max_sentence_length: int = DEFAULT_MAX_LENGTH, errors: str = "replace"):
        super().__init__()
        check_positive_int(max_sentence_length, "max_length")
        if errors not in ERRORS:
            raise ValueError(f"errors must be 'replace' or 'strict', got {errors!r}")
        self.max_sentence_length = max_sentence_length
        self.errors = errors

    @property
    def config(self) -> dict[str, Any]:
        """``max_sentence_length`` and ``errors``."""
        return {"max_sentence_length": self.max_sentence_length, "errors": self.errors}

    def __call__(self, documents: Sequence[Document]) -> None:
        with self.timed("segmentation"):
            for document in documents:
                done = segment(document.text, max_length=self.max_sentence_length, errors=self.errors, id=document.id, metadata=document.metadata)
                document.text, document.paragraphs, document.sentences, document.quotes = done.text, done.paragraphs, done.sentences, done.quotes
                document.metadata = done.metadata


def fingerprint(model: Any) -> Any:
    """A model's identity for a configuration: its folder, the SHA-256 of its weights and a backend other than torch, or its description."""
    if model is None:
        return None
    path = getattr(model, "path", None)
    weights = Path(path) / "model.safetensors" if path is not None else None
    if weights is not None and weights.is_file():
        digest = hashlib.sha256()
        with weights.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        found = {"model": type(model).__name__, "path": str(path), "sha256": digest.hexdigest()}
        if getattr(model, "backend", "torch") != "torch":  # ONNX int8 gives other probabilities: not the same results
            found["backend"] = model.backend
        return found
    return {"model": repr(model)}
