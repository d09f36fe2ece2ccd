"""Where a corpus comes from: records with an id, a text and metadata, read one at a time.

:func:`read_source` turns any supported source into a stream of records, without loading a
file whole:

* a list (or any iterable) of strings, or of mappings with ``text`` and optionally ``id``
  and metadata keys (``date``, ``outlet``, ``url``, ...);
* a pandas ``DataFrame``, a Hugging Face ``datasets.Dataset`` or a ``ray.data.Dataset`` (one
  record per row, in the order the dataset iterates them);
* a JSON-lines (``.jsonl``, ``.ndjson``), CSV (``.csv``, ``.tsv``) or Parquet (``.parquet``)
  file, one record per line or row;
* a folder of ``.txt`` files (searched recursively, in sorted order), one record per file,
  its id the file's path relative to the folder.

A record's id is its ``id`` value (made a string) or, without one, its position in the
stream; its ``position`` is where it stands in the source, counted from 0. An item that cannot
be a record (no text, a text that is not a string, an id that is not valid Unicode, a file
that is not UTF-8, a malformed JSON line) becomes a :class:`FailedRecord` with the reason, so
that a corpus run can store it as data and go on. Lone surrogates in metadata strings become
U+FFFD (see :func:`stance.segmentation.as_text`; the text itself is the Analyzer's to check).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from stance.segmentation import LONE_SURROGATE, as_text

#: File suffixes :func:`read_source` reads, by format.
FILE_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv", ".parquet": "parquet"}


@dataclass
class CorpusRecord:
    """One article to analyse: its ``id``, its ``text`` and any ``metadata``."""

    id: str
    text: str | bytes
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Where the record stands in its source (from 0), when it came from one.
    position: int | None = None


@dataclass
class FailedRecord:
    """An item of a stream that could not be analysed: its id (or position), where it was and why."""

    id: str
    position: int
    reason: str


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _plain(value: Any) -> Any:
    """A metadata value as a JSON-ready plain value (timestamps as ISO strings, NaN as None)."""
    if _missing(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return value.item()
    return value


def as_record(item: Any, position: int, text_key: str = "text", id_key: str = "id") -> CorpusRecord | FailedRecord:
    """Make one stream item a :class:`CorpusRecord`, or a :class:`FailedRecord` saying why it cannot be one."""
    if isinstance(item, FailedRecord):
        return item
    if isinstance(item, CorpusRecord):
        return item if item.position is not None else dataclasses.replace(item, position=position)
    if isinstance(item, (str, bytes)):
        return CorpusRecord(str(position), item, position=position)
    if not isinstance(item, Mapping):
        return FailedRecord(str(position), position, f"expected a string or a record with {text_key!r}, got {type(item).__name__}")
    raw_id = item.get(id_key)
    record_id = str(position) if _missing(raw_id) else str(_plain(raw_id))
    if LONE_SURROGATE.search(record_id):
        shown = record_id.encode("utf-8", "backslashreplace").decode("utf-8")
        return FailedRecord(shown, position, f"the id {shown!r} is not valid Unicode (it has a lone surrogate)")
    text = item.get(text_key)
    if _missing(text):
        return FailedRecord(record_id, position, f"the record has no {text_key!r}")
    if not isinstance(text, (str, bytes)):
        return FailedRecord(record_id, position, f"{text_key!r} is not text but {type(text).__name__}")
    metadata = {_valid(str(k)): _valid(_plain(v)) for k, v in item.items() if k not in (text_key, id_key)}
    return CorpusRecord(record_id, text, metadata, position)


def _valid(value: Any) -> Any:
    """``value`` with lone surrogates in its strings (nested in lists and dicts too) replaced by U+FFFD."""
    if isinstance(value, str):
        return as_text(value)
    if isinstance(value, list):
        return [_valid(v) for v in value]
    if isinstance(value, dict):
        return {_valid(str(k)): _valid(v) for k, v in value.items()}
    return value


def read_source(source: Any, *, text_column: str = "text", id_column: str = "id") -> tuple[Iterator[CorpusRecord | FailedRecord], int | None]:
    """The records of ``source`` as a lazy stream, and their number when it is known cheaply.

    ``text_column`` and ``id_column`` name the fields holding the text and the id in rows and
    mappings. Raises ``FileNotFoundError`` for a path that does not exist and ``ValueError``
    for a file of an unsupported kind or a table without ``text_column``.
    """
    if isinstance(source, (str, os.PathLike)):
        return _read_path(Path(source), text_column, id_column)
    if _is_frame(source):
        if text_column not in source.columns:
            raise ValueError(f"the DataFrame has no {text_column!r} column (columns: {list(source.columns)[:10]})")
        rows = (dict(zip(source.columns, values)) for values in source.itertuples(index=False, name=None))
        return _records(rows, text_column, id_column), len(source)
    if _is_ray_dataset(source):
        if text_column not in source.columns():
            raise ValueError(f"the Ray Dataset has no {text_column!r} column (columns: {source.columns()[:10]})")
        return _records(source.iter_rows(), text_column, id_column), None
    if _is_dataset(source):
        if text_column not in source.column_names:
            raise ValueError(f"the Dataset has no {text_column!r} column (columns: {source.column_names[:10]})")
        return _records(iter(source), text_column, id_column), len(source)
    if isinstance(source, Iterable) and not isinstance(source, (bytes, Mapping)):
        total = len(source) if hasattr(source, "__len__") else None
        return _records(source, text_column, id_column), total
    raise ValueError(
        f"cannot read a corpus from {type(source).__name__}; give a list of texts or records, a DataFrame, "
        f"a datasets.Dataset or ray.data.Dataset, a {'/'.join(FILE_FORMATS)} file or a folder of .txt files"
    )


def _records(items: Iterable[Any], text_column: str, id_column: str) -> Iterator[CorpusRecord | FailedRecord]:
    for position, item in enumerate(items):
        yield as_record(item, position, text_column, id_column)


def _is_frame(source: Any) -> bool:
    import pandas as pd

    return isinstance(source, pd.DataFrame)


def _is_ray_dataset(source: Any) -> bool:
    return type(source).__module__.startswith("ray.data") and hasattr(source, "iter_rows")


def _is_dataset(source: Any) -> bool:
    return type(source).__name__ == "Dataset" and hasattr(source, "column_names")


def _read_path(path: Path, text_column: str, id_column: str) -> tuple[Iterator[CorpusRecord | FailedRecord], int | None]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.txt") if p.is_file())
        return _text_files(path, files), len(files)
    if not path.exists():
        raise FileNotFoundError(f"no corpus at {path}")
    kind = FILE_FORMATS.get(path.suffix.lower())
    if kind == "jsonl":
        with path.open("rb") as handle:
            total = sum(1 for line in handle if line.strip())
        return _records(_json_lines(path), text_column, id_column), total
    if kind == "csv":
        return _records(_csv_rows(path, text_column), text_column, id_column), None
    if kind == "parquet":
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(path)
        if text_column not in parquet.schema_arrow.names:
            raise ValueError(f"{path} has no {text_column!r} column (columns: {parquet.schema_arrow.names[:10]})")
        rows = (row for batch in parquet.iter_batches(batch_size=256) for row in batch.to_pylist())
        return _records(rows, text_column, id_column), parquet.metadata.num_rows
    raise ValueError(f"cannot read {path}: expected a folder of .txt files or a file ending in {', '.join(FILE_FORMATS)}")


def _text_files(folder: Path, files: list[Path]) -> Iterator[CorpusRecord | FailedRecord]:
    for position, file in enumerate(files):
        record_id = file.relative_to(folder).with_suffix("").as_posix()
        try:
            text = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            yield FailedRecord(record_id, position, f"{file.name} is not valid UTF-8 (byte {error.start})")
            continue
        except OSError as error:
            yield FailedRecord(record_id, position, f"cannot read {file.name}: {error.strerror or error}")
            continue
        yield CorpusRecord(record_id, text, {"file": file.relative_to(folder).as_posix()}, position)


def _json_lines(path: Path) -> Iterator[Any]:
    """Each non-blank line parsed; a line that is not a JSON object is passed on as a description of the problem."""
    with path.open("rb") as handle:
        number = 0
        for raw in handle:
            if not raw.strip():
                continue
            number += 1
            try:
                item = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                item = FailedRecord(str(number - 1), number - 1, f"line {number} of {path.name} is not valid JSON: {error}")
            yield item


def _csv_rows(path: Path, text_column: str) -> Iterator[dict[str, Any]]:
    """The rows of a CSV or TSV file, read in chunks; a ``ValueError`` naming the file when it
    is empty, not UTF-8 text (Latin-1, UTF-16, binary) or not CSV."""
    import pandas as pd

    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        for chunk in pd.read_csv(path, sep=sep, chunksize=1000, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8"):
            if text_column not in chunk.columns:
                raise ValueError(f"{path} has no {text_column!r} column (columns: {list(chunk.columns)[:10]})")
            yield from chunk.to_dict("records")
    except pd.errors.EmptyDataError:
        raise ValueError(f"{path} is empty: a CSV source needs a header row naming its columns") from None
    except UnicodeDecodeError as error:
        raise ValueError(f"{path} is not UTF-8 text (byte 0x{error.object[error.start]:02x} cannot be decoded); save it as UTF-8") from None
    except pd.errors.ParserError as error:
        raise ValueError(f"{path} cannot be read as CSV: {' '.join(str(error).split())}") from None
