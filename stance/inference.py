"""How the models run: device, threads and numeric precision, shared by every model.

``precision`` is ``"float32"``, ``"bfloat16"`` or ``"auto"`` (the default): bfloat16 on a CPU
whose oneDNN library has native bfloat16 kernels (AVX512-BF16 or AMX), where the encoders run
about twice as fast, and float32 everywhere else. On PolNeAR dev the attribution model's F1
is the same in both (81.0; ``eval/attribution.py``). Results are deterministic for a given
machine and precision, but bfloat16 and float32 may differ in the last digits of a
probability, so ``precision="float32"`` gives the same figures on every machine.
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator

PRECISIONS = ("auto", "float32", "bfloat16")


def check_precision(precision: str) -> str:
    """Return ``precision`` if it is one of :data:`PRECISIONS`, else raise ``ValueError``."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(map(repr, PRECISIONS))}, got {precision!r}")
    return precision


def cpu_has_bfloat16() -> bool:
    """True when this CPU runs bfloat16 matrix products natively (through oneDNN)."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def uses_bfloat16(device: str, precision: str) -> bool:
    """Whether a model on ``device`` with ``precision`` runs in bfloat16."""
    check_precision(precision)
    if precision == "auto":
        return str(device).startswith("cpu") and cpu_has_bfloat16()
    return precision == "bfloat16"


@contextlib.contextmanager
def inference(device: str = "cpu", precision: str = "auto") -> Iterator[None]:
    """``torch.inference_mode()``, with bfloat16 autocast where :func:`uses_bfloat16` says so."""
    import torch

    with torch.inference_mode():
        if uses_bfloat16(device, precision):
            with torch.autocast(torch.device(device).type, dtype=torch.bfloat16):
                yield
        else:
            yield


def set_threads(threads: Any) -> None:
    """Set torch's CPU thread count (``None`` leaves torch's default)."""
    if threads is None:
        return
    from stance.checks import check_positive_int
    import torch

    check_positive_int(threads, "threads")
    torch.set_num_threads(threads)
