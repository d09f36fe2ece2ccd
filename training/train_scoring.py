"""Train the shipped scoring model (stance/models/scoring) on the labelled data in ../shared/data.

Training rows (the evaluation loaders' format):
* NewsMTSC train: sentiment toward a marked target mention -> the ``sentiment`` head;
* NewsMTSC train sentences whose labelled targets all share one polarity -> the ``tone`` head
  (the sentence with no target; a weak label: NewsMTSC labels targets, not sentences);
* SemEval-2016 train less its fixed 15% dev split (seed 2016), P-Stance train, RUW train ->
  the ``stance`` head; the first mention of the target in a tweet ("Trump" for Donald Trump,
  from the actor registry's aliases) is marked as the Analyzer marks mentions in news.
Development rows (choosing the epoch, fitting temperatures): NewsMTSC dev_rw and dev_mt,
the SemEval dev split, P-Stance val, RUW val, and NewsMTSC dev_mt tone rows built as above.
VAST is not used here: eval/scoring.py reports it as a zero-shot set.

Reproduce the shipped weights (from the repository root):
    .venv/bin/python training/train_scoring.py --data ../shared/data --out /tmp/scoring --epochs 4 --lr 5e-5 --head-lr 1e-3 --seed 0
    cp /tmp/scoring/model.safetensors /tmp/scoring/config.json stance/models/scoring/
(the epoch-N folders under --out are per-epoch checkpoints; the top-level files hold the chosen epoch).

The accurate preset and the distilled default (stance/models/scoring_accurate/MODEL_CARD.md
gives the exact commands): ``--base`` a folder with all-mpnet-base-v2 and ``--adapter-rank``
trains LoRA adapters on it; ``--teacher`` distils a trained model into the one being trained,
on the labelled rows and, with ``--unlabelled``, on the sentences of the PolNeAR training
articles (each sentence's tone, and the target named in :data:`UNLABELLED_TARGETS` it mentions), and with
``--transfer`` on the pairs the Analyzer scores in unlabelled news, with their holders (``build_transfer_set.py``).
``--teacher-logits`` takes one teacher's precomputed logits (``teacher_logits.py``) or several
(their mean: an ensemble teacher); ``--repeat ruw=2`` trains on a data set's rows twice per epoch.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import torch  # noqa: E402

from stance.evaluation.benchmarks import development_sets  # noqa: E402
from stance.scoring.training import train  # noqa: E402


def tone_rows(frame: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Sentence-tone rows from target sentiment rows: sentences whose targets all agree."""
    agreed = frame.groupby("text")["label"].agg(lambda labels: labels.iloc[0] if labels.nunique() == 1 else None).dropna()
    return pd.DataFrame({"id": [f"tone:{k}" for k in range(len(agreed))], "text": agreed.index, "target": "", "label": agreed.values, "task": "sentiment", "dataset": dataset})


#: Development sets that choose the epoch and fit the temperatures (VAST is kept for reporting).
SELECTION = ("NewsMTSC dev_rw", "NewsMTSC dev_mt", "SemEval-2016 dev (15%)", "P-Stance val", "RUW val")


#: The news stance corpus (``data/news_stance``: its train split trains, its dev split is the development set ``NEWS_DEV``).
NEWS_STANCE = REPO_ROOT / "data" / "news_stance"
NEWS_DEV = "news stance dev"
#: The news stance corpus's files that train by default (``--news-stance-train``).
NEWS_TRAIN = ("train.jsonl",)


def load_data(root: Path, news_stance: Path | None = None, news_train: Sequence[str] = NEWS_TRAIN) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """(training rows, development sets by name) from the shared data folder, with the news stance
    corpus's triples (their holders in a ``holder`` column) when ``news_stance`` names its folder: those of
    its files ``news_train`` train, its ``dev.jsonl`` is a development set."""
    sets = {bench.name: bench for bench in development_sets(root)}
    news = sets["NewsMTSC dev_rw"].train
    parts = [news, tone_rows(news, "newsmtsc_tone"), *(sets[name].train for name in SELECTION[2:])]
    dev = {name: sets[name].dev for name in SELECTION}
    dev["NewsMTSC dev_mt tone"] = tone_rows(sets["NewsMTSC dev_mt"].dev, "newsmtsc_tone")
    if news_stance is not None:
        from stance.evaluation.loaders import load_news_stance, news_stance_texts

        texts = news_stance_texts(root)
        columns = ["id", "text", "target", "label", "task", "dataset", "holder", "target_start", "target_end"]
        parts.extend(load_news_stance(news_stance / name, texts=texts)[columns] for name in news_train)
        dev[NEWS_DEV] = load_news_stance(news_stance / "dev.jsonl", texts=texts)[columns]
    return pd.concat(parts, ignore_index=True), dev


