"""Scores for attribution: does the system find who holds the view each sentence expresses?

Two measures, both per article and summed over articles.

**Span attribution** compares the system's attributed sentences with gold attributions
(PolNeAR style: a source span, a cue and one or more content spans). Spans are half-open
character intervals ``(start, end)`` into the article text; two spans overlap when they share
at least one character, so touching spans such as ``(0, 5)`` and ``(5, 9)`` do not, and an
empty span overlaps nothing.

* A *system attribution* is a sentence whose ``attribution`` is set and has a ``source``
  span: a pair ``(sentence_span, source_span)``. Every such sentence counts, whatever its
  ``kind``: the system decides what it attributes. Sentences given to the author (source
  ``None``) are not attributions.
* **Recall** is the share of gold attributions whose content start lies in a sentence that the
  system attributes to a source span overlapping the gold source. A content made of several
  discontinuous pieces starts where its earliest piece starts.
* **Precision** is the share of system attributions whose sentence overlaps some piece of a
  gold content and whose source overlaps that same gold attribution's source.
* **F1** is their harmonic mean. A score whose denominator is zero is 0.0.

Gold attributions whose source is not in the text (``source`` ``None``, PolNeAR's
``Attribution-no-source``) are left out of recall and counted as ``gold_without_source``; the
rare ones without any content span are left out too and counted as ``gold_without_content``.
A system attribution of a sentence whose only gold attribution has no source is a false
positive.

**Actor accuracy** compares actor names after :func:`normalize_actor`, which reduces the
spellings of one holder ("President Putin's", "putin") to one key and maps aliases
("the Kremlin" -> "russia") when given.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from dataclasses import asdict, dataclass, fields
from typing import Any, Iterable, Iterator, Mapping, Sequence

import pandas as pd

from stance.records import AUTHOR, Document, Span, overlaps

#: Titles :func:`normalize_actor` drops before a name (each may end with a period).
TITLES = (
    "mr", "mrs", "ms", "dr", "president", "prime minister", "foreign minister", "minister",
    "sen", "senator", "rep", "gov", "governor", "secretary of state", "chancellor", "premier",
    "king", "queen", "general",
)

_LEADING_WORD = re.compile(r"^(?:the|" + "|".join(re.escape(title) for title in TITLES) + r")\.?\s+")
_SURROUNDING_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class AttributionCounts:
    """The raw counts behind the attribution scores of one or more articles.

    ``gold_total``: gold attributions that recall counts (with a source and a content);
    ``gold_matched``: those the system finds; ``gold_without_source`` and
    ``gold_without_content``: gold attributions left out of recall; ``predicted_total``: system
    attributions; ``predicted_correct``: those that match a gold attribution. Counts add up
    with ``+``, so ``sum(counts, AttributionCounts())`` totals several articles.
    """

    gold_total: int = 0
    gold_matched: int = 0
    gold_without_source: int = 0
    gold_without_content: int = 0
    predicted_total: int = 0
    predicted_correct: int = 0

    def __add__(self, other: AttributionCounts) -> AttributionCounts:
        """Add two sets of counts field by field."""
        return AttributionCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass
class _GoldAttribution:
    source: list[Span]
    content: list[Span]


@dataclass
class _Article:
    id: str | None
    gold: list[_GoldAttribution]
    predicted: list[tuple[Span, Span]]


def attribution_counts(system: Document | Iterable[tuple[Span, Span | None]], gold: Iterable[Any] | pd.DataFrame) -> AttributionCounts:
    """Count matched gold and system attributions in one article (definitions in the module doc).

    ``system`` is a :class:`~stance.records.Document` whose sentences carry ``attribution``, or
    a list of ``(sentence_span, source_span)`` pairs (a pair whose source is ``None`` is the
    author's and does not count). ``gold`` lists the article's gold attributions: dicts or
    objects (or the rows of a DataFrame) with ``source`` (a span or ``None``) and
    ``content_spans`` or ``content`` (a list of spans); when ``source_spans`` is present and
    not empty, its pieces are the source instead of ``source``. Optional ``doc_id`` and
    ``text`` fields name the article in error messages and bound its spans; a document's
    ``id`` and ``text`` do the same.

    Raises ``ValueError`` naming the article (when it has an id) and the item for a malformed
    or negative span, a span with start > end, a span beyond the end of the text (when the
    text is known), gold rows that disagree on ``doc_id`` or ``text``, or a document text that
    differs from the gold text.
    """
    return _count(_read_article(system, gold, None))


def attribution_scores(counts: AttributionCounts) -> dict[str, float | int]:
    """Return ``precision``, ``recall`` and ``f1`` from ``counts``, followed by the counts."""
    precision = _ratio(counts.predicted_correct, counts.predicted_total)
    recall = _ratio(counts.gold_matched, counts.gold_total)
    f1 = _ratio(2 * precision * recall, precision + recall)
    return {"precision": precision, "recall": recall, "f1": f1, **asdict(counts)}


def attribution_table(articles: Iterable[tuple[Any, Any]]) -> pd.DataFrame:
    """Return one row per article: ``doc_id`` and the :class:`AttributionCounts` fields.

    ``articles`` yields ``(system, gold)`` pairs as :func:`attribution_counts` takes them; an
    article with no id of its own gets its position. Summing rows of the table (for example
    a bootstrap sample of articles) gives micro-averaged counts.
    """
    rows = [{"doc_id": doc_id, **asdict(counts)} for doc_id, counts in _counts_per_article(articles)]
    return pd.DataFrame(rows, columns=["doc_id", *(f.name for f in fields(AttributionCounts))])


def evaluate_attribution(articles: Iterable[tuple[Any, Any]]) -> dict[str, float | int]:
    """Micro-average over ``(system, gold)`` articles: :func:`attribution_scores` of the summed
    counts, plus ``articles``, the number of articles."""
    per_article = [counts for _, counts in _counts_per_article(articles)]
    return {**attribution_scores(sum(per_article, AttributionCounts())), "articles": len(per_article)}


def normalize_actor(name: str | None, aliases: Mapping[str, str] | None = None) -> str:
    """Reduce an actor name to a comparison key.

    In order: a missing name (``None``, NaN) is the author; the text is NFKC-normalised,
    case-folded and its whitespace collapsed; punctuation and symbols around it are stripped,
    then a final possessive ``'s``; a leading "the" and leading titles (:data:`TITLES`, for
    example "Foreign Minister", "Sen.") are dropped, repeatedly, when a name follows them; an
    empty result or "author" is :data:`AUTHOR`. Last, the key is looked up in ``aliases``
    (alias -> canonical name, both normalised the same way), so ``{"Kremlin": "Russia"}``
    turns "the Kremlin's" into "russia". Full names and surnames stay different keys ("vladimir
    putin", "putin") unless ``aliases`` joins them.
    """
    return _canonical(name, _alias_table(aliases))


def actor_accuracy(gold: Sequence[str | None], predicted: Sequence[str | None], aliases: Mapping[str, str] | None = None) -> float:
    """Share of positions where the gold and predicted actors agree after :func:`normalize_actor`.

    Raises ``ValueError`` when the two sequences differ in length or are empty.
    """
    gold, predicted = list(gold), list(predicted)
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} actors but predicted has {len(predicted)}")
    if not gold:
        raise ValueError("no actors to compare: gold and predicted are empty")
    table = _alias_table(aliases)
    return sum(_canonical(g, table) == _canonical(p, table) for g, p in zip(gold, predicted)) / len(gold)


def _counts_per_article(articles: Iterable[tuple[Any, Any]]) -> Iterator[tuple[str, AttributionCounts]]:
    """Yield ``(doc_id, counts)`` for each ``(system, gold)`` article."""
    for position, item in enumerate(articles):
        if not isinstance(item, Sequence) or len(item) != 2:
            raise ValueError(f"article {position}: expected a (system, gold) pair, got {type(item).__name__}")
        article = _read_article(*item, fallback_id=str(position))
        yield article.id, _count(article)


def _count(article: _Article) -> AttributionCounts:
    """Apply the recall and precision definitions of the module docstring to one article."""
    gold_total = gold_matched = without_source = without_content = 0
    for attribution in article.gold:
        if not attribution.source:
            without_source += 1
        elif not attribution.content:
            without_content += 1
        else:
            gold_total += 1
            content_start = min(start for start, _ in attribution.content)
            gold_matched += any(
                sentence[0] <= content_start < sentence[1] and _overlaps_any(source, attribution.source)
                for sentence, source in article.predicted
            )
    predicted_correct = sum(
        any(
            _overlaps_any(sentence, attribution.content) and _overlaps_any(source, attribution.source)
            for attribution in article.gold
        )
        for sentence, source in article.predicted
    )
    return AttributionCounts(
        gold_total=gold_total,
        gold_matched=gold_matched,
        gold_without_source=without_source,
        gold_without_content=without_content,
        predicted_total=len(article.predicted),
        predicted_correct=predicted_correct,
    )


def _read_article(system: Any, gold: Any, fallback_id: str | None) -> _Article:
    """Check and convert one article's system output and gold attributions.

    The article's id is the gold rows' ``doc_id``, else the document's ``id``, else
    ``fallback_id``.
    """
    rows = gold.to_dict("records") if isinstance(gold, pd.DataFrame) else list(gold)
    document = system if isinstance(system, Document) else None
    doc_id = _single_value(rows, "doc_id", "") or (document.id if document else None) or fallback_id
    where = f"article {doc_id!r}, " if doc_id is not None else ""
    text = _single_value(rows, "text", where)
    if document is not None:
        if text is not None and text != document.text:
            raise ValueError(f"{where}the document text differs from the gold text")
        text = document.text
    length = None if text is None else len(text)
    if document is not None:
        pairs = [((s.start, s.end), s.attribution.source) for s in document.sentences if s.attribution is not None]
    else:
        pairs = list(system)
    return _Article(id=doc_id, gold=_read_gold(rows, where, length), predicted=_read_system(pairs, where, length))


def _read_gold(rows: list[Any], where: str, text_length: int | None) -> list[_GoldAttribution]:
    """Check the gold rows' spans and keep each row's source pieces and content pieces."""
    gold = []
    for i, row in enumerate(rows):
        item = f"{where}gold attribution {i}"
        pieces = _field(row, ("source_spans",), item, default=None) or []
        source = _field(row, ("source",), item)
        if not pieces and source is not None:
            pieces = [source]
        content = _field(row, ("content_spans", "content"), item)
        gold.append(
            _GoldAttribution(
                source=[_check_span(span, f"{item}: source span", text_length) for span in pieces],
                content=[_check_span(span, f"{item}: content span", text_length) for span in content],
            )
        )
    return gold


def _read_system(pairs: list[Any], where: str, text_length: int | None) -> list[tuple[Span, Span]]:
    """Check the ``(sentence_span, source_span)`` pairs and keep those with a source."""
    predicted = []
    for i, pair in enumerate(pairs):
        item = f"{where}system attribution {i}"
        if not isinstance(pair, Sequence) or len(pair) != 2:
            raise ValueError(f"{item}: expected a (sentence_span, source_span) pair, got {pair!r}")
        sentence = _check_span(pair[0], f"{item}: sentence span", text_length)
        if pair[1] is not None:
            predicted.append((sentence, _check_span(pair[1], f"{item}: source span", text_length)))
    return predicted


def _single_value(rows: list[Any], name: str, where: str) -> Any:
    """The one value the gold rows give for an optional article-level field, or ``None``."""
    values = {_field(row, (name,), where, default=None) for row in rows} - {None}
    if len(values) > 1:
        raise ValueError(f"{where}gold rows disagree on {name!r}: {len(values)} different values")
    return values.pop() if values else None


_REQUIRED = object()


def _field(item: Any, names: tuple[str, ...], where: str, default: Any = _REQUIRED) -> Any:
    """The first of ``names`` that ``item`` (a mapping or an object) has."""
    for name in names:
        if isinstance(item, Mapping):
            if name in item:
                return item[name]
        elif hasattr(item, name):
            return getattr(item, name)
    if default is _REQUIRED:
        raise ValueError(f"{where} has no {' or '.join(repr(n) for n in names)} field")
    return default


def _check_span(value: Any, what: str, text_length: int | None) -> Span:
    """Return ``value`` as a ``(start, end)`` tuple, or raise ``ValueError`` saying what is wrong."""
    if not isinstance(value, Sequence) or len(value) != 2 or not all(isinstance(v, numbers.Integral) for v in value):
        raise ValueError(f"{what} {value!r} is not a (start, end) pair of integers")
    start, end = int(value[0]), int(value[1])
    if start < 0:
        raise ValueError(f"{what} {value!r} starts before 0")
    if start > end:
        raise ValueError(f"{what} {value!r} has start > end")
    if text_length is not None and end > text_length:
        raise ValueError(f"{what} {value!r} ends after the end of the text ({text_length} characters)")
    return start, end


def _overlaps_any(span: Span, pieces: list[Span]) -> bool:
    """True when ``span`` shares at least one character with one of ``pieces``."""
    return any(overlaps(span, piece) for piece in pieces)


def _ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, or 0.0 when the denominator is 0."""
    return numerator / denominator if denominator else 0.0


def _alias_table(aliases: Mapping[str, str] | None) -> dict[str, str]:
    """Normalise both sides of an alias mapping (see :func:`normalize_actor`)."""
    return {_clean_actor(alias): _clean_actor(canonical) for alias, canonical in (aliases or {}).items()}


def _canonical(name: str | None, alias_table: dict[str, str]) -> str:
    """The normalised ``name``, mapped through an :func:`_alias_table`."""
    key = _clean_actor(name)
    return alias_table.get(key, key)


def _clean_actor(name: str | None) -> str:
    """All of :func:`normalize_actor` but the alias lookup."""
    if name is None or (isinstance(name, float) and math.isnan(name)):
        return AUTHOR
    if not isinstance(name, str):
        raise TypeError(f"an actor name must be a string or None, got {type(name).__name__}: {name!r}")
    key = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    key = _SURROUNDING_PUNCTUATION.sub("", _POSSESSIVE.sub("", _SURROUNDING_PUNCTUATION.sub("", key)))
    while match := _LEADING_WORD.match(key):
        key = key[match.end() :]
    return key or AUTHOR
