"""Scorers built on Hugging Face models: how users with internet swap in stronger models.

The shipped :class:`stance.scoring.model.ScoringModel` is small and runs offline. Anyone who
can download models (or already has one in a local folder) can use a stronger one in its place
through two scorers with the same interface (``tasks`` and ``predict(pairs, tasks, batch_size)``,
returning ``{task: {label: probability}}`` per :class:`~stance.scoring.model.Pair`, with labels
in the order of :data:`~stance.scoring.model.HEADS`):

* :class:`ClassifierScorer` wraps any sequence-classification model fine-tuned for stance
  (against / neutral / favor) or sentiment (negative / neutral / positive). It reads the pair
  as ``(target, sentence)`` or the sentence alone, and maps the model's own label names onto
  ours (inferred from names such as ``NEGATIVE`` or ``favor``, or given as ``label_map``).
  A sentiment model also serves the ``tone`` task: the sentence read on its own.
* :class:`NLIScorer` gives zero-shot stance with any natural-language-inference model: the
  sentence is the premise and one hypothesis per stance (``"The author is against X."``), and
  the entailment logits of the three hypotheses are turned into probabilities.

Both load safetensors weights only, never pickled checkpoints, and never run code shipped
with a model (``trust_remote_code=False``). Sentences longer than the model's window are cut
around the mention of the target (:func:`mention_window`), so the target stays in view.

Example (with internet, or with the model in the local cache)::

    from stance.scoring.hub import ClassifierScorer, NLIScorer
    sentiment = ClassifierScorer.load("cardiffnlp/twitter-roberta-base-sentiment-latest", task="sentiment")
    stance = NLIScorer.load("MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli")
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping, Sequence

from stance.checks import check_positive_int
from stance.networks.encoder import PICKLE_PATTERNS
from stance.networks.inference import batched

from stance.records import Span
from stance.scoring.base import HEADS, Pair, check_pair, normalize_label

#: Tokens in one input, special tokens included, unless ``max_tokens`` says otherwise.
DEFAULT_MAX_TOKENS = 256
#: The NLI hypotheses, one per stance label; ``{holder}`` and ``{target}`` are filled in.
DEFAULT_TEMPLATES: dict[str, str] = {
    "favor": "{holder} is in favor of {target}.",
    "against": "{holder} is against {target}.",
    "neutral": "{holder} is neutral about {target}.",
}
#: The holder named in NLI hypotheses when a pair has none.
DEFAULT_HOLDER = "The author"


def mention_window(tokenizer: Any, text: str, mention: Span | None, budget: int) -> str:
    """The part of ``text`` to feed a model that reads at most ``budget`` tokens of it.

    Without a mention, or when ``text`` fits, ``text`` is returned unchanged (the tokenizer's
    truncation then cuts its end). Otherwise a character window centred on the mention is cut
    out, shrunk until it fits and snapped to whitespace where that keeps the mention inside,
    so the mention is always in the tokens the model reads. A mention longer than ``budget``
    on its own is returned alone (its beginning survives truncation).
    """
    check_positive_int(budget, "budget")
    if mention is None:
        return text
    start, end = mention
    if not 0 <= start < end <= len(text):
        raise ValueError(f"mention {mention} is not a span of a text of {len(text)} characters")
    tokens = _count_tokens(tokenizer, text)
    if tokens <= budget:
        return text
    width, piece = len(text), text
    while tokens > budget and width > end - start:
        # shrink in proportion to the excess, by at least one character, never below the mention
        width = max(end - start, min(width - 1, int(width * budget / tokens * 0.95)))
        piece = _character_window(text, start, end, width)
        tokens = _count_tokens(tokenizer, piece)
    return piece


def _count_tokens(tokenizer: Any, text: str) -> int:
    """The number of tokens ``text`` takes, special tokens excluded."""
    return len(tokenizer(text, add_special_tokens=False)["input_ids"])


def _character_window(text: str, start: int, end: int, width: int) -> str:
    """About ``width`` characters of ``text`` centred on ``[start, end)``, cut at whitespace where possible."""
    centre = (start + end) // 2
    lo = max(0, min(centre - width // 2, len(text) - width))
    hi = min(len(text), lo + width)
    if lo > 0:  # drop the partial word at the left edge if a space before the mention allows it
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):  # and the partial word at the right edge
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return text[lo:hi].strip() or text[start:end]


def encode_input(
    tokenizer: Any,
    sentence: str,
    mention: Span | None,
    other: str | None,
    max_tokens: int,
    *,
    sentence_first: bool = False,
) -> dict[str, list[int]]:
    """Token ids for ``sentence`` alone (``other is None``) or paired with ``other``.

    ``sentence_first`` puts the sentence first (an NLI premise before its hypothesis),
    otherwise second (a target before the sentence). Only the sentence side is shortened,
    around ``mention`` (:func:`mention_window`); an ``other`` longer than half of
    ``max_tokens`` is shortened as well.
    """
    if other is None:
        budget = max_tokens - tokenizer.num_special_tokens_to_add(pair=False)
        text = mention_window(tokenizer, sentence, mention, budget)
        encoding = tokenizer(text, truncation=True, max_length=max_tokens)
    else:
        other_tokens = _count_tokens(tokenizer, other)
        budget = max_tokens - tokenizer.num_special_tokens_to_add(pair=True) - min(other_tokens, max_tokens // 2)
        text = mention_window(tokenizer, sentence, mention, budget)
        if other_tokens > max_tokens // 2:
            strategy = "longest_first"
        else:
            strategy = "only_first" if sentence_first else "only_second"
        first, second = (text, other) if sentence_first else (other, text)
        encoding = tokenizer(first, second, truncation=strategy, max_length=max_tokens)
    return {key: list(value) for key, value in encoding.items()}


def _is_local_path(name_or_path: str | Path) -> bool:
    """Whether ``name_or_path`` names a local folder rather than a hub id (``name`` or ``owner/name``)."""
    if isinstance(name_or_path, Path):
        return True
    name = str(name_or_path)
    return name.startswith((".", "~", os.sep)) or os.path.isabs(name) or name.count("/") > 1 or "\\" in name


def _source(name_or_path: str | Path) -> str:
    """The hub id or checked local folder to load from; refuses folders without safetensors weights."""
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise FileNotFoundError(f"the model folder {path} has no config.json")
        if not any(path.glob("*.safetensors")):
            pickled = sorted({p.name for pattern in PICKLE_PATTERNS for p in path.glob(pattern)})
            if pickled:
                raise ValueError(
                    f"{path} holds only pickled weights ({', '.join(pickled)}), which are not loaded because "
                    "unpickling can run arbitrary code; convert them to safetensors (model.safetensors)"
                )
            raise FileNotFoundError(f"the model folder {path} has no safetensors weights (*.safetensors)")
        return str(path)
    if path.exists():
        raise ValueError(f"{path} is a file; give a model folder or a Hugging Face hub id")
    if _is_local_path(name_or_path):
        raise FileNotFoundError(f"no model folder at {path}")
    return str(name_or_path)


def load_pretrained(
    name_or_path: str | Path,
    *,
    device: str = "cpu",
    local_files_only: bool = False,
    revision: str | None = None,
) -> tuple[Any, Any]:
    """A sequence-classification model (safetensors only, no remote code) and its tokenizer.

    ``name_or_path`` is a local folder or a Hugging Face hub id; with ``local_files_only`` a hub
    id is read from the local cache only. Raises ``FileNotFoundError`` for a missing folder,
    ``ValueError`` for a folder of pickled weights and ``OSError`` naming the model when it
    cannot be loaded (e.g. unknown, offline and not cached, or no safetensors on the hub).
    """
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    source = _source(name_or_path)
    options = {"local_files_only": local_files_only, "revision": revision, "trust_remote_code": False}
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, **options)
        model = AutoModelForSequenceClassification.from_pretrained(source, use_safetensors=True, **options)
    except OSError as error:
        where = "the local cache" if local_files_only else "the Hugging Face hub or its local cache"
        raise OSError(
            f"could not load the model {str(name_or_path)!r} from {where} (only safetensors weights are "
            f"loaded, and no remote code is run): {error}"
        ) from error
    if tokenizer.pad_token is None and tokenizer.eos_token is not None:  # GPT-style tokenizers: batches need padding
        tokenizer.pad_token = tokenizer.eos_token
    if getattr(model.config, "pad_token_id", None) is None:
        model.config.pad_token_id = tokenizer.pad_token_id
    import torch

    model.eval().to(torch.device(device))
    return model, tokenizer


def _model_labels(model: Any) -> list[str]:
    """The model's own label names, in the order of its outputs; refuses single-output models."""
    config = model.config
    if config.num_labels < 2:
        raise ValueError(f"the model has {config.num_labels} output; a classifier with at least two labels is needed")
    return [str(config.id2label[k]) for k in range(config.num_labels)]


