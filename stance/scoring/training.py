"""Fine-tune the scoring model (:mod:`stance.scoring.model`) on labelled rows: :func:`train`.

Rows use the evaluation format (:mod:`stance.evaluation.loaders`): ``text``, ``target``,
``label``, ``task`` and optionally ``dataset``, ``target_start`` / ``target_end`` (the mention of
the target in the text). Each row trains one head:

* ``task == "stance"`` -> the ``stance`` head (against / neutral / favor toward ``target``);
* ``task == "sentiment"`` with a target -> the ``sentiment`` head (toward the target);
* ``task == "sentiment"`` with ``target == ""`` -> the ``tone`` head (the sentence's tone).

Training is deterministic for a given seed on a given machine: one epoch shuffles every data set
(at most ``max_per_dataset`` rows of each, or of those a mapping names, a fresh sample every epoch), groups rows of similar
length into batches and shuffles the batches. After each epoch the model is scored on the
development rows and the best epoch is kept; temperatures (one per head) are then fitted on
the development rows by minimising their negative log-likelihood.

Two options serve the larger encoder and its distillation into the small one:

* ``adapters={"rank": 16, "alpha": 32}`` trains LoRA adapters (:mod:`stance.networks.lora`) and the heads
  instead of the transformer layers, for a large base such as all-mpnet-base-v2;
* ``teacher=`` a trained model (or its logits for every row, precomputed: ``{head: (rows, labels)
  tensor}`` over the labelled rows then the unlabelled ones, in order): its probabilities (softened by ``distill_temperature``) become
  soft targets for every row, labelled or not (``unlabelled`` rows: news sentences with or
  without a target mention). A row with a target learns the teacher's stance and sentiment
  heads, a row without one its tone head; the loss is ``(1 - distill_weight)`` times the gold
  cross-entropy plus ``distill_weight`` times ``T**2`` times the KL divergence to the teacher.
"""

from __future__ import annotations

import json
import math
import time
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from stance.checks import check_positive_int
from stance.scoring.targets import pairs_from_rows, predict_rows
from stance.scoring.base import HEADS, head_of
from stance.scoring.model import ScoringModel, base_network, check_max_tokens, collate, encode_pairs, trained_keys

