"""Fit a saved scoring model's temperatures (one per head) on the development sets and write them to its config.json.

`stance.train` fits them itself; this script is for a model whose last epoch was saved without
them (a run cut short, an epoch-N checkpoint). The weights are not touched::

    .venv/bin/python training/calibrate_scoring.py stance/models/scoring_accurate --data ../shared/data

``--news-stance`` adds the news stance dev triples and fits the stance head on them alone (as
``train_scoring.py --news-stance --select "news stance dev"`` does).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "training"))

from train_scoring import NEWS_DEV, NEWS_STANCE, load_data  # noqa: E402

from stance.scoring.model import CONFIG_FILE, ScoringModel  # noqa: E402
from stance.scoring.training import training_examples, fit_temperatures  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    parser.add_argument("--base", default=None, help="base encoder folder or name (default: the one the model's config names)")
    parser.add_argument("--news-stance", type=Path, nargs="?", const=NEWS_STANCE, default=None,
                        help=f"fit the stance head on the news stance dev triples ('{NEWS_DEV}'); default folder data/news_stance")
    args = parser.parse_args(argv)
    _, dev = load_data(args.data, args.news_stance)
    model = ScoringModel.load(args.model, base=args.base)
    temperatures = fit_temperatures(model, {name: training_examples(frame) for name, frame in dev.items()}, NEWS_DEV if args.news_stance else None)
    config_file = args.model / CONFIG_FILE
    config = json.loads(config_file.read_text(encoding="utf-8"))
    config["temperatures"] = temperatures
    config_file.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    print(f"{args.model}: temperatures {temperatures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
