"""A parse helper process that misbehaves on purpose, for tests/test_parse_integrity.py.

Usage: python tests/faulty_parse_helper.py MODE [MARK]

MODE ``fail-on``: its spaCy raises on a request with a text containing MARK (an ``error`` reply).
MODE ``die-on``: the process exits without replying to a request with a text containing MARK.
MODE ``stale``: from the second request on, it answers with its reply to the request before
(the fault of a helper whose reply was never read).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stance.attribution.parsing import _read_message, _write_message, load_spacy, reply  # noqa: E402


class FailingPipeline:
    """spaCy's pipeline, except that ``pipe`` raises on texts containing ``mark``."""

    def __init__(self, nlp, mark):
        self.nlp, self.mark, self.vocab = nlp, mark, nlp.vocab

    def pipe(self, texts, batch_size=256):
        texts = list(texts)
        if any(self.mark in text for text in texts):
            raise ValueError(f"injected failure on {self.mark!r}")
        return self.nlp.pipe(texts, batch_size=batch_size)


def main(mode: str, mark: str = "") -> None:
    nlp = load_spacy()
    previous = None
    while (message := _read_message(sys.stdin.buffer)) is not None:
        texts = json.loads(message)["texts"]
        if mode == "die-on" and any(mark in text for text in texts):
            os._exit(3)
        answer = reply(FailingPipeline(nlp, mark) if mode == "fail-on" else nlp, message)
        if mode == "stale":
            answer, previous = (previous or answer), answer
        _write_message(sys.stdout.buffer, answer)


if __name__ == "__main__":
    main(*sys.argv[1:])