def _check_max_tokens(max_tokens: int, tokenizer: Any, model: Any) -> None:
    """Raise ``ValueError`` unless ``max_tokens`` fits both the model and a minimal input."""
    check_positive_int(max_tokens, "max_tokens")
    if max_tokens < 16:
        raise ValueError(f"max_tokens must be at least 16, got {max_tokens}")
    limit = getattr(tokenizer, "model_max_length", None)
    if not limit or limit > 100_000:  # tokenizers without a known limit report a huge sentinel
        limit = getattr(model.config, "max_position_embeddings", None)
    if limit and max_tokens > limit:
        raise ValueError(f"max_tokens {max_tokens} exceeds the model's limit of {limit} tokens")


class _PretrainedScorer:
    """What both scorers share: the model, its tokenizer, batching and the task check."""

    tasks: tuple[str, ...] = ()
    #: The tasks :meth:`predict` gives by default (those it has of ``stance`` and ``sentiment``).
    default_tasks: tuple[str, ...] = ()

    def __init__(self, model: Any, tokenizer: Any, *, name: str, device: str, max_tokens: int):
        _check_max_tokens(max_tokens, tokenizer, model)
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.name = name
        self.device = device
        self.max_tokens = max_tokens

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, tasks={self.tasks})"

    def _check_tasks(self, tasks: Sequence[str] | None) -> tuple[str, ...]:
        """``tasks`` as a tuple (``None``: :attr:`default_tasks`); raise for a task this scorer lacks."""
        if tasks is None:
            return self.default_tasks
        if isinstance(tasks, str):
            raise TypeError(f"tasks must be a sequence of task names such as ({tasks!r},), not a string")
        tasks = tuple(tasks)
        unknown = [t for t in tasks if t not in self.tasks]
        if unknown:
            raise ValueError(f"this scorer does not provide task(s) {unknown}; it has {list(self.tasks)}")
        return tasks

    def _logits(self, encodings: Sequence[dict[str, list[int]]], batch_size: int) -> Any:
        """The model's logits, one row per encoding in their order; batches of similar length."""
        import torch

        result = torch.zeros((len(encodings), self.model.config.num_labels))
        device = torch.device(self.device)

        def run(rows: list[int]) -> None:
            batch = self.tokenizer.pad([encodings[k] for k in rows], padding=True, return_tensors="pt")
            outputs = self.model(**{key: value.to(device) for key, value in batch.items()})
            result[rows] = outputs.logits.float().cpu()

        # float32, in runs of batch_size by length: the hub figures in docs/scoring.md were measured so.
        lengths = [len(encoding["input_ids"]) for encoding in encodings]
        batched(lengths, batch_size, run, device=self.device, precision="float32", min_fill=0.0)
        return result


