"""Targets and scoring documents: each sentence's tone, and its holder's stance toward the user's targets.

Targets are phrases the user names ("the West", "Ukraine", "climate change"). A sentence is
scored against a target where it *mentions* it (:func:`target_mentions`):

* an actor mention (:mod:`stance.attribution.mentions`) of the target's registry actor, or of an actor
  under it in the hierarchy ("Kyiv", "Zelensky" -> Ukraine; "Washington" -> the West);
* the target phrase itself or one of its registry aliases, found in the text (whole words, case
  folded), which is how targets the registry does not know are found.

A mention inside the sentence's attribution source is the holder, not a target, and is left
out ("Putin said ..." is not a sentence about Russia). With ``implicit=True`` every sentence
is scored against every target, mentioned or not.

The scorer (the shipped :class:`~stance.scoring.model.ScoringModel`, or a Hugging Face model from
:mod:`stance.scoring.hub`) reads one (sentence, target, mention) pair per mention; a sentence
with several mentions of a target gets the mean of their probabilities, and
``Stance.mentions`` lists the spans used. Pairs are batched across sentences and documents.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from stance.records import AUTHOR, Document, Score, Sentence, Span, Stance, holder_of, signed_score
from stance.scoring.base import Pair

if TYPE_CHECKING:
    import pandas as pd

#: Sentence kinds that are scored (page furniture, bylines and datelines are not).
SCORED_KINDS = ("body", "headline", "subheading")
#: At most this many mentions of one target are scored in one sentence.
MAX_MENTIONS = 3


@dataclass(frozen=True)
class Target:
    """A target as the scoring stage uses it: the user's phrase, its registry actor and its surface forms."""

    name: str
    actor: str | None
    forms: tuple[str, ...]

    def pattern(self) -> re.Pattern[str]:
        """A case-folded, whole-word regular expression for the target's surface forms."""
        alternatives = sorted({re.escape(form) for form in self.forms}, key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def check_targets(targets: Any) -> list[str]:
    """Validate the user's targets: a list of distinct, non-empty strings (returned stripped)."""
    if isinstance(targets, str):
        targets = [targets]
    if not isinstance(targets, Iterable):
        raise TypeError(f"targets must be a list of strings, got {type(targets).__name__}")
    cleaned, seen = [], {}
    for target in targets:
        if not isinstance(target, str):
            raise TypeError(f"every target must be a string, got {target!r} ({type(target).__name__})")
        name = " ".join(target.split())
        if not name:
            raise ValueError("a target is empty; name each target, e.g. targets=['Ukraine', 'the West']")
        key = name.casefold()
        if key in seen:
            raise ValueError(f"target {target!r} is given twice (as {seen[key]!r} too)")
        seen[key] = target
        cleaned.append(name)
    return cleaned


def resolve_targets(targets: Sequence[str], registry: Any = None) -> list[Target]:
    """A :class:`Target` for each name: its registry actor (if any) and the phrases that name it."""
    resolved = []
    for name in check_targets(targets):
        actor = registry.lookup(name) if registry is not None else None
        forms = {name}
        if actor is not None:
            forms |= {alias for alias, canonical in registry.aliases().items() if canonical == actor.name}
            forms.add(actor.name)
        resolved.append(Target(name, actor.name if actor else None, tuple(sorted(forms))))
    return resolved


def target_mentions(sentence: Sentence, target: Target, registry: Any = None) -> list[Span]:
    """Document spans where ``sentence`` mentions ``target``, outside its attribution source."""
    spans = []
    for mention in sentence.mentions:
        if target.actor is None or registry is None or mention.actor is None:
            continue
        if mention.actor == target.actor or (mention.actor in registry and target.actor in {a.name for a in registry.ancestors(mention.actor)}):
            spans.append((mention.start, mention.end))
    for match in target.pattern().finditer(sentence.text):
        span = (sentence.start + match.start(), sentence.start + match.end())
        if not any(a < span[1] and span[0] < b for a, b in spans):
            spans.append(span)
    source = sentence.attribution.source if sentence.attribution is not None else None
    if source is not None:
        spans = [(a, b) for a, b in spans if not (source[0] <= a and b <= source[1])]
    return sorted(spans)


def first_mention(text: str, target: Target) -> Span | None:
    """The span of the first whole-word, case-folded match of one of the target's forms in ``text``."""
    match = target.pattern().search(text)
    return (match.start(), match.end()) if match else None


def pairs_from_rows(rows: pd.DataFrame, registry: Any = "default") -> list[Pair]:
    """One :class:`Pair` per labelled row (the evaluation format), for training and evaluation.

    The mention is the row's ``target_start``/``target_end`` where it gives them (NewsMTSC);
    otherwise the first mention of the target's forms in the text (its registry aliases, as
    :func:`resolve_targets` gives them; ``registry="default"`` is the shipped registry, ``None``
    the target phrase alone), so that tweets about "Donald Trump" have "Trump" marked as the
    Analyzer marks the mentions it finds. A row without a target (tone) has no mention.
    """
    import pandas as pd

    if isinstance(registry, str) and registry == "default":
        registry = shipped_registry()
    starts = rows["target_start"] if "target_start" in rows else [None] * len(rows)
    ends = rows["target_end"] if "target_end" in rows else [None] * len(rows)
    targets: dict[str, Target] = {}
    pairs = []
    for text, target, start, end in zip(rows["text"], rows["target"], starts, ends):
        text, target = str(text), "" if pd.isna(target) else str(target)
        if start is not None and end is not None and not (pd.isna(start) or pd.isna(end)):
            mention = (int(start), int(end))
        elif target.strip():
            if target not in targets:
                targets[target] = resolve_targets([target], registry)[0]
            mention = first_mention(text, targets[target])
        else:
            mention = None
        pairs.append(Pair(text, target, mention))
    return pairs


def predict_rows(scorer: Any, rows: pd.DataFrame) -> list[dict[str, float]]:
    """For each labelled row, ``{label: probability}`` from the head it asks for.

    The head follows the row's ``task`` and ``target`` (:func:`~stance.scoring.model.head_of`:
    a ``sentiment`` row without a target asks for the tone); the pair is built by
    :func:`pairs_from_rows`. Raises ``ValueError`` when the scorer lacks a head the rows need.
    """
    from stance.scoring.base import head_of

    heads = [head_of(task, "" if not isinstance(target, str) else target) for task, target in zip(rows["task"], rows["target"])]
    missing = sorted(set(heads) - set(scorer.tasks))
    if missing:
        raise ValueError(f"the scorer gives {list(scorer.tasks)}, but these rows need {missing}")
    pairs = pairs_from_rows(rows)
    result: list[dict[str, float]] = [{} for _ in heads]
    for head in dict.fromkeys(heads):
        index = [k for k, h in enumerate(heads) if h == head]
        for k, predicted in zip(index, scorer.predict([pairs[k] for k in index], tasks=(head,))):
            result[k] = predicted[head]
    return result


@functools.lru_cache(maxsize=1)
def shipped_registry() -> Any:
    from stance.actors import ActorRegistry

    return ActorRegistry.default()


def _holder(sentence: Sentence) -> str:
    """The name of the sentence's holder for the scorer, ``""`` for the author."""
    holder = holder_of(sentence)
    return "" if holder == AUTHOR else holder


def score_documents(
    documents: Sequence[Document],
    scorer: Any,
    targets: Sequence[Target] = (),
    *,
    registry: Any = None,
    implicit: bool = False,
    tone: bool = True,
    batch_size: int = 64,
) -> None:
    """Fill ``sentence.sentiment`` (tone) and ``sentence.stances`` of every scored sentence, in place.

    Scored are the sentences of :data:`SCORED_KINDS` that repeat no earlier one (``repeat_of`` is ``None``).
    """
    tasks = tuple(t for t in ("stance", "sentiment") if t in scorer.tasks)
    pairs: list[Pair] = []
    owners: list[tuple[Sentence, str, Span | None]] = []
    tone_pairs: list[Pair] = []
    tone_owners: list[Sentence] = []
    for document in documents:
        for sentence in document.sentences:
            if sentence.kind not in SCORED_KINDS or sentence.repeat_of is not None:
                continue
            if tone and "tone" in scorer.tasks:
                tone_pairs.append(Pair(sentence.text))
                tone_owners.append(sentence)
            for target in targets:
                spans = target_mentions(sentence, target, registry)[:MAX_MENTIONS]
                if not spans and not implicit:
                    continue
                for span in spans or [None]:
                    mention = None if span is None else (span[0] - sentence.start, span[1] - sentence.start)
                    pairs.append(Pair(sentence.text, target.name, mention, _holder(sentence)))
                    owners.append((sentence, target.name, span))
    if tone_pairs:
        for sentence, probabilities in zip(tone_owners, scorer.predict(tone_pairs, tasks=("tone",), batch_size=batch_size)):
            sentence.sentiment = _score(probabilities["tone"])
    if not pairs or not tasks:
        return
    grouped: dict[tuple[int, str], list[tuple[Span | None, dict[str, dict[str, float]]]]] = {}
    sentences: dict[int, Sentence] = {}
    for (sentence, name, span), result in zip(owners, scorer.predict(pairs, tasks=tasks, batch_size=batch_size)):
        grouped.setdefault((id(sentence), name), []).append((span, result))
        sentences[id(sentence)] = sentence
    for (key, name), results in grouped.items():
        mean = {task: _mean([r[task] for _, r in results]) for task in tasks}
        stance = mean.get("stance")
        sentences[key].stances[name] = Stance(
            label=max(stance, key=stance.get) if stance else "",
            probabilities=stance or {},
            score=signed_score(stance, low="against", high="favor") if stance else 0.0,
            mentions=[span for span, _ in results if span is not None],
            sentiment=_score(mean["sentiment"]) if "sentiment" in mean else None,
        )


def _mean(distributions: list[dict[str, float]]) -> dict[str, float]:
    """The label-wise mean of probability distributions, rounded to 6 decimals."""
    return {label: round(sum(d[label] for d in distributions) / len(distributions), 6) for label in distributions[0]}


def _score(probabilities: dict[str, float]) -> Score:
    """A :class:`~stance.records.Score` from label probabilities (the label is the most probable)."""
    probabilities = {label: round(p, 6) for label, p in probabilities.items()}
    return Score(label=max(probabilities, key=probabilities.get), probabilities=probabilities)


def load_scorer(scorer: Any, *, preset: str = "fast", device: str = "cpu", precision: str = "auto") -> Any:
    """The scorer ``scorer`` names: ``"default"`` (the shipped model of ``preset``), a saved model folder, or a scorer object.

    ``preset`` picks the shipped model ``"default"`` means: ``"fast"`` (all-MiniLM-L6-v2) or
    ``"accurate"`` (all-mpnet-base-v2 with LoRA adapters; slower, needs its encoder installed).
    A folder saved by :func:`stance.train` loads as a :class:`~stance.scoring.model.ScoringModel`;
    any other folder or a Hugging Face model name loads as a stance classifier through
    :meth:`stance.scoring.hub.ClassifierScorer.load` (build a ``ClassifierScorer`` or
    ``NLIScorer`` yourself to set its task, label map or templates). Objects with ``tasks`` and
    ``predict`` are used as they are.
    """
    import json
    from pathlib import Path

    from stance.scoring.model import CONFIG_FILE, FORMAT, PRESETS, ScoringModel

    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {list(PRESETS)}")
    if preset != "fast" and not (isinstance(scorer, str) and scorer == "default"):
        raise ValueError(f"preset={preset!r} chooses the shipped scorer, but scorer={scorer!r} was given too; pass one of them")
    if hasattr(scorer, "predict") and hasattr(scorer, "tasks"):
        return scorer
    if isinstance(scorer, str) and scorer == "default":
        return ScoringModel.load(PRESETS[preset], device=device, precision=precision)
    if not isinstance(scorer, (str, Path)):
        raise TypeError(f"scorer must be 'default', a model folder or name, a scorer object or None; got {type(scorer).__name__}")
    config_file = Path(scorer) / CONFIG_FILE
    if config_file.is_file():
        try:
            ours = json.loads(config_file.read_text(encoding="utf-8")).get("format") == FORMAT
        except (ValueError, AttributeError):  # not JSON, or not an object: not ours, let the loader say why
            ours = False
        if ours:
            return ScoringModel.load(config_file.parent, device=device, precision=precision)
    from stance.scoring.hub import ClassifierScorer

    return ClassifierScorer.load(str(scorer), task="stance", device=device)


__all__ = ["SCORED_KINDS", "Target", "check_targets", "first_mention", "load_scorer", "pairs_from_rows", "predict_rows", "resolve_targets", "score_documents", "target_mentions"]
