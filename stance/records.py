"""The records every stage of the pipeline reads and writes.

A :class:`Document` holds the original text and, in order, its :class:`Paragraph` and
:class:`Sentence` records and the :class:`Quote` spans found in it. Every span is a pair of
character offsets ``start``/``end`` into ``Document.text`` so that ``text[start:end]`` gives
the span back exactly.

Records are plain dataclasses. Each has ``to_dict()`` (plain values: dicts, lists, tuples for
spans, str, int, float, bool and None) and ``from_dict()``; a document and a list of documents
flatten to a pandas DataFrame with one row per sentence (:meth:`Document.to_frame`,
:func:`to_frame`).

Fields that later stages fill (``Sentence.attribution``, ``Sentence.sentiment``,
``Sentence.stances``) stay ``None`` or empty until a stage that computes them has run.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field, fields
from typing import Any, Iterable

import pandas as pd

#: Values of :attr:`Sentence.kind`. Only ``body`` sentences carry an article's statements;
#: the others are page furniture that later stages skip.
SENTENCE_KINDS = ("body", "headline", "subheading", "byline", "dateline", "timestamp", "furniture")

#: Values of :attr:`Sentence.quote_role`: how the sentence relates to :attr:`Sentence.quote`.
#: ``contains``: the quotation lies inside the sentence; ``opens``: it starts in the sentence
#: and continues after it; ``inside``: the sentence lies wholly within it; ``closes``: it
#: started in an earlier sentence and ends in this one.
QUOTE_ROLES = ("contains", "opens", "inside", "closes")

#: How a target mention matched its target (:attr:`Stance.matches`), strongest first; see
#: :mod:`stance.scoring.targets`.
TARGET_MATCHES = ("name", "alias", "metonym", "leader", "description", "member")

Span = tuple[int, int]


def overlaps(a: Span, b: Span) -> bool:
    """True when two character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]

#: The holder of a sentence nobody else holds: :attr:`Attribution.actor` (and ``actor_type``) of the
#: article's own voice.
AUTHOR = "author"


def holder_of(sentence: Any) -> str:
    """Who holds ``sentence`` (any object with an ``attribution``): its attribution's actor, else :data:`AUTHOR`."""
    attribution = getattr(sentence, "attribution", None)
    return attribution.actor if attribution is not None and attribution.actor else AUTHOR


def _span(value: Any) -> Span | None:
    """Turn a JSON list ``[start, end]`` back into a tuple (``None`` stays ``None``)."""
    return None if value is None else (int(value[0]), int(value[1]))


def _plain(value: Any) -> Any:
    """``value`` with records turned into dicts, and containers and other values copied (as :func:`dataclasses.asdict` does)."""
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return type(value)((_plain(key), _plain(item)) for key, item in value.items())
    return copy.deepcopy(value)


class Record:
    """Base of all records: ``to_dict()`` and ``from_dict()`` for plain, JSON-ready values."""

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a dict of plain values (spans stay tuples; JSON writes lists).

        ``user_data`` is left out: it is for the running program, not for storage.
        """
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.name != "user_data"}

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        """Build the record from :meth:`to_dict` output (or its JSON round trip)."""
        return cls(**data)



@dataclass
class Quote(Record):
    """A quotation: from its opening mark to its closing mark, both included.

    ``closed`` is False when no closing mark was found; the quotation then runs to the end of
    its paragraph. A quotation continued over several paragraphs (each new paragraph opening
    with a quote mark, as news style does) is one record.
    """

    start: int
    end: int
    text: str
    closed: bool = True


@dataclass
class Mention(Record):
    """A mention of an actor: a name, alias, metonym ("the Kremlin") or demonym in a sentence.

    ``actor`` is the canonical name the mention links to (a registry actor, or a new actor named
    by the longest mention of it in the document); ``method`` says how it was linked
    (``alias``: the actor registry; ``ner``: spaCy's entity recogniser; ``demonym``; ``role``: a
    role phrase naming its holder on the article date, "the Democratic nominee"; ``description``:
    a definite description of an organisation named before it, "the party" after "Republicans").
    """

    start: int
    end: int
    text: str
    actor: str
    actor_type: str
    method: str


@dataclass
class Attribution(Record):
    """Who holds the view a sentence expresses, with the evidence (filled by attribution).

    ``source`` and ``cue`` are character spans into the document (``source`` is ``None`` when
    the holder is the author, ``actor`` then being ``"author"``); ``source_text`` is the text of
    the source span; ``method`` says how the source was found and ``resolution`` how it was
    linked to the actor (see :mod:`stance.attribution.rules`); ``nested`` records an inner holder
    reported by the outer one ("Putin acknowledged that Xi had expressed concern": Putin holds
    the sentence, Xi is nested).
    """

    actor: str | None = None
    actor_type: str | None = None
    source: Span | None = None
    cue: Span | None = None
    method: str = "none"
    confidence: float = 0.0
    source_text: str | None = None
    nested: Attribution | None = None
    resolution: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attribution:
        """Build an attribution from :meth:`to_dict` output."""
        data = dict(data)
        data["source"] = _span(data.get("source"))
        data["cue"] = _span(data.get("cue"))
        if data.get("nested") is not None:
            data["nested"] = Attribution.from_dict(data["nested"])
        return cls(**data)


def signed_score(probabilities: dict[str, float], low: str = "negative", high: str = "positive") -> float:
    """p(``high``) - p(``low``), rounded to 6 decimals, in [-1, 1]: a sentiment's score (positive -
    negative), or with ``low="against", high="favor"`` a stance's."""
    return round(probabilities.get(high, 0.0) - probabilities.get(low, 0.0), 6)


