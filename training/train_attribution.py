"""Train the attribution tagger of :mod:`stance.attribution.model` on PolNeAR.

Reproduce the shipped weights (about 45 minutes on a 2-core CPU; these are also the defaults)::

    .venv/bin/python training/train_attribution.py --data ../shared/data/polnear \\
        --out stance/models/attribution --epochs 4 --lr 5e-4 --head-lr 3e-3 --train-layers 3 \\
        --tag-weight 3 --prev 2 --next 2 --same-paragraph --seed 0

What it does:

1. Reads PolNeAR ``train`` and ``dev`` (first annotator per article), segments each
   article with :func:`stance.segment` and builds one window per body sentence with
   :func:`stance.attribution.model.build_window`.
2. Tags each window (:func:`gold_spans`): the source and cue of the gold attribution whose
   content starts in the target sentence (the one overlapping the sentence most when there
   are several; attributions without a source are skipped). With ``--continuations`` a
   sentence in which no content starts takes the attribution whose content covers at least
   half of it. No attribution, or a source outside the window: all ``O`` (the author).
3. Freezes the embeddings and the lower layers. Their output does not change during
   training, so it is computed once per window and kept in memory (float16); each step then
   runs only the trained top layers and the head. The cached path is checked against the
   full model before training starts.
4. Trains with AdamW (linear warm-up and decay), evaluates on dev after every epoch with
   the span metric of :mod:`stance.evaluation.attribution` at several decision thresholds,
   and writes a checkpoint per epoch (``--checkpoints``; ``--resume`` goes on from the last).
5. Writes the best epoch and threshold: ``model.safetensors`` (the trained tensors only,
   float16 unless that lowers dev F1), ``config.json`` and ``training_log.json``, then
   scores dev again through :class:`~stance.attribution.model.AttributionModel` itself,
   with bootstrap intervals over articles.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shlex
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from safetensors.torch import load_file, save_file  # noqa: E402

import stance  # noqa: E402
from stance.attribution.model import (  # noqa: E402
    IGNORE,
    LABELS,
    AttributionModel,
    WindowSettings,
    build_model,
    build_window,
    decode_window,
    spans_to_tags,
    tokenize_sentences,
)
from stance.networks.encoder import BASE_MODEL, BASE_PACKAGE, CONFIG_FILE, WEIGHTS_FILE  # noqa: E402
from stance.evaluation.attribution import evaluate_attribution  # noqa: E402
from stance.evaluation.loaders import load_polnear, polnear_documents  # noqa: E402

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)


def log(message: str, handle) -> None:
    line = f"[{time.strftime('%H:%M:%S')}] {message}"
    print(line, flush=True)
    if handle:
        handle.write(line + "\n")
        handle.flush()


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def gold_spans(sentence, attributions: list[dict], continuations: bool) -> tuple[list, list]:
    """Source pieces and cue pieces that the target ``sentence`` should be tagged with."""
    span = (sentence.start, sentence.end)
    usable = [a for a in attributions if a["source_spans"] and a["content_spans"]]

    def covered(a: dict) -> int:
        return sum(_overlap(span, piece) for piece in a["content_spans"])

    starting = [a for a in usable if sentence.start <= min(s for s, _ in a["content_spans"]) < sentence.end]
    if starting:
        best = max(starting, key=covered)
        return best["source_spans"], best["cue_spans"]
    if continuations:
        length = len(sentence.text.strip()) or 1
        running = [a for a in usable if covered(a) >= 0.5 * length]
        if running:
            best = max(running, key=covered)
            return best["source_spans"], best["cue_spans"]
    return [], []


def build_split(folder: Path, tokenizer, settings: WindowSettings, continuations: bool, max_articles: int | None):
    """Documents, gold attributions, windows and tags of one PolNeAR split."""
    articles = polnear_documents(folder)
    if max_articles:
        articles = articles[:max_articles]
    documents, golds, windows, tags, owners = [], [], [], [], []
    counts = {"windows": 0, "attributed": 0, "source_outside_window": 0, "attributions": 0}
    for a, article in enumerate(articles):
        document = stance.segment(article["text"])
        document.id = article["doc_id"]
        documents.append(document)
        golds.append(article["attributions"])
        counts["attributions"] += len(article["attributions"])
        tokens = tokenize_sentences(tokenizer, document)
        for sentence in document.sentences:
            if sentence.kind != "body":
                continue
            window = build_window(document, tokens, sentence.index, settings, tokenizer.cls_token_id, tokenizer.sep_token_id)
            source, cue = gold_spans(sentence, article["attributions"], continuations)
            window_tags = spans_to_tags(window.offsets, source, cue)
            if source and 1 not in window_tags:  # the source lies outside the window: the author's
                counts["source_outside_window"] += 1
                window_tags = spans_to_tags(window.offsets)
            counts["windows"] += 1
            counts["attributed"] += 1 in window_tags
            windows.append(window)
            tags.append(window_tags)
            owners.append(a)
    return documents, golds, windows, tags, owners, counts


# --------------------------------------------------------------------------------------------
# The model, split into a frozen lower part (cached) and a trained upper part
# --------------------------------------------------------------------------------------------


def _mask(model, hidden: torch.Tensor, attention_mask: torch.Tensor):
    from transformers.masking_utils import create_bidirectional_mask

    return create_bidirectional_mask(config=model.config, inputs_embeds=hidden, attention_mask=attention_mask)


def _pad(rows: list[list[int]], value: int) -> torch.Tensor:
    width = max(len(r) for r in rows)
    out = torch.full((len(rows), width), value, dtype=torch.long)
    for i, r in enumerate(rows):
        out[i, : len(r)] = torch.tensor(r, dtype=torch.long)
    return out


def lower_forward(model, windows, frozen: int) -> torch.Tensor:
    """Hidden states after the embeddings and the first ``frozen`` layers (eval mode)."""
    ids = _pad([w.input_ids for w in windows], 0)
    types = _pad([w.token_type_ids for w in windows], 0)
    mask = _pad([[1] * len(w) for w in windows], 0)
    hidden = model.bert.embeddings(input_ids=ids, token_type_ids=types)
    m = _mask(model, hidden, mask)
    for layer in model.bert.encoder.layer[:frozen]:
        hidden = layer(hidden, m)
    return hidden


def upper_forward(model, hidden: torch.Tensor, mask: torch.Tensor, frozen: int) -> torch.Tensor:
    """Logits from cached hidden states: the trained layers, dropout and the head."""
    m = _mask(model, hidden, mask)
    for layer in model.bert.encoder.layer[frozen:]:
        hidden = layer(hidden, m)
    return model.classifier(model.dropout(hidden))


def cache_hidden(model, windows, frozen: int, batch_size: int, handle) -> list[torch.Tensor]:
    """The frozen part's output for every window (float16, without padding)."""
    model.eval()
    order = sorted(range(len(windows)), key=lambda k: len(windows[k]))
    cache: list[torch.Tensor | None] = [None] * len(windows)
    started = time.time()
    with torch.inference_mode():
        for b in range(0, len(order), batch_size):
            chunk = order[b : b + batch_size]
            hidden = lower_forward(model, [windows[k] for k in chunk], frozen)
            for row, k in enumerate(chunk):
                cache[k] = hidden[row, : len(windows[k])].to(torch.float16).clone()
            if (b // batch_size) % 200 == 0:
                log(f"  cached {b + len(chunk)}/{len(windows)} windows ({time.time() - started:.0f}s)", handle)
    return cache  # type: ignore[return-value]


def batch_tensors(cache, tags, chunk):
    width = max(cache[k].shape[0] for k in chunk)
    hidden = torch.zeros((len(chunk), width, cache[chunk[0]].shape[1]), dtype=torch.float32)
    mask = torch.zeros((len(chunk), width), dtype=torch.long)
    labels = torch.full((len(chunk), width), IGNORE, dtype=torch.long)
    for row, k in enumerate(chunk):
        n = cache[k].shape[0]
        hidden[row, :n] = cache[k].float()
        mask[row, :n] = 1
        labels[row, :n] = torch.tensor(tags[k])
    return hidden, mask, labels


def upper_probabilities(model, cache, windows, frozen: int, batch_size: int) -> list[np.ndarray]:
    model.eval()
    order = sorted(range(len(windows)), key=lambda k: len(windows[k]))
    probs: list = [None] * len(windows)
    with torch.inference_mode():
        for b in range(0, len(order), batch_size):
            chunk = order[b : b + batch_size]
            hidden, mask, _ = batch_tensors(cache, [[0] * len(w) for w in windows], chunk)
            p = upper_forward(model, hidden, mask, frozen).softmax(-1).numpy()
            for row, k in enumerate(chunk):
                probs[k] = p[row, : len(windows[k])]
    return probs


def teacher_probabilities(folder: str, settings: WindowSettings, windows, handle) -> list[torch.Tensor]:
    """The tag probabilities a trained model (the teacher) gives each training window."""
    teacher = AttributionModel.load(folder, precision="float32")
    if WindowSettings(**teacher.config["window"]) != settings:
        raise SystemExit(f"the teacher in {folder} reads windows {teacher.config['window']}, these are {settings.to_dict()}")
    started = time.time()
    probs = teacher.probabilities(windows, batch_size=64)
    log(f"teacher {folder}: tag probabilities of {len(windows)} windows ({time.time() - started:.0f}s)", handle)
    return [p.to(torch.float16) for p in probs]


def distillation_loss(logits: torch.Tensor, labels: torch.Tensor, soft: list[torch.Tensor], chunk: list[int]) -> torch.Tensor:
    """Cross-entropy between the teacher's tag probabilities and the model's, over text tokens."""
    target = torch.zeros_like(logits)
    for row, k in enumerate(chunk):
        target[row, : soft[k].shape[0]] = soft[k].float()
    tokens = labels != IGNORE
    return -(target * logits.log_softmax(-1)).sum(-1)[tokens].mean()


def training_batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length: shuffle, sort within pools of 50 batches, shuffle batches."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = batch_size * 50
    batches = []
    for p in range(0, len(order), pool):
        chunk = sorted(order[p : p + pool], key=lambda k: lengths[k])
        batches.extend(chunk[b : b + batch_size] for b in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


def score(documents, golds, windows, owners, probs, threshold: float, cue_threshold: float = 0.5) -> dict:
    """The span metric of dev after decoding every window at ``threshold``."""
    for document in documents:
        for sentence in document.sentences:
            sentence.attribution = None
    for window, owner, p in zip(windows, owners, probs):
        document = documents[owner]
        prediction = decode_window(window, p, document.text, threshold, cue_threshold)
        if prediction is not None:
            document.sentences[window.sentence].attribution = stance.Attribution(
                source=prediction.source, cue=prediction.cue, method="model", confidence=prediction.attributed_score
            )
    return evaluate_attribution(list(zip(documents, golds)))


def trained_state(model, prefixes: list[str]) -> dict[str, torch.Tensor]:
    return {k: v.detach().clone().contiguous() for k, v in model.state_dict().items() if k.startswith(tuple(prefixes))}


# --------------------------------------------------------------------------------------------
# Checkpoints (safetensors + JSON: no pickle)
# --------------------------------------------------------------------------------------------


def save_checkpoint(folder: Path, epoch: int, model, prefixes, optimizer, scheduler_step: int, history: list) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    save_file(trained_state(model, prefixes), str(folder / f"epoch{epoch}.safetensors"))
    tensors, groups = {}, optimizer.state_dict()
    for index, state in groups["state"].items():
        for name, value in state.items():
            tensors[f"{index}.{name}"] = value.detach().clone().contiguous().reshape(-1) if value.dim() == 0 else value.detach().clone().contiguous()
    save_file(tensors, str(folder / f"epoch{epoch}.optimizer.safetensors"))
    (folder / f"epoch{epoch}.json").write_text(json.dumps({"epoch": epoch, "step": scheduler_step, "history": history}))


def load_checkpoint(folder: Path, model, optimizer) -> tuple[int, int, list]:
    epochs = sorted(int(p.stem[5:]) for p in folder.glob("epoch*.json"))
    if not epochs:
        return 0, 0, []
    epoch = epochs[-1]
    meta = json.loads((folder / f"epoch{epoch}.json").read_text())
    model.load_state_dict(load_file(str(folder / f"epoch{epoch}.safetensors")), strict=False)
    tensors = load_file(str(folder / f"epoch{epoch}.optimizer.safetensors"))
    state = optimizer.state_dict()
    new_state: dict = {}
    for key, value in tensors.items():
        index, name = key.split(".", 1)
        new_state.setdefault(int(index), {})[name] = value.reshape(()) if name == "step" else value
    state["state"] = new_state
    optimizer.load_state_dict(state)
    return epoch, meta["step"], meta["history"]


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "data" / "polnear"), help="PolNeAR folder with train/ and dev/")
    parser.add_argument("--out", default=str(REPO / "stance" / "models" / "attribution"), help="where the weights and config go")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=5e-4, help="peak learning rate of the trained layers")
    parser.add_argument("--head-lr", type=float, default=3e-3, help="peak learning rate of the tagging head")
    parser.add_argument("--layers", type=int, default=3, help="keep only the first N layers of the base encoder (6: all of them)")
    parser.add_argument("--train-layers", type=int, default=3, help="how many top encoder layers are trained")
    parser.add_argument("--tag-weight", type=float, default=3.0, help="loss weight of the SRC and CUE tags (O has 1)")
    parser.add_argument("--teacher", default=None, help="a trained attribution model folder to distil: the model also learns its tag probabilities")
    parser.add_argument("--distill-weight", type=float, default=0.5, help="share of the loss that matches the teacher (the rest matches the gold tags)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--prev", type=int, default=2, help="context sentences before the target")
    parser.add_argument("--next", type=int, default=2, help="context sentences after the target")
    parser.add_argument("--same-paragraph", action=argparse.BooleanOptionalAction, default=True, help="take context from the target's paragraph only")
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--continuations", action="store_true", help="also tag sentences inside a content that started earlier")
    parser.add_argument("--max-articles", type=int, default=None, help="use the first N training articles (quick runs)")
    parser.add_argument("--dev-articles", type=int, default=None, help="use the first N dev articles (quick runs)")
    parser.add_argument("--checkpoints", default=str(Path(tempfile.gettempdir()) / "stance-attribution-checkpoints"))
    parser.add_argument("--resume", action="store_true", help="go on from the last checkpoint in --checkpoints")
    parser.add_argument("--log", default=None, help="append progress to this file too")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    started = time.time()
    handle = open(args.log, "a", encoding="utf-8") if args.log else None
    command = "python training/train_attribution.py " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    log(f"command: {command}", handle)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.use_deterministic_algorithms(True)

    data, out = Path(args.data), Path(args.out)
    settings = WindowSettings(prev=args.prev, next=args.next, same_paragraph=args.same_paragraph, max_tokens=args.max_tokens)
    model, tokenizer = build_model(layers=args.layers)
    layers = model.config.num_hidden_layers
    if not 1 <= args.train_layers <= layers:
        raise SystemExit(f"--train-layers must be between 1 and {layers}")
    frozen = layers - args.train_layers
    prefixes = [f"bert.encoder.layer.{i}." for i in range(frozen, layers)] + ["classifier."]
    for name, parameter in model.named_parameters():
        parameter.requires_grad = name.startswith(tuple(prefixes))

    train_docs, _, train_windows, train_tags, _, train_counts = build_split(data / "train", tokenizer, settings, args.continuations, args.max_articles)
    dev_docs, dev_golds, dev_windows, _, dev_owners, dev_counts = build_split(data / "dev", tokenizer, settings, args.continuations, args.dev_articles)
    log(f"train: {len(train_docs)} articles, {train_counts}; dev: {len(dev_docs)} articles, {dev_counts}", handle)
    lengths = [len(w) for w in train_windows]
    soft = teacher_probabilities(args.teacher, settings, train_windows, handle) if args.teacher else None
    log(f"train tokens {sum(lengths)} (mean {np.mean(lengths):.1f}, max {max(lengths)}); ({time.time() - started:.0f}s)", handle)

    # The cached lower part must give what the full model gives.
    with torch.inference_mode():
        sample = dev_windows[:8]
        full = model(input_ids=_pad([w.input_ids for w in sample], 0), token_type_ids=_pad([w.token_type_ids for w in sample], 0),
                     attention_mask=_pad([[1] * len(w) for w in sample], 0)).logits
        hidden = lower_forward(model, sample, frozen)
        split = upper_forward(model, hidden, _pad([[1] * len(w) for w in sample], 0), frozen)
        mask = _pad([[1] * len(w) for w in sample], 0).bool()
        gap = (full - split).abs()[mask].max().item()
    log(f"cached path vs full model: max logit difference {gap:.2e}", handle)
    if gap > 1e-3:
        raise SystemExit("the cached forward pass does not match the full model")

    head = [p for n, p in model.named_parameters() if n.startswith("classifier.")]
    body = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("classifier.")]
    optimizer = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": head, "lr": args.head_lr}], weight_decay=0.01)
    steps_per_epoch = math.ceil(len(train_windows) / args.batch_size)
    total = steps_per_epoch * args.epochs
    warmup = max(1, int(0.06 * total))
    base_lrs = [args.lr, args.head_lr]

    def set_lr(step: int) -> None:
        factor = step / warmup if step < warmup else max(0.0, (total - step) / max(1, total - warmup))
        for group, lr in zip(optimizer.param_groups, base_lrs):
            group["lr"] = lr * factor

    class_weights = torch.tensor([1.0] + [args.tag_weight] * (len(LABELS) - 1))
    checkpoints = Path(args.checkpoints)
    first_epoch, step, history = (load_checkpoint(checkpoints, model, optimizer) if args.resume else (0, 0, []))
    if first_epoch:
        log(f"resumed after epoch {first_epoch} from {checkpoints}", handle)
    best = max(history, key=lambda h: h["best_f1"]) if history else None
    best_state = load_file(str(checkpoints / f"epoch{best['epoch']}.safetensors")) if best else None

    # The frozen part's output, once; none is needed for training when every epoch is done.
    train_cache = cache_hidden(model, train_windows, frozen, 64, handle) if first_epoch < args.epochs else []
    dev_cache = cache_hidden(model, dev_windows, frozen, 64, handle)
    cache_time = time.time() - started
    log(f"cached the frozen part ({cache_time:.0f}s since start)", handle)

    for epoch in range(first_epoch + 1, args.epochs + 1):
        epoch_start = time.time()
        model.train()
        rng = random.Random(args.seed * 1000 + epoch)
        torch.manual_seed(args.seed * 1000 + epoch)
        batches = training_batches(lengths, args.batch_size, rng)
        running, seen = 0.0, 0
        for b, chunk in enumerate(batches):
            set_lr(step)
            hidden, mask, labels = batch_tensors(train_cache, train_tags, chunk)
            logits = upper_forward(model, hidden, mask, frozen)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(LABELS)), labels.reshape(-1), ignore_index=IGNORE, weight=class_weights)
            if soft is not None:
                loss = (1 - args.distill_weight) * loss + args.distill_weight * distillation_loss(logits, labels, soft, chunk)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
            optimizer.step()
            step += 1
            running += loss.item()
            seen += 1
            if (b + 1) % 100 == 0 or b + 1 == len(batches):
                log(f"epoch {epoch} step {b + 1}/{len(batches)} loss {running / seen:.4f} ({time.time() - epoch_start:.0f}s)", handle)
                running, seen = 0.0, 0
        train_time = time.time() - epoch_start
        probs = upper_probabilities(model, dev_cache, dev_windows, frozen, 64)
        scores = {t: score(dev_docs, dev_golds, dev_windows, dev_owners, probs, t) for t in THRESHOLDS}
        threshold = max(THRESHOLDS, key=lambda t: (scores[t]["f1"], -abs(t - 0.5)))
        record = {
            "epoch": epoch,
            "train_seconds": round(train_time, 1),
            "epoch_seconds": round(time.time() - epoch_start, 1),
            "best_threshold": threshold,
            "best_f1": scores[threshold]["f1"],
            "dev": {str(t): {k: scores[t][k] for k in ("precision", "recall", "f1")} for t in THRESHOLDS},
        }
        history.append(record)
        log(f"epoch {epoch} dev: " + ", ".join(f"t={t}: P {scores[t]['precision']:.4f} R {scores[t]['recall']:.4f} F1 {scores[t]['f1']:.4f}" for t in THRESHOLDS), handle)
        if best is None or record["best_f1"] > best["best_f1"]:
            best, best_state = record, trained_state(model, prefixes)
        save_checkpoint(checkpoints, epoch, model, prefixes, optimizer, step, history)
        log(f"epoch {epoch} done in {record['epoch_seconds']:.0f}s; checkpoint in {checkpoints}", handle)

    # float16 if it does not lower dev F1 at the chosen threshold.
    model.load_state_dict(best_state, strict=False)
    threshold = best["best_threshold"]
    f1_32 = score(dev_docs, dev_golds, dev_windows, dev_owners, upper_probabilities(model, dev_cache, dev_windows, frozen, 64), threshold)["f1"]
    half = {k: v.to(torch.float16) for k, v in best_state.items()}
    model.load_state_dict({k: v.float() for k, v in half.items()}, strict=False)
    f1_16 = score(dev_docs, dev_golds, dev_windows, dev_owners, upper_probabilities(model, dev_cache, dev_windows, frozen, 64), threshold)["f1"]
    dtype = "float16" if f1_16 >= f1_32 - 1e-4 else "float32"
    log(f"dev F1 with float32 weights {f1_32:.4f}, float16 {f1_16:.4f}: shipping {dtype}", handle)
    out.mkdir(parents=True, exist_ok=True)
    save_file(half if dtype == "float16" else best_state, str(out / WEIGHTS_FILE), metadata={"format": "pt"})
    config = {
        "format": "stance-attribution-tagger",
        "version": 1,
        "base_model": BASE_MODEL,
        "base_package": BASE_PACKAGE,
        "labels": list(LABELS),
        "layers": layers,
        "window": settings.to_dict(),
        "trained_layers": list(range(frozen, layers)),
        "trained_prefixes": prefixes,
        "dtype": dtype,
        "threshold": threshold,
        "cue_threshold": 0.5,
        "training": {
            "command": command,
            "seed": args.seed,
            "epochs": args.epochs,
            "best_epoch": best["epoch"],
            "lr": args.lr,
            "head_lr": args.head_lr,
            "batch_size": args.batch_size,
            "tag_weight": args.tag_weight,
            "teacher": args.teacher,
            "distill_weight": args.distill_weight if args.teacher else None,
            "continuations": args.continuations,
            "train_articles": len(train_docs),
            "train": train_counts,
            "dev_f1_at_threshold": best["best_f1"],
        },
    }
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")

    # Score dev again through the inference code, with intervals over articles.
    final_start = time.time()
    loaded = AttributionModel.load(out)
    predictor = lambda text: _predict_document(loaded, text)  # noqa: E731
    rows = load_polnear(data / "dev")
    if args.dev_articles:
        rows = rows[rows["doc_id"].isin([d.id for d in dev_docs])]
    report = stance.evaluate(predictor, rows, task="attribution", name="AttributionModel")
    summary = report.summary()
    log(f"dev through AttributionModel ({time.time() - final_start:.0f}s):\n{summary.round(4).to_string()}", handle)
    training_log = {
        "command": command,
        "total_seconds": round(time.time() - started, 1),
        "cache_seconds": round(cache_time, 1),
        "epochs": history,
        "best_epoch": best["epoch"],
        "threshold": threshold,
        "dtype": dtype,
        "dev_f1_float32": f1_32,
        "dev_f1_float16": f1_16,
        "dev_report": report.to_dict(),
        "train": train_counts,
        "dev": dev_counts,
        "threads": args.threads,
    }
    (out / "training_log.json").write_text(json.dumps(training_log, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {out / WEIGHTS_FILE} ({os.path.getsize(out / WEIGHTS_FILE) / 1e6:.1f} MB), {CONFIG_FILE}, training_log.json; "
        f"total {time.time() - started:.0f}s", handle)


def _predict_document(model: AttributionModel, text: str):
    document = stance.segment(text)
    for sentence, prediction in zip([s for s in document.sentences if s.kind == "body"], model.predict(document)):
        if prediction is not None:
            sentence.attribution = stance.Attribution(
                source=prediction.source, cue=prediction.cue, method="model", confidence=prediction.attributed_score
            )
    return document


if __name__ == "__main__":
    main()