def training_examples(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with the head each trains and the label's index in that head."""
    required = {"text", "target", "label", "task"}
    missing = sorted(required - set(rows.columns))
    if missing:
        raise ValueError(f"training rows lack column(s) {missing}; they need {sorted(required)} (see stance.evaluation.loaders)")
    rows = rows.reset_index(drop=True).copy()
    rows["target"] = rows["target"].fillna("").astype(str)
    rows["head"] = [head_of(task, target) for task, target in zip(rows["task"], rows["target"])]
    label_ids = []
    for k, (head, label) in enumerate(zip(rows["head"], rows["label"])):
        if label not in HEADS[head]:
            raise ValueError(f"row {k}: label {label!r} is not one of the {head} labels {list(HEADS[head])}")
        label_ids.append(HEADS[head].index(label))
    rows["label_id"] = label_ids
    if "dataset" not in rows:
        rows["dataset"] = "data"
    return rows


def _read_rows(path: str | Path, task: str) -> pd.DataFrame:
    """Labelled rows from a file in the evaluation format, for :func:`train` (which describes the rules)."""
    from stance.evaluation.loaders import load_table

    rows = load_table(path, task=task, task_column="task")
    for name in ("target_start", "target_end"):
        if name in rows:
            rows[name] = pd.to_numeric(rows[name].replace("", None))
    return rows


def dev_score(rows: pd.DataFrame, probabilities: Sequence[dict[str, float]]) -> float:
    """The development figure of one data set: F_avg for SemEval-2016, else macro-F1 over its gold labels."""
    from stance.evaluation.metrics import f_avg, macro_f1

    predicted = [max(p, key=p.get) for p in probabilities]
    gold = list(rows["label"])
    if str(rows["dataset"].iloc[0]).startswith("semeval"):
        return f_avg(gold, predicted)
    return macro_f1(gold, predicted, labels=sorted(set(gold)))


def _batches(rows: pd.DataFrame, lengths: np.ndarray, batch_size: int, max_per_dataset: int | Mapping[str, int] | None, rng: np.random.Generator) -> list[np.ndarray]:
    """One epoch's batches: a sample of each data set, grouped by length, in shuffled order."""
    chosen = []
    for name, index in sorted(rows.groupby("dataset").groups.items()):
        index = rng.permutation(np.asarray(index))
        cap = max_per_dataset.get(str(name)) if isinstance(max_per_dataset, Mapping) else max_per_dataset
        chosen.append(index[:cap] if cap else index)
    order = rng.permutation(np.concatenate(chosen))
    chunk = batch_size * 50  # sort within chunks so that a batch holds rows of similar length
    batches = []
    for c in range(0, len(order), chunk):
        part = order[c : c + chunk]
        part = part[np.argsort(lengths[part], kind="stable")]
        batches.extend(part[b : b + batch_size] for b in range(0, len(part), batch_size))
    return [batches[k] for k in rng.permutation(len(batches))]


def fit_temperature(logits: Any, labels: Sequence[int]) -> float:
    """The temperature that minimises the negative log-likelihood of ``labels`` (a grid search)."""
    import torch

    labels = torch.as_tensor(list(labels))
    grid = np.exp(np.linspace(np.log(0.25), np.log(4.0), 81))
    losses = [float(torch.nn.functional.cross_entropy(logits / t, labels)) for t in grid]
    return float(grid[int(np.argmin(losses))])


def train(
    data: pd.DataFrame | str | Path,
    out: str | Path,
    *,
    dev: Mapping[str, pd.DataFrame] | pd.DataFrame | str | Path | None = None,
    task: str = "stance",
    start_from: str | Path | None = None,
    base: str | Path | None = None,
    epochs: int = 3,
    lr: float = 5e-5,
    head_lr: float = 1e-3,
    batch_size: int = 32,
    max_per_dataset: int | Mapping[str, int] | None = None,
    max_tokens: int = 128,
    warmup: float = 0.06,
    seed: int = 0,
    device: str = "cpu",
    adapters: Mapping[str, float] | None = None,
    teacher: str | Path | ScoringModel | Mapping[str, Any] | None = None,
    teacher_base: str | Path | None = None,
    unlabelled: pd.DataFrame | None = None,
    distill_weight: float = 0.5,
    distill_temperature: float = 2.0,
    reads_holder: bool = False,
    select: str | None = None,
    precision: str = "float32",
    balance: Mapping[str, float] | None = None,
    log: Callable[[str], None] | None = print,
) -> Path:
    """Fine-tune the scoring model on labelled rows and save it to ``out``; return ``out``.

    ``data`` is a DataFrame or a file in the evaluation format (CSV, TSV, JSON lines, Parquet);
    ``dev`` the same (or a dict ``name -> rows``) for choosing the epoch and fitting the
    temperatures: without it the last epoch is kept and the temperatures stay 1. A file is read
    with :func:`~stance.evaluation.loaders.load_table`: each row's task is its ``task`` cell, or
    ``task`` (default ``"stance"``) when the file has no ``task`` column or the cell is empty;
    labels may use any spelling :mod:`stance.evaluation.labels` knows, and blank
    ``target_start``/``target_end`` cells mean that the target's first mention is marked (as
    :func:`~stance.scoring.pairs_from_rows` does). A DataFrame is used as it is (canonical
    labels and a ``task`` column).
    ``start_from`` continues from a saved model (e.g. :data:`stance.scoring.model.DEFAULT_PATH`),
    otherwise the heads start untrained on the base encoder (``base``, default: the installed
    all-MiniLM-L6-v2). ``Analyzer(scorer=out)`` loads the result. ``adapters``, ``teacher``,
    ``unlabelled`` (rows with ``text``, ``target`` and optional mention offsets, no labels) and
    the ``distill_*`` settings are described in the module docstring. ``reads_holder`` trains a
    model that reads each row's holder (:mod:`stance.scoring.model`; rows with a ``holder`` column,
    the author elsewhere). The epoch kept is the one with the best mean development figure, or
    with ``select`` the best figure of that development set. ``precision="bfloat16"`` runs the
    forward pass under bfloat16 autocast (the weights stay float32): about twice as fast on CPUs
    with native bfloat16 (:func:`~stance.networks.inference.cpu_has_bfloat16`) and on GPUs.
    ``balance`` (``{dataset: a}``) weighs each labelled row of those data sets by the frequency
    of its label there to the power ``-a`` (:func:`balance_weights`): 0 changes nothing, 1
    weighs every label alike, so that rare labels (favor and against in news) count more.
    """
    import torch

    from stance.evaluation.labels import check_task

    check_task(task)
    if precision not in ("float32", "bfloat16"):
        raise ValueError(f"precision must be 'float32' or 'bfloat16' for training, got {precision!r}")
    check_positive_int(epochs, "epochs")
    check_positive_int(batch_size, "batch_size")
    check_max_tokens(max_tokens)
    for name, cap in (max_per_dataset.items() if isinstance(max_per_dataset, Mapping) else [("", max_per_dataset)]):
        if cap is not None:
            check_positive_int(cap, f"max_per_dataset{f'[{name!r}]' if name else ''}")
    for name, value in (("lr", lr), ("head_lr", head_lr), ("distill_temperature", distill_temperature)):
        if not value > 0:
            raise ValueError(f"{name} must be positive, got {value!r}")
    if not 0 <= distill_weight <= 1:
        raise ValueError(f"distill_weight must be between 0 and 1, got {distill_weight!r}")
    if select is not None and (dev is None or not isinstance(dev, Mapping) or select not in dev):
        raise ValueError(f"select={select!r} must name one of the development sets given as dev={{name: rows}}")
    if unlabelled is not None and teacher is None:
        raise ValueError("unlabelled rows need a teacher: they have no labels to learn from")
    rows = training_examples(data if isinstance(data, pd.DataFrame) else _read_rows(data, task))
    if rows.empty:
        raise ValueError("no training rows")
    if unlabelled is not None:
        rows = pd.concat([rows, unlabelled_examples(unlabelled)], ignore_index=True)
    if dev is None:
        dev_sets: dict[str, pd.DataFrame] = {}
    elif isinstance(dev, Mapping):
        dev_sets = {name: training_examples(frame) for name, frame in dev.items()}
    else:
        frame = training_examples(dev if isinstance(dev, pd.DataFrame) else _read_rows(dev, task))
        dev_sets = {str(name): part for name, part in frame.groupby("dataset")}

    row_weights = torch.as_tensor(balance_weights(rows, balance or {}), dtype=torch.float32)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    say = log or (lambda message: None)
    if start_from is not None:
        model = ScoringModel.load(start_from, base=base, device=device, backend="torch")
        model.temperatures = {task: 1.0 for task in HEADS}
    else:
        network, tokenizer = base_network(base, dict(adapters) if adapters else None)
        config = {"base": _base_name(base), **({"adapters": dict(adapters)} if adapters else {})}
        model = ScoringModel(network.to(torch.device(device)), tokenizer, config, device=device)
    model.max_tokens, model.reads_holder = max_tokens, reads_holder
    network = model.network
    pairs = pairs_from_rows(rows)
    encoded = encode_pairs(model.tokenizer, pairs, max_tokens, reads_holder)
    lengths = np.array([len(e) for e in encoded])
    heads = rows["head"].to_numpy()
    label_ids = torch.tensor(rows["label_id"].to_numpy())
    soft = _soft_targets(teacher, teacher_base, pairs, device, distill_temperature, say) if teacher is not None else None
    gold_weight = 1.0 - distill_weight if soft is not None else 1.0

    trained = set(trained_keys(network.state_dict()))
    for name, parameter in network.named_parameters():
        parameter.requires_grad = name in trained
    body = [p for n, p in network.named_parameters() if n in trained and not n.startswith("heads.")]
    head_parameters = [p for n, p in network.named_parameters() if n.startswith("heads.")]
    optimizer = torch.optim.AdamW([{"params": body, "lr": lr}, {"params": head_parameters, "lr": head_lr}], weight_decay=0.01)
    per_epoch = len(_batches(rows, lengths, batch_size, max_per_dataset, np.random.default_rng(seed)))
    total = per_epoch * epochs
    warm = max(1, int(warmup * total))
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: min((step + 1) / warm, max(0.0, (total - step) / max(1, total - warm))))

    out = Path(out)
    history: list[dict[str, Any]] = []
    best_score, best_state = -math.inf, None
    say(f"training on {len(rows)} rows ({ {str(k): int(v) for k, v in rows['head'].value_counts().items()} }); {per_epoch} batches per epoch, {epochs} epochs")
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        network.train()
        losses = []
        for step, batch in enumerate(_batches(rows, lengths, batch_size, max_per_dataset, rng), 1):
            inputs = {k: v.to(torch.device(device)) for k, v in collate([encoded[k] for k in batch]).items()}
            with torch.autocast(torch.device(device).type, dtype=torch.bfloat16, enabled=precision == "bfloat16"):
                outputs = network(**inputs)
            outputs = {head: value.float() for head, value in outputs.items()}
            loss = torch.zeros((), device=torch.device(device))
            for head in HEADS:
                rows_of_head = np.flatnonzero((heads[batch] == head) & (label_ids[batch].numpy() >= 0))
                if len(rows_of_head):
                    target = label_ids[batch[rows_of_head]].to(torch.device(device))
                    losses_of_rows = torch.nn.functional.cross_entropy(outputs[head][rows_of_head], target, reduction="none")
                    loss = loss + gold_weight * (losses_of_rows * row_weights[batch[rows_of_head]].to(losses_of_rows.device)).sum()
            if soft is not None:
                loss = loss + distill_weight * _distillation_loss(outputs, soft, batch, distill_temperature)
            loss = loss / len(batch)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            losses.append(loss.item())
            if step % 100 == 0:
                say(f"epoch {epoch} step {step}/{per_epoch} loss {np.mean(losses[-100:]):.4f} ({time.perf_counter() - started:.0f} s)")
        network.eval()
        scores = {name: dev_score(frame, predict_rows(model, frame)) for name, frame in dev_sets.items()}
        selection = scores[select] if select else float(np.mean(list(scores.values()))) if scores else float(epoch)
        history.append({"epoch": epoch, "loss": float(np.mean(losses)), "dev": scores, "dev_selection": selection, "seconds": round(time.perf_counter() - started, 1)})
        say(f"epoch {epoch}: loss {np.mean(losses):.4f}, dev {json.dumps({k: round(v, 4) for k, v in scores.items()})}, selection {selection:.4f}")
        model.save(out / f"epoch-{epoch}", extra={"training": {"epoch": epoch, "history": history}})
        if selection > best_score:
            best_score, best_state = selection, {k: v.detach().clone() for k, v in network.state_dict().items()}
    network.load_state_dict(best_state)
    network.eval()
    best_epoch = max(history, key=lambda h: h["dev_selection"])["epoch"]
    model.temperatures = fit_temperatures(model, dev_sets, select)
    settings = {"epochs": epochs, "lr": lr, "head_lr": head_lr, "batch_size": batch_size, "max_per_dataset": dict(max_per_dataset) if isinstance(max_per_dataset, Mapping) else max_per_dataset, "max_tokens": max_tokens, "warmup": warmup, "seed": seed,
                "adapters": dict(adapters) if adapters else None, "teacher": None if teacher is None else "precomputed logits" if isinstance(teacher, Mapping) else str(getattr(teacher, "path", teacher)),
                "distill_weight": distill_weight if teacher is not None else None, "distill_temperature": distill_temperature if teacher is not None else None,
                "reads_holder": reads_holder, "precision": precision, "balance": dict(balance) if balance else None, "selected_by": select or "mean of the development sets"}
    model.save(out, extra={"training": {"settings": settings, "best_epoch": best_epoch, "history": history, "train_rows": {str(k): int(v) for k, v in rows["dataset"].value_counts().items()}, "seconds": round(time.perf_counter() - started, 1)}})
    say(f"saved epoch {best_epoch} to {out} (temperatures {model.temperatures})")
    return out


