"""The ``stance`` command line.

``stance analyze FILE... [--format table|json|csv] [--target T ...]`` prints one row per
sentence: document, sentence and paragraph index, character offsets, kind, quotation role, the
holder (actor, method, source text), the sentence's tone, the stance toward each target (label
and signed score p(favor) - p(against)) and the text. ``-`` reads standard input. CSV is
written by :func:`stance.exports.write_csv` (text that starts like a spreadsheet formula gets a
leading ``'``). An input without sentences (empty files) prints, in the table format, the note
"no sentences to show" on standard error instead of a table. Exit status: 0 on success (with
or without sentences), 1 when a file could not be read or decoded (the other files are still
analysed), 2 on a usage error.

``stance corpus SOURCE --out FILE`` analyses a corpus into a DuckDB file; with ``--engine ray
[--address ADDR] [--workers N]`` on a Ray cluster, into a folder of Parquet parts. Exit status 2 on a
usage error (a bad option, a source or ``--actors`` file that does not exist, ``--parquet``
naming a file or a place that cannot be written), 1 when the run fails (a source that cannot be
read or decoded, a database error).

``stance eval DATA [--task stance|sentiment|news_stance] [--system majority|vader|model|model:DIR|column:NAME|analyzer[:PRESET] ...]``
evaluates systems on labelled rows and prints their figures with bootstrap intervals, the
per-class table, the confusion matrix, per-target figures and the most confident mistakes.
Exit status 2 when an option is out of range, ``--json`` or ``--plots`` cannot be written,
or the data or a system cannot be loaded (all checked before anything is printed); 1 when the
report cannot be written at the end.

Every error is one line on standard error, naming the file or option, without a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from stance import __version__
from stance.analyzer import Analyzer
from stance.records import Document, to_frame

#: The least value of each numeric option (by its name in the parsed arguments), checked before any work.
MINIMUM = {"width": 0, "batch_size": 1, "resamples": 1, "seed": 0, "show_errors": 0, "workers": 1}

TABLE_COLUMNS = ["doc_id", "sentence", "paragraph", "start", "end", "kind", "quote_role", "actor", "attribution_method", "source_text", "text"]


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``stance`` command."""
    parser = argparse.ArgumentParser(prog="stance", description="Who holds which attitude toward whom in news text.")
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    analyze = commands.add_parser("analyze", help="segment and analyse articles, one row per sentence")
    analyze.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files ('-' for standard input)")
    analyze.add_argument("--format", choices=["table", "json", "csv"], default="table", help="output format (default: table)")
    analyze.add_argument("--width", type=int, default=80, help="in table format, cut the text column to this many characters (0: no cut)")
    _add_analyzer_options(analyze)
    analyze.add_argument("--date", help="article date (YYYY-MM-DD) for resolving roles such as 'the Russian president'")

    corpus = commands.add_parser("corpus", help="analyse a corpus into a results database (resumable)")
    corpus.add_argument("source", help="a folder of .txt files, or a JSONL / CSV / Parquet file with a text column")
    corpus.add_argument("--out", help="the DuckDB results file (default: results.duckdb); with --engine ray, a folder or URI for the Parquet parts (default: results)")
    corpus.add_argument("--parquet", metavar="DIR", help="also export every table to DIR/<table>.parquet")
    corpus.add_argument("--text-column", default="text", help="field holding the text (default: %(default)s)")
    corpus.add_argument("--id-column", default="id", help="field holding the document id (default: %(default)s; without it, the position)")
    corpus.add_argument("--batch-size", type=int, default=16, help="documents analysed and stored together (default: %(default)s)")
    corpus.add_argument("--retry-errors", action="store_true", help="analyse again the records that failed in earlier runs")
    corpus.add_argument("--quiet", action="store_true", help="no progress bar")
    corpus.add_argument("--engine", choices=["local", "ray"], default="local", help="local: this process, into DuckDB; ray: a Ray cluster, into Parquet parts (default: %(default)s)")
    corpus.add_argument("--address", help="with --engine ray: the Ray cluster to join (default: a running one, else a new local instance)")
    corpus.add_argument("--workers", type=int, help="with --engine ray: the number of workers, one CPU each (default: every CPU of the cluster)")
    _add_analyzer_options(corpus)

    evaluate = commands.add_parser("eval", help="evaluate systems against labelled rows: figures with intervals, confusion, errors")
    evaluate.add_argument("data", help="labelled file or folder (CSV/TSV/JSONL/Parquet, or a known data set)")
    evaluate.add_argument("--task", choices=["stance", "sentiment", "news_stance"], default="stance", help="news_stance: the project's news stance triples, an Analyzer end to end (see docs/evaluation.md)")
    evaluate.add_argument("--texts", metavar="DIR", help="for --task news_stance: the shared data folder holding the articles (default: $STANCE_DATA or ../shared/data)")
    evaluate.add_argument("--format", default=None, help="data format: table (generic), newsmtsc, semeval2016, pstance, ruw, vast (default: from the path)")
    evaluate.add_argument(
        "--system",
        action="append",
        default=None,
        help="system to evaluate, repeatable: majority, vader, model (the shipped scoring model), model:DIR (a saved one), column:NAME for predictions stored in the data, or for --task news_stance analyzer / analyzer:accurate (a preset end to end) (default: majority)",
    )
    evaluate.add_argument("--train", help="labelled file whose majority label the majority baseline predicts (default: the evaluated data)")
    evaluate.add_argument("--text-column", default="text")
    evaluate.add_argument("--label-column", default="label")
    evaluate.add_argument("--target-column", default="target")
    evaluate.add_argument("--id-column", default=None)
    evaluate.add_argument("--actor-column", default=None)
    evaluate.add_argument("--target", default=None, help="one fixed target for every row when the file has no target column")
    evaluate.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples for the intervals (default: 1000)")
    evaluate.add_argument("--seed", type=int, default=0, help="bootstrap seed (default: 0)")
    evaluate.add_argument("--show-errors", type=int, default=10, metavar="N", help="print the N most confident mistakes of each system (default: 10)")
    evaluate.add_argument("--json", metavar="PATH", help="write every report as JSON to PATH")
    evaluate.add_argument("--plots", metavar="DIR", help="save confusion matrices (and reliability diagrams) as PNG files in DIR")
    return parser


