"""Which engine runs a network: PyTorch, or ONNX Runtime on an export made once into the cache.

``backend`` is ``"torch"``, ``"onnx"`` or ``"auto"`` (the default):

* ``"torch"``: the PyTorch network, in the ``precision`` of :mod:`stance.networks.inference`. Training,
  GPUs and the Hugging Face models of :mod:`stance.scoring.hub` always run here.
* ``"onnx"``: ONNX Runtime on the CPU, on the network exported with :func:`torch.onnx.export` (dynamic
  batch and sequence axes), with its weights dynamically quantised to int8 where that keeps the dev
  figures within half a point of torch (:attr:`Export.int8`: the attribution tagger; the scorers stay
  float32). ``precision`` is the torch backend's setting and must stay ``"auto"``. Without the ONNX
  packages (onnxruntime, onnx, onnxscript: dependencies of ``news-stance``, so missing only in an
  install without dependencies), or on a GPU, the models run on torch after one warning
  (:func:`usable_backend`).
* ``"auto"``: per network, ``"onnx"`` where its export is int8, the ONNX packages are installed, the device
  is the CPU, ``precision`` is ``"auto"`` and the CPU has no native bfloat16 (AVX2-only CPUs: there
  int8 ONNX Runtime is faster than torch in float32); ``"torch"`` everywhere else: a float32 export
  runs slower than torch in float32, and torch in bfloat16 is faster than int8 ONNX Runtime
  (measurements in ``docs/speed.md``).

An export is made once per model and kept in ``<cache>/onnx/<kind>-<key>/`` (``<cache>`` is
:func:`stance.networks.archive.default_cache_dir`). Its key is a SHA-256 of the model's weights
file, its ``config.json`` settings, the base encoder's files, the network's inputs and outputs, the
quantisation and :data:`EXPORT_VERSION`, so changed weights or export code make a new export.
It is written under a lock into a temporary folder and renamed into place
(:func:`stance.networks.archive.build_once`), and its completion marker records the file's
SHA-256, checked on every load: a corrupt or truncated export is exported again, never used.
Before it is stored, the float32 export is run on two batch shapes and must give the torch
network's outputs to within :data:`EXPORT_TOLERANCE`.

A loaded model runs its exported network as an :class:`OnnxNetwork`: named tensors in, named
tensors out, like the torch network, so batching, padding and every step after the logits
(temperatures, softmax, labels, decoding) are the same code for both backends.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import json
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from stance.checks import check_choice

BACKENDS = ("auto", "torch", "onnx")
#: Part of every export's key: raise it whenever the export code changes what it writes.
EXPORT_VERSION = 1
#: The ONNX operator set of the exports.
OPSET = 18
#: The exported network's file in its cache folder.
MODEL_FILE = "model.onnx"
#: Largest difference between the float32 export's outputs and the torch network's that is accepted.
EXPORT_TOLERANCE = 1e-3
#: How int8 exports are quantised (:func:`onnxruntime.quantization.quantize_dynamic`): the weights
#: of the matrix products, per output channel, in 7 bits (``reduce_range``, which avoids the
#: saturation of int8 products on CPUs without VNNI, so that results hold on AVX2-only CPUs).
INT8_OPTIONS: dict[str, Any] = {"op_types_to_quantize": ["MatMul"], "per_channel": True, "reduce_range": True}


def check_backend(backend: str) -> str:
    """Return ``backend`` if it is one of :data:`BACKENDS`, else raise ``ValueError``."""
    return check_choice(backend, "backend", BACKENDS)


def onnx_available() -> bool:
    """Whether the packages of the ONNX backend can be imported: onnxruntime, and onnx and onnxscript for the export."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
        import onnxscript  # noqa: F401
    except ImportError:
        return False
    return True


def usable_backend(backend: str, device: str = "cpu", precision: str = "auto") -> str:
    """``backend`` checked against ``device``, ``precision`` and the installed packages: ``"torch"``,
    ``"onnx"`` or ``"auto"``.

    ``"onnx"`` becomes ``"torch"``, with a warning, when an ONNX package is missing or ``device`` is not
    the CPU, and raises ``ValueError`` with a ``precision`` other than ``"auto"``. Checking once (as
    the :class:`~stance.Analyzer` does) and passing the result to every model gives one warning.
    """
    from stance.networks.inference import check_precision

    check_backend(backend)
    check_precision(precision)
    if backend != "onnx":
        return backend
    if precision != "auto":
        raise ValueError(f"precision={precision!r} sets the torch backend's precision; the ONNX backend runs its export as it is (leave precision='auto', or use backend='torch')")
    if not _on_cpu(device):
        warnings.warn(f"the ONNX backend runs on the CPU only; the models run on torch on {device!r}", stacklevel=3)
        return "torch"
    if not onnx_available():
        warnings.warn("backend='onnx' needs onnxruntime, onnx and onnxscript, which are not all installed (pip install onnxruntime onnx onnxscript); the models run on torch", stacklevel=3)
        return "torch"
    return "onnx"