def balance_weights(rows: pd.DataFrame, balance: Mapping[str, float]) -> np.ndarray:
    """A weight per training row: ``share ** -a`` for the labelled rows of a data set named in ``balance``
    (``share``: the label's share of that data set's rows of the same head), scaled to a mean of 1 over
    them; 1 for every other row."""
    weights = np.ones(len(rows))
    unknown = sorted(set(balance) - set(rows["dataset"]))
    if unknown:
        raise ValueError(f"balance names data set(s) {unknown} that the training rows do not have ({sorted(set(rows['dataset']))})")
    for dataset, power in balance.items():
        if not 0 <= power <= 1:
            raise ValueError(f"balance[{dataset!r}] must be between 0 and 1, got {power!r}")
        for _, group in rows[(rows["dataset"] == dataset) & (rows["label_id"] >= 0)].groupby("head"):
            share = group["label_id"].map(group["label_id"].value_counts(normalize=True)).to_numpy()
            weights[group.index] = share**-power / np.mean(share**-power)
    return weights


def _base_name(base: str | Path | None) -> str:
    """The name a model's config records for its base: a :data:`~stance.networks.encoder.BASES` name where the folder is one."""
    from stance.networks.encoder import BASES, DEFAULT_BASE

    if base is None:
        return DEFAULT_BASE
    return Path(base).name if Path(base).name in BASES else str(base)


