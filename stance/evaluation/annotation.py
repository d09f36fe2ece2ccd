"""The hand-labelling loop: sample analysed rows into a sheet, read filled sheets back, measure agreement.

1. :func:`write_annotation_sheet` samples rows (stratified by predicted label, most uncertain
   first, or at random) into a CSV with empty ``label``, ``actor`` and ``notes`` columns. By
   default the sheet is *blind*: the system's prediction is left out so that it cannot anchor
   the annotator.
2. Annotators fill the ``label`` column (any spelling the label mapping of
   :mod:`stance.evaluation.labels` knows) and, where asked, ``actor``.
3. :func:`read_annotation_sheet` reads a filled sheet back in the standard format that
   :func:`~stance.evaluation.evaluate` takes; :func:`sheet_agreement` compares two annotators.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from stance.checks import check_positive_int
from stance.evaluation import metrics
from stance.evaluation.labels import check_task
from stance.evaluation.loaders import load_table

STRATEGIES = ("stratified", "uncertain", "random")
ANNOTATION_COLUMNS = ["label", "actor", "notes"]
#: What each sampling strategy needs from the system, for the error raised when its column is missing.
_STRATEGY_NEEDS = {
    "stratified": "the system's predicted label of each row (add it with rows.assign(predicted=...), for example from the "
    "'label' column of Results.stances(), or name the column with label_column=; see docs/evaluation.md)",
    "uncertain": "the system's confidence in each prediction, such as its top probability (add it with "
    "rows.assign(confidence=...) or name the column with confidence_column=; see docs/evaluation.md)",
}


def sample_for_annotation(
    rows: pd.DataFrame,
    n: int,
    *,
    strategy: str = "stratified",
    label_column: str = "predicted",
    confidence_column: str = "confidence",
    seed: int = 0,
) -> pd.DataFrame:
    """Pick ``n`` rows to label (all rows when there are fewer), reproducibly for a given ``seed``.

    ``stratified`` takes the same number of rows from each value of ``label_column`` (classes
    with too few rows give all they have and the others fill the gap); ``uncertain`` takes the
    rows with the lowest ``confidence_column`` first; ``random`` takes a simple random sample.
    """
    check_positive_int(n, "n")
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; choose one of {', '.join(STRATEGIES)}")
    needed = {"stratified": label_column, "uncertain": confidence_column}.get(strategy)
    if needed is not None and needed not in rows:
        raise ValueError(f"strategy {strategy!r} needs a {needed!r} column: {_STRATEGY_NEEDS[strategy]}; columns: {list(rows.columns)}")
    n = min(n, len(rows))
    if strategy == "uncertain":
        if rows[confidence_column].isna().any():
            raise ValueError(f"column {confidence_column!r} has missing values; the 'uncertain' strategy needs a confidence for every row")
        return rows.sort_values(confidence_column, kind="stable").head(n)
    shuffled = rows.sample(frac=1.0, random_state=seed)
    if strategy == "random":
        return shuffled.head(n)
    # Round-robin over classes in shuffled order gives equal shares and fills gaps from larger classes.
    rank = shuffled.groupby(label_column, sort=True, dropna=False).cumcount()
    order = np.lexsort((shuffled[label_column].astype(str).to_numpy(), rank.to_numpy()))
    return shuffled.iloc[order].head(n)


def write_annotation_sheet(
    rows: pd.DataFrame,
    path: str | Path,
    n: int = 200,
    *,
    strategy: str = "stratified",
    blind: bool = True,
    seed: int = 0,
    **options,
) -> pd.DataFrame:
    """Sample rows with :func:`sample_for_annotation` and write them to a CSV sheet for labelling.

    ``rows`` need ``id`` and ``text``, optionally ``target``, and the system's output that the
    strategy samples by: ``predicted`` (its label) for ``stratified``, ``confidence`` for
    ``uncertain`` (``label_column=`` and ``confidence_column=`` name other columns). The sheet
    keeps ``id``, ``text`` and ``target`` (and ``predicted``/``confidence`` unless ``blind``) and
    adds empty :data:`ANNOTATION_COLUMNS`. It is written by :func:`stance.exports.write_csv`,
    so text that starts like a spreadsheet formula gets a leading ``'``, which
    :func:`read_annotation_sheet` removes again. Returns the sheet (without those quotes).
    """
    from stance.exports import write_csv  # imported here: it pulls in networkx

    missing = {"id", "text"} - set(rows.columns)
    if missing:
        raise ValueError(f"rows need the column(s) {sorted(missing)}; columns: {list(rows.columns)}")
    sample = sample_for_annotation(rows, n, strategy=strategy, seed=seed, **options)
    shown = ["id", "text", "target"] + ([] if blind else ["predicted", "confidence"])
    sheet = sample[[c for c in shown if c in sample]].copy()
    if "target" not in sheet:
        sheet["target"] = ""
    for column in ANNOTATION_COLUMNS:
        sheet[column] = ""
    write_csv(sheet, path)
    return sheet


def read_annotation_sheet(path: str | Path | pd.DataFrame, task: str = "stance") -> pd.DataFrame:
    """Read a (partly) filled sheet: rows with a label, normalised, in the standard format.

    Rows still without a label are not errors; their number is kept in
    ``frame.attrs["unlabelled"]`` so that nothing disappears unnoticed. A sheet file is read
    with :func:`stance.exports.read_csv`, which removes the quotes that
    :func:`write_annotation_sheet` put before formula-like text.
    """
    from stance.exports import read_csv

    check_task(task)
    sheet = path.copy() if isinstance(path, pd.DataFrame) else read_csv(path, dtype=str, keep_default_na=False)
    if "label" not in sheet:
        raise ValueError(f"{path}: the sheet has no 'label' column; columns: {list(sheet.columns)}")
    filled = sheet["label"].astype(str).str.strip() != ""
    frame = load_table(
        sheet.loc[filled].reset_index(drop=True),
        task=task,
        id_column="id",
        actor_column="actor" if "actor" in sheet else None,
    )
    frame.attrs["unlabelled"] = int((~filled).sum())
    return frame


def sheet_agreement(sheet_a: str | Path | pd.DataFrame, sheet_b: str | Path | pd.DataFrame, task: str = "stance") -> dict[str, float]:
    """Agreement between two annotators' sheets on the rows both labelled (joined on ``id``).

    Returns ``n`` (rows compared), ``percent_agreement``, ``cohen_kappa`` and
    ``krippendorff_alpha`` (nominal).
    """
    a = read_annotation_sheet(sheet_a, task)[["id", "label"]]
    b = read_annotation_sheet(sheet_b, task)[["id", "label"]]
    joined = a.merge(b, on="id", suffixes=("_a", "_b"))
    if joined.empty:
        raise ValueError("the two sheets share no labelled row (rows are matched on 'id')")
    return {
        "n": len(joined),
        "percent_agreement": float((joined["label_a"] == joined["label_b"]).mean()),
        "cohen_kappa": metrics.cohen_kappa(joined["label_a"], joined["label_b"]),
        "krippendorff_alpha": metrics.krippendorff_alpha([joined["label_a"].tolist(), joined["label_b"].tolist()]),
    }
