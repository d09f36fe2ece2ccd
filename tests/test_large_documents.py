"""Large documents: attributed in paragraph-aligned chunks with offsets kept and memory bounded (issue 14)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import stance
from stance.attribution.stage import chunks as _chunks

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_worker import LexiconScorer  # noqa: E402

SPEAKERS = ["Zelensky", "Putin", "Merkel", "Macron", "Erdogan"]


def article(paragraphs: int, per_paragraph: int = 4) -> str:
    """Paragraphs of self-contained sentences (each names its speaker), so chunking cannot change an attribution."""
    return "\n\n".join(
        " ".join(f"{SPEAKERS[(p + k) % 5]} said on day {p * 10 + k} that Russia had warned Ukraine." for k in range(per_paragraph))
        for p in range(paragraphs)
    )


class CountingPipeline:
    """spaCy's pipeline, recording how many texts each ``pipe`` call parses at once."""

    def __init__(self, nlp):
        self.nlp, self.vocab, self.sizes = nlp, nlp.vocab, []

    def pipe(self, texts, batch_size=256):
        texts = list(texts)
        self.sizes.append(len(texts))
        return self.nlp.pipe(texts, batch_size=batch_size)


def test_chunks_are_cut_where_paragraphs_start_and_cover_every_sentence_once():
    document = stance.segment(article(10))  # 10 paragraphs of 4 sentences, about 240 characters a paragraph
    body = [s.index for s in document.sentences]
    chunks = _chunks(document, body, 600)
    assert [i for chunk in chunks for i in chunk] == body
    for chunk in chunks:
        first, last = document.sentences[chunk[0]], document.sentences[chunk[-1]]
        assert last.end - first.start <= 600
        assert first.index == 0 or document.sentences[first.index - 1].paragraph != first.paragraph  # starts a paragraph
    one_paragraph = stance.segment(article(1, per_paragraph=30))
    cut = _chunks(one_paragraph, [s.index for s in one_paragraph.sentences], 500)
    assert len(cut) > 1 and [i for chunk in cut for i in chunk] == list(range(30))  # a long paragraph is cut between sentences


def test_chunked_analysis_keeps_offsets_and_results_and_bounds_the_parse():
    text = article(40)
    whole = stance.Analyzer(scorer=LexiconScorer(), targets=["Russia", "Ukraine"], attribution_model=None, parse_processes=1)
    chunked = stance.Analyzer(scorer=LexiconScorer(), targets=["Russia", "Ukraine"], attribution_model=None, parse_processes=1, chunk_length=1500)
    counting = chunked.get_stage("attribution")
    counting.nlp = CountingPipeline(counting.nlp)
    assert chunked(text, id="a").to_dict() == whole(text, id="a").to_dict()
    sentences_per_chunk = max(len(chunk) for chunk in _chunks(stance.segment(text), list(range(160)), 1500))
    assert len(counting.nlp.sizes) > 1 and max(counting.nlp.sizes) <= sentences_per_chunk < 160


def test_chunk_length_is_checked():
    with pytest.raises(ValueError, match="chunk_length"):
        stance.Analyzer(attribution=False, scorer=None, chunk_length=0)


def test_a_multi_megabyte_article_is_analysed_in_bounded_parses():
    text = article(3500, per_paragraph=10)  # about 2.1 million characters, 35,000 sentences
    assert len(text) > 2_000_000
    analyzer = stance.Analyzer(scorer=LexiconScorer(), targets=["Russia"], attribution_model=None)
    counting = analyzer.get_stage("attribution")
    counting.nlp = CountingPipeline(counting.nlp)
    document = analyzer(text, id="big")
    assert len(document.sentences) == 35_000
    assert all(document.text[s.start : s.end] == s.text for s in document.sentences)
    assert all(s.attribution is not None and s.attribution.actor != "author" for s in document.sentences)
    assert all("Russia" in s.stances and s.sentiment is not None for s in document.sentences)
    assert max(counting.nlp.sizes) <= 1000  # parses held at once: one chunk's worth (half of it with the helper)
