"""Corpus runs end to end: throughput per stage, and memory over a long stream.

1. **Throughput**: the 84 PolNeAR dev articles (outlet and date from the file names) go through
   ``stance.analyze_corpus`` with the default models: split, parse, find mentions, attribute,
   score two targets (Donald Trump, Hillary Clinton) and store in a fresh DuckDB file. Prints
   sentences per second (every stored sentence, headlines and bylines included, and body
   sentences alone) and the seconds spent in each stage. Model loading (and the start of the
   second spaCy process, :class:`stance.attribution.parsing.ParseHelper`) is timed apart.
2. **Memory**: ``--memory-documents`` documents (default 10,000; the paragraphs of the dev
   articles, cycled, each with its own id) stream through the same analyzer into another
   database; resident memory (RSS, this process and the parse helper process together) is read
   after 1,000 documents and at the end.
3. **Large documents**: one document of each size in ``--large-mb`` (default 1 and 5 MB, made of
   the dev articles one after another) through the same analyzer; prints its seconds and the
   peak resident memory while it ran (this process and the parse helper, from VmHWM after
   resetting it), which the chunked attribution keeps bounded (``Analyzer(chunk_length=...)``).

Usage (from the repository root):
    .venv/bin/python eval/corpus.py [--data ../shared/data/polnear/dev] [--memory-documents 10000] [--large-mb 1 5] [--no-tone]
        [--backend auto|torch|onnx] [--precision auto|float32|bfloat16]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "eval"))

from data_folder import add_data_argument, add_engine_arguments, data_missing, engine  # noqa: E402

import stance  # noqa: E402
from stance.corpus import Results, analyze_corpus  # noqa: E402
from stance.evaluation.loaders import polnear_documents  # noqa: E402

TARGETS = ("Donald Trump", "Hillary Clinton")


def _pids(analyzer: stance.Analyzer | None) -> list[str]:
    """This process and, if it runs, the analyzer's parse helper process."""
    helper = getattr(analyzer.get_stage("attribution"), "parse_helper", None) if analyzer is not None else None
    return ["self"] + ([str(helper._process.pid)] if helper is not None and helper._process is not None else [])


def rss_mb(analyzer: stance.Analyzer | None = None, field: str = "VmRSS") -> float:
    """Resident memory in MB (Linux /proc; ``field="VmHWM"``: its peak) of this process plus the analyzer's parse helper."""
    total = 0.0
    for pid in _pids(analyzer):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                total += int(line.split()[1]) / 1024
    return total


def large_documents(analyzer: stance.Analyzer, records: list[dict], sizes_mb: list[float]) -> None:
    """Seconds and peak memory to analyse one document of each size, made of the dev articles in turn."""
    print("\nLarge documents (one document each, the dev articles one after another):")
    print(f"{'size':>8} {'sentences':>10} {'seconds':>8} {'sentences/s':>12} {'peak RSS MB':>12}")
    texts = itertools.cycle([r["text"] for r in records])
    for size in sizes_mb:
        parts, length = [], 0
        while length < size * 1_000_000:
            parts.append(next(texts))
            length += len(parts[-1]) + 2
        text = "\n\n".join(parts)
        for pid in _pids(analyzer):
            Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets the peak (VmHWM) to the current RSS
        start = time.perf_counter()
        document = analyzer(text, id=f"{size} MB")
        seconds = time.perf_counter() - start
        peak = rss_mb(analyzer, "VmHWM")
        print(f"{len(text) / 1e6:>6.1f}MB {len(document.sentences):>10,} {seconds:>8.1f} {len(document.sentences) / seconds:>12.1f} {peak:>12.0f}")


def articles(folder: Path) -> list[dict]:
    """The dev articles as corpus records: id, text, date, outlet."""
    return [{"id": a["doc_id"], "text": a["text"], "date": a["date"], "outlet": a["outlet"]} for a in polnear_documents(folder)]


