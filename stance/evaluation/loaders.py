"""Loaders: read labelled data sets into one standard pandas DataFrame.

Every stance and sentiment loader returns the same columns, in this order:

============== =======================================================================================
column         meaning
============== =======================================================================================
id             str, unique within the frame
text           str, never empty
target         str; ``""`` when the task has no target
label          canonical label (see :mod:`stance.evaluation.labels`)
task           ``"stance"`` or ``"sentiment"``
dataset        short name of the data set (``"semeval2016"``, ``"newsmtsc"``, ...)
split          ``"train"``, ``"dev"``, ``"val"``, ``"test"`` or ``""``
============== =======================================================================================

followed by the optional columns a format has: ``actor`` (str), ``target_start`` and ``target_end``
(int character offsets of the target mention, ``text[target_start:target_end] == target``) and
``seen`` (bool, VAST). :func:`load_polnear` (attribution) and :func:`load_sentence_boundaries`
(segmentation) return their own columns, described in their docstrings.

Nothing is bundled or downloaded: every loader takes a path to a file or folder.

Where a value comes from
------------------------
Errors name the file, the place in it and the column, so that a bad value can be found and fixed.
In tables (CSV, TSV, Parquet, JSON records) the place is ``row N``, counting data rows from 0 as
the DataFrame index and :func:`~stance.evaluation.labels.normalize_labels` do (the header is not
a row); in JSON lines files it is ``line N``, counting lines from 1 as an editor does.

Nothing is dropped silently. Rows that a format holds but that cannot be used are counted in
``frame.attrs["skipped"]`` (a dict: reason -> count; empty when nothing was skipped), and
``frame.attrs["source"]`` says where the rows were read from.

Choosing a loader
-----------------
:func:`load` picks the loader from ``format`` (a loader name or a table format) or, when it is not
given, from the columns of the file (its header line or first JSON record), never from its name;
see :func:`infer_format` for the rule.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence, Union

import pandas as pd

from stance.evaluation.labels import TASK_LABELS, check_task, normalize_label

if TYPE_CHECKING:  # datasets is imported only when it is used: it is slow to import
    import datasets

PathLike = Union[str, Path]

#: The columns every stance and sentiment frame has, in order.
STANDARD_COLUMNS = ("id", "text", "target", "label", "task", "dataset", "split")
#: Columns that follow the standard ones when a format has them, in this order.
OPTIONAL_COLUMNS = ("actor", "target_start", "target_end", "seen")
#: Split names recognised in file and folder names.
SPLITS = ("train", "dev", "val", "test")

#: File suffix -> table format read by :func:`load_table`.
TABLE_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
}

#: NewsMTSC polarity codes.
NEWSMTSC_POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
#: VAST stance codes.
VAST_LABELS = {0: "against", 1: "favor", 2: "neutral"}

#: Roles an ``E`` line of a PolNeAR ``.ann`` file may give (a trailing number, as in ``Content2``,
#: repeats a role), and the key of the attribution dict their spans go to (None: not kept).
POLNEAR_ROLES = {
    "Attribution": None,
    "Attribution-no-source": None,
    "Source": "source_spans",
    "Cue": "cue_spans",
    "Content": "content_spans",
}
#: Columns of :func:`load_polnear`, in order.
POLNEAR_COLUMNS = (
    *STANDARD_COLUMNS,
    "doc_id",
    "annotator",
    "source",
    "source_spans",
    "cue_spans",
    "content_spans",
)
#: Columns of :func:`load_sentence_boundaries`, in order.
SENTENCE_COLUMNS = ("id", "text", "sentences", "spans", "dataset", "rule")


# --------------------------------------------------------------------------------------------
# Shared steps: reading files, checking columns and values, building the frame
# --------------------------------------------------------------------------------------------


def _check_file(path: PathLike, *, allow_empty: bool = False) -> Path:
    """Return ``path`` as a Path; raise if it does not exist or (unless allowed) is empty."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    if path.is_file() and not allow_empty and path.stat().st_size == 0:
        raise ValueError(f"{path} is empty")
    return path


def _read_text(path: PathLike, encodings: Sequence[str] = ("utf-8-sig",), *, allow_empty: bool = False) -> tuple[str, str]:
    """Read a text file with the first of ``encodings`` that decodes it; return (text, encoding).

    Line endings are kept as they are in the file, so character offsets stay exact.
    """
    path = _check_file(path, allow_empty=allow_empty)
    raw = path.read_bytes()
    for encoding in encodings:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as error:
            problem = error
    raise ValueError(f"{path} cannot be decoded as {' or '.join(encodings)}: {problem}")


def _read_jsonl(path: PathLike) -> list[tuple[int, dict[str, Any]]]:
    """Read a JSON lines file: (line number from 1, record) for each non-blank line."""
    return _json_lines(_read_text(path)[0], path)


def _json_lines(text: str, path: PathLike) -> list[tuple[int, dict[str, Any]]]:
    """Parse JSON lines ``text`` read from ``path``: (line number from 1, record) per non-blank line."""
    records = []
    # Split on "\n" only: str.splitlines would also split on U+2028 inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}, line {number}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise ValueError(f"{path}, line {number}: expected a JSON object, got {type(record).__name__}")
        records.append((number, record))
    if not records:
        raise ValueError(f"{path} has no records")
    return records


def _table_format(path: Path, format: str | None) -> str:
    """The table format of ``path``: ``format`` when given, else from the file suffix."""
    fmt = format or TABLE_SUFFIXES.get(path.suffix.lower())
    if fmt not in set(TABLE_SUFFIXES.values()):
        known = ", ".join(sorted(set(TABLE_SUFFIXES.values())))
        raise ValueError(f"cannot tell the table format of {path}; pass format= (one of {known})")
    return fmt


def _read_table(
    path: PathLike,
    format: str | None = None,
    *,
    encodings: Sequence[str] = ("utf-8-sig",),
    **read_options: Any,
) -> tuple[pd.DataFrame, str | None]:
    """Read a CSV, TSV, JSON lines, JSON or Parquet file; return (frame, text encoding used).

    CSV and TSV cells are read as strings, with nothing turned into NaN. ``read_options`` go to
    :func:`pandas.read_csv`.
    """
    path = _check_file(path)
    fmt = _table_format(path, format)
    if fmt == "parquet":
        return pd.read_parquet(path), None
    text, encoding = _read_text(path, encodings)
    if fmt == "json" and text.lstrip().startswith("["):
        try:
            return pd.DataFrame(json.loads(text)), encoding
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}: not valid JSON ({error.msg}, line {error.lineno})") from None
    if fmt in ("jsonl", "json"):
        return pd.DataFrame([record for _, record in _json_lines(text, path)]), encoding
    separator = "\t" if fmt == "tsv" else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False, **read_options)
    except pd.errors.EmptyDataError:
        raise ValueError(f"{path} is empty") from None
    return frame, encoding