def _add_analyzer_options(parser: argparse.ArgumentParser) -> None:
    """The options that configure the Analyzer, shared by ``analyze`` and ``corpus``."""
    parser.add_argument("--errors", choices=["strict", "replace"], default="strict", help="how to treat invalid UTF-8 (default: strict, report the file)")
    parser.add_argument("--no-attribution", action="store_true", help="only segment: no actors, no attribution (no models loaded)")
    parser.add_argument(
        "--attribution-model",
        metavar="MODEL",
        help="learned attribution model: 'default' (the shipped weights), a model directory, or 'none' for the parse rules alone (default: the Analyzer's default)",
    )
    parser.add_argument(
        "--holder-decision",
        metavar="FILE",
        help="whether a source the attribution model found holds its sentence: 'default' (the learned decision), a JSON file saved by HolderDecision.save, or 'none' for the cue lexicon (default: the Analyzer's default)",
    )
    parser.add_argument("--actors", metavar="FILE", help="YAML/CSV/JSON file of your own actors, added to the shipped table")
    parser.add_argument("--target", action="append", default=[], metavar="TARGET", help="score stance toward TARGET where a sentence mentions it (repeatable)")
    parser.add_argument("--implicit", action="store_true", help="score every sentence against every target, mentioned or not")
    parser.add_argument("--no-tone", action="store_true", help="do not score each sentence's tone (sentiment), only the target pairs: 1.3 to 1.5 times as fast end to end (docs/speed.md)")
    parser.add_argument("--scorer", metavar="MODEL", default="default", help="scoring model: 'default' (the preset's), a folder saved by stance.train, a Hugging Face model name, or 'none'")
    parser.add_argument("--preset", choices=["fast", "accurate"], default="fast", help="which shipped scoring model 'default' means: fast (all-MiniLM-L6-v2) or accurate (all-mpnet-base-v2, slower; install its parts first)")