def unlabelled_examples(unlabelled: pd.DataFrame) -> pd.DataFrame:
    """Unlabelled rows as training rows: ``label_id`` -1, the head their target implies."""
    missing = sorted({"text", "target"} - set(unlabelled.columns))
    if missing:
        raise ValueError(f"unlabelled rows lack column(s) {missing}; they need 'text' and 'target' ('' for a sentence's tone)")
    rows = unlabelled.reset_index(drop=True).copy()
    rows["target"] = rows["target"].fillna("").astype(str)
    rows["task"] = ["stance" if target else "sentiment" for target in rows["target"]]
    rows["head"] = [head_of(task, target) for task, target in zip(rows["task"], rows["target"])]
    rows["label"] = None
    rows["label_id"] = -1
    if "dataset" not in rows:
        rows["dataset"] = "unlabelled"
    return rows


def _soft_targets(teacher: str | Path | ScoringModel | Mapping[str, Any], base: str | Path | None, pairs: Sequence[Any], device: str, temperature: float, say: Callable[[str], None]) -> dict[str, Any]:
    """The teacher's softened probabilities for every pair: ``{head: (rows, labels) tensor}``.

    A pair with a target gets the stance and sentiment heads' probabilities, one without a
    target the tone head's; the heads a pair does not get are NaN rows.
    """
    import torch

    has_target = np.array([bool(p.target) for p in pairs])
    chosen_rows = {"stance": np.flatnonzero(has_target), "sentiment": np.flatnonzero(has_target), "tone": np.flatnonzero(~has_target)}
    if isinstance(teacher, Mapping):
        say(f"teacher logits given for {len(pairs)} rows")
        for head, labels in HEADS.items():
            if head not in teacher or tuple(teacher[head].shape) != (len(pairs), len(labels)):
                raise ValueError(f"teacher logits must hold a ({len(pairs)}, {len(labels)}) tensor for the {head} head (one row per training row)")
        logits = {head: torch.as_tensor(teacher[head]).float()[chosen_rows[head]] for head in HEADS}
    else:
        with torch.random.fork_rng(devices=[]):  # building the teacher must not move the student's random stream
            model = teacher if isinstance(teacher, ScoringModel) else ScoringModel.load(teacher, base=base, device=device, backend="torch")
        say(f"teacher {model.path}: soft targets for {len(pairs)} rows")
        logits = {}
        for heads in (("stance", "sentiment"), ("tone",)):
            chosen = chosen_rows[heads[0]]
            if len(chosen):
                logits.update(model.logits([pairs[k] for k in chosen], heads, batch_size=128))
    soft = {head: torch.full((len(pairs), len(labels)), float("nan")) for head, labels in HEADS.items()}
    for head in HEADS:
        if len(chosen_rows[head]):
            soft[head][chosen_rows[head]] = (logits[head] / temperature).softmax(-1)
    return soft


