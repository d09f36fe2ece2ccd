"""Old import paths of modules that moved into subpackages (issue 16), kept working.

``import stance.scoring_model`` gives the very module ``stance.scoring.model`` (not a copy), so
that code written against the flat layout, and patches of module attributes, keep working. New
code should use the new paths; ``docs/architecture.md`` lists them.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
from typing import Any

#: Old module path -> new module path.
MOVED = {
    "stance.parsing": "stance.attribution.parsing",
    "stance.mentions": "stance.attribution.mentions",
    "stance.attribution_model": "stance.attribution.model",
    "stance.scoring_model": "stance.scoring.model",
    "stance.hub_models": "stance.scoring.hub",
    "stance.training": "stance.scoring.training",
    "stance.encoder": "stance.networks.encoder",
    "stance.inference": "stance.networks.inference",
    "stance.lora": "stance.networks.lora",
    "stance.part_archive": "stance.networks.archive",
}


class _Alias(importlib.abc.Loader):
    """Loads an old path as the module at its new path."""

    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec: Any) -> Any:
        return importlib.import_module(self.target)

    def exec_module(self, module: Any) -> None:
        """Nothing to run: the module at the new path is already executed."""


class MovedFinder(importlib.abc.MetaPathFinder):
    """Finds the old paths of :data:`MOVED`."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name not in MOVED:
            return None
        return importlib.util.spec_from_loader(name, _Alias(MOVED[name]))


def install() -> None:
    """Put :class:`MovedFinder` on ``sys.meta_path`` (once)."""
    if not any(isinstance(finder, MovedFinder) for finder in sys.meta_path):
        sys.meta_path.append(MovedFinder())
