"""The :class:`Analyzer`: an ordered pipeline of stages over one data model, with the loaded models.

The shipped stages, in order: segmentation (:class:`~stance.pipeline.SegmentationStage`),
attribution (:class:`~stance.attribution.stage.AttributionStage`: parsing, actor mentions, the
attribution model and rules) and scoring (:class:`~stance.scoring.stage.ScoringStage`, with the
model of :mod:`stance.scoring.model` or one from :mod:`stance.scoring.hub`). Stages of your own
are added with :meth:`Analyzer.add_stage` (see :mod:`stance.pipeline` and ``docs/architecture.md``).
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from stance.attribution.stage import CHUNK_LENGTH
from stance.checks import check_bool, check_positive_int
from stance.pipeline import SegmentationStage, Stage
from stance.records import Document
from stance.segmentation import DEFAULT_MAX_LENGTH

#: The shipped stages, in the order they run.
SHIPPED_STAGES = ("segmentation", "attribution", "scoring")

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
    holder_decision:
        Whether a source the attribution model alone found holds its sentence's view or only acts
        in a deed or fact the author reports: ``"default"`` for the shipped decision learned from
        the news stance corpus (:mod:`stance.attribution.decision`), a JSON file saved by
        :meth:`~stance.attribution.decision.HolderDecision.save`, a callable of your own, or ``None``
        for the rules' lexicon of speech and attitude words alone.
    max_sentence_length:
        Sentences longer than this many characters are cut (see :mod:`stance.segmentation`).
    errors:
        How text that is not valid Unicode is handled (invalid UTF-8 in ``bytes``, lone
        surrogates in ``str``, see :func:`stance.segmentation.as_text`): ``"replace"`` (default)
        puts U+FFFD in its place without moving any offset of a ``str``; ``"strict"`` raises
        ``ValueError`` naming the position.
    scorer:
        The model that scores tone and stance: ``"default"`` for the shipped cross-encoder, a
        directory saved by :func:`stance.train`, a scorer object (:class:`~stance.scoring.hub.ClassifierScorer`,
        :class:`~stance.scoring.hub.NLIScorer`, ...), or ``None`` for no scoring.
    preset:
        Which shipped scoring model ``scorer="default"`` loads: ``"fast"`` (all-MiniLM-L6-v2,
        the default) or ``"accurate"`` (all-mpnet-base-v2 with LoRA adapters: higher dev scores,
        several times slower; its encoder installs separately, see ``docs/scoring.md``).
    targets:
        Phrases to score stance toward ("the West", "Ukraine"); a sentence is scored against a
        target where it mentions it (see :mod:`stance.scoring.targets`). Empty: only the tone is scored.
    expand:
        Count the actors below a target in the actor hierarchy as mentions of it (``match``
        ``"member"``): ``True`` for every target, or the names of the targets to expand
        (``expand=["the West"]`` scores "France" and "Washington" for the West). Off by default:
        a member is not its bloc and a person is not their country.
    implicit:
        Score every sentence against every target, mentioned or not.
    tone:
        Score each sentence's tone (``sentence.sentiment``, default). ``False`` leaves it ``None`` and scores only
        the (holder, target) pairs: most sentences mention no target, so this saves most of the scorer's work
        (``docs/speed.md``).
    batch_size:
        Sentences per batch for spaCy and the models.
    device, precision, threads:
        Where the models run (``"cpu"``, ``"cuda"``, ``"mps"``), their numeric precision (see
        :mod:`stance.networks.inference`) and the CPU thread count of torch and of the ONNX Runtime
        sessions (``None``: torch's default).
    backend:
        What runs the shipped networks (see :mod:`stance.networks.backend` and ``docs/speed.md``):
        ``"torch"``, ``"onnx"`` (ONNX Runtime on the CPU, on an export made once into the cache;
        without onnxruntime, or on a GPU, torch after a warning) or ``"auto"`` (the default:
        ONNX Runtime on CPUs without native bfloat16, where it is the faster, torch elsewhere). The
        backend that was chosen is ``backend``. Scorers from the Hugging Face hub always run on torch.
    chunk_length:
        Documents longer than this many characters (default :data:`CHUNK_LENGTH`) are attributed
        in chunks of about this length, cut where paragraphs start, with every offset kept, so
        that the spaCy parses held at once stay bounded however long a document is (the
        document's own records still grow with it: about 160 MB per MB of news text). Context
        that crosses sentences (surnames, pronouns, quotations carried over) is resolved within
        a chunk.
    parse_processes:
        spaCy parses on one core; with 2, large batches (from :meth:`pipe`, or long articles) are
        split with a helper process (:class:`stance.attribution.parsing.ParseHelper`) so that two cores
        parse. ``None`` (default): 2 on machines with several cores, else 1. The parses are the
        same either way.
    nlp:
        A spaCy ``Language`` of your own for the attribution stage (it needs a tagger, a
        dependency parser and an entity recogniser); ``None``: the shipped ``en_core_web_sm``
        build. With one, spaCy parses in this process only (``parse_processes`` 1).

    The Analyzer is an ordered list of stages, ``pipeline`` (``stage_names``: ``segmentation``,
    ``attribution``, ``scoring``); :meth:`add_stage`, :meth:`replace_stage` and
    :meth:`remove_stage` change it. ``config`` holds the settings that change the results (what
    the corpus store hashes), and after use ``timings`` holds the seconds spent so far in each
    step (``segmentation``, ``parsing``, ``mentions``, ``attribution model``, ``attribution
    rules``, ``scoring``). :meth:`with_targets` gives a copy scoring other targets without
    reloading any model.
    """

    def __init__(
        self,
        *,
        attribution: bool = True,
        actors: Any = None,
        shipped_actors: bool = True,
        attribution_model: str | Path | None = "default",
        holder_decision: Any = "default",
        max_sentence_length: int = DEFAULT_MAX_LENGTH,
        errors: str = "replace",
        scorer: Any = "default",
        preset: str = "fast",
        targets: Iterable[str] = (),
        expand: bool | Iterable[str] = False,
        implicit: bool = False,
        tone: bool = True,
        batch_size: int = 32,
        device: str = "cpu",
        precision: str = "auto",
        threads: int | None = None,
        backend: str = "auto",
        chunk_length: int = CHUNK_LENGTH,
        parse_processes: int | None = None,
        nlp: Any = None,
    ):
        from stance.networks.backend import usable_backend
        from stance.networks.inference import set_threads
        from stance.scoring.targets import check_expand, check_targets

        segmentation = SegmentationStage(max_sentence_length, errors)
        check_positive_int(batch_size, "batch_size")
        check_positive_int(chunk_length, "chunk_length")
        check_bool(tone, "tone")
        #: ``backend`` as checked for this machine (``"torch"`` where ``"onnx"`` cannot run); each model's ``backend`` says what runs it.
        self.backend = usable_backend(backend, device, precision)
        parse_processes = _parse_processes(parse_processes, nlp)
        set_threads(threads)
        self.chunk_length = chunk_length
        self.batch_size = batch_size
        self.implicit = bool(implicit)
        self.target_names = check_targets(targets)
        self.expand = check_expand(expand, self.target_names)
        #: The stages, in the order they run (see :meth:`add_stage`, :meth:`replace_stage`, :meth:`remove_stage`).
        self.pipeline: list[Stage] = [segmentation]
        self.registry = None
        if attribution or self.target_names:
            from stance.actors import ActorRegistry, load_actors

            self.registry = actors if isinstance(actors, ActorRegistry) else load_actors(actors, shipped=shipped_actors)
        if attribution:
            from stance.attribution.parsing import ParseHelper
            from stance.attribution.stage import AttributionStage

            helper = ParseHelper() if parse_processes == 2 else None
            self.pipeline.append(
                AttributionStage.load(self.registry, attribution_model, decision=holder_decision, device=device, precision=precision, backend=self.backend, threads=threads, nlp=nlp,
                                      parse_helper=helper, batch_size=batch_size, chunk_length=chunk_length)
            )
        if scorer is not None:
            from stance.scoring.stage import ScoringStage
            from stance.scoring.targets import load_scorer

            loaded = load_scorer(scorer, preset=preset, device=device, precision=precision, backend=self.backend, threads=threads)
            self.pipeline.append(ScoringStage(loaded, self.target_names, registry=self.registry, expand=self.expand, implicit=self.implicit, tone=tone,
                                              batch_size=max(batch_size, 64)))

    # -- the pipeline ------------------------------------------------------------------------

    @property
    def stage_names(self) -> list[str]:
        """The names of the stages, in the order they run."""
        return [stage.name for stage in self.pipeline]

    def get_stage(self, name: str) -> Stage:
        """The stage called ``name``; ``KeyError`` if there is none."""
        for stage in self.pipeline:
            if stage.name == name:
                return stage
        raise KeyError(f"no stage {name!r} in this Analyzer; its stages are {self.stage_names}")

    def add_stage(self, stage: Stage, *, before: str | None = None, after: str | None = None) -> Analyzer:
        """Run ``stage`` before or after the stage of that name (default: last). Returns the Analyzer.

        ``stage`` is any :class:`~stance.pipeline.Stage`: an object with ``name``, ``config``,
        ``timings`` and ``__call__(documents)`` that fills the documents in place.
        """
        _check_stage(stage)
        if stage.name in self.stage_names:
            raise ValueError(f"this Analyzer already has a stage {stage.name!r}; replace_stage replaces it")
        if before is not None and after is not None:
            raise ValueError("give before= or after=, not both")
        position = len(self.pipeline)
        if before is not None:
            position = self.stage_names.index(self.get_stage(before).name)
        elif after is not None:
            position = self.stage_names.index(self.get_stage(after).name) + 1
        self.pipeline.insert(position, stage)
        return self

    def replace_stage(self, name: str, stage: Stage) -> Analyzer:
        """Run ``stage`` in the place of the stage called ``name``. Returns the Analyzer."""
        _check_stage(stage)
        position = self.stage_names.index(self.get_stage(name).name)
        if stage.name != name and stage.name in self.stage_names:
            raise ValueError(f"this Analyzer already has a stage {stage.name!r}")
        self.pipeline[position] = stage
        return self

    def remove_stage(self, name: str) -> Stage:
        """Take the stage called ``name`` out of the pipeline and return it."""
        stage = self.get_stage(name)
        self.pipeline.remove(stage)
        return stage

    @property
    def config(self) -> dict[str, Any]:
        """The settings that change the results, with fingerprints of the models and the actor table.

        The Analyzer's own settings (the ``stance`` version, the actor table, the targets) updated
        with each stage's ``config``; the stage names are added under ``"pipeline"`` when stages
        were added or reordered. The corpus store keys its results by a hash of this.
        """
        import stance

        config: dict[str, Any] = {
            "stance_version": stance.__version__,
            "attribution": False,
            "attribution_model": None,
            "holder_decision": None,
            "scorer": None,
            "targets": list(self.target_names),
            "expand": self.expand if isinstance(self.expand, bool) else sorted(self.expand),
            "implicit": self.implicit,
            "chunk_length": self.chunk_length,
            "actors": None if self.registry is None else self.registry.fingerprint(),
        }
        for stage in self.pipeline:
            config.update(stage.config)
        names = self.stage_names
        if names != [name for name in SHIPPED_STAGES if name in names]:
            config["pipeline"] = names
        return config

    @property
    def timings(self) -> dict[str, float]:
        """Seconds spent so far in each step of each stage (``segmentation``, ``parsing``, ``mentions``, ...)."""
        timings: dict[str, float] = {}
        for stage in self.pipeline:
            for step, seconds in stage.timings.items():
                timings[step] = timings.get(step, 0.0) + seconds
        return timings

    @property
    def scorer(self) -> Any:
        """The scoring stage's scorer (``None`` without one)."""
        return getattr(self._stage("scoring"), "scorer", None)

    def _stage(self, name: str) -> Stage | None:
        return next((stage for stage in self.pipeline if stage.name == name), None)

    # -- targets -----------------------------------------------------------------------------

    def set_targets(self, targets: Iterable[str], expand: bool | Iterable[str] = False) -> Analyzer:
        """Score stance toward ``targets`` from now on, expanded as ``expand`` says (validated as in
        the constructor); no model is reloaded. Returns the Analyzer."""
        from stance.scoring.targets import check_expand, check_targets

        names = check_targets(targets)
        self.expand = check_expand(expand, names)
        if names and self.registry is None:
            from stance.actors import load_actors

            self.registry = load_actors(None)
        self.target_names = names
        scoring = self._stage("scoring")
        if scoring is not None and hasattr(scoring, "set_targets"):
            scoring.registry = getattr(scoring, "registry", None) or self.registry
            scoring.set_targets(names, self.expand)
        return self

    def with_targets(self, targets: Iterable[str], expand: bool | Iterable[str] = False) -> Analyzer:
        """A copy that scores stance toward ``targets``, sharing this Analyzer's models (none is reloaded).

        The copy has its own pipeline list and timings; this Analyzer is left as it was.
        """
        other = copy.copy(self)
        other.pipeline = [copy.copy(stage) for stage in self.pipeline]
        for stage in other.pipeline:
            stage.timings = {}
        return other.set_targets(targets, expand)

    def __repr__(self) -> str:
        attribution = self._stage("attribution")
        model = "none" if getattr(attribution, "model", None) is None else "loaded"
        max_length = getattr(self._stage("segmentation"), "max_sentence_length", None)
        return (
            f"Analyzer(attribution={attribution is not None}, attribution_model={model}, scorer={self.scorer!r}, "
            f"targets={self.target_names}, max_sentence_length={max_length})"
        )

    # -- running -----------------------------------------------------------------------------

    def __call__(self, text: str | bytes, *, id: str | None = None, metadata: dict[str, Any] | None = None) -> Document:
        """Analyse one text and return its :class:`~stance.records.Document`."""
        document = Document(text=text, id=id, metadata=dict(metadata or {}))
        self._run([document])
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

        The first stage (segmentation) runs on each item as it arrives, so that a text that
        cannot be segmented fails alone; the other stages run over the batch.

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
                        result = Document(text=record.text, id=record.id, metadata=dict(record.metadata or {}))
                        self.pipeline[0]([result])
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
        """Run the stages after the first over the documents of a batch together (the models batch across them).

        If that fails, each document is analysed alone, from its text, so that with
        ``on_error="yield"`` a failure is isolated to its document (with ``"raise"`` the error
        propagates).
        """
        from stance.sources import FailedRecord

        documents = [item for _, item in batch if isinstance(item, Document)]
        try:
            self._run(documents, first=False)
            return [item for _, item in batch]
        except Exception:
            if on_error == "raise":
                raise
        results: list[Document | FailedRecord] = []
        for position, item in batch:
            if isinstance(item, Document):
                try:
                    item = self(item.text, id=item.id, metadata=item.metadata)
                except Exception as error:  # noqa: BLE001 - reported as data
                    item = FailedRecord(item.id, position, _reason(error))
            results.append(item)
        return results

    def _run(self, documents: list[Document], first: bool = True) -> None:
        """Run the stages over ``documents`` in order (all of them, or all but the first)."""
        if not documents:
            return
        for stage in self.pipeline if first else self.pipeline[1:]:
            stage(documents)


