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
from typing import Any, Callable, Iterator, Sequence

from stance.checks import check_choice

PRECISIONS = ("auto", "float32", "bfloat16")


def check_precision(precision: str) -> str:
    """Return ``precision`` if it is one of :data:`PRECISIONS`, else raise ``ValueError``."""
    return check_choice(precision, "precision", PRECISIONS)


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


#: Batches for inference are padded to a multiple of this many tokens: fewer distinct shapes
#: means fewer kernels for oneDNN to prepare (about 0.4 ms per sentence less for the
#: attribution model on this CPU, eval/attribution.py), and the padding is masked out.
PAD_MULTIPLE = 8


def padded_width(length: int, multiple: int = PAD_MULTIPLE) -> int:
    """``length`` rounded up to a multiple of ``multiple``."""
    return -(-length // multiple) * multiple


def length_batches(lengths: Sequence[int], batch_size: int, min_fill: float = 0.8) -> list[list[int]]:
    """Indices of items grouped into batches for padded inference, longest first.

    Items are sorted by length (longest first, ties in input order) and cut into batches of at
    most ``batch_size``; a batch also ends before an item shorter than ``min_fill`` times the
    batch's longest, so that little of a padded batch is padding.
    """
    order = sorted(range(len(lengths)), key=lambda k: -lengths[k])
    batches: list[list[int]] = []
    for k in order:
        if batches and len(batches[-1]) < batch_size and lengths[k] >= min_fill * lengths[batches[-1][0]]:
            batches[-1].append(k)
        else:
            batches.append([k])
    return batches


def batched(
    lengths: Sequence[int],
    batch_size: int,
    run: Callable[[list[int]], None],
    *,
    device: str = "cpu",
    precision: str = "auto",
    min_fill: float = 0.8,
) -> None:
    """The one inference loop of every network: ``run(rows)`` for each batch of item indices.

    Items are grouped by :func:`length_batches` (``min_fill=0``: cut into runs of
    ``batch_size`` in order of length alone) and run under :func:`inference` with ``device``
    and ``precision``; ``run`` pads its batch, calls the network and stores the outputs of
    ``rows``.
    """
    from stance.checks import check_positive_int

    check_positive_int(batch_size, "batch_size")
    with inference(device, precision):
        for rows in length_batches(lengths, batch_size, min_fill):
            run(rows)


class LoadedModel:
    """What every loaded network keeps beside its weights: tokenizer, configuration, folder, device,
    precision, and the ONNX Runtime network that runs it with the ``"onnx"`` backend (``onnx``,
    an :class:`~stance.networks.backend.OnnxNetwork`; ``None`` with ``"torch"``)."""

    def __init__(self, tokenizer: Any, config: dict[str, Any], path: Any = None, device: str = "cpu", precision: str = "auto", onnx: Any = None):
        self.precision = check_precision(precision)
        self.tokenizer = tokenizer
        self.config = config
        self.path = path
        self.device = device
        self.onnx = onnx

    @property
    def backend(self) -> str:
        """The engine that runs the network: ``"onnx"`` or ``"torch"`` (see :mod:`stance.networks.backend`)."""
        return "torch" if self.onnx is None else "onnx"

    def forward(self, network: Any, inputs: dict[str, Any]) -> Any:
        """The outputs of one padded batch (``inputs``: tensors by name on the model's device), by name:
        from the ONNX Runtime network if there is one, else from the torch ``network``."""
        return network(**inputs) if self.onnx is None else self.onnx(inputs)


def set_threads(threads: Any) -> None:
    """Set torch's CPU thread count (``None`` leaves torch's default)."""
    if threads is None:
        return
    from stance.checks import check_positive_int
    import torch

    check_positive_int(threads, "threads")
    torch.set_num_threads(threads)