def resolve_backend(backend: str, export: Export, device: str = "cpu", precision: str = "auto") -> str:
    """The engine, ``"torch"`` or ``"onnx"``, that runs the network of ``export`` for ``backend``
    (checked by :func:`usable_backend`) on ``device`` with ``precision``.

    ``"auto"`` gives ``"onnx"`` for an int8 export on a CPU without native bfloat16, with
    ``precision="auto"`` and the ONNX packages installed, and ``"torch"`` otherwise: a float32 export
    runs slower than torch in float32, and torch in bfloat16 is faster than int8 ONNX
    (docs/speed.md).
    """
    from stance.networks.inference import cpu_has_bfloat16

    backend = usable_backend(backend, device, precision)
    if backend != "auto":
        return backend
    fits = export.int8 and _on_cpu(device) and precision == "auto"
    return "onnx" if fits and not cpu_has_bfloat16() and onnx_available() else "torch"


def _on_cpu(device: str) -> bool:
    return str(device).split(":")[0] == "cpu"


@dataclass(frozen=True)
class Export:
    """How a kind of network is exported: its name (``kind``, the cache folder's prefix), its input
    and output names, and whether its weights are quantised to int8 (``int8``).

    The network is called with the inputs by name and returns a mapping with the outputs.
    """

    kind: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    int8: bool


