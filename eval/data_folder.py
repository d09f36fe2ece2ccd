"""What the evaluation scripts share: the labelled-data folder they read (``--data``, defaulting to ``$STANCE_DATA``
or ../shared/data), and the options that say how the models run (``--backend``, ``--precision``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SHARED_DATA = Path(os.environ.get("STANCE_DATA", Path(__file__).resolve().parent.parent.parent / "shared" / "data"))


def add_data_argument(parser: argparse.ArgumentParser, *subfolders: str, what: str = "the shared data folder") -> None:
    """Add ``--data``: ``what``, by default the shared data folder or its ``subfolders``."""
    parser.add_argument("--data", type=Path, default=SHARED_DATA.joinpath(*subfolders), help=f"{what} (default: %(default)s)")


def data_missing(folder: Path) -> bool:
    """True, after saying so on standard error, when ``folder`` is not a folder."""
    if folder.is_dir():
        return False
    print(f"error: data folder {folder} not found (set --data or STANCE_DATA)", file=sys.stderr)
    return True


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--backend`` and ``--precision``, how the models run (see stance.networks.backend and stance.networks.inference)."""
    from stance.networks.backend import BACKENDS
    from stance.networks.inference import PRECISIONS

    parser.add_argument("--backend", choices=BACKENDS, default="auto", help="what runs the networks: torch, onnx (ONNX Runtime) or auto (default: auto)")
    parser.add_argument("--precision", choices=PRECISIONS, default="auto", help="the torch backend's precision (default: auto, bfloat16 where the CPU has it natively)")


def engine(args: argparse.Namespace) -> dict[str, str]:
    """The model-loading keyword arguments that ``--backend`` and ``--precision`` ask for."""
    return {"backend": args.backend, "precision": args.precision}
