"""Property-based tests: any text splits without error into valid, ordered, disjoint spans."""

from hypothesis import given, settings
from hypothesis import strategies as st

import stance

NEWSY = st.sampled_from(
    list(" \n\n\r\n\t\x00.!?…,;:-–—\"'“”‘’«»‹›()[]•⁃")
    + ["Mr.", "U.S.", "a.m.", "p.m.", "...", ". . .", "1.", "2)", "a.", "No.", "Putin", "said", "he", "MOSCOW,", "(Reuters) -", "http://x.y/z.", "e@x.org", "3.5"]
)
NEWSY_TEXT = st.lists(st.one_of(NEWSY, st.text(max_size=6)), max_size=60).map(" ".join)


def check(text, **kwargs):
    doc = stance.segment(text, **kwargs)
    previous_end = 0
    for i, s in enumerate(doc.sentences):
        assert s.index == i
        assert 0 <= previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert not s.text[0].isspace() and not s.text[-1].isspace()
        assert s.kind in stance.records.SENTENCE_KINDS
        assert s.quote_role in (None, *stance.records.QUOTE_ROLES)
        if s.quote is not None:
            assert s.quote[0] < s.end and s.quote[1] > s.start
        previous_end = s.end
    for p in doc.paragraphs:
        assert text[p.start : p.end] == p.text
    for q in doc.quotes:
        assert text[q.start : q.end] == q.text
    # every non-space character belongs to exactly one sentence
    assert sum(len(non_space(s.text)) for s in doc.sentences) == len(non_space(text))


def non_space(text):
    """The characters of ``text`` that are not whitespace in the segmenter's sense."""
    return "".join(text.replace("\x00", " ").replace("\ufeff", " ").replace("\u200b", " ").split())


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_text(text):
    check(text)


@settings(max_examples=300, deadline=None)
@given(NEWSY_TEXT)
def test_text_made_of_news_punctuation_and_quotes(text):
    check(text)


@settings(max_examples=100, deadline=None)
@given(NEWSY_TEXT, st.integers(min_value=1, max_value=40))
def test_small_length_limits(text, max_length):
    check(text, max_length=max_length)
    assert all(len(s.text) <= max_length for s in stance.split_sentences(text, max_length=max_length))
