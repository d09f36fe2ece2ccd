"""Write a teacher's logits for every distillation row, for `train_scoring.py --teacher-logits`.

The rows are those `train_scoring.py` trains on with the same options, in its order: the labelled training
rows (`load_data`, with the news stance files `--news-stance-train` names), then the unlabelled PolNeAR
sentences (`--unlabelled`) and the transfer pairs (`--transfer`). Computing them once (on a GPU, or in the
background) saves recomputing them in every distillation run; the all-mpnet-base-v2 teacher reads the 82,011
rows of `--unlabelled` in about a minute on a GPU::

    python training/teacher_logits.py stance/models/scoring_accurate --unlabelled --out teacher_logits.safetensors --device cuda

`--only DATASET ...` computes the logits of those data sets' rows alone (on a CPU, the teacher's time is the cost);
the other rows get NaN, which training reads as "no soft target": they learn from their labels only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "training"))

import pandas as pd  # noqa: E402
from train_scoring import NEWS_STANCE, NEWS_TRAIN, distillation_rows, load_data  # noqa: E402

from stance.scoring.targets import pairs_from_rows  # noqa: E402
from stance.scoring.base import HEADS  # noqa: E402
from stance.scoring.model import ScoringModel  # noqa: E402
from stance.scoring.training import training_examples, unlabelled_examples  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("teacher", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    parser.add_argument("--base", default=None, help="the teacher's base encoder (default: the one its config names)")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--unlabelled", action="store_true", help="as train_scoring.py --unlabelled")
    parser.add_argument("--transfer", type=Path, nargs="+", default=[], metavar="FILE", help="as train_scoring.py --transfer")
    parser.add_argument("--news-stance", type=Path, nargs="?", const=NEWS_STANCE, default=None, help="as train_scoring.py --news-stance")
    parser.add_argument("--news-stance-train", nargs="+", default=list(NEWS_TRAIN), metavar="FILE", help="as train_scoring.py --news-stance-train")
    parser.add_argument("--only", nargs="+", default=None, metavar="DATASET", help="the data sets whose rows get logits (default: all)")
    args = parser.parse_args(argv)
    import torch
    from safetensors.torch import save_file

    train_rows, _ = load_data(args.data, args.news_stance, args.news_stance_train)
    extra = distillation_rows(args.data, args.unlabelled, args.transfer)
    rows = pd.concat([training_examples(train_rows), *([unlabelled_examples(extra)] if extra is not None else [])], ignore_index=True)
    chosen = rows.index.to_numpy() if args.only is None else rows.index[rows["dataset"].isin(args.only)].to_numpy()
    if args.only is not None and set(args.only) - set(rows["dataset"]):
        raise SystemExit(f"--only {sorted(set(args.only) - set(rows['dataset']))}: no such data set ({sorted(set(rows['dataset']))})")
    model = ScoringModel.load(args.teacher, base=args.base, device=args.device)
    pairs = pairs_from_rows(rows)
    found = model.logits([pairs[k] for k in chosen], tuple(HEADS), batch_size=256)
    logits = {head: torch.full((len(rows), tensor.shape[1]), float("nan")) for head, tensor in found.items()}
    for head, tensor in found.items():
        logits[head][torch.tensor(chosen)] = tensor.float()
    save_file({head: tensor.half().contiguous() for head, tensor in logits.items()}, str(args.out))
    print(f"{len(rows)} rows ({len(chosen)} with logits) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