class OnnxNetwork:
    """An exported network in an ONNX Runtime session, called like the torch network it replaces:
    a mapping of named (CPU) tensors in, a dict of named float tensors out.

    The session runs on ``threads`` threads, one operator at a time, with deterministic kernels.
    """

    def __init__(self, model: bytes, threads: int):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.use_deterministic_compute = True
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        self.inputs = tuple(node.name for node in self.session.get_inputs())
        self.outputs = tuple(node.name for node in self.session.get_outputs())
        self.threads = threads

    def __repr__(self) -> str:
        return f"OnnxNetwork(inputs={self.inputs}, outputs={self.outputs}, threads={self.threads})"

    def __call__(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """The outputs by name for ``inputs`` (tensors by name; names the export does not read are ignored)."""
        import torch

        feed = {name: inputs[name].numpy() for name in self.inputs}
        return {name: torch.from_numpy(array) for name, array in zip(self.outputs, self.session.run(list(self.outputs), feed))}


def export_key(export: Export, files: Sequence[Path], settings: Mapping[str, Any]) -> str:
    """The SHA-256 naming an export: of ``export`` (and :data:`INT8_OPTIONS` if it is int8), :data:`EXPORT_VERSION`, :data:`OPSET`, the
    contents of ``files`` (the weights and the base encoder's files) and ``settings`` (the model's
    configuration, as JSON)."""
    digest = hashlib.sha256()
    described = {"export_version": EXPORT_VERSION, "opset": OPSET, "kind": export.kind, "inputs": export.inputs,
                 "outputs": export.outputs, "int8": INT8_OPTIONS if export.int8 else False, "settings": settings,
                 "files": [_file_sha256(Path(f)) for f in files]}
    digest.update(json.dumps(described, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def onnx_network(export: Export, network: Any, files: Sequence[Path], settings: Mapping[str, Any], *,
                 threads: int | None = None, cache_dir: str | Path | None = None) -> OnnxNetwork:
    """``network`` (a torch module) as an :class:`OnnxNetwork`, exported into the cache on first use.

    ``files`` and ``settings`` are what the export's key is made of (:func:`export_key`), the
    cache is ``cache_dir`` (default :func:`~stance.networks.archive.default_cache_dir`) and
    ``threads`` the session's thread count (default: torch's, :func:`torch.get_num_threads`).
    A stored export whose checksum does not match is exported again, with a warning.
    """
    import torch

    from stance.checks import check_positive_int
    from stance.networks.archive import build_once, default_cache_dir

    if threads is None:
        threads = torch.get_num_threads()
    check_positive_int(threads, "threads")
    root = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    folder = root / "onnx" / f"{export.kind}-{export_key(export, files, settings)[:20]}"
    model = _verified(folder)
    if model is None:
        if folder.exists():
            warnings.warn(f"the cached ONNX export in {folder} is incomplete or corrupt (its SHA-256 does not match); exporting it again", stacklevel=2)
        build_once(folder, lambda partial: _export(export, network, partial), "export", valid=lambda done: _verified(done) is not None)
        model = _verified(folder)
        if model is None:
            raise RuntimeError(f"the ONNX export in {folder} does not match its checksum right after it was written; is another program changing {root}?")
    return OnnxNetwork(model, threads)


def _verified(folder: Path) -> bytes | None:
    """The export in ``folder`` if it is complete and matches the SHA-256 its completion marker records, else ``None``."""
    from stance.networks.archive import completion_marker

    expected = completion_marker(folder)
    if expected is None:
        return None
    try:
        model = (folder / MODEL_FILE).read_bytes()
    except OSError:
        return None
    return model if hashlib.sha256(model).hexdigest() == expected else None


@functools.lru_cache(maxsize=32)
def _cached_sha256(path: str, size: int, modified: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_sha256(path: Path) -> str:
    """The SHA-256 of a file's contents (remembered while its size and modification time stay the same)."""
    status = path.stat()
    return _cached_sha256(str(path.resolve()), status.st_size, status.st_mtime_ns)


def _example_inputs(export: Export, batch: int, length: int) -> dict[str, Any]:
    """Inputs of the given shape for tracing and checking an export (the last row half padding)."""
    import torch

    generator = torch.Generator().manual_seed(batch * 1000 + length)
    ids = torch.randint(1000, 2000, (batch, length), generator=generator)
    attention = torch.ones_like(ids)
    attention[-1, length // 2 :] = 0
    types = torch.zeros_like(ids)
    types[:, length // 3 :] = 1
    mention = torch.zeros_like(ids)
    mention[0, length // 3 : length // 3 + 2] = 1
    made = {"input_ids": ids, "token_type_ids": types, "attention_mask": attention, "mention_mask": mention}
    return {name: made[name] for name in export.inputs}


def _export(export: Export, network: Any, folder: Path) -> str:
    """Export ``network`` as ``export`` says into the new folder ``folder``; return the SHA-256 of the file.

    The export runs on a float32 copy of the network with any LoRA adapters merged into their
    layers; the float32 graph is checked against the network on two shapes before it is quantised.
    """
    import torch

    from stance.networks.lora import merge_adapters

    folder.mkdir()
    network = copy.deepcopy(network).float().cpu().eval()
    merge_adapters(network)
    graph = _outputs_module(network, export)
    traced, *checked = (_example_inputs(export, batch, length) for batch, length in ((2, 16), (3, 24), (1, 9)))
    float32 = folder / "float32.onnx"
    dims = {0: torch.export.Dim("batch"), 1: torch.export.Dim("sequence")}
    model = folder / MODEL_FILE
    with _quiet(), torch.inference_mode(False), torch.no_grad():
        torch.onnx.export(graph, tuple(traced.values()), str(float32), input_names=list(export.inputs), output_names=list(export.outputs),
                          dynamic_shapes={"inputs": tuple(dims for _ in export.inputs)}, opset_version=OPSET, dynamo=True, external_data=False,
                          verbose=False)
        _check_export(float32.read_bytes(), graph, checked, export)
        if export.int8:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(float32, model, weight_type=QuantType.QInt8, **INT8_OPTIONS)
            float32.unlink()
        else:
            float32.rename(model)
    return hashlib.sha256(model.read_bytes()).hexdigest()


class _WithoutAdvice(logging.Filter):
    """Drops the quantiser's advice to pre-process the model (logged on the root logger for every export)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing before quantization" not in record.getMessage()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence the exporter's and the quantiser's progress messages and warnings (tracer notes, "consider pre-processing")."""
    exporter = logging.getLogger("torch.onnx")
    level = exporter.level
    exporter.setLevel(logging.ERROR)
    advice = _WithoutAdvice()
    logging.getLogger().addFilter(advice)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        exporter.setLevel(level)
        logging.getLogger().removeFilter(advice)


def _check_export(model: bytes, graph: Any, examples: Sequence[dict[str, Any]], export: Export) -> None:
    """Raise ``RuntimeError`` unless the exported ``model`` gives ``graph``'s outputs on every example."""
    import torch

    session = OnnxNetwork(model, threads=1)
    for inputs in examples:
        with torch.no_grad():
            expected = dict(zip(export.outputs, graph(*inputs.values())))
        found = session(inputs)
        difference = max(float((found[name] - expected[name]).abs().max()) for name in export.outputs)
        if not difference <= EXPORT_TOLERANCE:
            raise RuntimeError(f"the ONNX export of the {export.kind} network differs from it by {difference:.2g} on inputs of shape "
                               f"{tuple(inputs['input_ids'].shape)} (at most {EXPORT_TOLERANCE} is accepted); use backend='torch'")


def _outputs_module(network: Any, export: Export) -> Any:
    """A torch module that takes the inputs of ``export`` in order and returns its outputs as a tuple."""
    import torch

    class Outputs(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.network = network

        def forward(self, *inputs: Any) -> tuple[Any, ...]:
            outputs = self.network(**dict(zip(export.inputs, inputs)))
            return tuple(outputs[name] for name in export.outputs)

    return Outputs().eval()