def _distillation_loss(outputs: Mapping[str, Any], soft: Mapping[str, Any], batch: np.ndarray, temperature: float) -> Any:
    """Summed ``T**2 * KL(teacher || student)`` over the rows of ``batch`` and the heads each row distils."""
    import torch

    total = 0.0
    for head, probabilities in soft.items():
        target = probabilities[torch.as_tensor(batch)]
        chosen = ~torch.isnan(target[:, 0])
        if chosen.any():
            student = torch.log_softmax(outputs[head][chosen.to(outputs[head].device)] / temperature, dim=-1)
            total = total + temperature**2 * torch.nn.functional.kl_div(student, target[chosen].to(student.device), reduction="sum")
    return total


def fit_temperatures(model: ScoringModel, dev_sets: Mapping[str, pd.DataFrame], select: str | None = None) -> dict[str, float]:
    """One temperature per head, fitted on all development rows of that head (1 without any).

    With ``select`` (a name of ``dev_sets``), the heads that set has rows for are fitted on its
    rows alone: the set that chooses the model also calibrates it (news stance dev for the stance head).
    """
    temperatures = {task: 1.0 for task in HEADS}
    if not dev_sets:
        return temperatures
    rows = pd.concat(list(dev_sets.values()), ignore_index=True)
    if select is not None:
        chosen = dev_sets[select]
        rows = pd.concat([chosen, rows[~rows["head"].isin(set(chosen["head"]))]], ignore_index=True)
    pairs = pairs_from_rows(rows)
    for head, index in rows.groupby("head").indices.items():
        logits = model.logits([pairs[k] for k in index], (head,))[head]
        temperatures[head] = fit_temperature(logits, rows["label_id"].to_numpy()[index])
    return temperatures