@dataclass
class Score(Record):
    """A label with its class probabilities (sentiment of a sentence or toward a target)."""

    label: str
    probabilities: dict[str, float] = field(default_factory=dict)

    @property
    def score(self) -> float:
        """p(positive) - p(negative) (:func:`signed_score`): the ``sentiment_score`` column."""
        return signed_score(self.probabilities)


@dataclass
class Stance(Record):
    """The stance of a sentence's holder toward one target (filled by the scoring stage).

    ``score`` is p(favor) - p(against), in [-1, 1]; ``mentions`` are the character spans of
    the target mentions the score used, ``mention_texts`` their words and ``matches`` how each
    matched the target (``name``, ``alias``, ``metonym``, ``leader``, ``description``, ``member``: see
    :mod:`stance.scoring.targets`); ``sentiment`` is the sentiment toward the target.
    ``holder`` holds this stance: the sentence's holder, or :data:`AUTHOR` where the sentence
    names the target only inside its holder's own description ("Supporters of Donald Trump say
    ...": the author mentions Trump; guideline rule 10); ``None`` in records written before it existed.
    A scorer with no stance head (a sentiment classifier) leaves ``label`` ``""``,
    ``probabilities`` empty and ``score`` 0, and fills ``sentiment`` alone; such a stance adds
    no ``stance[...]`` columns to a DataFrame.
    """

    label: str
    probabilities: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    mentions: list[Span] = field(default_factory=list)
    sentiment: Score | None = None
    mention_texts: list[str] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)
    holder: str | None = None

    @property
    def match(self) -> str | None:
        """The strongest way a mention matched the target (the first of ``name``, ``alias``,
        ``metonym``, ``leader``, ``description``, ``member`` among :attr:`matches`), or None without mentions."""
        return min(self.matches, key=TARGET_MATCHES.index) if self.matches else None

    @property
    def mention_text(self) -> str | None:
        """The words of the strongest mention (that of :attr:`match`), or None without mentions."""
        return self.mention_texts[self.matches.index(self.match)] if self.matches else None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Stance:
        """Build a stance from :meth:`to_dict` output."""
        data = dict(data)
        data["mentions"] = [_span(m) for m in data.get("mentions", [])]
        if data.get("sentiment") is not None:
            data["sentiment"] = Score.from_dict(data["sentiment"])
        return cls(**data)


@dataclass
class Paragraph(Record):
    """A paragraph: a block of text between hard line breaks."""

    index: int
    start: int
    end: int
    text: str