def throughput(analyzer: stance.Analyzer, records: list[dict], out: Path) -> None:
    summary = analyze_corpus(records, out, analyzer=analyzer, batch_size=16, progress=False)
    with Results(out) as results:
        sentences = results.sentences()
        stances = results.stances()
    body = int((sentences["kind"] == "body").sum())
    print(f"Throughput: {summary.analysed} articles, {len(sentences)} sentences ({body} body), {len(stances)} scored (sentence, target) pairs")
    print(f"  {summary.seconds:.1f} s end to end: {len(sentences) / summary.seconds:.1f} sentences/s "
          f"({body / summary.seconds:.1f} body sentences/s, {summary.analysed / summary.seconds:.2f} articles/s)")
    print("  where the time goes:")
    accounted = sum(summary.stages.values())
    for stage, seconds in sorted(summary.stages.items(), key=lambda item: -item[1]):
        print(f"    {stage:<18} {seconds:7.2f} s  {100 * seconds / summary.seconds:5.1f}%  {1000 * seconds / len(sentences):6.2f} ms/sentence")
    other = summary.seconds - accounted
    print(f"    {'other':<18} {other:7.2f} s  {100 * other / summary.seconds:5.1f}%  (reading records, batching, bookkeeping)")


def memory(analyzer: stance.Analyzer, records: list[dict], count: int, out: Path) -> None:
    paragraphs = [p.strip() for r in records for p in r["text"].split("\n\n") if len(p.strip()) > 40]
    readings: dict[int, float] = {}

    def stream():
        for k, text in enumerate(itertools.islice(itertools.cycle(paragraphs), count)):
            if k in (1000, count - 1):
                readings[k] = rss_mb(analyzer)
            yield {"id": f"p{k}", "text": text}

    start = time.perf_counter()
    summary = analyze_corpus(stream(), out, analyzer=analyzer, batch_size=16, progress=False)
    end = rss_mb(analyzer)
    print(f"\nMemory (this process and its spaCy parse helper together): {summary.analysed} documents ({len(paragraphs)} distinct dev paragraphs, cycled) in {time.perf_counter() - start:.0f} s")
    print(f"  RSS after 1,000 documents {readings.get(1000, float('nan')):.0f} MB, after {count:,} {end:.0f} MB: "
          f"growth {end - readings.get(1000, float('nan')):.0f} MB (requirement: under 100 MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_argument(parser, "polnear", "dev", what="PolNeAR dev folder")
    parser.add_argument("--memory-documents", type=int, default=10_000, help="documents in the memory run (0: skip it)")
    parser.add_argument("--large-mb", type=float, nargs="*", default=[1, 5], help="sizes in MB of the large documents (none: skip them)")
    parser.add_argument("--no-tone", action="store_true", help="score only the target pairs, not each sentence's tone (Analyzer(tone=False))")
    add_engine_arguments(parser)
    args = parser.parse_args(argv)
    if data_missing(args.data):
        return 2
    records = articles(args.data)
    start = time.perf_counter()
    analyzer = stance.Analyzer(targets=TARGETS, tone=not args.no_tone, **engine(args))
    attribution = analyzer.get_stage("attribution")
    if attribution.parse_helper is not None:  # the second spaCy process, started now rather than inside the timed run
        attribution.parse_helper.start(attribution.nlp.vocab)
    helper = "" if attribution.parse_helper is None else ", spaCy parse helper process"
    engines = f"attribution model on {attribution.model.backend}, scorer on {analyzer.scorer.backend}"
    print(f"Loading the default analyzer (spaCy, attribution model, scoring model{helper}; {engines}): {time.perf_counter() - start:.1f} s; RSS {rss_mb(analyzer):.0f} MB\n")
    with tempfile.TemporaryDirectory() as scratch:
        throughput(analyzer, records, Path(scratch) / "throughput.duckdb")
        if args.memory_documents:
            memory(analyzer, records, args.memory_documents, Path(scratch) / "memory.duckdb")
    if args.large_mb:
        large_documents(analyzer, records, args.large_mb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
