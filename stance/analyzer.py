"""The :class:`Analyzer` facade: one object that holds the configuration and the loaded models.

Stages, in order: segmentation (:mod:`stance.segmentation`), parsing (:mod:`stance.parsing`),
actor mentions (:mod:`stance.mentions`), attribution (:mod:`stance.attribution`, with the
learned model of :mod:`stance.attribution_model`), scoring (:mod:`stance.scoring`, with the
model of :mod:`stance.scoring_model` or one from :mod:`stance.hub_models`).
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from stance.records import Document
from stance.checks import check_positive_int
from stance.segmentation import DEFAULT_MAX_LENGTH, ERRORS, segment

#: Sentences spaCy parses per batch at least: larger batches parse faster per sentence
#: (measured in eval/corpus.py), and the sentences of a whole batch of documents go in together.
PARSE_BATCH = 256

#: Documents longer than this many characters are attributed in chunks (see ``Analyzer(chunk_length=...)``):
#: about 600 sentences of news, whose parses take some 100 MB.
CHUNK_LENGTH = 100_000

if TYPE_CHECKING:
    from stance.sources import FailedRecord


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
        How text that is not valid Unicode is handled (invalid UTF-8 in ``bytes``, lone
        surrogates in ``str``, see :func:`stance.segmentation.as_text`): ``"replace"`` (default)
        puts U+FFFD in its place without moving any offset of a ``str``; ``"strict"`` raises
        ``ValueError`` naming the position.
    scorer:
        The model that scores tone and stance: ``"default"`` for the shipped cross-encoder, a
        directory saved by :func:`stance.train`, a scorer object (:class:`~stance.hub_models.ClassifierScorer`,
        :class:`~stance.hub_models.NLIScorer`, ...), or ``None`` for no scoring.
    preset:
        Which shipped scoring model ``scorer="default"`` loads: ``"fast"`` (all-MiniLM-L6-v2,
        the default) or ``"accurate"`` (all-mpnet-base-v2 with LoRA adapters: higher dev scores,
        several times slower; its encoder installs separately, see ``docs/scoring.md``).
    targets:
        Phrases to score stance toward ("the West", "Ukraine"); a sentence is scored against a
        target where it mentions it (see :mod:`stance.scoring`). Empty: only the tone is scored.
    implicit:
        Score every sentence against every target, mentioned or not.
    batch_size:
        Sentences per batch for spaCy and the models.
    device, precision, threads:
        Where the models run (``"cpu"``, ``"cuda"``, ``"mps"``), their numeric precision (see
        :mod:`stance.inference`) and torch's CPU thread count (``None``: torch's default).
    chunk_length:
        Documents longer than this many characters (default :data:`CHUNK_LENGTH`) are attributed
        in chunks of about this length, cut where paragraphs start, with every offset kept, so
        that memory stays bounded however long a document is. Context that crosses sentences
        (surnames, pronouns, quotations carried over) is resolved within a chunk.
    parse_processes:
        spaCy parses on one core; with 2, large batches (from :meth:`pipe`, or long articles) are
        split with a helper process (:class:`stance.parsing.ParseHelper`) so that two cores
        parse. ``None`` (default): 2 on machines with several cores, else 1. The parses are the
        same either way.

    After use, ``timings`` holds the seconds spent so far in each stage (``segmentation``,
    ``parsing``, ``mentions``, ``attribution model``, ``attribution rules``, ``scoring``).
    """

    def __init__(
        self,
        *,
        attribution: bool = True,
        actors: Any = None,
        shipped_actors: bool = True,
        attribution_model: str | Path | None = "default",
        max_sentence_length: int = DEFAULT_MAX_LENGTH,
        errors: str = "replace",
        scorer: Any = "default",
        preset: str = "fast",
        targets: Iterable[str] = (),
        implicit: bool = False,
        batch_size: int = 32,
        device: str = "cpu",
        precision: str = "auto",
        threads: int | None = None,
        chunk_length: int = CHUNK_LENGTH,
        parse_processes: int | None = None,
    ):
        from stance.inference import check_precision, set_threads
        from stance.scoring import check_targets

        check_positive_int(max_sentence_length, "max_length")
        if errors not in ERRORS:
            raise ValueError(f"errors must be 'replace' or 'strict', got {errors!r}")
        check_positive_int(batch_size, "batch_size")
        check_positive_int(chunk_length, "chunk_length")
        check_precision(precision)
        parse_processes = _parse_processes(parse_processes)
        set_threads(threads)
        self.max_sentence_length = max_sentence_length
        self.chunk_length = chunk_length
        #: Seconds spent in each stage since the Analyzer was made (segmentation, parsing, mentions, ...).
        self.timings: dict[str, float] = {}
        self.errors = errors
        self.batch_size = batch_size
        self.attribution = attribution
        self.implicit = bool(implicit)
        self.target_names = check_targets(targets)
        self.registry = self.nlp = self.model = self.scorer = self.parse_helper = None
        if attribution or self.target_names:
            from stance.actors import ActorRegistry, load_actors

            self.registry = actors if isinstance(actors, ActorRegistry) else load_actors(actors, shipped=shipped_actors)
        if attribution:
            from stance.parsing import load_spacy

            self.nlp = load_spacy()
            if parse_processes == 2:
                from stance.parsing import ParseHelper

                self.parse_helper = ParseHelper()
            if attribution_model is not None:
                from stance.attribution_model import AttributionModel

                path = None if attribution_model == "default" else attribution_model
                self.model = AttributionModel.load(path, device=device, precision=precision)
        if scorer is not None:
            from stance.scoring import load_scorer

            self.scorer = load_scorer(scorer, preset=preset, device=device, precision=precision)
        from stance.scoring import resolve_targets

        self.targets = resolve_targets(self.target_names, self.registry)

    def set_targets(self, targets: Iterable[str]) -> Analyzer:
        """Score stance toward ``targets`` from now on (validated as in the constructor); no model is reloaded. Returns the Analyzer."""
        from stance.scoring import check_targets, resolve_targets

        names = check_targets(targets)
        if names and self.registry is None:
            from stance.actors import load_actors

            self.registry = load_actors(None)
        self.target_names = names
        self.targets = resolve_targets(names, self.registry)
        return self

    def __repr__(self) -> str:
        model = "none" if self.model is None else "loaded"
        return (
            f"Analyzer(attribution={self.attribution}, attribution_model={model}, scorer={self.scorer!r}, "
            f"targets={self.target_names}, max_sentence_length={self.max_sentence_length})"
        )

    def __call__(self, text: str | bytes, *, id: str | None = None, metadata: dict[str, Any] | None = None) -> Document:
        """Analyse one text and return its :class:`~stance.records.Document`."""
        document = self._segment_and_attribute(text, id, metadata)
        self._score([document])
        return document

    def pipe(
        self,
        records: Iterable[Any],
        batch_size: int = 16,
        progress: bool = False,
        on_error: str = "raise",
        total: int | None = None,
    ) -> Iterator[Document | FailedRecord]:
        """Analyse a stream of texts or records, in order, yielding one result per item.

        An item is a string (or ``bytes``), a mapping with ``text`` and optionally ``id`` and
        any metadata (``date``, ``outlet``, ``url``, ...), or a :class:`~stance.sources.CorpusRecord`;
        the id (default: the item's position) and metadata are carried to the document. An
        empty (or whitespace-only) text is a failure, like a record with no text. The
        models work on ``batch_size`` documents at a time, and nothing else is kept, so memory
        stays flat however long the stream. ``progress`` shows a progress bar (``total``: the
        number of items, when the stream cannot tell).

        ``on_error="raise"`` (default) stops at the first item that cannot be analysed;
        ``"yield"`` yields a :class:`~stance.sources.FailedRecord` with the reason in its place
        and goes on.
        """
        from stance.sources import FailedRecord, as_record

        check_positive_int(batch_size, "batch_size")
        if on_error not in ("raise", "yield"):
            raise ValueError(f"on_error must be 'raise' or 'yield', got {on_error!r}")
        if total is None and hasattr(records, "__len__"):
            total = len(records)
        bar = _progress_bar(total, progress)
        batch: list[tuple[int, Document | FailedRecord]] = []
        try:
            for index, item in enumerate(records):
                record = as_record(item, index)
                position = record.position  # in the source, which may be longer than this stream
                result: Document | FailedRecord = record
                if not isinstance(record, FailedRecord):
                    try:
                        result = self._segment(record.text, record.id, record.metadata)
                    except Exception as error:  # noqa: BLE001 - reported as data, or raised below
                        result = FailedRecord(record.id, position, _reason(error))
                    else:
                        if not result.sentences:
                            result = FailedRecord(record.id, position, "the text is empty (or only whitespace)")
                if isinstance(result, FailedRecord) and on_error == "raise":
                    raise ValueError(f"record {result.id!r} (position {position}): {result.reason}")
                batch.append((position, result))
                if len(batch) == batch_size:
                    yield from self._analyse_batch(batch, on_error)
                    bar.update(len(batch))
                    batch = []
            yield from self._analyse_batch(batch, on_error)
            bar.update(len(batch))
        finally:
            bar.close()

    def _analyse_batch(self, batch: list[tuple[int, Document | FailedRecord]], on_error: str) -> list[Document | FailedRecord]:
        """Attribute and score the segmented documents of a batch together (the models batch across them).

        If that fails, each document is analysed alone, so that with ``on_error="yield"`` a
        failure is isolated to its document (with ``"raise"`` the error propagates).
        """
        from stance.sources import FailedRecord

        documents = [item for _, item in batch if isinstance(item, Document)]
        try:
            self._attribute(documents)
            self._score(documents)
            return [item for _, item in batch]
        except Exception:
            if on_error == "raise":
                raise
        results: list[Document | FailedRecord] = []
        for position, item in batch:
            if isinstance(item, Document):
                try:
                    item = self._segment_and_attribute(item.text, item.id, item.metadata)
                    self._score([item])
                except Exception as error:  # noqa: BLE001 - reported as data
                    item = FailedRecord(item.id, position, _reason(error))
            results.append(item)
        return results

    @contextlib.contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        """Add the time spent in the block to ``self.timings[stage]``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start

    def _segment(self, text: str | bytes, id: str | None, metadata: dict[str, Any] | None) -> Document:
        with self._timed("segmentation"):
            return segment(text, max_length=self.max_sentence_length, errors=self.errors, id=id, metadata=metadata)

    def _segment_and_attribute(self, text: str | bytes, id: str | None, metadata: dict[str, Any] | None) -> Document:
        document = self._segment(text, id, metadata)
        self._attribute([document])
        return document

    def _score(self, documents: list[Document]) -> None:
        if self.scorer is None or not documents:
            return
        from stance.scoring import score_documents

        with self._timed("scoring"):
            score_documents(documents, self.scorer, self.targets, registry=self.registry, implicit=self.implicit, batch_size=max(self.batch_size, 64))

    def _attribute(self, documents: list[Document]) -> None:
        """Parse, find mentions and attribute the body sentences of ``documents``, batching the parser and model across them.

        A document longer than ``chunk_length`` is attributed chunk by chunk (:func:`_chunks`),
        so that the parses held at once, and memory, stay bounded however long it is.
        """
        if not self.attribution or not documents:
            return
        requests = [(document, [s.index for s in document.sentences if s.kind == "body"]) for document in documents]
        self._attribute_requests([(d, body) for d, body in requests if len(d.text) <= self.chunk_length])
        for document, body in requests:
            if len(document.text) > self.chunk_length:
                for chunk in _chunks(document, body, self.chunk_length):
                    self._attribute_requests([(document, chunk)])

    def _attribute_requests(self, requests: list[tuple[Document, list[int]]]) -> None:
        """Attribute the sentences at the indices of each ``(document, indices)``, in one parse and model batch."""
        if not requests:
            return
        from stance.attribution import attribute_document
        from stance.mentions import find_mentions
        from stance.parsing import parse_documents

        documents = [document for document, _ in requests]
        with self._timed("parsing"):
            parses = parse_documents(requests, self.nlp, batch_size=max(self.batch_size, PARSE_BATCH), helper=self.parse_helper)
        with self._timed("mentions"):
            for document, parsed in zip(documents, parses):
                find_mentions(document, parsed, self.registry)
        predictions: list[Any] = [None] * len(documents)
        if self.model is not None:
            with self._timed("attribution model"):
                predictions = [dict(zip(body, found)) for (_, body), found in zip(requests, self.model.predict_documents(requests, batch_size=self.batch_size))]
        with self._timed("attribution rules"):
            for document, parsed, predicted in zip(documents, parses, predictions):
                attribute_document(document, parsed, self.registry, predicted)


def _chunks(document: Document, indices: list[int], limit: int) -> list[list[int]]:
    """Runs of consecutive sentence ``indices`` spanning at most about ``limit`` characters each.

    A run is cut where a paragraph starts if it can be, and between sentences inside a
    paragraph longer than ``limit`` (a sentence longer than ``limit`` is a run of its own).
    """
    sentences = document.sentences
    chunks: list[list[int]] = []
    current: list[int] = []
    paragraph_start = 0  # where in ``current`` its last paragraph starts
    for index in indices:
        if current and sentences[index].paragraph != sentences[current[-1]].paragraph:
            paragraph_start = len(current)
        if current and sentences[index].end - sentences[current[0]].start > limit:
            cut = paragraph_start or len(current)
            chunks.append(current[:cut])
            current, paragraph_start = current[cut:], 0
        current.append(index)
    if current:
        chunks.append(current)
    return chunks


def _parse_processes(value: Any) -> int:
    """1 or 2 processes for spaCy; ``None``: 2 where the machine has more than one CPU core."""
    if value is None:
        return 2 if (os.cpu_count() or 1) > 1 else 1
    if value not in (1, 2) or isinstance(value, bool):
        raise ValueError(f"parse_processes must be 1, 2 or None (2 where there are several CPU cores), got {value!r}")
    return value


def _reason(error: Exception) -> str:
    """A one-line description of why a record failed."""
    return f"{type(error).__name__}: {error}".splitlines()[0][:500]


def _progress_bar(total: int | None, enabled: bool) -> Any:
    """A tqdm progress bar in documents per second (a disabled one when ``enabled`` is False)."""
    from tqdm.auto import tqdm

    return tqdm(total=total, disable=not enabled, unit="doc", desc="analysing", smoothing=0.1)
