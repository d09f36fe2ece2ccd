"""Text that is not valid Unicode, and arbitrary Unicode, through the whole Analyzer (issue 14).

One rule wherever text enters: lone surrogates (and invalid UTF-8 bytes) become U+FFFD by
default without moving any offset, or raise a ValueError naming the position with
``errors="strict"``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stance
from stance.sources import FailedRecord, as_record

NEWSY = st.sampled_from(
    ["Putin", "said", "Russia", "the West", "Ukraine", "Beijing", "\"", "'", "“", "”", "«", "(", ")", ".", "?", "!", "\n", "\n\n",
     "according to him", "Mr.", "U.S.", "\ud800", "\udfff", "\ufffd", "\x00", "\u200b", "—", "..."]
)
ANY_CHARACTER = st.characters(blacklist_categories=())  # surrogates, controls and unassigned code points included
HOSTILE_TEXT = st.lists(st.one_of(NEWSY, st.text(alphabet=ANY_CHARACTER, max_size=8)), max_size=40).map(" ".join)


@pytest.fixture(scope="module")
def analyzer():
    return stance.Analyzer(targets=["Russia", "the West"])


def test_a_lone_surrogate_becomes_u_fffd_without_moving_offsets(analyzer):
    text = "Russia said \ud800 no. Putin praised the West."
    document = analyzer(text)
    assert document.text == text.replace("\ud800", "\ufffd") and len(document.text) == len(text)
    assert [s.text for s in document.sentences] == ["Russia said \ufffd no.", "Putin praised the West."]
    assert stance.split_sentences(text)[1].start == text.index("Putin")


def test_strict_names_the_position():
    with pytest.raises(ValueError, match="lone surrogate U\\+DFFF at character offset 7"):
        stance.segment("Kyiv. A\udfff.", errors="strict")
    with pytest.raises(ValueError, match="lone surrogate U\\+D800 at character offset 12"):
        stance.Analyzer(errors="strict", attribution=False, scorer=None)("Russia said \ud800 no.")
    with pytest.raises(ValueError, match="errors must be 'replace' or 'strict'"):
        stance.segment("x", errors="ignore")


def test_the_issue_example_gives_every_document_its_own_holders(analyzer):
    bad = "Russia said \ud800 no."
    x = " ".join(["Putin said Russia will win."] * 100)
    y = " ".join(["Zelensky said Ukraine needs help."] * 40)
    z = " ".join(["Merkel criticised Russia."] * 40)
    out = list(analyzer.pipe([bad, x, y, z], batch_size=2, on_error="yield"))
    holders = [{s.attribution.actor for s in d.sentences if s.attribution} for d in out]
    assert holders[1] == {"Vladimir Putin"} and holders[2] == {"Volodymyr Zelensky"} and holders[3] == {"Angela Merkel"}
    assert out[0].text == "Russia said \ufffd no."


def test_records_with_surrogates_in_id_or_metadata():
    failed = as_record({"id": "a\ud800b", "text": "Text."}, 4)
    assert isinstance(failed, FailedRecord) and failed.id == "a\\ud800b" and failed.position == 4 and "not valid Unicode" in failed.reason
    record = as_record({"id": "ok", "text": "Text.", "outlet": "x\udfffy", "tags": ["\ud800"]}, 0)
    assert record.metadata == {"outlet": "x\ufffdy", "tags": ["\ufffd"]}


def test_an_empty_text_in_a_stream_is_a_failure(analyzer):
    out = list(analyzer.pipe(["", " \n\u200b ", "Russia warned the West."], on_error="yield"))
    assert [type(r).__name__ for r in out] == ["FailedRecord", "FailedRecord", "Document"]
    assert out[0].reason == "the text is empty (or only whitespace)" and out[1].position == 1
    assert analyzer("").sentences == []  # a single call documents the empty result instead


def check_offsets(document, text):
    assert document.text == "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    body = document.text
    for s in document.sentences:
        assert body[s.start : s.end] == s.text
        for m in s.mentions:
            assert s.start <= m.start < m.end <= s.end and body[m.start : m.end] == m.text
        a = s.attribution
        if a is not None and a.source is not None:
            assert body[a.source[0] : a.source[1]] == a.source_text
        if a is not None and a.cue is not None:
            assert 0 <= a.cue[0] < a.cue[1] <= len(body)
        for stance_ in s.stances.values():
            assert stance_.label in ("against", "neutral", "favor")
            for start, end in stance_.mentions:
                assert s.start <= start < end <= s.end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(HOSTILE_TEXT)
def test_fuzz_the_analyzer_on_arbitrary_unicode(analyzer, text):
    check_offsets(analyzer(text), text)
    (result,) = analyzer.pipe([text], on_error="yield")
    if isinstance(result, FailedRecord):
        assert result.reason == "the text is empty (or only whitespace)"
    else:
        check_offsets(result, text)