class ClassifierScorer(_PretrainedScorer):
    """Stance or sentiment from a Hugging Face sequence-classification model; build it with :meth:`load`.

    ``task`` is ``"stance"`` (tasks: ``stance``) or ``"sentiment"`` (tasks: ``sentiment`` and
    ``tone``; tone reads the sentence alone). ``label_map`` maps each of the model's label names
    to one of ours; our labels the model lacks get probability 0, and the probabilities of
    several model labels mapped to one of ours are added.
    """

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        task: str = "stance",
        label_map: Mapping[str, str] | None = None,
        pair_input: bool = True,
        name: str = "",
        device: str = "cpu",
        max_tokens: int = DEFAULT_MAX_TOKENS,
    ):
        if task not in ("stance", "sentiment"):
            raise ValueError(f"task must be 'stance' or 'sentiment', got {task!r}")
        super().__init__(model, tokenizer, name=name, device=device, max_tokens=max_tokens)
        self.task = task
        self.tasks = ("stance",) if task == "stance" else ("sentiment", "tone")
        self.default_tasks = (task,)
        self.pair_input = pair_input
        self.labels = _model_labels(model)
        self.label_map = resolve_label_map(self.labels, task, label_map)

    @classmethod
    def load(
        cls,
        name_or_path: str | Path,
        *,
        task: str = "stance",
        label_map: Mapping[str, str] | None = None,
        pair_input: bool = True,
        device: str = "cpu",
        local_files_only: bool = False,
        revision: str | None = None,
        max_tokens: int = DEFAULT_MAX_TOKENS,
    ) -> ClassifierScorer:
        """Load a classifier from a local folder or the Hugging Face hub (see :func:`load_pretrained`).

        ``pair_input`` reads ``(target, sentence)`` as a text pair (models fine-tuned on
        target-sentence pairs); ``False`` reads the sentence alone (e.g. a plain sentiment model).
        """
        if task not in ("stance", "sentiment"):
            raise ValueError(f"task must be 'stance' or 'sentiment', got {task!r}")
        model, tokenizer = load_pretrained(name_or_path, device=device, local_files_only=local_files_only, revision=revision)
        return cls(model, tokenizer, task=task, label_map=label_map, pair_input=pair_input, name=str(name_or_path), device=device, max_tokens=max_tokens)

    def encode(self, pair: Pair, task: str) -> dict[str, list[int]]:
        """The model input for ``pair`` in ``task``: ``(target, sentence)`` or the sentence alone."""
        check_pair(pair)
        self._check_tasks((task,))
        alone = task == "tone" or not self.pair_input or not pair.target
        return encode_input(self.tokenizer, pair.text, pair.mention, None if alone else pair.target, self.max_tokens)

    def predict(self, pairs: Sequence[Pair], tasks: Sequence[str] | None = None, batch_size: int = 64) -> list[dict[str, dict[str, float]]]:
        """Probabilities: for each pair, ``{task: {label: probability}}`` (default tasks: ``(task,)``)."""
        tasks = self._check_tasks(tasks)
        check_positive_int(batch_size, "batch_size")
        if not pairs:
            return []
        for pair in pairs:
            check_pair(pair)
        # identical inputs (e.g. sentiment and tone of a pair without a target) run once
        inputs: dict[tuple[str | None, str, Span | None], int] = {}
        encodings, rows = [], {}
        for task in tasks:
            for k, pair in enumerate(pairs):
                alone = task == "tone" or not self.pair_input or not pair.target
                key = (None if alone else pair.target, pair.text, pair.mention)
                if key not in inputs:
                    inputs[key] = len(encodings)
                    encodings.append(self.encode(pair, task))
                rows[task, k] = inputs[key]
        probabilities = self._logits(encodings, batch_size).softmax(-1).tolist()
        ours = HEADS[self.task]
        result = []
        for k in range(len(pairs)):
            scores = {}
            for task in tasks:
                mapped = dict.fromkeys(ours, 0.0)
                for label, p in zip(self.labels, probabilities[rows[task, k]]):
                    mapped[self.label_map[label]] += float(p)
                scores[task] = mapped
            result.append(scores)
        return result


