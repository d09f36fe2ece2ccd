"""Parameter checks shared by the pipeline's public functions, raising early with clear messages."""

from __future__ import annotations


def check_positive_int(value: object, name: str) -> None:
    """Raise ``ValueError`` unless ``value`` is a positive ``int`` (``bool`` is not accepted)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