def _files(path: PathLike, pattern: str) -> list[Path]:
    """``[path]`` for a file; the files in a folder that match ``pattern``, sorted by name."""
    path = _check_file(path)
    if path.is_file():
        return [path]
    files = sorted(p for p in path.glob(pattern) if p.is_file())
    if not files:
        raise FileNotFoundError(f"no {pattern} files in {path}")
    return files


def _split_name(path: PathLike) -> str:
    """The split a file or folder name gives: ``train.csv``, ``train_trump.csv``, ``dev/`` ...

    The name (without suffix) or its part before the first ``_`` must be one of :data:`SPLITS`;
    otherwise the split is ``""``.
    """
    first = Path(path).stem.lower().split("_")[0]
    return first if first in SPLITS else ""


def _missing_error(where: str, missing: str, present: Iterable[str], kind: str = "column") -> ValueError:
    """The error for missing columns (or JSON fields), listing those that are present."""
    return ValueError(f"{where}: missing {kind} {missing}; {kind}s present: {', '.join(map(repr, present))}")


def _require_fields(present: Iterable[str], needed: Iterable[str], where: str, kind: str = "column") -> None:
    """Raise ValueError naming ``where`` and every name in ``needed`` that is not in ``present``."""
    present = list(present)
    missing = [name for name in needed if name not in present]
    if missing:
        raise _missing_error(where, ", ".join(map(repr, missing)), present, kind)


def _first_present(present: Iterable[str], candidates: Sequence[str], where: str) -> str:
    """The first of ``candidates`` that is a column in ``present``; raise when none is."""
    present = list(present)
    for name in candidates:
        if name in present:
            return name
    raise _missing_error(where, " or ".join(map(repr, candidates)), present)


def _where(source: str, place: str, column: str) -> str:
    """Describe where a value comes from: file, row or line, column."""
    return f"{source}, {place}, column {column!r}"


def _is_missing(value: Any) -> bool:
    """True for None and NaN (an empty cell in a Parquet, JSON or DataFrame input)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _cell(value: Any) -> str:
    """A cell as a string, with a missing value as ``""``."""
    return "" if _is_missing(value) else str(value)


def _require_text(value: Any, where: str) -> str:
    """Return ``value`` as a string; raise ValueError naming ``where`` if it is missing or blank."""
    text = _cell(value)
    if not text.strip():
        raise ValueError(f"empty text ({where})")
    return text


def _check_span(text: str, start: int, end: int, where: str, expected: str | None = None) -> None:
    """Raise ValueError naming ``where`` unless ``text[start:end]`` is a span of ``text``.

    With ``expected``, the span must also read exactly ``expected``.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span [{start}, {end}] lies outside the text, which has {len(text)} characters ({where})")
    if expected is not None and text[start:end] != expected:
        raise ValueError(f"text[{start}:{end}] is {text[start:end]!r}, not {expected!r} ({where})")


def _code_key(value: Any) -> str:
    """A key under which label codes compare: numbers by value (2, "2.0" -> "2.0"), text lower-cased."""
    text = _cell(value).strip()
    try:
        return str(float(text))
    except ValueError:
        return text.lower()


def _label(value: Any, task: str, codes: Mapping[str, str] | None, where: str) -> str:
    """The canonical label of ``value``, mapped through ``codes`` (from :func:`_code_key`) first.

    With ``codes``, every value must be one of its keys; this keeps a data set's codes (VAST's
    0/1/2) from being read as some other data set's spellings.
    """
    if codes is not None:
        key = _code_key(value)
        if key not in codes:
            raise ValueError(f"label {value!r} is not in the label map, whose keys are {sorted(codes)} ({where})")
        value = codes[key]
    return normalize_label(value, task, where=where)


def _task(value: Any, default: str, where: str) -> str:
    """The task a row's task cell names (``default`` for an empty one); raise ValueError naming ``where`` for another value."""
    task = _cell(value).strip().lower() or default
    if task not in TASK_LABELS:
        raise ValueError(f"unknown task {value!r} ({where}); choose one of {', '.join(TASK_LABELS)}")
    return task


def _build_frame(
    raw: pd.DataFrame,
    *,
    source: str,
    task: str,
    dataset: str,
    columns: Mapping[str, str],
    fixed: Mapping[str, str] | None = None,
    label_map: Mapping[Any, str] | None = None,
    places: Sequence[str] | None = None,
    id_template: str = "{row}",
) -> pd.DataFrame:
    """Check ``raw`` and build the standard frame from it: the one step every loader shares.

    ``columns`` maps a standard or optional column name (``text``, ``label``, ``target``, ``id``,
    ``split``, ``task``, ``actor``, ``target_start``, ``target_end``, ``seen``) to the column of
    ``raw`` that holds it; ``text`` and ``label`` are required. With a ``task`` column each row's
    label is read for its own task (``task`` for an empty cell). ``fixed`` gives one value for every row
    (``target``, ``split``) instead. ``places`` says where each row comes from for error messages
    (default ``row 0``, ``row 1``, ...); ``id_template`` makes ids when ``columns`` has no ``id``.
    """
    check_task(task)
    _require_fields(raw.columns, columns.values(), source)
    if raw.empty:
        raise ValueError(f"{source} has no data rows")
    fixed = dict(fixed or {})
    places = list(places) if places is not None else [f"row {i}" for i in range(len(raw))]
    codes = None if label_map is None else {_code_key(key): label for key, label in label_map.items()}

    def cells(name: str) -> list[Any]:
        """The raw values of one output column, from ``raw`` or ``fixed``."""
        if name in columns:
            return raw[columns[name]].tolist()
        return [fixed.get(name, "")] * len(raw)

    def where(row: int, name: str) -> str:
        """Where the value of output column ``name`` in ``row`` comes from."""
        return _where(source, places[row], columns[name])

    ids = cells("id") if "id" in columns else [id_template.format(row=i) for i in range(len(raw))]
    tasks = [_task(value, task, where(i, "task")) for i, value in enumerate(cells("task"))] if "task" in columns else [task] * len(raw)
    data: dict[str, list[Any]] = {
        "id": [_cell(value) for value in ids],
        "text": [_require_text(value, where(i, "text")) for i, value in enumerate(cells("text"))],
        "target": [_cell(value) for value in cells("target")],
        "label": [_label(value, tasks[i], codes, where(i, "label")) for i, value in enumerate(cells("label"))],
        "task": tasks,
        "dataset": [dataset] * len(raw),
        "split": [_cell(value) for value in cells("split")],
    }
    for name in OPTIONAL_COLUMNS:
        if name in columns:
            data[name] = cells(name)
    if "actor" in data:
        data["actor"] = [_cell(value) for value in data["actor"]]
    if "target_start" in data:
        for name in ("target_start", "target_end"):
            try:
                data[name] = [int(value) for value in data[name]]
            except (TypeError, ValueError):
                raise ValueError(f"{source}: column {columns[name]!r} must hold whole numbers") from None
        for i, (text, start, end, target) in enumerate(
            zip(data["text"], data["target_start"], data["target_end"], data["target"])
        ):
            _check_span(text, start, end, where(i, "target_start"), expected=target)

    frame = pd.DataFrame(data)
    blank = frame.index[frame["id"].str.strip() == ""]
    if len(blank):
        raise ValueError(f"{source}: empty id in {places[blank[0]]}")
    _check_unique_ids(frame, source)
    frame.attrs = {"source": source, "skipped": {}}
    return frame


