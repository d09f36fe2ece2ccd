"""The attribution stage: parse, find actor mentions and attribute every body sentence, headline and subheading to its holder.

Headlines and subheadings are parsed for their mentions too (the scoring stage scores them for
the targets they mention); the outlet, the author, holds them unless they report an actor's view
("Putin calls on Xi to ...": :func:`stance.attribution.rules.attribute_document`).

Its steps, timed apart: ``parsing`` (spaCy, :mod:`stance.attribution.parsing`), ``mentions``
(:mod:`stance.attribution.mentions`), ``attribution model`` (:mod:`stance.attribution.model`) and
``attribution rules`` (:mod:`stance.attribution.rules`). Parses are not kept: a document longer
than ``chunk_length`` is attributed in chunks, so that the parses held at once stay bounded.

Every sentence parsed needs the whole pipeline: mentions read the entities, tags, parts of
speech and (for role phrases, descriptions and party names) dependencies of every sentence, the
rules read the dependencies and lemmas of the body sentences, and the parts of speech themselves
depend on the dependency labels (:mod:`stance.attribution.parsing`). The shipped pipeline saves
time in its attribute ruler instead (:mod:`stance.attribution.ruler`), with the same annotations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from stance.actors import ActorRegistry
from stance.checks import check_positive_int
from stance.pipeline import TimedStage, fingerprint
from stance.records import Document

#: Sentences spaCy parses per batch at least: larger batches parse faster per sentence
#: (measured in eval/corpus.py), and the sentences of a whole batch of documents go in together.
PARSE_BATCH = 256

#: Sentence kinds whose actor mentions are found and which are attributed: the attribution model reads the body; a
#: headline or subheading is the outlet's (the author's) unless it reports an actor's view (``rules.TITLE_KINDS``).
MENTION_KINDS = ("body", "headline", "subheading")

#: Documents longer than this many characters are attributed in chunks (see ``Analyzer(chunk_length=...)``):
#: about 600 sentences of news, whose parses take some 100 MB.
CHUNK_LENGTH = 100_000


class AttributionStage(TimedStage):
    """Mentions and attributions for the body sentences, headlines and subheadings of a batch of documents, in place.

    ``nlp`` is a spaCy ``Language`` with a tagger, dependency parser and entity recogniser (the
    shipped ``en_core_web_sm`` build when ``None``, with its attribute ruler made a lookup:
    :func:`~stance.attribution.parsing.load_spacy`); ``model`` an
    :class:`~stance.attribution.model.AttributionModel` or ``None`` for the parse rules alone;
    ``parse_helper`` a :class:`~stance.attribution.parsing.ParseHelper` that parses half of large
    batches in a second process (the same parses), or ``None``; ``decision`` the learned decision
    whether a found source holds its sentence (a :class:`~stance.attribution.decision.HolderDecision`
    or any callable with its signature), or ``None`` for the rules' lexicon alone.
    """

    name = "attribution"

    def __init__(
        self,
        registry: ActorRegistry,
        *,
        nlp: Any = None,
        model: Any = None,
        parse_helper: Any = None,
        decision: Any = None,
        batch_size: int = 32,
        chunk_length: int = CHUNK_LENGTH,
    ):
        super().__init__()
        check_positive_int(batch_size, "batch_size")
        check_positive_int(chunk_length, "chunk_length")
        if nlp is None:
            from stance.attribution.parsing import load_spacy

            nlp = load_spacy()
        self.registry = registry
        self.nlp = nlp
        self.model = model
        self.parse_helper = parse_helper
        self.decision = decision
        self.batch_size = batch_size
        self.chunk_length = chunk_length

    @classmethod
    def load(cls, registry: ActorRegistry, model: str | Path | None = "default", *, decision: Any = "default", device: str = "cpu",
             precision: str = "auto", backend: str = "auto", threads: int | None = None, **options: Any) -> AttributionStage:
        """The stage with the attribution model ``model`` names: ``"default"`` (the shipped one), a folder, or ``None``
        (``device``, ``precision``, ``backend`` and ``threads``: see :meth:`AttributionModel.load`), and the holder
        decision ``decision`` names: ``"default"`` (the shipped one), a JSON file, a callable, or ``None``."""
        from stance.attribution.decision import load_decision

        if model is not None:
            from stance.attribution.model import AttributionModel

            model = AttributionModel.load(None if model == "default" else model, device=device, precision=precision, backend=backend, threads=threads)
        return cls(registry, model=model, decision=load_decision(decision), **options)

    @property
    def config(self) -> dict[str, Any]:
        """``attribution`` (True), the fingerprints of the model and the holder decision, and ``chunk_length``."""
        return {"attribution": True, "attribution_model": fingerprint(self.model), "holder_decision": fingerprint(self.decision),
                "chunk_length": self.chunk_length}

    def __call__(self, documents: Sequence[Document]) -> None:
        """Parse, find mentions in and attribute the sentences of :data:`MENTION_KINDS` of ``documents``, batching the parser and model across them.

        A document longer than ``chunk_length`` is attributed chunk by chunk (:func:`chunks`),
        so that the parses held at once stay bounded however long it is.
        """
        if not documents:
            return
        requests = [(document, [s.index for s in document.sentences if s.kind in MENTION_KINDS]) for document in documents]
        self._attribute([(d, indices) for d, indices in requests if len(d.text) <= self.chunk_length])
        for document, indices in requests:
            if len(document.text) > self.chunk_length:
                for chunk in chunks(document, indices, self.chunk_length):
                    self._attribute([(document, chunk)])

    def _attribute(self, requests: list[tuple[Document, list[int]]]) -> None:
        """Find the mentions of the sentences at the indices of each ``(document, indices)`` and attribute them (the model reads the body sentences), in one parse and model batch."""
        if not requests:
            return
        from stance.attribution.mentions import find_mentions
        from stance.attribution.parsing import parse_documents
        from stance.attribution.rules import attribute_document

        documents = [document for document, _ in requests]
        with self.timed("parsing"):
            parses = parse_documents(requests, self.nlp, batch_size=max(self.batch_size, PARSE_BATCH), helper=self.parse_helper)
        with self.timed("mentions"):
            for document, parsed in zip(documents, parses):
                find_mentions(document, parsed, self.registry)
        body = [(document, [i for i in indices if document.sentences[i].kind == "body"]) for document, indices in requests]
        predictions: list[Any] = [None] * len(documents)
        if self.model is not None:
            with self.timed("attribution model"):
                predictions = self.model.predict_by_index(body, batch_size=self.batch_size)
        with self.timed("attribution rules"):
            for (document, indices), parsed, predicted in zip(requests, parses, predictions):
                attribute_document(document, {i: parsed[i] for i in indices}, self.registry, predicted, decision=self.decision)


def chunks(document: Document, indices: list[int], limit: int) -> list[list[int]]:
    """Runs of consecutive sentence ``indices`` spanning at most about ``limit`` characters each.

    A run is cut where a paragraph starts if it can be, and between sentences inside a
    paragraph longer than ``limit`` (a sentence longer than ``limit`` is a run of its own).
    """
    sentences = document.sentences
    runs: list[list[int]] = []
    current: list[int] = []
    paragraph_start = 0  # where in ``current`` its last paragraph starts
    for index in indices:
        if current and sentences[index].paragraph != sentences[current[-1]].paragraph:
            paragraph_start = len(current)
        if current and sentences[index].end - sentences[current[0]].start > limit:
            cut = paragraph_start or len(current)
            runs.append(current[:cut])
            current, paragraph_start = current[cut:], 0
        current.append(index)
    if current:
        runs.append(current)
    return runs