def _analyzer(args: argparse.Namespace) -> Analyzer:
    """The Analyzer the options ask for (``ValueError``/``OSError`` for bad ones)."""
    return Analyzer(**_analyzer_options(args))


def _analyzer_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of the Analyzer the options ask for.

    A missing ``--actors`` file is refused (``FileNotFoundError``) even with ``--no-attribution``, which does not read it.
    """
    if args.actors and not Path(args.actors).exists():
        raise FileNotFoundError(f"--actors: no such file: {args.actors}")
    options = {} if args.attribution_model is None else {"attribution_model": None if args.attribution_model == "none" else args.attribution_model}
    if args.holder_decision is not None:
        options["holder_decision"] = None if args.holder_decision == "none" else args.holder_decision
    scorer = None if args.scorer == "none" else args.scorer
    return dict(errors=args.errors, attribution=not args.no_attribution, actors=args.actors, scorer=scorer, preset=args.preset, targets=args.target, implicit=args.implicit,
                tone=not args.no_tone, **options)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        _check_numbers(args)
    except ValueError as err:
        return _fail(err, 2, "eval" if args.command == "eval" else "")
    if args.command == "eval":
        return _evaluate(args)
    if args.command == "corpus":
        return _corpus(args)
    try:
        analyzer = _analyzer(args)
    except (OSError, ValueError, TypeError) as err:
        return _fail(err, 2)
    metadata = {"date": args.date} if args.date else None
    documents: list[Document] = []
    status = 0
    for name in args.files:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            documents.append(analyzer(data, id=name, metadata=metadata))
        except (OSError, ValueError) as err:
            print(f"stance: {name}: {err}", file=sys.stderr)
            status = 1
    try:
        _write(documents, args.format, args.width)
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return status


def _fail(error: BaseException, status: int, command: str = "") -> int:
    """Print ``error`` as one line on standard error, after ``stance`` (and ``command``); return ``status``."""
    message = " ".join(line.strip() for line in str(error).splitlines() if line.strip())
    print(f"stance{' ' + command if command else ''}: {message}", file=sys.stderr)
    return status


def _check_numbers(args: argparse.Namespace) -> None:
    """Raise ``ValueError`` naming the first numeric option below its :data:`MINIMUM`."""
    for name, least in MINIMUM.items():
        value = getattr(args, name, None)
        if value is not None and value < least:
            raise ValueError(f"--{name.replace('_', '-')} must be at least {least}, got {value}")


def _check_writable(path: str, option: str, *, folder: bool) -> None:
    """Raise ``ValueError`` naming ``option`` unless ``path`` can be written, before the long work:
    a folder (that exists, or whose nearest existing parent is a writable folder, where it will
    be made) or a file (in an existing, writable folder)."""
    target = Path(path)
    if target.exists() and target.is_dir() != folder:
        raise ValueError(f"{option} {path} is {'a file, not a folder' if folder else 'a folder, not a file'}")
    place = target.parent
    if folder:
        place = target
        while not place.exists():
            place = place.parent
    if not place.is_dir():
        raise ValueError(f"{option} {path}: {place} {'is not a folder' if place.exists() else 'does not exist'}")
    try:
        tempfile.TemporaryFile(dir=place).close()
    except OSError as error:
        raise ValueError(f"{option} {path}: cannot write in {place} ({error.strerror or error})") from None


def _corpus(args: argparse.Namespace) -> int:
    """``stance corpus``: analyse a source into the results database and print the run's summary."""
    import duckdb

    from stance.corpus import Results, analyze_corpus

    try:
        if not Path(args.source).exists():
            raise FileNotFoundError(f"no corpus at {args.source}")
        if args.parquet:
            _check_writable(args.parquet, "--parquet", folder=True)
        if args.engine == "local" and (args.address or args.workers):
            raise ValueError("--address and --workers need --engine ray")
        out = args.out or ("results" if args.engine == "ray" else "results.duckdb")
        # The ray engine's workers build the Analyzer from its options; the local engine builds it here.
        engine_options = {"analyzer": _analyzer(args)} if args.engine == "local" else {**_analyzer_options(args), "address": args.address, "workers": args.workers}
    except (OSError, ValueError, TypeError) as err:
        return _fail(err, 2)
    try:
        summary = analyze_corpus(
            args.source, out, batch_size=args.batch_size, progress=not args.quiet, retry_errors=args.retry_errors,
            text_column=args.text_column, id_column=args.id_column, engine=args.engine, **engine_options,
        )
        print(summary)
        if args.parquet:
            with Results(out, config_id=summary.config_id) as results:
                paths = results.to_parquet(args.parquet)
            print(f"exported {len(paths)} tables to {args.parquet}")
    except (OSError, ValueError, RuntimeError, ImportError, duckdb.Error) as err:  # ImportError: --engine ray without Ray
        return _fail(err, 1)
    return 0


