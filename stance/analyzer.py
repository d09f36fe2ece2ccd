"""The :class:`Analyzer` facade: one object that holds the configuration and the loaded models.

Stages, in order: segmentation (:mod:`stance.segmentation`), parsing (:mod:`stance.parsing`),
actor mentions (:mod:`stance.mentions`), attribution (:mod:`stance.attribution`, with the
learned model of :mod:`stance.attribution_model`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

from stance.records import Document
from stance.checks import check_positive_int
from stance.segmentation import DEFAULT_MAX_LENGTH, segment


class Analyzer:
    """Analyse news texts into :class:`~stance.records.Document` records.

    Parameters
    ----------
    attribution:
        Find actor mentions and attribute every body sentence to its holder (default). With
        ``False`` only segmentation runs, and no model is loaded.
    actors:
        The actor registry: ``None`` for the shipped one, an :class:`~stance.actors.ActorRegistry`,
        or a YAML/CSV/JSON file or dict of your own actors that extends the shipped table
        (or replaces it with ``shipped_actors=False``).
    shipped_actors:
        Start from the shipped actor table (default) or from an empty one.
    attribution_model:
        ``"default"`` for the shipped PolNeAR model, a directory of a model trained with
        ``training/train_attribution.py``, or ``None`` for the parse rules alone.
    max_sentence_length:
        Sentences longer than this many characters are cut (see :mod:`stance.segmentation`).
    errors:
        How invalid UTF-8 in ``bytes`` input is handled: ``"strict"`` (raise ``ValueError``
        naming the byte offset) or ``"replace"``.
    batch_size:
        Sentences per batch for spaCy and the attribution model.
    """

    def __init__(
        self,
        *,
        attribution: bool = True,
        actors: Any = None,
        shipped_actors: bool = True,
        attribution_model: str | Path | None = "default",
        max_sentence_length: int = DEFAULT_MAX_LENGTH,
        errors: str = "strict",
        batch_size: int = 32,
    ):
        check_positive_int(max_sentence_length, "max_length")
        if errors not in ("strict", "replace"):
            raise ValueError(f"errors must be 'strict' or 'replace', got {errors!r}")
        check_positive_int(batch_size, "batch_size")
        self.max_sentence_length = max_sentence_length
        self.errors = errors
        self.batch_size = batch_size
        self.attribution = attribution
        self.registry = self.nlp = self.model = None
        if attribution:
            from stance.actors import ActorRegistry, load_actors
            from stance.parsing import load_spacy

            self.registry = actors if isinstance(actors, ActorRegistry) else load_actors(actors, shipped=shipped_actors)
            self.nlp = load_spacy()
            if attribution_model is not None:
                from stance.attribution_model import AttributionModel

                self.model = AttributionModel.load(None if attribution_model == "default" else attribution_model)

    def __repr__(self) -> str:
        model = "none" if self.model is None else "loaded"
        return f"Analyzer(attribution={self.attribution}, attribution_model={model}, max_sentence_length={self.max_sentence_length})"

    def __call__(self, text: str | bytes, *, id: str | None = None, metadata: dict[str, Any] | None = None) -> Document:
        """Analyse one text and return its :class:`~stance.records.Document`."""
        document = segment(text, max_length=self.max_sentence_length, errors=self.errors, id=id, metadata=metadata)
        if self.attribution:
            self._attribute(document)
        return document

    def pipe(self, texts: Iterable[str | bytes]) -> Iterator[Document]:
        """Analyse texts one after another, yielding a document for each (ids are positions)."""
        for position, text in enumerate(texts):
            yield self(text, id=str(position))

    def _attribute(self, document: Document) -> None:
        from stance.attribution import attribute_document
        from stance.mentions import find_mentions
        from stance.parsing import parse_sentences

        body = [s.index for s in document.sentences if s.kind == "body"]
        parses = parse_sentences(document, self.nlp, body, batch_size=self.batch_size)
        find_mentions(document, parses, self.registry)
        predictions = None
        if self.model is not None:
            predictions = dict(zip(body, self.model.predict(document, body, batch_size=self.batch_size)))
        attribute_document(document, parses, self.registry, predictions)
