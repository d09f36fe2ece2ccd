"""The parse helper can never attach a parse to the wrong sentence or document (issue 14).

Failures are injected on both sides of a split parse, in the first and in later batches: in
this process (a pipeline that raises on a marked text) and in the helper process (a helper
that raises, dies, or answers with a stale reply; tests/faulty_parse_helper.py). Every result
must equal the result of analysing that document alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import stance
from stance.attribution.parsing import ParseHelper, load_spacy, parse_documents
from stance.segmentation import segment
from stance.sources import FailedRecord

sys.path.insert(0, str(Path(__file__).resolve().parent))
from faulty_parse_helper import FailingPipeline  # noqa: E402  (a pipeline that raises on a marked text)

FAULTY_HELPER = str(Path(__file__).with_name("faulty_parse_helper.py"))
NAMES = ["Merkel", "Macron", "Zelensky", "Erdogan", "Modi", "Lula", "Biden", "Sunak", "Kishida", "Scholz", "Meloni", "Duda"]


def article(k: int, mark: str = "") -> str:
    """A distinct article of 40 sentences: a parse of another article's sentence would show."""
    name = NAMES[k % len(NAMES)]
    return " ".join(f"{name} said on day {k * 100 + j} that Russia had {mark or 'fired'} {j} missiles at Ukraine." for j in range(40))


def helper(*mode: str) -> ParseHelper:
    return ParseHelper(command=[sys.executable, FAULTY_HELPER, *mode])


def texts_of(parses: dict) -> list[str]:
    return [parses[i].text for i in sorted(parses)]


@pytest.fixture(scope="module")
def nlp():
    return load_spacy()


def requests_for(*texts: str):
    documents = [segment(text) for text in texts]
    return [(d, [s.index for s in d.sentences]) for d in documents]


def assert_parses_match(requests, parsed):
    for (document, indices), parses in zip(requests, parsed):
        assert texts_of(parses) == [document.sentences[i].text for i in indices]


def test_a_failure_in_this_process_restarts_the_helper_and_later_batches_stay_right(nlp):
    helping = ParseHelper()
    try:
        for batch in range(3):  # the failure in the first batch, then in a later one
            bad = requests_for(article(batch, "MAINFAIL"), article(batch + 1))
            with pytest.raises(ValueError, match="injected failure"):
                parse_documents(bad, FailingPipeline(nlp, "MAINFAIL"), helper=helping)
            good = requests_for(article(batch + 2), article(batch + 3), article(batch + 4))
            assert_parses_match(good, parse_documents(good, nlp, helper=helping))
        assert helping.usable
    finally:
        helping.close()


def test_a_helper_whose_spacy_raises_is_answered_here(nlp):
    helping = helper("fail-on", "HELPERFAIL")
    try:
        for batch in range(3):
            requests = requests_for(article(batch), article(batch + 1, "HELPERFAIL"))  # the mark lies in the helper's half
            assert_parses_match(requests, parse_documents(requests, nlp, helper=helping))
            good = requests_for(article(batch + 5), article(batch + 6))
            assert_parses_match(good, parse_documents(good, nlp, helper=helping))
        assert helping.usable  # it stayed in step
    finally:
        helping.close()


@pytest.mark.parametrize("mode", [("stale",), ("die-on", "HELPERDIES")])
def test_a_helper_that_answers_out_of_turn_or_dies_is_dropped_with_a_warning(nlp, mode):
    helping = helper(*mode)
    try:
        first = requests_for(article(0), article(1))
        assert_parses_match(first, parse_documents(first, nlp, helper=helping))
        second = requests_for(article(2), article(3, "HELPERDIES"))
        with pytest.warns(RuntimeWarning, match="parse helper process failed"):
            parsed = parse_documents(second, nlp, helper=helping)
        assert_parses_match(second, parsed)
        assert not helping.usable
        third = requests_for(article(4), article(5))
        assert_parses_match(third, parse_documents(third, nlp, helper=helping))
    finally:
        helping.close()


def test_a_reply_to_another_request_is_refused(nlp):
    helping = helper("stale")
    try:
        helping.send(["The first request."])
        assert [d.text for d in helping.receive(nlp.vocab)] == ["The first request."]
        helping.send(["The second request."])
        with pytest.raises(RuntimeError, match="answered request 1 where request 2 was outstanding"):
            helping.receive(nlp.vocab)
        helping.send(["A third request, to a fresh process."])  # the faulty process was ended
        assert [d.text for d in helping.receive(nlp.vocab)] == ["A third request, to a fresh process."]
    finally:
        helping.close()


@pytest.mark.parametrize("mode", [("fail-on", "HELPERFAIL"), ("stale",), ("die-on", "HELPERFAIL")])
def test_every_result_of_a_faulty_stream_equals_the_document_analysed_alone(mode):
    analyzer = stance.Analyzer(scorer=None, parse_processes=2, targets=["Russia"])
    attribution = analyzer.get_stage("attribution")
    attribution.parse_helper = helper(*mode)
    attribution.nlp = FailingPipeline(attribution.nlp, "MAINFAIL")
    alone = stance.Analyzer(scorer=None, parse_processes=1, targets=["Russia"])
    # Failures in the first and later batches, in both halves; batch [6, 7, 8] has none, so that a stale
    # helper, fresh after the restart of batch [0, 1, 2], is asked twice and answers out of turn.
    marks = {0: "MAINFAIL", 5: "HELPERFAIL", 9: "MAINFAIL", 11: "HELPERFAIL"}
    records = [{"id": f"doc{k}", "text": article(k, marks.get(k, ""))} for k in range(12)]
    try:
        with pytest.warns() if mode != ("fail-on", "HELPERFAIL") else _no_warning():
            results = list(analyzer.pipe(records, batch_size=3, on_error="yield"))
    finally:
        attribution.parse_helper.close()
    assert [r.id for r in results] == [r["id"] for r in records]
    for record, result in zip(records, results):
        if "MAINFAIL" in record["text"]:
            assert isinstance(result, FailedRecord) and "injected failure" in result.reason
            continue
        assert not isinstance(result, FailedRecord), result
        assert result.to_dict() == alone(record["text"], id=record["id"]).to_dict()


class _no_warning:
    def __enter__(self):
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("error", RuntimeWarning)

    def __exit__(self, *exc):
        self._catch.__exit__(*exc)