def resolve_label_map(labels: Sequence[str], task: str, label_map: Mapping[str, str] | None = None) -> dict[str, str]:
    """The map from each of a model's ``labels`` to one of ours for ``task``.

    Given ``label_map`` must name every model label exactly and map it to a label of
    ``HEADS[task]``; without it each label is inferred with
    :func:`~stance.evaluation.labels.normalize_label`, and a label that cannot be inferred is
    an error asking for ``label_map``.
    """
    ours = HEADS[task]
    if label_map is None:
        try:
            return {label: normalize_label(label, task) for label in labels}
        except ValueError:
            raise ValueError(
                f"cannot tell which {task} label each of the model's labels {list(labels)} is; "
                f"pass label_map, e.g. {dict(zip(labels, ours))} (our labels: {list(ours)})"
            ) from None
    label_map = dict(label_map)
    missing = [label for label in labels if label not in label_map]
    extra = [label for label in label_map if label not in labels]
    if missing or extra:
        raise ValueError(f"label_map must map exactly the model's labels {list(labels)}; missing {missing}, unknown {extra}")
    wrong = {label: value for label, value in label_map.items() if value not in ours}
    if wrong:
        raise ValueError(f"label_map maps to {wrong}, which are not {task} labels {list(ours)}")
    return label_map