def _write(documents: list[Document], fmt: str, width: int) -> None:
    """Print the documents to standard output in the chosen format."""
    if fmt == "json":
        for doc in documents:
            print(doc.to_json())
        return
    frame = to_frame(documents)
    if fmt == "csv":
        from stance.exports import write_csv

        write_csv(frame, sys.stdout)
        return
    if frame.empty:
        print("stance: no sentences to show", file=sys.stderr)
        return
    stance_columns = [c for c in frame.columns if c.startswith("stance_score[")]
    columns = [c for c in TABLE_COLUMNS if c in frame and c != "text"] + (["sentiment"] if "sentiment" in frame else []) + stance_columns + ["text"]
    table = frame[columns].copy().rename(columns={"attribution_method": "method", "source_text": "source"})
    table = table.rename(columns={c: "stance" + c[len("stance_score") :] for c in stance_columns})
    for column in table.columns:
        if column.startswith("stance["):
            table[column] = table[column].map(lambda v: "" if pd.isna(v) else f"{v:+.2f}")
    text_columns = [c for c in ("doc_id", "kind", "quote_role", "actor", "method", "source", "sentiment", "text") if c in table]
    table[text_columns] = table[text_columns].fillna("")
    if "source" in table:
        table["source"] = table["source"].map(lambda t: _one_line(t, 30))
    table["text"] = table["text"].map(lambda t: _one_line(t, width))
    left = {column: _left_aligned(table[column]) for column in text_columns}
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


def _evaluate(args: argparse.Namespace) -> int:
    """``stance eval``: load the data, run each system, print the tables."""
    from stance import evaluation

    try:
        if args.json:
            _check_writable(args.json, "--json", folder=False)
        if args.plots:
            _check_writable(args.plots, "--plots", folder=True)
        if args.task == "news_stance":
            return _evaluate_news_stance(args)
        data = _load_labelled(args.data, args)
        train = _load_labelled(args.train, args) if args.train else data
        reports = [
            evaluation.evaluate(_system(spec, train, args.task), data, args.task, name=spec, n_resamples=args.resamples, seed=args.seed)
            for spec in args.system or ["majority"]
        ]
    except (OSError, ValueError, ImportError) as err:
        return _fail(err, 2, "eval")
    with pd.option_context("display.max_rows", None, "display.max_colwidth", 100, "display.width", 200):
        print(f"{len(data)} rows from {args.data}; task {args.task}; 95% bootstrap intervals ({args.resamples} resamples, seed {args.seed})\n")
        print(evaluation.compare(reports).round(4).to_string(), end="\n\n")
        for report in reports:
            print(f"== {report.system}: {len(report.rows)} evaluated, {len(report.unevaluated)} unevaluated")
            print(report.per_class().round(4).to_string(), end="\n\n")
            print(report.confusion().to_string(), end="\n\n")
            if report.rows["target"].nunique() > 1:
                print(report.per_target().round(4).to_string(), end="\n\n")
            if args.show_errors > 0:
                print(report.errors().head(args.show_errors).to_string(index=False), end="\n\n")
    try:
        if args.json:
            Path(args.json).write_text(json.dumps([r.to_dict() for r in reports], indent=2), encoding="utf-8")
        if args.plots:
            _save_plots(reports, Path(args.plots))
    except OSError as err:
        return _fail(err, 1, "eval")
    return 0


