"""Baseline figures on every development split, computed with stance's own evaluation code.

For each data set the majority-class baseline (majority label of the training split) and VADER
(lexicon sentiment, target-blind) are evaluated with :func:`stance.evaluate`; the table shows
the metric each later model issue reports, with a seeded bootstrap 95% interval.

| data | split evaluated | metric | majority taken from |
|---|---|---|---|
| NewsMTSC | dev_rw, dev_mt | macro-F1 (sentiment) | train.jsonl |
| SemEval-2016 | 15% of train held out with split_dev(seed=2016) | F_avg | the other 85% |
| P-Stance | val_*.csv | macro-F1 | train_*.csv |
| RUW | val.csv (both targets) | macro-F1 | train.csv |
| VAST | dev.csv, zero-shot topics (seen? = 0) | macro-F1 | dev.csv itself (no train split here) |

Usage (from the repository root):
    .venv/bin/python eval/baselines.py [--data ../shared/data] [--resamples 1000]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import pandas as pd  # noqa: E402

from stance.evaluation import evaluate, majority_baseline, vader_baseline  # noqa: E402
from stance.evaluation import loaders  # noqa: E402


def dev_sets(data: Path) -> list[tuple[str, str, str, pd.DataFrame, pd.DataFrame]]:
    """(name, task, metric, train rows, dev rows) for each development split."""
    newsmtsc_train = loaders.load_newsmtsc(data / "newsmtsc" / "train.jsonl")
    semeval_train, semeval_dev = loaders.split_dev(loaders.load_semeval2016(data / "semeval2016" / "train.txt"))
    pstance = loaders.load_pstance(data / "pstance")
    vast = loaders.load_vast(data / "vast" / "dev.csv")
    return [
        ("NewsMTSC dev_rw", "sentiment", "macro_f1", newsmtsc_train, loaders.load_newsmtsc(data / "newsmtsc" / "dev_rw.jsonl")),
        ("NewsMTSC dev_mt", "sentiment", "macro_f1", newsmtsc_train, loaders.load_newsmtsc(data / "newsmtsc" / "dev_mt.jsonl")),
        ("SemEval-2016 dev (15%)", "stance", "f_avg", semeval_train, semeval_dev),
        ("P-Stance val", "stance", "macro_f1", pstance[pstance["split"] == "train"], pstance[pstance["split"] == "val"]),
        ("RUW val", "stance", "macro_f1", loaders.load_ruw(data / "ruw" / "train.csv"), loaders.load_ruw(data / "ruw" / "val.csv")),
        ("VAST dev, zero-shot topics", "stance", "macro_f1", vast, vast[~vast["seen"]]),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(os.environ.get("STANCE_DATA", REPO_ROOT.parent / "shared" / "data"))
    parser.add_argument("--data", type=Path, default=default, help="the shared data folder (default: %(default)s)")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (default: 1000)")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"error: data folder {args.data} not found (set --data or STANCE_DATA)", file=sys.stderr)
        return 2

    rows = []
    for name, task, metric, train, dev in dev_sets(args.data):
        cells = {"data": name, "rows": len(dev), "metric": metric}
        for system_name, system in (("majority", majority_baseline(train, task)), ("VADER", vader_baseline(task))):
            summary = evaluate(system, dev, task, name=system_name, n_resamples=args.resamples).summary()
            value, low, high = summary.loc[metric, ["value", "low", "high"]] * 100
            cells[system_name] = f"{value:.1f} [{low:.1f}, {high:.1f}]"
        rows.append(cells)
    print(f"Baselines on development splits, % with 95% bootstrap intervals ({args.resamples} resamples, seed 0)")
    print(pd.DataFrame(rows).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
