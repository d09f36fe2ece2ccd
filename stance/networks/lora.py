"""Low-rank adapters (LoRA): train a large encoder by adding a small update to each linear layer.

A linear layer ``W x + b`` becomes ``W x + b + (alpha / rank) * B A x`` where ``A`` is
``rank x in`` and ``B`` is ``out x rank``. ``W`` and ``b`` stay frozen (they come from the
installed base encoder); only ``A`` and ``B`` are trained and saved, so a model on the
110M-parameter all-mpnet-base-v2 ships in a few megabytes. ``B`` starts at zero, so an adapted
network starts out computing exactly what the base computes (Hu et al., 2021).
"""

from __future__ import annotations

import math
from typing import Any

import torch

#: Names of the adapter tensors in a state dict (``...attn.q.lora_a``).
ADAPTER_NAMES = ("lora_a", "lora_b")


class AdaptedLinear(torch.nn.Module):
    """A frozen linear layer plus a trainable low-rank update of ``rank``, scaled by ``alpha / rank``."""

    def __init__(self, base: torch.nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        self.lora_a = torch.nn.Parameter(torch.empty(rank, base.in_features))
        self.lora_b = torch.nn.Parameter(torch.zeros(base.out_features, rank))
        torch.nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.lora_a.t() @ self.lora_b.t()) * self.scale


def add_adapters(module: Any, rank: int, alpha: float) -> list[str]:
    """Wrap every ``torch.nn.Linear`` under ``module`` with a LoRA adapter; return the wrapped names.

    Call it after the base weights are loaded: the wrapped layers keep those weights.
    """
    if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1:
        raise ValueError(f"the adapter rank must be a positive integer, got {rank!r}")
    wrapped = [name for name, child in module.named_modules() if isinstance(child, torch.nn.Linear)]
    for name in wrapped:
        parent_name, _, attribute = name.rpartition(".")
        parent = module.get_submodule(parent_name) if parent_name else module
        setattr(parent, attribute, AdaptedLinear(getattr(parent, attribute), rank, alpha))
    return wrapped


def is_adapter(name: str) -> bool:
    """Whether a state-dict name is an adapter tensor."""
    return name.rpartition(".")[2] in ADAPTER_NAMES


def merge_adapters(module: Any) -> list[str]:
    """Fold every adapter under ``module`` into its linear layer and unwrap it; return the merged names.

    Each :class:`AdaptedLinear` becomes its base layer with weight ``W + (alpha / rank) B A``, which
    computes the same function in one product (how an adapted network is exported to ONNX).
    """
    merged = [name for name, child in module.named_modules() if isinstance(child, AdaptedLinear)]
    for name in merged:
        parent_name, _, attribute = name.rpartition(".")
        parent = module.get_submodule(parent_name) if parent_name else module
        adapted = getattr(parent, attribute)
        with torch.no_grad():
            adapted.base.weight += adapted.scale * (adapted.lora_b @ adapted.lora_a)
        setattr(parent, attribute, adapted.base)
    return merged
