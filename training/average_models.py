"""Average the weights of scoring models trained from one initialisation (a uniform "model soup").

Models fine-tuned from the same starting weights (here: LoRA adapters and heads on
all-mpnet-base-v2, all drawn with seed 0) usually sit in one basin of the loss, so the mean of
their weights is itself a good model, often better than each member, at the cost of one model
at inference (unlike an ensemble, which runs every member). The members must have the same
tensors; the result takes the first member's config (label map, base, adapters), records its
members, and keeps temperatures of 1: fit them afterwards with ``calibrate_scoring.py``::

    .venv/bin/python training/average_models.py OUT MODEL_DIR MODEL_DIR [...]
    .venv/bin/python training/calibrate_scoring.py OUT
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from stance.networks.encoder import CONFIG_FILE, WEIGHTS_FILE  # noqa: E402


def average(members: list[Path], out: Path) -> Path:
    """Write the mean of ``members``' weights, with the first member's config, to ``out``; return ``out``."""
    if len(members) < 2:
        raise SystemExit("average_models.py needs at least two models")
    tables = [load_file(str(member / WEIGHTS_FILE)) for member in members]
    for member, table in zip(members[1:], tables[1:]):
        if table.keys() != tables[0].keys() or any(table[k].shape != tables[0][k].shape for k in table):
            raise SystemExit(f"{member} does not have the tensors of {members[0]}: only models of one architecture average")
    mean = {k: torch.stack([table[k].float() for table in tables]).mean(0).to(tables[0][k].dtype).contiguous() for k in tables[0]}
    config = json.loads((members[0] / CONFIG_FILE).read_text(encoding="utf-8"))
    config["training"] = {"average_of": [json.loads((m / CONFIG_FILE).read_text(encoding="utf-8")).get("training", {}) for m in members]}
    config["temperatures"] = {head: 1.0 for head in config.get("temperatures", {})}
    out.mkdir(parents=True, exist_ok=True)
    save_file(mean, str(out / WEIGHTS_FILE))
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("members", type=Path, nargs="+")
    args = parser.parse_args(argv)
    print(f"{average(args.members, args.out)}: the mean of {len(args.members)} models")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
