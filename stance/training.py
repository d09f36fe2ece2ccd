"""Fine-tune the scoring model (:mod:`stance.scoring_model`) on labelled rows: :func:`train`.

Rows use the evaluation format (:mod:`stance.evaluation.loaders`): ``text``, ``target``,
``label``, ``task`` and optionally ``dataset``, ``target_start`` / ``target_end`` (the mention of
the target in the text). Each row trains one head:

* ``task == "stance"`` -> the ``stance`` head (against / neutral / favor toward ``target``);
* ``task == "sentiment"`` with a target -> the ``sentiment`` head (toward the target);
* ``task == "sentiment"`` with ``target == ""`` -> the ``tone`` head (the sentence's tone).

Training is deterministic for a given seed on a given machine: one epoch shuffles every data set
(at most ``max_per_dataset`` rows of each, a fresh sample every epoch), groups rows of similar
length into batches and shuffles the batches. After each epoch the model is scored on the
development rows and the best epoch is kept; temperatures (one per head) are then fitted on
the development rows by minimising their negative log-likelihood.
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
from stance.scoring import pairs_from_rows, predict_rows
from stance.scoring_model import HEADS, ScoringModel, base_network, check_max_tokens, collate, encode_pairs, head_of

def _examples(rows: pd.DataFrame) -> pd.DataFrame:
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


def dev_score(rows: pd.DataFrame, probabilities: Sequence[dict[str, float]]) -> float:
    """The development figure of one data set: F_avg for SemEval-2016, else macro-F1 over its gold labels."""
    from stance.evaluation.metrics import f_avg, macro_f1

    predicted = [max(p, key=p.get) for p in probabilities]
    gold = list(rows["label"])
    if str(rows["dataset"].iloc[0]).startswith("semeval"):
        return f_avg(gold, predicted)
    return macro_f1(gold, predicted, labels=sorted(set(gold)))


def _batches(rows: pd.DataFrame, lengths: np.ndarray, batch_size: int, max_per_dataset: int | None, rng: np.random.Generator) -> list[np.ndarray]:
    """One epoch's batches: a sample of each data set, grouped by length, in shuffled order."""
    chosen = []
    for _, index in sorted(rows.groupby("dataset").groups.items()):
        index = rng.permutation(np.asarray(index))
        chosen.append(index[:max_per_dataset] if max_per_dataset else index)
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
    start_from: str | Path | None = None,
    base: str | Path | None = None,
    epochs: int = 3,
    lr: float = 5e-5,
    head_lr: float = 1e-3,
    batch_size: int = 32,
    max_per_dataset: int | None = None,
    max_tokens: int = 128,
    warmup: float = 0.06,
    seed: int = 0,
    device: str = "cpu",
    log: Callable[[str], None] | None = print,
) -> Path:
    """Fine-tune the scoring model on labelled rows and save it to ``out``; return ``out``.

    ``data`` is a DataFrame or a file in the evaluation format (CSV, TSV, JSON lines, Parquet);
    ``dev`` the same (or a dict ``name -> rows``) for choosing the epoch and fitting the
    temperatures: without it the last epoch is kept and the temperatures stay 1.
    ``start_from`` continues from a saved model (e.g. :data:`stance.scoring_model.DEFAULT_PATH`),
    otherwise the heads start untrained on the base encoder (``base``, default: the installed
    all-MiniLM-L6-v2). ``Analyzer(scorer=out)`` loads the result.
    """
    import torch

    from stance.evaluation.loaders import load_table

    check_positive_int(epochs, "epochs")
    check_positive_int(batch_size, "batch_size")
    check_max_tokens(max_tokens)
    if max_per_dataset is not None:
        check_positive_int(max_per_dataset, "max_per_dataset")
    for name, value in (("lr", lr), ("head_lr", head_lr)):
        if not value > 0:
            raise ValueError(f"{name} must be positive, got {value!r}")
    rows = _examples(data if isinstance(data, pd.DataFrame) else load_table(data))
    if rows.empty:
        raise ValueError("no training rows")
    if dev is None:
        dev_sets: dict[str, pd.DataFrame] = {}
    elif isinstance(dev, Mapping):
        dev_sets = {name: _examples(frame) for name, frame in dev.items()}
    else:
        frame = _examples(dev if isinstance(dev, pd.DataFrame) else load_table(dev))
        dev_sets = {str(name): part for name, part in frame.groupby("dataset")}

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    say = log or (lambda message: None)
    if start_from is not None:
        model = ScoringModel.load(start_from, base=base, device=device)
        model.temperatures = {task: 1.0 for task in HEADS}
    else:
        network, tokenizer = base_network(base)
        model = ScoringModel(network.to(torch.device(device)), tokenizer, {}, device=device)
    model.max_tokens = max_tokens
    network = model.network
    encoded = encode_pairs(model.tokenizer, pairs_from_rows(rows), max_tokens)
    lengths = np.array([len(e) for e in encoded])
    heads = rows["head"].to_numpy()
    label_ids = torch.tensor(rows["label_id"].to_numpy())

    for name, parameter in network.named_parameters():
        parameter.requires_grad = not name.startswith("bert.embeddings.")
    encoder = [p for n, p in network.named_parameters() if n.startswith("bert.encoder.")]
    head_parameters = [p for n, p in network.named_parameters() if n.startswith("heads.")]
    optimizer = torch.optim.AdamW([{"params": encoder, "lr": lr}, {"params": head_parameters, "lr": head_lr}], weight_decay=0.01)
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
            outputs = network(**inputs)
            loss = torch.zeros((), device=torch.device(device))
            for head in HEADS:
                rows_of_head = np.flatnonzero(heads[batch] == head)
                if len(rows_of_head):
                    target = label_ids[batch[rows_of_head]].to(torch.device(device))
                    loss = loss + torch.nn.functional.cross_entropy(outputs[head][rows_of_head], target, reduction="sum")
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
        mean = float(np.mean(list(scores.values()))) if scores else float(epoch)
        history.append({"epoch": epoch, "loss": float(np.mean(losses)), "dev": scores, "dev_mean": mean, "seconds": round(time.perf_counter() - started, 1)})
        say(f"epoch {epoch}: loss {np.mean(losses):.4f}, dev {json.dumps({k: round(v, 4) for k, v in scores.items()})}, mean {mean:.4f}")
        model.save(out / f"epoch-{epoch}", extra={"training": {"epoch": epoch, "history": history}})
        if mean > best_score:
            best_score, best_state = mean, {k: v.detach().clone() for k, v in network.state_dict().items()}
    network.load_state_dict(best_state)
    network.eval()
    best_epoch = max(history, key=lambda h: h["dev_mean"])["epoch"]
    model.temperatures = _fit_temperatures(model, dev_sets)
    settings = {"epochs": epochs, "lr": lr, "head_lr": head_lr, "batch_size": batch_size, "max_per_dataset": max_per_dataset, "max_tokens": max_tokens, "warmup": warmup, "seed": seed}
    model.save(out, extra={"training": {"settings": settings, "best_epoch": best_epoch, "history": history, "train_rows": {str(k): int(v) for k, v in rows["dataset"].value_counts().items()}, "seconds": round(time.perf_counter() - started, 1)}})
    say(f"saved epoch {best_epoch} to {out} (temperatures {model.temperatures})")
    return out


def _fit_temperatures(model: ScoringModel, dev_sets: Mapping[str, pd.DataFrame]) -> dict[str, float]:
    """One temperature per head, fitted on all development rows of that head (1 without any)."""
    temperatures = {task: 1.0 for task in HEADS}
    if not dev_sets:
        return temperatures
    rows = pd.concat(list(dev_sets.values()), ignore_index=True)
    pairs = pairs_from_rows(rows)
    for head, index in rows.groupby("head").indices.items():
        logits = model.logits([pairs[k] for k in index], (head,))[head]
        temperatures[head] = fit_temperature(logits, rows["label_id"].to_numpy()[index])
    return temperatures