#: Targets whose mentions in the unlabelled PolNeAR sentences become distillation rows.
UNLABELLED_TARGETS = ("Donald Trump", "Hillary Clinton", "Barack Obama", "Bernie Sanders", "Ted Cruz", "Mike Pence", "Tim Kaine",
                      "the Republican Party", "the Democratic Party", "the FBI", "Russia", "the United States", "the media")


def unlabelled_rows(root: Path) -> pd.DataFrame:
    """Rows without labels from the PolNeAR training articles: each body or headline sentence's tone,
    and one row per target of :data:`UNLABELLED_TARGETS` the sentence mentions (its first mention marked)."""
    from stance.scoring.targets import SCORED_KINDS, first_mention, resolve_targets, shipped_registry
    from stance.segmentation import split_sentences

    targets = resolve_targets(UNLABELLED_TARGETS, shipped_registry())
    rows = []
    for path in sorted((root / "polnear" / "train" / "text").glob("*.txt")):
        for sentence in split_sentences(path.read_text(encoding="utf-8")):
            if sentence.kind not in SCORED_KINDS or len(sentence.text) < 20:
                continue
            rows.append({"text": sentence.text, "target": ""})
            for target in targets:
                span = first_mention(sentence.text, target)
                if span is not None:
                    rows.append({"text": sentence.text, "target": target.name, "target_start": span[0], "target_end": span[1]})
    frame = pd.DataFrame(rows).drop_duplicates(["text", "target"], ignore_index=True)
    frame["dataset"] = "polnear_unlabelled"
    return frame


def transfer_rows(paths: Sequence[Path]) -> pd.DataFrame:
    """Unlabelled rows with their holders from ``build_transfer_set.py`` files (``text``, ``holder``, ``target``,
    ``target_start``/``target_end``): the pairs the Analyzer scores in unlabelled news, for the teacher to label."""
    frame = pd.concat([pd.read_json(path, lines=True, dtype={"holder": str, "target": str}) for path in paths], ignore_index=True)
    missing = sorted({"text", "holder", "target", "target_start", "target_end"} - set(frame.columns))
    if missing:
        raise SystemExit(f"--transfer {[str(p) for p in paths]}: the rows lack column(s) {missing} (build them with build_transfer_set.py)")
    frame = frame[["text", "holder", "target", "target_start", "target_end"]].copy()
    frame["dataset"] = "news_transfer"
    return frame


def distillation_rows(root: Path, unlabelled: bool, transfer: Sequence[Path]) -> pd.DataFrame | None:
    """The rows without labels that follow the training rows (``--unlabelled`` sentences, then ``--transfer`` pairs), or None."""
    parts = ([unlabelled_rows(root)] if unlabelled else []) + ([transfer_rows(transfer)] if transfer else [])
    return pd.concat(parts, ignore_index=True) if parts else None


def repeat_positions(rows: pd.DataFrame, repeats: list[str]) -> np.ndarray:
    """Positions of ``rows`` to train on: every row, then the rows of each ``DATASET=N`` in ``repeats`` N - 1 more times."""
    positions = [np.arange(len(rows))]
    for item in repeats:
        dataset, _, times = item.partition("=")
        if dataset not in set(rows["dataset"]) or not times.isdigit() or int(times) < 1:
            raise SystemExit(f"--repeat {item!r}: expected DATASET=N with N >= 1 and DATASET one of {sorted(set(rows['dataset']))}")
        positions += [np.flatnonzero(rows["dataset"].to_numpy() == dataset)] * (int(times) - 1)
    return np.concatenate(positions)


def caps(rows: pd.DataFrame, cap: int | None, uncapped: list[str]) -> int | dict[str, int] | None:
    """The rows per epoch of each data set: ``cap`` for all but the ``uncapped`` ones (every row of those)."""
    unknown = sorted(set(uncapped) - set(rows["dataset"]))
    if unknown:
        raise SystemExit(f"--uncapped {unknown}: not a data set of the training rows ({sorted(set(rows['dataset']))})")
    if cap is None or not uncapped:
        return cap
    return {str(name): cap for name in sorted(set(rows["dataset"])) if name not in uncapped}


