"""The development benchmarks: each labelled data set's training rows and development split.

:func:`development_sets` reads the shared data folder (the layout of ``../shared/data``; see its
README) and returns one :class:`Benchmark` per development split, with the metric the project
reports on it. ``eval/baselines.py``, ``eval/scoring.py`` and ``training/train_scoring.py``
all use it, so that models are chosen and reported on the same rows.

| name | development rows | metric | training rows |
|---|---|---|---|
| NewsMTSC dev_rw, dev_mt | ``dev_rw.jsonl``, ``dev_mt.jsonl`` | macro-F1 (sentiment) | ``train.jsonl`` |
| SemEval-2016 dev (15%) | 15% of train, :func:`~stance.evaluation.loaders.split_dev` seed 2016 | F_avg | the other 85% |
| P-Stance val | ``val_*.csv`` | macro-F1 | ``train_*.csv`` |
| RUW val | ``val.csv`` (both targets) | macro-F1 | ``train.csv`` |
| VAST dev, zero-shot topics | ``dev.csv`` rows with ``seen? = 0`` | macro-F1 | none (``dev.csv`` itself for baselines) |
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from stance.evaluation import loaders


@dataclass
class Benchmark:
    """One development split: its name, task, reported metric, training rows and development rows."""

    name: str
    task: str
    metric: str
    train: pd.DataFrame
    dev: pd.DataFrame


def development_sets(data: str | Path) -> list[Benchmark]:
    """The benchmarks of the shared data folder ``data``, in the order of the table above."""
    data = Path(data)
    newsmtsc_train = loaders.load_newsmtsc(data / "newsmtsc" / "train.jsonl")
    semeval_train, semeval_dev = loaders.split_dev(loaders.load_semeval2016(data / "semeval2016" / "train.txt"))
    pstance = loaders.load_pstance(data / "pstance")
    vast = loaders.load_vast(data / "vast" / "dev.csv")
    return [
        Benchmark("NewsMTSC dev_rw", "sentiment", "macro_f1", newsmtsc_train, loaders.load_newsmtsc(data / "newsmtsc" / "dev_rw.jsonl")),
        Benchmark("NewsMTSC dev_mt", "sentiment", "macro_f1", newsmtsc_train, loaders.load_newsmtsc(data / "newsmtsc" / "dev_mt.jsonl")),
        Benchmark("SemEval-2016 dev (15%)", "stance", "f_avg", semeval_train, semeval_dev),
        Benchmark("P-Stance val", "stance", "macro_f1", pstance[pstance["split"] == "train"], pstance[pstance["split"] == "val"]),
        Benchmark("RUW val", "stance", "macro_f1", loaders.load_ruw(data / "ruw" / "train.csv"), loaders.load_ruw(data / "ruw" / "val.csv")),
        Benchmark("VAST dev, zero-shot topics", "stance", "macro_f1", vast, vast[~vast["seen"]]),
    ]
