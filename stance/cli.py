"""The ``stance`` command line.

``stance analyze FILE... [--format table|json|csv]`` prints one row per sentence: document,
sentence and paragraph index, character offsets, kind, quotation role and text. ``-`` reads
standard input. Exit status: 0 on success, 1 when a file could not be read or decoded (the
other files are still analysed), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

import pandas as pd

from stance import __version__
from stance.analyzer import Analyzer
from stance.records import Document, to_frame

TABLE_COLUMNS = ["doc_id", "sentence", "paragraph", "start", "end", "kind", "quote_role", "text"]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``stance`` command."""
    parser = argparse.ArgumentParser(prog="stance", description="Who holds which attitude toward whom in news text.")
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    analyze = commands.add_parser("analyze", help="segment and analyse articles, one row per sentence")
    analyze.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files ('-' for standard input)")
    analyze.add_argument("--format", choices=["table", "json", "csv"], default="table", help="output format (default: table)")
    analyze.add_argument("--width", type=int, default=80, help="in table format, cut the text column to this many characters (0: no cut)")
    analyze.add_argument("--errors", choices=["strict", "replace"], default="strict", help="how to treat invalid UTF-8 (default: strict, report the file)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    args = build_parser().parse_args(argv)
    analyzer = Analyzer(errors=args.errors)
    documents: list[Document] = []
    status = 0
    for name in args.files:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            documents.append(analyzer(data, id=name))
        except (OSError, ValueError) as err:
            print(f"stance: {name}: {err}", file=sys.stderr)
            status = 1
    try:
        _write(documents, args.format, args.width)
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return status


def _write(documents: list[Document], fmt: str, width: int) -> None:
    """Print the documents to standard output in the chosen format."""
    if fmt == "json":
        for doc in documents:
            print(doc.to_json())
        return
    frame = to_frame(documents)
    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False)
        return
    table = frame[TABLE_COLUMNS].copy()
    table["quote_role"] = table["quote_role"].fillna("")
    table["text"] = table["text"].map(lambda t: _one_line(t, width))
    left = {column: _left_aligned(table[column]) for column in ("doc_id", "kind", "quote_role", "text")}
    with pd.option_context("display.max_rows", None, "display.max_colwidth", None, "display.width", 10_000):
        print(table.to_string(index=False, justify="left", formatters=left))


def _left_aligned(column: pd.Series):
    """A formatter that pads a text column on the right to its widest value."""
    width = max([len(str(value)) for value in column] + [len(str(column.name))])
    return lambda value: f"{value:<{width}}"


def _one_line(text: str, width: int) -> str:
    """Collapse whitespace and cut to ``width`` characters with an ellipsis (0: no cut)."""
    flat = " ".join(text.split())
    return flat if width <= 0 or len(flat) <= width else flat[: width - 1] + "…"