@dataclass
class Sentence(Record):
    """A sentence (or a segment of page furniture) with its place in the document.

    ``kind`` is one of :data:`SENTENCE_KINDS`. ``quote`` is the span of the quotation the
    sentence belongs to or contains (the longest one when several overlap it) and
    ``quote_role`` one of :data:`QUOTE_ROLES`; both are ``None`` when no quotation touches
    the sentence. ``repeat_of`` is the index of the earlier sentence this one repeats verbatim
    (a scraped page's second copy of its headline or lede; see
    :func:`stance.segmentation.mark_repeats`), else ``None``; a repeat is not scored, so that
    its statement counts once.
    """

    index: int
    text: str
    start: int
    end: int
    paragraph: int
    kind: str = "body"
    quote: Span | None = None
    quote_role: str | None = None
    repeat_of: int | None = None
    mentions: list[Mention] = field(default_factory=list)
    attribution: Attribution | None = None
    sentiment: Score | None = None
    stances: dict[str, Stance] = field(default_factory=dict)
    #: Anything your own stages or code attach to the sentence (not written by ``to_dict``/``to_json``).
    user_data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def in_quote(self) -> bool:
        """True when the sentence is part of a quotation that spans beyond it."""
        return self.quote_role in ("opens", "inside", "closes")


    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sentence:
        """Build a sentence from :meth:`to_dict` output."""
        data = dict(data)
        data["quote"] = _span(data.get("quote"))
        data["mentions"] = [Mention.from_dict(m) for m in data.get("mentions", [])]
        if data.get("attribution") is not None:
            data["attribution"] = Attribution.from_dict(data["attribution"])
        if data.get("sentiment") is not None:
            data["sentiment"] = Score.from_dict(data["sentiment"])
        data["stances"] = {t: Stance.from_dict(s) for t, s in data.get("stances", {}).items()}
        return cls(**data)

    def to_row(self) -> dict[str, Any]:
        """Return the flat columns of this sentence for a DataFrame row."""
        row: dict[str, Any] = {
            "sentence": self.index,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "in_quote": self.in_quote,
            "quote_role": self.quote_role,
            "quote_start": self.quote[0] if self.quote else None,
            "quote_end": self.quote[1] if self.quote else None,
            "repeat_of": self.repeat_of,
        }
        if self.attribution is not None:
            row.update(
                actor=self.attribution.actor,
                actor_type=self.attribution.actor_type,
                attribution_method=self.attribution.method,
                attribution_confidence=self.attribution.confidence,
                source_text=self.attribution.source_text,
                source_start=self.attribution.source[0] if self.attribution.source else None,
                source_end=self.attribution.source[1] if self.attribution.source else None,
                nested_actor=self.attribution.nested.actor if self.attribution.nested else None,
            )
        if self.sentiment is not None:
            row["sentiment"] = self.sentiment.label
            row["sentiment_score"] = self.sentiment.score
        for target, stance in self.stances.items():
            if stance.label:  # "" when the scorer gives sentiment toward the target but no stance
                row[f"stance[{target}]"] = stance.label
                row[f"stance_score[{target}]"] = stance.score
            if stance.sentiment is not None:
                row[f"sentiment[{target}]"] = stance.sentiment.label
            if stance.matches:
                row[f"mention[{target}]"] = stance.mention_text
                row[f"match[{target}]"] = stance.match
            if stance.holder is not None:
                row[f"holder[{target}]"] = stance.holder
        row["text"] = self.text  # last, so wide tables stay readable
        return row


@dataclass
class Document(Record):
    """An analysed text: the original string and the records found in it.

    ``metadata`` carries whatever the caller attached (date, outlet, url, ...); it must be
    JSON-serialisable for :meth:`to_json`.
    """

    text: str
    id: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Anything your own stages or code attach to the document (not written by ``to_dict``/``to_json``).
    user_data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Build a document from :meth:`to_dict` output."""
        return cls(
            text=data["text"],
            id=data.get("id"),
            paragraphs=[Paragraph.from_dict(p) for p in data.get("paragraphs", [])],
            sentences=[Sentence.from_dict(s) for s in data.get("sentences", [])],
            quotes=[Quote.from_dict(q) for q in data.get("quotes", [])],
            metadata=dict(data.get("metadata", {})),
        )

    def to_json(self, **kwargs: Any) -> str:
        """Serialise to a JSON string (keyword arguments go to :func:`json.dumps`)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_json(cls, text: str) -> Document:
        """Read a document written by :meth:`to_json`."""
        return cls.from_dict(json.loads(text))

    def to_frame(self) -> pd.DataFrame:
        """Flatten to a DataFrame with one row per sentence (see :func:`to_frame`)."""
        return to_frame([self])


def to_frame(documents: Document | Iterable[Document]) -> pd.DataFrame:
    """Flatten documents to one DataFrame with one row per sentence.

    Columns: ``doc_id`` (the document's id, or its position in ``documents`` when it has
    none), then each sentence's :meth:`Sentence.to_row` columns, then the document metadata
    keys prefixed with ``meta_``. Documents without sentences add no rows.
    """
    if isinstance(documents, Document):
        documents = [documents]
    rows = []
    for position, doc in enumerate(documents):
        doc_id = doc.id if doc.id is not None else str(position)
        meta = {f"meta_{key}": value for key, value in doc.metadata.items()}
        for sentence in doc.sentences:
            rows.append({"doc_id": doc_id, **sentence.to_row(), **meta})
    if not rows:
        columns = ["doc_id", *Sentence(0, "", 0, 0, 0).to_row()]
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows)
    meta = [c for c in frame.columns if c.startswith("meta_")]
    return frame[[c for c in frame.columns if c != "text" and c not in meta] + ["text"] + meta]