def _check_unique_ids(frame: pd.DataFrame, source: str) -> None:
    """Raise ValueError naming ``source`` and a few repeated values if ``frame["id"]`` repeats."""
    repeated = frame["id"][frame["id"].duplicated()]
    if len(repeated):
        raise ValueError(f"{source}: ids must be unique; repeated: {', '.join(map(repr, repeated.unique()[:5]))}")


def _concat(frames: Sequence[pd.DataFrame], source: str, *, interleave: bool = False) -> pd.DataFrame:
    """Join frames into one, adding up their ``attrs["skipped"]`` counts.

    With ``interleave``, rows keep the order of their index across frames (row 0 of each frame,
    then row 1 of each, ...), as the two targets of one RUW tweet should.
    """
    skipped: Counter[str] = Counter()
    for frame in frames:
        skipped.update(frame.attrs.get("skipped", {}))
    joined = pd.concat(frames)
    if interleave:
        joined = joined.sort_index(kind="stable")
    joined = joined.reset_index(drop=True)
    joined.attrs = {"source": source, "skipped": dict(skipped)}
    return joined


# --------------------------------------------------------------------------------------------
# Generic tables
# --------------------------------------------------------------------------------------------


def _table_input(data: Any, format: str | None) -> tuple[pd.DataFrame, str, str, str]:
    """Turn a path, DataFrame or Dataset into (raw frame, source, default dataset name, split)."""
    if isinstance(data, pd.DataFrame):
        return data, "<DataFrame>", "table", ""
    if isinstance(data, (str, Path)):
        raw, _ = _read_table(data, format)
        return raw, str(data), Path(data).stem, _split_name(data)
    from datasets import Dataset  # imported here, when needed: it is slow to import

    if isinstance(data, Dataset):
        return data.to_pandas(), "<Dataset>", "table", ""
    raise TypeError(f"expected a path, a pandas DataFrame or a datasets.Dataset, not {type(data).__name__}")


def load_table(
    path: PathLike | pd.DataFrame | datasets.Dataset,
    *,
    task: str,
    text_column: str = "text",
    target_column: str | None = "target",
    label_column: str = "label",
    id_column: str | None = None,
    actor_column: str | None = None,
    split_column: str | None = None,
    target: str | None = None,
    label_map: Mapping[Any, str] | None = None,
    format: str | None = None,
    dataset: str | None = None,
    task_column: str | None = None,
) -> pd.DataFrame:
    """Read a labelled table of your own: CSV, TSV, JSON lines, JSON or Parquet.

    ``path`` may also be a pandas DataFrame or a Hugging Face ``datasets.Dataset`` (read with the
    same column options; see :func:`to_dataset` for the way back). ``format`` is ``csv``, ``tsv``,
    ``jsonl``, ``json`` or ``parquet``; by default it follows the suffix (``.csv``, ``.tsv``,
    ``.jsonl``/``.ndjson``, ``.json`` (a JSON array or JSON lines), ``.parquet``).

    Targets: from ``target_column`` when the table has it; else ``target`` for every row; else
    ``""`` (a task without targets). Giving ``target`` for a table that has ``target_column`` is
    an error; pass ``target_column=None`` to ignore the column.

    Labels go through ``label_map`` (raw value -> label, for numeric codes; numbers compare by
    value, so ``{0: "against"}`` matches ``"0"`` and ``0.0``; every value must be a key) and
    then :func:`~stance.evaluation.labels.normalize_label`.

    Tasks: ``task`` for every row; but when ``task_column`` is given and the table has that
    column (a table that mixes stance and sentiment rows, as :func:`stance.train` takes), each
    row's task is its cell there (``task`` for an empty cell), and its label is read for that task.

    Ids come from ``id_column``, else the row number. ``split`` comes from ``split_column``, else
    the file name (``train.csv`` -> ``train``), else ``""``. ``dataset`` defaults to the file name
    without suffix (``"table"`` for a DataFrame or Dataset). The table's other columns (another
    system's predictions, metadata) are kept unchanged after the standard ones.
    """
    check_task(task)
    raw, source, name, split = _table_input(path, format)
    columns = {"text": text_column, "label": label_column}
    for key, column in (("id", id_column), ("actor", actor_column), ("split", split_column)):
        if column is not None:
            columns[key] = column
    if task_column is not None and task_column in raw.columns:
        columns["task"] = task_column
    fixed = {"split": split}
    if target_column is not None and target_column in raw.columns:
        if target is not None:
            raise ValueError(
                f"{source} has a target column {target_column!r} and target={target!r} was given; "
                "pass target_column=None to use the fixed target"
            )
        columns["target"] = target_column
    elif target is not None:
        fixed["target"] = target
    frame = _build_frame(
        raw, source=source, task=task, dataset=dataset or name, columns=columns, fixed=fixed, label_map=label_map
    )
    used = set(columns.values())
    for column in raw.columns:  # predictions or metadata stored beside the labels travel along
        if column not in used and column not in frame.columns:
            frame[column] = raw[column].to_numpy()
    return frame