def mean_teacher_logits(paths: list[Path], train_positions: np.ndarray, train_count: int) -> dict[str, torch.Tensor]:
    """The mean of several teachers' precomputed logits (``teacher_logits.py`` files over the training rows, then the
    unlabelled ones), with the training rows taken at ``train_positions`` (see :func:`repeat_positions`)."""
    from safetensors.torch import load_file

    tables = [load_file(str(path)) for path in paths]
    if any(table.keys() != tables[0].keys() or any(len(table[h]) != len(tables[0][h]) for h in table) for table in tables):
        raise SystemExit(f"--teacher-logits: {[str(p) for p in paths]} do not cover the same rows and heads")
    order = torch.as_tensor(np.concatenate([train_positions, np.arange(train_count, len(next(iter(tables[0].values()))))]))
    return {head: torch.stack([table[head].float() for table in tables]).mean(0)[order] for head in tables[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "stance" / "models" / "scoring")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-per-dataset", type=int, default=None, help="at most this many rows of each data set per epoch (default: all)")
    parser.add_argument("--uncapped", action="append", default=[], metavar="DATASET", help="every row of DATASET each epoch despite --max-per-dataset; repeatable")
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--base", type=Path, default=None, help="base encoder folder (default: the installed all-MiniLM-L6-v2)")
    parser.add_argument("--adapter-rank", type=int, default=None, help="train LoRA adapters of this rank instead of the transformer layers")
    parser.add_argument("--adapter-alpha", type=float, default=32.0)
    parser.add_argument("--teacher", type=Path, default=None, help="a trained scoring model to distil (soft targets for every row)")
    parser.add_argument("--teacher-base", type=Path, default=None, help="the teacher's base encoder folder")
    parser.add_argument("--teacher-logits", type=Path, nargs="+", default=None,
                        help="instead of --teacher: its logits for every training row (safetensors, one tensor per head); several files: their mean (an ensemble)")
    parser.add_argument("--start-from", type=Path, default=None, help="continue training this saved model")
    parser.add_argument("--unlabelled", action="store_true", help="with --teacher: add the PolNeAR training sentences as unlabelled rows")
    parser.add_argument("--transfer", type=Path, nargs="+", default=[], metavar="FILE",
                        help="with --teacher: add these build_transfer_set.py files' pairs (news sentences, their holders, targets) as unlabelled rows")
    parser.add_argument("--distill-weight", type=float, default=0.5)
    parser.add_argument("--distill-temperature", type=float, default=2.0)
    parser.add_argument("--repeat", action="append", default=[], metavar="DATASET=N",
                        help="train on each row of DATASET (e.g. ruw) N times per epoch (task sampling); repeatable")
    parser.add_argument("--limit", type=int, default=None, help="use only this many rows of each set (a smoke test)")
    parser.add_argument("--news-stance", type=Path, nargs="?", const=NEWS_STANCE, default=None,
                        help=f"train on the news stance corpus's train triples and measure its dev triples ('{NEWS_DEV}'); default folder data/news_stance")
    parser.add_argument("--news-stance-train", nargs="+", default=list(NEWS_TRAIN), metavar="FILE",
                        help="with --news-stance: the corpus's files that train (default: train.jsonl; train_world.jsonl adds the foreign-affairs sentences, train_more.jsonl further whole articles)")
    parser.add_argument("--reads-holder", action="store_true", help="train a model that reads the holder (news triples: theirs; other rows: the author)")
    parser.add_argument("--precision", choices=("float32", "bfloat16"), default="float32", help="bfloat16: autocast the forward pass (about twice as fast on CPUs with AMX / AVX512-BF16)")
    parser.add_argument("--balance", action="append", default=[], metavar="DATASET=A",
                        help="weigh DATASET's rows by their label's frequency to the power -A (0 <= A <= 1; 1: every label alike); repeatable")
    parser.add_argument("--select", default=None, help=f"the development set whose figure chooses the epoch (e.g. '{NEWS_DEV}'; default: the mean of all)")
    args = parser.parse_args(argv)
    train_rows, dev = load_data(args.data, args.news_stance, args.news_stance_train)
    if args.limit:
        train_rows = train_rows.groupby("dataset").head(args.limit)
        dev = {name: frame.head(args.limit) for name, frame in dev.items()}
    train_count, positions = len(train_rows), repeat_positions(train_rows, args.repeat)
    train_rows = train_rows.iloc[positions].reset_index(drop=True)
    unlabelled = distillation_rows(args.data, args.unlabelled, args.transfer)
    if unlabelled is not None and args.limit:
        unlabelled = unlabelled.head(args.limit)
    if args.device.startswith("cuda"):
        torch.backends.cuda.matmul.allow_tf32 = True
    adapters = {"rank": args.adapter_rank, "alpha": args.adapter_alpha} if args.adapter_rank else None
    teacher = args.teacher
    if args.teacher_logits:
        teacher = mean_teacher_logits(args.teacher_logits, positions, train_count)
    train(train_rows, args.out, dev=dev, epochs=args.epochs, lr=args.lr, head_lr=args.head_lr, batch_size=args.batch_size,
          max_per_dataset=caps(train_rows, args.max_per_dataset, args.uncapped), max_tokens=args.max_tokens, seed=args.seed, device=args.device, base=args.base,
          start_from=args.start_from, adapters=adapters, teacher=teacher, teacher_base=args.teacher_base, unlabelled=unlabelled,
          distill_weight=args.distill_weight, distill_temperature=args.distill_temperature, reads_holder=args.reads_holder, select=args.select, precision=args.precision,
          balance={name: float(power) for name, _, power in (item.partition("=") for item in args.balance)},
          log=lambda message: print(message, flush=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
