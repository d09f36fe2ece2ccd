"""Write a teacher's logits for every distillation row, for `train_scoring.py --teacher-logits`.

The rows are those `train_scoring.py --unlabelled` trains on, in its order: the labelled training
rows (`load_data`), then the unlabelled PolNeAR sentences (`unlabelled_rows`). Computing them
once (on a GPU, or in the background) saves recomputing them in every distillation run; the
all-mpnet-base-v2 teacher reads the 82,011 rows in about a minute on a GPU::

    python training/teacher_logits.py stance/models/scoring_accurate --out teacher_logits.safetensors --device cuda
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "training"))

import pandas as pd  # noqa: E402
from train_scoring import load_data, unlabelled_rows  # noqa: E402

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
    args = parser.parse_args(argv)
    from safetensors.torch import save_file

    train_rows, _ = load_data(args.data)
    rows = pd.concat([training_examples(train_rows), unlabelled_examples(unlabelled_rows(args.data))], ignore_index=True)
    model = ScoringModel.load(args.teacher, base=args.base, device=args.device)
    logits = model.logits(pairs_from_rows(rows), tuple(HEADS), batch_size=256)
    save_file({head: tensor.half().contiguous() for head, tensor in logits.items()}, str(args.out))
    print(f"{len(rows)} rows -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