def check_templates(templates: Mapping[str, str]) -> dict[str, str]:
    """``templates`` as a dict, after checking it has one hypothesis per stance label that names ``{target}``."""
    if not isinstance(templates, Mapping):
        raise TypeError(f"templates must be a dict label -> hypothesis, got {type(templates).__name__}")
    if set(templates) != set(HEADS["stance"]):
        raise ValueError(f"templates must have exactly the keys {list(HEADS['stance'])}, got {list(templates)}")
    for label, template in templates.items():
        if not isinstance(template, str) or "{target}" not in template:
            raise ValueError(f"the {label} template {template!r} must be a string containing '{{target}}'")
        try:
            template.format(holder="holder", target="target")
        except (KeyError, IndexError, ValueError) as error:
            raise ValueError(f"the {label} template {template!r} may use only {{holder}} and {{target}} ({error!r})") from None
    return dict(templates)


def entailment_index(config: Any) -> int:
    """The output of an NLI model that means entailment (its label name starts with ``entail``)."""
    found = {int(k) for k, name in config.id2label.items() if str(name).lower().startswith("entail")}
    found |= {int(k) for name, k in (getattr(config, "label2id", None) or {}).items() if str(name).lower().startswith("entail")}
    if len(found) != 1:
        labels = [config.id2label[k] for k in sorted(config.id2label)]
        raise ValueError(f"cannot find the entailment output of the model among its labels {labels}; an NLI model is needed")
    return found.pop()


class NLIScorer(_PretrainedScorer):
    """Zero-shot stance from a natural-language-inference model; build it with :meth:`load`.

    For each pair the sentence is the premise and each stance label has a hypothesis
    (``templates``, default :data:`DEFAULT_TEMPLATES`, filled with the pair's holder, or
    :data:`DEFAULT_HOLDER`, and target). The stance probabilities are the softmax of the
    three hypotheses' entailment logits. Every pair needs a target.
    """

    tasks = ("stance",)
    default_tasks = ("stance",)

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        templates: Mapping[str, str] | None = None,
        name: str = "",
        device: str = "cpu",
        max_tokens: int = DEFAULT_MAX_TOKENS,
    ):
        self.templates = check_templates(DEFAULT_TEMPLATES if templates is None else templates)
        super().__init__(model, tokenizer, name=name, device=device, max_tokens=max_tokens)
        self.entailment = entailment_index(model.config)

    @classmethod
    def load(
        cls,
        name_or_path: str | Path,
        *,
        templates: Mapping[str, str] | None = None,
        device: str = "cpu",
        local_files_only: bool = False,
        revision: str | None = None,
        max_tokens: int = DEFAULT_MAX_TOKENS,
    ) -> NLIScorer:
        """Load an NLI model from a local folder or the Hugging Face hub (see :func:`load_pretrained`)."""
        templates = check_templates(DEFAULT_TEMPLATES if templates is None else templates)
        model, tokenizer = load_pretrained(name_or_path, device=device, local_files_only=local_files_only, revision=revision)
        return cls(model, tokenizer, templates=templates, name=str(name_or_path), device=device, max_tokens=max_tokens)

    def hypotheses(self, pair: Pair) -> dict[str, str]:
        """The hypothesis of each stance label for ``pair``."""
        if not pair.target:
            raise ValueError(f"zero-shot stance needs a target; the pair {pair.text[:60]!r} has none")
        holder = pair.holder or DEFAULT_HOLDER
        return {label: self.templates[label].format(holder=holder, target=pair.target) for label in HEADS["stance"]}

    def encode(self, pair: Pair) -> dict[str, dict[str, list[int]]]:
        """The model input per stance label: (sentence, hypothesis), windowed around the mention."""
        check_pair(pair)
        return {
            label: encode_input(self.tokenizer, pair.text, pair.mention, hypothesis, self.max_tokens, sentence_first=True)
            for label, hypothesis in self.hypotheses(pair).items()
        }

    def predict(self, pairs: Sequence[Pair], tasks: Sequence[str] | None = None, batch_size: int = 64) -> list[dict[str, dict[str, float]]]:
        """Probabilities: for each pair, ``{"stance": {label: probability}}``."""
        tasks = self._check_tasks(tasks)
        check_positive_int(batch_size, "batch_size")
        if not pairs or not tasks:
            return [{} for _ in pairs]
        labels = HEADS["stance"]
        encodings = []
        for pair in pairs:
            encoded = self.encode(pair)
            encodings.extend(encoded[label] for label in labels)
        entailment = self._logits(encodings, batch_size)[:, self.entailment].reshape(len(pairs), len(labels))
        probabilities = entailment.softmax(-1).tolist()
        return [{"stance": dict(zip(labels, map(float, row)))} for row in probabilities]
