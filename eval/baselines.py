"""Baseline figures on every development split, computed with stance's own evaluation code.

For each development split of :func:`stance.evaluation.benchmarks.development_sets` the
majority-class baseline (majority label of the training rows) and VADER (lexicon sentiment,
target-blind) are evaluated with :func:`stance.evaluate`; the table shows the metric each model
issue reports, with a seeded bootstrap 95% interval. ``eval/scoring.py`` adds the shipped model.

Usage (from the repository root):
    .venv/bin/python eval/baselines.py [--data ../shared/data] [--resamples 1000]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "eval"))

from data_folder import add_data_argument, data_missing  # noqa: E402

import pandas as pd  # noqa: E402

from stance.evaluation import evaluate, majority_baseline, vader_baseline  # noqa: E402
from stance.evaluation.benchmarks import development_sets  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_argument(parser)
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (default: 1000)")
    args = parser.parse_args(argv)
    if data_missing(args.data):
        return 2

    rows = []
    for bench in development_sets(args.data):
        cells = {"data": bench.name, "rows": len(bench.dev), "metric": bench.metric}
        for system_name, system in (("majority", majority_baseline(bench.train, bench.task)), ("VADER", vader_baseline(bench.task))):
            summary = evaluate(system, bench.dev, bench.task, name=system_name, n_resamples=args.resamples).summary()
            value, low, high = summary.loc[bench.metric, ["value", "low", "high"]] * 100
            cells[system_name] = f"{value:.1f} [{low:.1f}, {high:.1f}]"
        rows.append(cells)
    print(f"Baselines on development splits, % with 95% bootstrap intervals ({args.resamples} resamples, seed 0)")
    print(pd.DataFrame(rows).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
