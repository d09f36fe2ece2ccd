"""The labelled-data folder every evaluation script reads: ``--data``, defaulting to ``$STANCE_DATA`` or ../shared/data."""

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