def to_dataset(frame: pd.DataFrame) -> datasets.Dataset:
    """Convert a loader's frame to a Hugging Face ``datasets.Dataset`` (the index is dropped).

    Read it back with ``load_table(ds, task=..., id_column="id", split_column="split",
    dataset=...)``.
    """
    from datasets import Dataset

    return Dataset.from_pandas(frame, preserve_index=False)


def split_dev(frame: pd.DataFrame, fraction: float = 0.15, seed: int = 2016) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hold out a fixed, stratified share of ``frame`` as a development split.

    For data sets that ship without one (SemEval-2016 here). Rows are stratified by target and
    label so every (target, label) pair keeps its share; the same ``seed`` always gives the same
    split. Returns ``(train, dev)`` with their ``split`` column set accordingly.
    """
    from sklearn.model_selection import train_test_split

    if not 0 < fraction < 1:
        raise ValueError(f"fraction must lie strictly between 0 and 1, got {fraction!r}")
    strata = frame["target"].astype(str) + "|" + frame["label"].astype(str)
    rare = strata.map(strata.value_counts()) < 2  # a stratum of one row cannot be split
    strata = strata.where(~rare, "rare")
    train, dev = train_test_split(frame, test_size=fraction, random_state=seed, stratify=strata)
    return train.sort_index().assign(split="train"), dev.sort_index().assign(split="dev")


# --------------------------------------------------------------------------------------------
# Stance and sentiment data sets
# --------------------------------------------------------------------------------------------


def load_newsmtsc(path: PathLike) -> pd.DataFrame:
    """Read a NewsMTSC JSON lines file (``train.jsonl``, ``dev_rw.jsonl``, ``dev_mt.jsonl``).

    Each line holds ``sentence_normalized`` and a list ``targets`` of
    ``{from, to, mention, polarity, Input.gid}``. The frame has one row per target mention:
    ``text`` is the sentence, ``target`` the mention, ``target_start``/``target_end`` its
    offsets (checked: ``text[from:to]`` must be the mention), ``label`` the polarity (2.0
    negative, 4.0 neutral, 6.0 positive), ``id`` the ``Input.gid`` (``<line>:<n>`` when absent),
    ``task`` ``"sentiment"``, ``split`` from the file name (``dev_rw`` -> ``dev``).

    Repeated spans: NewsMTSC sometimes lists the same span twice in one sentence (the same person
    under two names, e.g. "President Barack Obama" and "Barack Obama" for "Obama"). A repeat with
    the same polarity is merged into the first (counted in ``attrs["skipped"]``); a repeat with a
    different polarity is kept as its own row and counted in ``attrs["conflicting_targets"]``.
    A sentence without targets adds no row and is counted in ``attrs["skipped"]``.
    ``further_mentions`` (automatic coreference guesses, not gold) are not read.
    """
    source = str(path)
    rows: list[dict[str, Any]] = []
    places: list[str] = []
    skipped: Counter[str] = Counter()
    conflicts = 0
    for number, record in _read_jsonl(path):
        here = f"{source}, line {number}"
        _require_fields(record, ("sentence_normalized", "targets"), here, kind="field")
        if not record["targets"]:
            skipped["sentence without targets"] += 1
        labels_at: dict[tuple[Any, Any], set[str]] = {}
        for k, target in enumerate(record["targets"]):
            _require_fields(target, ("from", "to", "mention", "polarity"), f"{here}, targets[{k}]", kind="field")
            span, code = (target["from"], target["to"]), _code_key(target["polarity"])
            if code in labels_at.get(span, ()):
                skipped["repeated target (same span and polarity)"] += 1
                continue
            if span in labels_at:
                conflicts += 1
            labels_at.setdefault(span, set()).add(code)
            rows.append(
                {
                    "Input.gid": target.get("Input.gid", f"{number}:{k}"),
                    "sentence_normalized": record["sentence_normalized"],
                    **{field: target[field] for field in ("mention", "polarity", "from", "to")},
                }
            )
            places.append(f"line {number}, targets[{k}]")
    frame = _build_frame(
        pd.DataFrame(rows, columns=["Input.gid", "sentence_normalized", "mention", "polarity", "from", "to"]),
        source=source,
        task="sentiment",
        dataset="newsmtsc",
        columns={
            "id": "Input.gid",
            "text": "sentence_normalized",
            "target": "mention",
            "label": "polarity",
            "target_start": "from",
            "target_end": "to",
        },
        fixed={"split": _split_name(path)},
        label_map=NEWSMTSC_POLARITY,
        places=places,
    )
    frame.attrs.update(skipped=dict(skipped), conflicting_targets=conflicts)
    return frame


def load_semeval2016(path: PathLike) -> pd.DataFrame:
    """Read the SemEval-2016 Task 6 stance file (``train.txt``): tab-separated ID, Target, Tweet, Stance.

    Labels FAVOR / AGAINST / NONE become favor / against / neutral; ``id`` is the ID column.

    Encoding: the official release is not UTF-8. The file is decoded as UTF-8 when it can be and
    as Windows-1252 (cp1252) otherwise; ``attrs["encoding"]`` says which. In the training file
    only two tweets (IDs 110 and 1828) hold non-ASCII bytes, the same garbled sequence, which
    cp1252 reads as ``"Í¢‘„‘î"`` (it was most likely a dash before the corpus was built); it is
    kept as it is. Fields are not quoted: a ``"`` in a tweet is an ordinary character.
    """
    raw, encoding = _read_table(path, "tsv", encodings=("utf-8-sig", "cp1252"), quoting=csv.QUOTE_NONE)
    frame = _build_frame(
        raw,
        source=str(path),
        task="stance",
        dataset="semeval2016",
        columns={"id": "ID", "text": "Tweet", "target": "Target", "label": "Stance"},
        fixed={"split": _split_name(path)},
    )
    frame.attrs["encoding"] = encoding
    return frame


def load_pstance(path: PathLike) -> pd.DataFrame:
    """Read P-Stance: one CSV with columns Tweet, Target, Stance, or a folder of them.

    In a folder every ``*.csv`` is read, in name order; the split comes from the file-name
    prefix (``train_trump.csv`` -> ``train``, ``val_biden.csv`` -> ``val``). Ids are
    ``<file name>:<row>`` (``train_trump:0``). Labels are FAVOR / AGAINST.
    """
    frames = [
        _build_frame(
            _read_table(file, "csv")[0],
            source=str(file),
            task="stance",
            dataset="pstance",
            columns={"text": "Tweet", "target": "Target", "label": "Stance"},
            fixed={"split": _split_name(file)},
            id_template=f"{file.stem}:{{row}}",
        )
        for file in _files(path, "*.csv")
    ]
    return _concat(frames, str(path))


def load_ruw(path: PathLike) -> pd.DataFrame:
    """Read an RUW CSV: Tweet, Target 1, Stance 1, Target 2, Stance 2, Test/Train/Dev.

    Every tweet gives two rows, one per target (Russia, then Ukraine in the released files),
    with ids ``<row>-1`` and ``<row>-2`` (``row`` counts data rows from 0). ``split`` is the
    lower-cased Test/Train/Dev value (``train``, ``dev``), or from the file name when that
    column is absent. Labels are FAVOR / AGAINST / NONE.
    """
    raw, _ = _read_table(path, "csv")
    split_column = "Test/Train/Dev"
    columns = {"text": "Tweet"}
    fixed = {"split": _split_name(path)}
    if split_column in raw.columns:
        raw = raw.assign(**{split_column: raw[split_column].str.strip().str.lower()})
        columns["split"] = split_column
    frames = [
        _build_frame(
            raw,
            source=str(path),
            task="stance",
            dataset="ruw",
            columns={**columns, "target": f"Target {k}", "label": f"Stance {k}"},
            fixed=fixed,
            id_template=f"{{row}}-{k}",
        )
        for k in (1, 2)
    ]
    return _concat(frames, str(path), interleave=True)


def load_vast(path: PathLike) -> pd.DataFrame:
    """Read a VAST CSV: the comment, its topic, the stance code and ``seen?``.

    Columns: text ``Tweet`` (this project's copy) or ``text`` or ``post`` (the original
    release); target ``Target`` or ``topic_str``; label ``Stance`` or ``label``, coded 0
    against, 1 favor, 2 neutral; ``seen?`` 1 when the topic occurs in VAST's training data and 0
    for a zero-shot topic, which becomes the bool column ``seen``. Ids are the row numbers; the
    split comes from the file name (``dev.csv`` -> ``dev``). The same comment appears once per
    topic it was labelled for.
    """
    raw, _ = _read_table(path, "csv")
    source = str(path)
    columns = {
        "text": _first_present(raw.columns, ("Tweet", "text", "post"), source),
        "target": _first_present(raw.columns, ("Target", "topic_str"), source),
        "label": _first_present(raw.columns, ("Stance", "label"), source),
        "seen": _first_present(raw.columns, ("seen?",), source),
    }
    flags = {_code_key(1): True, _code_key(0): False}
    seen = []
    for i, value in enumerate(raw[columns["seen"]]):
        if _code_key(value) not in flags:
            raise ValueError(f"'seen?' must be 0 or 1, not {value!r} ({_where(source, f'row {i}', columns['seen'])})")
        seen.append(flags[_code_key(value)])
    return _build_frame(
        raw.assign(**{columns["seen"]: seen}),
        source=source,
        task="stance",
        dataset="vast",
        columns=columns,
        fixed={"split": _split_name(path)},
        label_map=VAST_LABELS,
    )


# --------------------------------------------------------------------------------------------
# PolNeAR attribution
# --------------------------------------------------------------------------------------------

#: The start of an annotation line in a brat ``.ann`` file; other lines continue the text of
#: the annotation before them (a span that crosses a line break is written with the break).
_BRAT_LINE = re.compile(r"(?:[TERAMN#]\d+|\*)\t")
#: Outlet and date at the start of a PolNeAR article name: ``breitbart_2016-09-12_...``.
_POLNEAR_NAME = re.compile(r"(?P<outlet>[^_]+)_(?P<date>\d{4}-\d{2}-\d{2})_")


def _brat_annotations(path: Path) -> list[tuple[int, str]]:
    """The annotations of a brat ``.ann`` file: (line number of their first line, full text)."""
    text, _ = _read_text(path, allow_empty=True)
    annotations: list[tuple[int, str]] = []
    for number, line in enumerate(text.removesuffix("\n").split("\n") if text else [], start=1):
        if _BRAT_LINE.match(line):
            annotations.append((number, line))
        elif annotations:
            annotations[-1] = (annotations[-1][0], f"{annotations[-1][1]}\n{line}")
        else:
            raise ValueError(f"{path}, line {number}: expected an annotation (T1, E1, ...), got {line[:60]!r}")
    return annotations


def _polnear_attributions(path: Path, text: str) -> tuple[list[dict[str, Any]], Counter[str], Counter[str]]:
    """Read one PolNeAR ``.ann`` file: (attributions, skipped counts, span types left unlinked).

    ``T`` lines are checked against ``text``: every piece lies inside it and the pieces, joined
    by a space as brat writes them, read as the line's text. ``E`` lines become attributions.
    Lines of other kinds (``#`` annotator notes) are not read.
    """
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[tuple[int, str, list[str]]] = []
    for number, annotation in _brat_annotations(path):
        here = f"{path}, line {number}"
        ident, _, rest = annotation.partition("\t")
        if ident.startswith("T"):
            try:
                head, mention = rest.split("\t", 1)
                kind, offsets = head.split(" ", 1)
                pieces = [(int(start), int(end)) for start, end in (p.split() for p in offsets.split(";"))]
            except ValueError:
                raise ValueError(f"{here}: cannot read the span annotation {annotation[:80]!r}") from None
            for start, end in pieces:
                _check_span(text, start, end, here)
            written = " ".join(text[start:end] for start, end in pieces)  # brat joins pieces with a space
            if written != mention:
                raise ValueError(f"{here}: {ident} reads {written!r} in the article but {mention!r} in the annotation")
            spans[ident] = (kind, pieces)
        elif ident.startswith("E"):
            events.append((number, ident, rest.split()))

    attributions = []
    skipped: Counter[str] = Counter()
    linked: set[str] = set()
    for number, ident, arguments in events:  # after all T lines: an E line may name a later T
        attribution: dict[str, Any] = {"id": ident, "line": number, "source_spans": [], "cue_spans": [], "content_spans": []}
        for argument in arguments:
            role, _, span_id = argument.partition(":")
            role = role.rstrip("0123456789")
            if role not in POLNEAR_ROLES or span_id not in spans:
                raise ValueError(f"{path}, line {number}: unknown role or span {argument!r} in {ident}")
            linked.add(span_id)
            if POLNEAR_ROLES[role]:
                attribution[POLNEAR_ROLES[role]].extend(spans[span_id][1])
        if not attribution["content_spans"]:
            skipped["attribution without content"] += 1
            continue
        attribution["source"] = attribution["source_spans"][0] if attribution["source_spans"] else None
        attributions.append(attribution)
    unlinked = Counter(kind for span_id, (kind, _) in spans.items() if span_id not in linked)
    return attributions, skipped, unlinked


def polnear_documents(path: PathLike, annotator: str = "first") -> list[dict[str, Any]]:
    """Read a PolNeAR split folder (``text/*.txt`` and brat ``attributions/*.ann``), one dict per article.

    Each dict has ``doc_id`` (the article file name without ``.txt``), ``text``, ``outlet`` and
    ``date`` (from the name: ``breitbart_2016-09-12_...`` -> ``"breitbart"``, ``"2016-09-12"``;
    None when the name has another form), ``split`` (the folder name when it is train, dev or
    test, else ``""``), ``annotator`` (the four-character suffix of the ``.ann`` file, as in
    ``..._ef2d.ann``; None when the article has no annotation file), ``attributions``,
    ``skipped`` and ``unlinked_spans``.

    Each attribution is a dict with ``id`` (the ``E`` id), ``line`` (in the ``.ann`` file),
    ``source`` (the first source span, or None when the source is not in the text),
    ``source_spans``, ``cue_spans`` and ``content_spans`` (lists of ``(start, end)`` character
    offsets into ``text``, in the order the file gives them; a discontinuous span gives one pair
    per piece, and a repeated role such as ``Content2`` adds its pieces to the same list). The
    roles come from the ``E`` line, even where they differ from the span's own type (3 of the
    22,501 training attributions).

    Attributions without content cannot be used and are counted in ``skipped`` instead (1 in dev,
    36 in train); an article without an annotation file is counted there too. Spans that no
    attribution links (types ``Discuss`` and ``Discard``) are counted by type in
    ``unlinked_spans``.

    Several annotators: a few articles have one ``.ann`` file per annotator. With
    ``annotator="first"`` (the default) each article uses the first of its files in name order,
    that is the lowest annotator suffix; with ``annotator="all"`` an article gives one dict per
    annotation file.
    """
    if annotator not in ("first", "all"):
        raise ValueError(f"annotator must be 'first' or 'all', not {annotator!r}")
    folder = _check_file(path)
    text_folder, ann_folder = folder / "text", folder / "attributions"
    if not (text_folder.is_dir() and ann_folder.is_dir()):
        raise FileNotFoundError(f"{folder} is not a PolNeAR folder: it needs text/ and attributions/ subfolders")

    annotations: dict[str, list[tuple[str | None, Path]]] = {}
    for ann in sorted(ann_folder.glob("*.ann")):
        article, _, code = ann.stem.rpartition("_")
        if (text_folder / f"{ann.stem}.txt").exists():  # plain brat naming: no annotator suffix
            article, code = ann.stem, ""
        if not (text_folder / f"{article}.txt").exists():
            raise FileNotFoundError(f"no article text {text_folder / (article + '.txt')} for {ann}")
        annotations.setdefault(article, []).append((code, ann))
    texts = sorted(text_folder.glob("*.txt"))
    if not texts:
        raise ValueError(f"{text_folder} holds no .txt articles")

    documents = []
    for text_path in texts:
        doc_id = text_path.stem
        text, _ = _read_text(text_path, ("utf-8",))  # no BOM stripping: offsets count every character
        name = _POLNEAR_NAME.match(doc_id)
        article = {
            "doc_id": doc_id,
            "text": text,
            "outlet": name["outlet"] if name else None,
            "date": name["date"] if name else None,
            "split": _split_name(folder),
        }
        files = annotations.get(doc_id, [])
        if not files:
            documents.append({**article, "annotator": None, "attributions": [], "unlinked_spans": {},
                              "skipped": {"article without annotation file": 1}})
        for code, ann in files if annotator == "all" else files[:1]:
            attributions, skipped, unlinked = _polnear_attributions(ann, text)
            documents.append({**article, "annotator": code, "attributions": attributions,
                              "skipped": dict(skipped), "unlinked_spans": dict(unlinked)})
    return documents


def load_polnear(path: PathLike, *, annotator: str = "first") -> pd.DataFrame:
    """Read a PolNeAR split folder into a frame with one row per attribution.

    Built from :func:`polnear_documents` (see there for spans, annotators and what is skipped).
    Columns: ``id`` (``<doc_id>:<E id>``, or ``<doc_id>:<annotator>:<E id>`` with
    ``annotator="all"``), ``text`` (the whole article), ``target`` ``""``, ``label``
    ``"attribution"``, ``task`` ``"attribution"``, ``dataset`` ``"polnear"``, ``split``, then
    ``doc_id``, ``annotator``, ``source`` (first source span or None), ``source_spans``,
    ``cue_spans`` and ``content_spans``.

    ``attrs``: ``skipped`` (reason -> count), ``unlinked_spans`` (span type -> count) and
    ``documents`` (how many articles, or annotation files with ``annotator="all"``, were read).
    """
    documents = polnear_documents(path, annotator)
    rows = []
    skipped: Counter[str] = Counter()
    unlinked: Counter[str] = Counter()
    for doc in documents:
        skipped.update(doc["skipped"])
        unlinked.update(doc["unlinked_spans"])
        prefix = doc["doc_id"] if annotator == "first" else f"{doc['doc_id']}:{doc['annotator']}"
        for attribution in doc["attributions"]:
            rows.append(
                {
                    "id": f"{prefix}:{attribution['id']}",
                    "text": doc["text"],
                    "target": "",
                    "label": "attribution",
                    "task": "attribution",
                    "dataset": "polnear",
                    "split": doc["split"],
                    "doc_id": doc["doc_id"],
                    "annotator": doc["annotator"],
                    **{key: attribution[key] for key in ("source", "source_spans", "cue_spans", "content_spans")},
                }
            )
    frame = pd.DataFrame(rows, columns=list(POLNEAR_COLUMNS))
    frame.attrs = {"source": str(path), "skipped": dict(skipped), "unlinked_spans": dict(unlinked), "documents": len(documents)}
    return frame


# --------------------------------------------------------------------------------------------
# Sentence boundaries
# --------------------------------------------------------------------------------------------


def _sentence_rows(path: Path) -> pd.DataFrame:
    """Read one sentence-boundary JSON lines file (Golden Rules or GUM news) into rows."""
    rows = []
    for number, record in _read_jsonl(path):
        here = f"{path}, line {number}"
        if "expected_sentences" in record:  # a Golden Rules case
            _require_fields(record, ("rule_id", "rule", "text"), here, kind="field")
            row = {"id": f"rule-{record['rule_id']}", "sentences": record["expected_sentences"], "spans": None,
                   "dataset": "golden_rules", "rule": record["rule"]}
        else:  # a GUM news document
            _require_fields(record, ("doc_id", "text", "sentences", "sentence_char_spans"), here, kind="field")
            spans = [(int(start), int(end)) for start, end in record["sentence_char_spans"]]
            if len(spans) != len(record["sentences"]):
                raise ValueError(f"{here}: {len(record['sentences'])} sentences but {len(spans)} spans")
            for k, ((start, end), sentence) in enumerate(zip(spans, record["sentences"])):
                _check_span(record["text"], start, end, f"{here}, sentence {k}", expected=sentence)
            row = {"id": str(record["doc_id"]), "sentences": record["sentences"], "spans": spans,
                   "dataset": "gum_news", "rule": None}
        rows.append({**row, "text": _require_text(record["text"], f"{here}, field 'text'")})
    return pd.DataFrame(rows, columns=list(SENTENCE_COLUMNS))


def load_sentence_boundaries(path: PathLike) -> pd.DataFrame:
    """Read sentence-boundary test data: ``golden_rules.jsonl``, ``gum_news_dev.jsonl`` or a folder of such files.

    Golden Rules lines (``rule_id``, ``rule``, ``text``, ``expected_sentences``) give ``id``
    ``rule-<rule_id>``, ``dataset`` ``"golden_rules"``, ``rule`` (its description) and ``spans``
    None. GUM lines (``doc_id``, ``text``, ``sentences``, ``sentence_char_spans``) give ``id``
    the doc_id, ``dataset`` ``"gum_news"``, ``rule`` None and ``spans``, a list of
    ``(start, end)`` pairs checked against the text. Columns: ``id``, ``text``, ``sentences``
    (list of str), ``spans``, ``dataset``, ``rule``. Each line is read by its fields, so one file
    may mix both kinds.
    """
    frame = _concat([_sentence_rows(file) for file in _files(path, "*.jsonl")], str(path))
    _check_unique_ids(frame, str(path))
    return frame


# --------------------------------------------------------------------------------------------
# Choosing the loader
# --------------------------------------------------------------------------------------------

# --------------------------------------------------------------------------------------------
# News stance: the project's own (sentence, holder, target) triples
# --------------------------------------------------------------------------------------------

#: Fields of a news stance record (one JSON object per line; docs/news_stance_guidelines.md).
NEWS_STANCE_FIELDS = ("doc", "start", "end", "sentence", "holder", "target", "label", "evidence", "mention")
#: Columns of :func:`load_news_stance` after the standard ones, in order.
NEWS_STANCE_COLUMNS = ("holder", "target_start", "target_end", "doc", "start", "end", "mention", "evidence")


def load_news_stance(path: PathLike, texts: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read a news stance JSON lines file (stand-off triples) into the standard frame.

    Each record has :data:`NEWS_STANCE_FIELDS`: the article id ``doc``, the sentence's character
    offsets ``start``/``end`` in the article and its ``sentence`` text, the ``holder`` (a
    canonical name or ``author``), the ``target``, the ``label`` (against / neutral / favor),
    the ``evidence`` span and the ``mention`` (the words that name the target in the sentence).
    The frame has the standard columns (``text`` is the sentence, ``task`` is ``stance``,
    ``dataset`` is ``news_stance``, ``split`` from the file name) and then
    :data:`NEWS_STANCE_COLUMNS`; ``target_start``/``target_end`` locate the mention in the
    sentence (its first occurrence).

    With ``texts`` (article id -> article text, e.g. :func:`news_stance_texts`) every sentence
    is checked against its article. Raises ``ValueError`` naming the line for a missing field,
    an unknown label, offsets that are not a span of the article (or do not fit the sentence),
    a sentence that does not read as the offsets say, a mention or evidence that is not in the
    sentence, an article not in ``texts``, and a duplicate (doc, sentence, holder, target).
    """
    rows, seen = [], {}
    for number, record in _read_jsonl(path):
        where = f"{path}, line {number}"
        missing = [name for name in NEWS_STANCE_FIELDS if name not in record]
        if missing:
            raise ValueError(f"{where}: missing field(s) {missing}")
        doc, sentence, holder, target = (str(record[k]) for k in ("doc", "sentence", "holder", "target"))
        start, end = record["start"], record["end"]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)) or not 0 <= start < end or end - start != len(sentence):
            raise ValueError(f"{where}: offsets [{start!r}, {end!r}] do not fit a sentence of {len(sentence)} characters")
        if texts is not None:
            if doc not in texts:
                raise ValueError(f"{where}: article {doc!r} is not among the texts given")
            _check_span(texts[doc], start, end, f"{where}, article {doc!r}", expected=sentence)
        label = record["label"]
        if label not in TASK_LABELS["stance"]:
            raise ValueError(f"{where}: unknown label {label!r}; the guidelines' labels are {', '.join(TASK_LABELS['stance'])}")
        mention, evidence = str(record["mention"]), str(record["evidence"] or "")
        for name, span in (("mention", mention), ("evidence", evidence)):
            if (span or name == "mention") and span not in sentence:
                raise ValueError(f"{where}: the {name} {span!r} is not in the sentence")
        if not holder.strip() or not target.strip():
            raise ValueError(f"{where}: empty holder or target")
        key = (doc, start, end, holder, target)
        if key in seen:
            raise ValueError(f"{where}: the triple ({doc!r}, sentence [{start}, {end}], {holder!r}, {target!r}) is also on line {seen[key]}")
        seen[key] = number
        offset = sentence.index(mention)
        rows.append({
            "id": f"{doc}:{start}:{holder}:{target}", "text": sentence, "target": target, "label": label, "task": "stance",
            "dataset": "news_stance", "split": _split_name(path), "holder": holder, "target_start": offset,
            "target_end": offset + len(mention), "doc": doc, "start": start, "end": end, "mention": mention, "evidence": evidence,
        })
    frame = pd.DataFrame(rows, columns=[*STANDARD_COLUMNS, *NEWS_STANCE_COLUMNS])
    frame.attrs.update(source=str(path), skipped={})
    return frame


def news_stance_texts(data: PathLike) -> dict[str, str]:
    """The articles the news stance corpus labels, by id, read from the shared data folder ``data``.

    Ids name where an article lies: ``polnear_dev/<name>`` and ``polnear_train/<name>`` are
    ``polnear/dev/text/<name>.txt`` and ``polnear/train/text/<name>.txt``, ``articles/<name>`` is
    ``articles/<name>.txt``, and ``gum_news_dev/NN`` is line NN (from 0) of
    ``sentence_boundaries/gum_news_dev.jsonl``. Parts of the folder that are absent are left out.
    """
    folder = _check_file(data)
    texts = {}
    for split in ("dev", "train"):
        for file in sorted((folder / "polnear" / split / "text").glob("*.txt")):
            texts[f"polnear_{split}/{file.stem}"] = _read_text(file, ("utf-8",))[0]
    for file in sorted((folder / "articles").glob("*.txt")):
        texts[f"articles/{file.stem}"] = _read_text(file, ("utf-8",))[0]
    gum = folder / "sentence_boundaries" / "gum_news_dev.jsonl"
    if gum.is_file():
        for number, record in _read_jsonl(gum):
            texts[f"gum_news_dev/{number - 1:02d}"] = record["text"]
    return texts


def news_stance_dates(data: PathLike) -> dict[str, str]:
    """The dates (ISO) of the news stance articles whose file names give them: PolNeAR's
    ``<outlet>_<YYYY-MM-DD>_<slug>.txt``. Other articles carry their date in their text, if at all."""
    folder = _check_file(data)
    dates = {}
    for split in ("dev", "train"):
        for file in sorted((folder / "polnear" / split / "text").glob("*.txt")):
            match = re.match(r"^[^_]+_(\d{4}-\d{2}-\d{2})_", file.name)
            if match:
                dates[f"polnear_{split}/{file.stem}"] = match.group(1)
    return dates


#: Loader name -> loader. ``table`` needs ``task``.
LOADERS: dict[str, Callable[..., pd.DataFrame]] = {
    "newsmtsc": load_newsmtsc,
    "semeval2016": load_semeval2016,
    "pstance": load_pstance,
    "ruw": load_ruw,
    "vast": load_vast,
    "polnear": load_polnear,
    "sentence_boundaries": load_sentence_boundaries,
    "news_stance": load_news_stance,
    "table": load_table,
}

#: How :func:`infer_format` recognises a file: the loader whose columns (or first JSON record's
#: fields) include all of these, checked in this order.
SIGNATURES: tuple[tuple[str, frozenset[str]], ...] = (
    ("newsmtsc", frozenset({"sentence_normalized", "targets"})),
    ("news_stance", frozenset(NEWS_STANCE_FIELDS)),
    ("sentence_boundaries", frozenset({"text", "expected_sentences"})),
    ("sentence_boundaries", frozenset({"text", "sentence_char_spans"})),
    ("semeval2016", frozenset({"ID", "Target", "Tweet", "Stance"})),
    ("ruw", frozenset({"Tweet", "Target 1", "Stance 1", "Target 2", "Stance 2"})),
    ("vast", frozenset({"seen?"})),
    ("pstance", frozenset({"Tweet", "Target", "Stance"})),
)
#: Loaders that read a folder; the others read one file.
FOLDER_LOADERS = ("pstance", "sentence_boundaries", "polnear")


def _fields_of(path: Path) -> set[str]:
    """The column names of a table file or the fields of a JSON lines file's first record."""
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet

        return set(pyarrow.parquet.read_schema(path).names)
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        first = handle.readline()
    if first.lstrip().startswith("{"):
        try:
            return set(json.loads(first))
        except json.JSONDecodeError:
            return set()
    separator = "," if path.suffix.lower() == ".csv" else "\t"
    return set(next(csv.reader([first], delimiter=separator), []))


def infer_format(path: PathLike | pd.DataFrame | datasets.Dataset) -> str:
    """The loader for ``path``, chosen by what the data holds, never by its name.

    * A DataFrame or Dataset: ``table``.
    * A folder with ``text/`` and ``attributions/``: ``polnear``. Another folder: the format of
      its data files (``.csv``, ``.tsv``, ``.jsonl``, ``.ndjson``, ``.json``, ``.parquet``,
      ``.txt``; others such as a README are passed over); all of them must agree, and it must be
      ``pstance`` or ``sentence_boundaries``.
    * A file: the first entry of :data:`SIGNATURES` whose names all appear in the header line
      (comma-separated for ``.csv``, tab-separated otherwise) or the first JSON record; a
      Parquet file by its schema. A file that matches none is a ``table``.
    """
    if not isinstance(path, (str, Path)):
        return "table"
    path = _check_file(path)
    if path.is_dir():
        if (path / "text").is_dir() and (path / "attributions").is_dir():
            return "polnear"
        files = [p for p in sorted(path.iterdir()) if p.is_file() and p.suffix.lower() in (*TABLE_SUFFIXES, ".txt")]
        formats = {infer_format(p) for p in files}
        if len(formats) == 1 and formats <= set(FOLDER_LOADERS):
            return formats.pop()
        raise ValueError(f"cannot tell the format of folder {path} (its files read as {sorted(formats)}); pass format=")
    fields = _fields_of(path)
    for name, needed in SIGNATURES:
        if needed <= fields:
            return name
    return "table"


def load(
    path_or_data: PathLike | pd.DataFrame | datasets.Dataset,
    *,
    format: str | None = None,
    task: str | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Load labelled data with the right loader.

    ``format`` is a loader name (a key of :data:`LOADERS`: ``newsmtsc``, ``semeval2016``,
    ``pstance``, ``ruw``, ``vast``, ``polnear``, ``sentence_boundaries``, ``table``) or a table
    format (``csv``, ``tsv``, ``jsonl``, ``json``, ``parquet``: :func:`load_table` with that
    format). Without it, :func:`infer_format` decides from the data's columns. ``options`` go to
    the loader.

    ``task`` is required for a table; for the other loaders it is a check: a frame whose task
    differs raises ValueError.
    """
    if format in set(TABLE_SUFFIXES.values()):
        options["format"] = format
        format = "table"
    name = format or infer_format(path_or_data)
    if name not in LOADERS:
        raise ValueError(f"unknown format {name!r}; choose one of {', '.join(LOADERS)} or a table format")
    if name == "table":
        if task is None:
            raise ValueError(f"{path_or_data!s:.80} is read as a plain table; pass task= (and its column names)")
        return load_table(path_or_data, task=task, **options)
    frame = LOADERS[name](path_or_data, **options)
    if task is not None and "task" in frame.columns and not frame["task"].eq(task).all():
        raise ValueError(f"{path_or_data} holds {name} data for the task {frame['task'].iloc[0]!r}, not {task!r}")
    return frame
