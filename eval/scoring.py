"""Stance and sentiment on every development split: the shipped scoring model against the baselines.

For each development split (the same splits as ``eval/baselines.py``) the table gives the
figure the models issue asks for, with a seeded bootstrap 95% interval, for the majority class,
VADER and the shipped model (``stance/models/scoring``, loaded as ``Analyzer()`` loads it), and
the model's expected calibration error (10 bins). RUW is also reported per target, and VAST on
all its rows as well as its zero-shot topics. No VAST row is used in training, so every VAST
topic is unseen by the model.

Speed: scored (sentence, target) pairs per second, the (sentence, target mention) pairs of
NewsMTSC dev_rw and dev_mt, news sentences, scored in batches of 64; and the peak resident
memory of a process that loads the default ``Analyzer`` and analyses the example article with
five targets.

Usage (from the repository root):
    .venv/bin/python eval/scoring.py [--data ../shared/data] [--preset fast|accurate | --model DIR] [--resamples 1000] [--backend ...] [--precision ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "eval"))

from data_folder import add_data_argument, add_engine_arguments, data_missing, engine  # noqa: E402

import pandas as pd  # noqa: E402

from stance.evaluation import evaluate, majority_baseline, vader_baseline  # noqa: E402
from stance.evaluation.benchmarks import Benchmark, development_sets  # noqa: E402
from stance.scoring.targets import pairs_from_rows  # noqa: E402
from stance.scoring.model import PRESETS, ScoringModel  # noqa: E402

# The peak is read from /proc/self/status (VmHWM, this program's own high-water mark): getrusage's ru_maxrss
# would include the RSS of this parent process at the fork, which is over 1 GB once the models are loaded.
MEMORY_PROBE = """
import sys
import stance
analyzer = stance.Analyzer(targets=["China", "Russia", "the West", "the United States", "Ukraine"], backend=sys.argv[2], precision=sys.argv[3])
analyzer(open(sys.argv[1], encoding="utf-8").read())
print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def cell(summary: pd.DataFrame, metric: str) -> str:
    value, low, high = summary.loc[metric, ["value", "low", "high"]] * 100
    return f"{value:.1f} [{low:.1f}, {high:.1f}]"


def speed(model: ScoringModel, rows: pd.DataFrame, repeats: int = 3) -> float:
    """Scored pairs per second (best of ``repeats`` passes, after one warm-up batch)."""
    pairs = pairs_from_rows(rows)
    model.predict(pairs[:64])
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        model.predict(pairs, tasks=("stance", "sentiment"), batch_size=64)
        best = max(best, len(pairs) / (time.perf_counter() - start))
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_argument(parser)
    parser.add_argument("--model", type=Path, default=None, help="a scoring model folder (default: the preset's)")
    parser.add_argument("--preset", choices=sorted(PRESETS), default="fast", help="the shipped model to evaluate (default: fast)")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (default: 1000)")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed and memory measurements")
    add_engine_arguments(parser)
    args = parser.parse_args(argv)
    if data_missing(args.data):
        return 2
    model = ScoringModel.load(args.model if args.model is not None else PRESETS[args.preset], **engine(args))
    sets = development_sets(args.data)
    vast = sets[-1].train
    sets.append(Benchmark("VAST dev, all topics", "stance", "macro_f1", vast, vast))
    ruw = next(s for s in sets if s.name == "RUW val")
    for target in sorted(ruw.dev["target"].unique()):
        sets.append(Benchmark(f"RUW val, {target}", "stance", "macro_f1", ruw.train, ruw.dev[ruw.dev["target"] == target]))

    table = []
    for bench in sets:
        row = {"data": bench.name, "rows": len(bench.dev), "metric": bench.metric}
        for system_name, system in (("majority", majority_baseline(bench.train, bench.task)), ("VADER", vader_baseline(bench.task)), ("stance", model)):
            summary = evaluate(system, bench.dev, bench.task, name=system_name, n_resamples=args.resamples).summary()
            row[system_name] = cell(summary, bench.metric)
            if system_name == "stance":
                row["stance ECE"] = f"{100 * summary.loc['ece', 'value']:.1f}"
        table.append(row)
    print(f"Development splits, % with 95% bootstrap intervals ({args.resamples} resamples, seed 0); model: {model.path}, {model.backend} backend")
    print(pd.DataFrame(table).to_string(index=False))
    if not args.no_speed:
        news = pd.concat([s.dev for s in sets if s.name.startswith("NewsMTSC")], ignore_index=True)
        print(f"\nSpeed: {speed(model, news):.0f} scored (sentence, target) pairs per second "
              f"({len(news)} NewsMTSC dev pairs, batch 64, {model.backend} backend, {model.precision} precision, torch threads: {__import__('torch').get_num_threads()})")
        article = args.data / "articles" / "russia_looks_east.txt"
        probe = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(article), args.backend, args.precision], capture_output=True, text=True, cwd=REPO_ROOT, check=True)
        peak_mb = int(probe.stdout.strip().splitlines()[-1]) / 1024
        print(f"Peak resident memory of a loaded default Analyzer ({args.backend} backend) after one article: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