def _evaluate_news_stance(args: argparse.Namespace) -> int:
    """``stance eval --task news_stance``: each system on the triples (an Analyzer end to end over the articles)."""
    from stance import evaluation
    from stance.analyzer import Analyzer
    from stance.evaluation.loaders import load_news_stance, news_stance_dates, news_stance_texts

    folder = args.texts or os.environ.get("STANCE_DATA", "../shared/data")
    texts, dates = news_stance_texts(folder), news_stance_dates(folder)
    rows = load_news_stance(args.data, texts=texts)
    reports = []
    for spec in args.system or ["majority"]:
        if spec == "analyzer" or spec.startswith("analyzer:"):
            system = Analyzer(preset=spec.split(":", 1)[1] if ":" in spec else "fast")
        else:
            system = _system(spec, rows, "stance")
        reports.append(evaluation.evaluate(system, rows, "news_stance", name=spec, texts=texts, dates=dates, n_resamples=args.resamples, seed=args.seed))
    print(f"{len(rows)} triples in {rows['doc'].nunique()} articles from {args.data}; 95% bootstrap intervals over articles ({args.resamples} resamples, seed {args.seed})\n")
    for report in reports:
        print(report, end="\n\n")
        print(report.per_class().round(4).to_string(), end="\n\n")
        print(report.confusion().to_string(), end="\n\n")
    if args.json:
        Path(args.json).write_text(json.dumps([r.to_dict() for r in reports], indent=2), encoding="utf-8")
    return 0


def _load_labelled(path: str, args: argparse.Namespace) -> pd.DataFrame:
    """Read labelled rows: a known data set by its loader, any other table with the column options."""
    from stance.evaluation import loaders

    name = args.format or loaders.infer_format(path)
    if name not in loaders.LOADERS or name == "table":
        columns = dict(
            text_column=args.text_column,
            target_column=args.target_column,
            label_column=args.label_column,
            id_column=args.id_column,
            actor_column=args.actor_column,
            target=args.target,
        )
        return loaders.load(path, format=name, task=args.task, **columns)
    return loaders.load(path, format=name, task=args.task)


def _system(spec: str, train: pd.DataFrame, task: str):
    """The system named by a ``--system`` value."""
    from stance import evaluation

    if spec == "majority":
        return evaluation.majority_baseline(train, task=task)
    if spec == "vader":
        return evaluation.vader_baseline(task)
    if spec.startswith("column:"):
        return evaluation.column_baseline(spec.split(":", 1)[1])
    if spec == "model" or spec.startswith("model:"):
        from stance.scoring.targets import load_scorer

        return load_scorer(spec.split(":", 1)[1] if ":" in spec else "default")
    raise ValueError(f"unknown system {spec!r}; use majority, vader, model, model:DIR or column:NAME")


def _save_plots(reports: list, folder: Path) -> None:
    """Save each report's confusion matrix (and reliability diagram when it has probabilities)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    for report in reports:
        slug = "".join(c if c.isalnum() else "_" for c in report.system)
        figure = report.plot_confusion().figure
        figure.savefig(folder / f"{slug}_confusion.png", dpi=120, bbox_inches="tight")
        plt.close(figure)
        if report.has_probabilities:
            figure = report.plot_reliability().figure
            figure.savefig(folder / f"{slug}_reliability.png", dpi=120, bbox_inches="tight")
            plt.close(figure)
