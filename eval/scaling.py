"""Corpus runs on Ray: throughput per worker count, and how fast the driver feeds the workers.

The first ``--articles`` PolNeAR dev articles (outlet and date from the file names) go through
``stance.analyze_corpus(..., engine="ray")`` with the default models and two targets (Donald
Trump, Hillary Clinton), into a fresh Parquet folder, once per worker count in ``--workers``
(default 1 and 2), on a local Ray instance with as many CPUs as the largest count. For each it
prints documents and sentences per second end to end (a run starts by building one Analyzer for
the configuration and then one per worker, about 5-10 s each, which are counted) and in the
steady state (the documents over the seconds the workers spent analysing and writing, per
worker: what a long run approaches). The local engine on the same articles (one process and its
spaCy parse helper, into DuckDB) is the reference row. Each row also gives the share of the
machine's CPU time that processes outside this one's tree (Ray's processes are in it) used
meanwhile (Linux /proc), to show when another job shared the CPU. Then the driver alone: records read, checked against the
stored ones and staged in Ray's object store per second (``--driver-records``, the dev articles
cycled), the ceiling of any number of workers fed by one driver.

Usage (from the repository root):
    .venv/bin/python eval/scaling.py [--data ../shared/data/polnear/dev] [--articles 60] [--workers 1 2] [--driver-records 20000]
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "eval"))

from corpus import TARGETS, articles  # noqa: E402
from data_folder import add_data_argument, data_missing  # noqa: E402

from stance.corpus import Results, _batches, _fresh_records, analyze_corpus  # noqa: E402
from stance.corpus_ray import _stage_block  # noqa: E402
from stance.sources import read_source  # noqa: E402


def other_cpu_seconds() -> tuple[float, float]:
    """CPU seconds so far of the processes outside this one's tree (with their waited children), and of the whole machine."""
    tick = os.sysconf("SC_CLK_TCK")
    stats = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        stats[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]) / tick)  # parent; utime + stime + cutime + cstime
    mine = {os.getpid()}
    while True:
        children = {pid for pid, (parent, _) in stats.items() if parent in mine} - mine
        if not children:
            break
        mine |= children
    with open("/proc/stat") as handle:
        machine = sum(int(f) for f in handle.readline().split()[1:8]) / tick
    return sum(seconds for pid, (_, seconds) in stats.items() if pid not in mine), machine


def measured(function, *args):
    """``function(*args)`` and the share of the machine's CPU time that other processes used meanwhile."""
    other, machine = other_cpu_seconds()
    result = function(*args)
    other_after, machine_after = other_cpu_seconds()
    return result, max(0.0, other_after - other) / (machine_after - machine)


def run(records: list[dict], workers: int, out: Path) -> tuple[float, float, float, float]:
    """Documents/s and sentences/s of one Ray run, end to end and in the steady state."""
    summary = analyze_corpus(records, out, targets=TARGETS, engine="ray", workers=workers, batch_size=8, progress=False)
    with Results(out) as results:
        sentences = len(results.sentences())
    busy = sum(summary.stages.values()) / workers  # seconds each worker spent analysing and writing
    return summary.analysed / summary.seconds, sentences / summary.seconds, summary.analysed / busy, sentences / busy


def local(records: list[dict], out: Path) -> tuple[float, float]:
    """Documents/s and sentences/s of the local engine, end to end after loading its Analyzer."""
    import stance

    summary = analyze_corpus(records, out, analyzer=stance.Analyzer(targets=TARGETS), batch_size=8, progress=False)
    with Results(out) as results:
        sentences = len(results.sentences())
    return summary.analysed / summary.seconds, sentences / summary.seconds


def driver_rate(ray, records: list[dict], count: int) -> float:
    """Records per second the driver reads, checks against the stored ones and stages in the object store."""
    stream = ({**r, "id": f"{r['id']}-{k}"} for k, r in enumerate(itertools.islice(itertools.cycle(records), count)))
    start = time.perf_counter()
    stream_records, _ = read_source(stream)
    staged = [_stage_block(ray, batch) for batch in _batches(_fresh_records(stream_records, set(), set(), {}, {"skipped": 0}), 16)]
    seconds = time.perf_counter() - start
    del staged  # frees the staged records
    return count / seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_argument(parser, "polnear", "dev", what="PolNeAR dev folder")
    parser.add_argument("--articles", type=int, default=60, help="articles per run (default: %(default)s)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to measure (default: 1 2)")
    parser.add_argument("--driver-records", type=int, default=20_000, help="records in the driver measurement (0: skip it)")
    args = parser.parse_args(argv)
    if data_missing(args.data):
        return 2
    import ray

    records = articles(args.data)[: args.articles]
    ray.init(num_cpus=max(args.workers), include_dashboard=False, logging_level="ERROR")
    print(f"{len(records)} PolNeAR dev articles, default models, targets {', '.join(TARGETS)}, batches of 8, one CPU per worker\n")
    print(f"{'workers':>7} | {'documents/s':>11} {'sentences/s':>11} | {'steady documents/s':>18} {'steady sentences/s':>18} | other jobs' CPU share")
    with tempfile.TemporaryDirectory() as scratch:
        (documents, sentences), other = measured(local, records, Path(scratch) / "local.duckdb")
        print(f"{'local':>7} | {documents:>11.2f} {sentences:>11.1f} | {'(models loaded before)':>37} | {other:.0%}")
        for workers in args.workers:
            rates, other = measured(run, records, workers, Path(scratch) / f"w{workers}")
            print(f"{workers:>7} | {rates[0]:>11.2f} {rates[1]:>11.1f} | {rates[2]:>18.2f} {rates[3]:>18.1f} | {other:.0%}")
    if args.driver_records:
        print(f"\nDriver: {driver_rate(ray, records, args.driver_records):,.0f} records/s read, checked and staged ({args.driver_records:,} records)")
    ray.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
