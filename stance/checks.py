"""Parameter checks shared by the pipeline's public functions, raising early with clear messages."""

from __future__ import annotations

from typing import Any, Sequence


def check_positive_int(value: object, name: str) -> None:
    """Raise ``ValueError`` unless ``value`` is a positive ``int`` (``bool`` is not accepted)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is ``True`` or ``False``, else raise ``ValueError`` (``1`` or ``"no"`` are not accepted)."""
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return value


def check_choice(value: Any, name: str, allowed: Sequence[Any]) -> Any:
    """Return ``value`` if it is one of ``allowed``, else raise ``ValueError`` naming them."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, got {value!r}")
    return value


def check_frame(frame: Any, name: str, required: Sequence[str]) -> None:
    """Raise ``ValueError`` unless ``frame`` is a pandas DataFrame holding every column in ``required``."""
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the columns {missing} (it has {list(frame.columns)})")