def _check_stage(stage: Any) -> None:
    """Raise ``TypeError`` unless ``stage`` has what a pipeline stage needs."""
    if not isinstance(stage, Stage) or not isinstance(stage.name, str) or not stage.name:
        raise TypeError(f"a stage needs a name (a non-empty string), config, timings and __call__(documents); got {stage!r}")


def _parse_processes(value: Any, nlp: Any = None) -> int:
    """1 or 2 processes for spaCy; ``None``: 2 where the machine has more than one CPU core (1 with a pipeline of your own)."""
    if value is None:
        return 2 if (os.cpu_count() or 1) > 1 and nlp is None else 1
    if value not in (1, 2) or isinstance(value, bool):
        raise ValueError(f"parse_processes must be 1, 2 or None (2 where there are several CPU cores), got {value!r}")
    if value == 2 and nlp is not None:
        raise ValueError("parse_processes=2 parses with the shipped spaCy pipeline in a helper process; with nlp= of your own use 1")
    return value


def _reason(error: Exception) -> str:
    """A one-line description of why a record failed."""
    return f"{type(error).__name__}: {error}".splitlines()[0][:500]


def _progress_bar(total: int | None, enabled: bool) -> Any:
    """A tqdm progress bar in documents per second (a disabled one when ``enabled`` is False)."""
    from tqdm.auto import tqdm

    return tqdm(total=total, disable=not enabled, unit="doc", desc="analysing", smoothing=0.1)
