"""Results as Parquet parts: the layout the Ray engine writes and :class:`~stance.Results` reads.

A results folder (a local or shared path, or a URI pyarrow can write: ``s3://``, ``gs://``)
holds, for each table of :data:`stance.corpus.SCHEMA`, one Parquet file per part::

    OUT/documents/<part>.parquet   OUT/sentences/<part>.parquet   ...   OUT/errors/<part>.parquet
    OUT/runs/<run_id>.parquet      one per run (rewritten when the run ends)
    OUT/_manifest/<part>.json      written last: the part is complete

A part is one batch of documents and failed records; every part has every document table
(and ``actors`` and ``errors``), empty ones included, with the columns of :data:`SCHEMA`. Each
file is written under a temporary name and then moved into place, and the manifest entry is
written after all of them, so readers, who read only the parts the manifest lists, never see a
half-written part. A part's name is derived from its run and the ids and positions of its
records, so a batch written again (a worker killed and its task retried) replaces its files
instead of adding rows. Names start with the first position of their records, so that in name
order the parts follow the source, as the local engine's batches do: an actor seen in several
parts keeps the row of the first (the local engine's ``INSERT OR IGNORE``). This module needs
pyarrow and DuckDB only (not Ray).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Any, Callable, Sequence

import pandas as pd

from stance.corpus import SCHEMA

#: The folder of manifest entries (one JSON file per complete part).
MANIFEST = "_manifest"
#: Tables written once per part (``runs`` is written once per run).
PART_TABLES = tuple(name for name in SCHEMA if name != "runs")


def arrow_schema(table: str) -> Any:
    """The Arrow schema of ``table``, from :data:`SCHEMA` (JSON columns as strings)."""
    import pyarrow as pa

    types = {"VARCHAR": pa.string(), "JSON": pa.string(), "TIMESTAMP": pa.timestamp("us"), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64()}
    return pa.schema([(name, types[kind]) for name, kind in SCHEMA[table]])


def filesystem(out: str) -> tuple[Any, str]:
    """The pyarrow filesystem of ``out`` (a path or a URI such as ``s3://bucket/run``) and the folder's path in it."""
    import pyarrow.fs as pafs

    if "://" in out:
        return pafs.FileSystem.from_uri(out)
    return pafs.LocalFileSystem(), Path(out).resolve().as_posix()


def part_name(run_id: str, records: Sequence[tuple[str, int]]) -> str:
    """The name of the part holding ``records`` (their ids and positions) in run ``run_id``: the same for the same batch."""
    digest = hashlib.sha256(json.dumps([run_id, list(records)]).encode()).hexdigest()[:16]
    return f"{min(position for _, position in records):012d}-{run_id}-{digest}"


def write_part(fs: Any, root: str, name: str, frames: dict[str, pd.DataFrame], summary: dict[str, Any]) -> None:
    """Write one part: every table of :data:`PART_TABLES` from ``frames``, then its manifest entry with ``summary``."""
    for table in PART_TABLES:
        _write_table(fs, f"{root}/{table}", name, frames[table], table)
    entry = json.dumps({"part": name, **summary}).encode()
    _write_atomic(fs, f"{root}/{MANIFEST}", f"{name}.json", lambda stream: stream.write(entry))


def write_run(fs: Any, root: str, row: dict[str, Any]) -> None:
    """Write (or replace) the ``runs`` row of one run."""
    _write_table(fs, f"{root}/runs", row["run_id"], pd.DataFrame([row], columns=[name for name, _ in SCHEMA["runs"]]), "runs")


def listed_parts(fs: Any, root: str) -> list[str]:
    """The names of the complete parts (those with a manifest entry), sorted."""
    import pyarrow.fs as pafs

    entries = fs.get_file_info(pafs.FileSelector(f"{root}/{MANIFEST}", allow_not_found=True))
    return sorted(e.base_name[: -len(".json")] for e in entries if e.is_file and e.base_name.endswith(".json") and not e.base_name.startswith("."))


def table_dataset(fs: Any, root: str, table: str, parts: Sequence[str] | None = None) -> Any:
    """A lazy ``pyarrow.dataset`` over ``table`` in the listed ``parts`` (default: every listed part; ``runs``: every run)."""
    import pyarrow.dataset as pds
    import pyarrow.fs as pafs

    if table == "runs":
        entries = fs.get_file_info(pafs.FileSelector(f"{root}/runs", allow_not_found=True))
        files = sorted(e.path for e in entries if e.is_file and e.base_name.endswith(".parquet") and not e.base_name.startswith("."))
    else:
        files = [f"{root}/{table}/{part}.parquet" for part in (listed_parts(fs, root) if parts is None else parts)]
    return pds.dataset(files, schema=arrow_schema(table), format="parquet", filesystem=fs)


def stored_records(fs: Any, root: str, config_id: str) -> tuple[set[str], set[tuple[str, int]]]:
    """The ids of the documents stored for ``config_id``, and the (id, position) of its stored errors."""
    import pyarrow.dataset as pds

    mine = pds.field("config_id") == config_id
    documents = table_dataset(fs, root, "documents").to_table(columns=["doc_id"], filter=mine).column("doc_id").to_pylist()
    errors = table_dataset(fs, root, "errors").to_table(columns=["doc_id", "position"], filter=mine).to_pylist()
    return set(documents), {(row["doc_id"], row["position"]) for row in errors}


def forget_errors(fs: Any, root: str, config_id: str) -> None:
    """Drop the errors rows of ``config_id`` from every listed part (each errors file rewritten whole, atomically)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    for part in listed_parts(fs, root):
        path = f"{root}/errors/{part}.parquet"
        errors = pq.read_table(path, filesystem=fs, schema=arrow_schema("errors"))
        keep = pc.not_equal(errors.column("config_id"), config_id)
        if not pc.all(keep).as_py():
            _write_arrow(fs, f"{root}/errors", part, errors.filter(keep))


def open_folder(path: str) -> Any:
    """An in-memory DuckDB connection with one view per table over the complete parts of the results folder ``path``.

    Raises ``ValueError`` when a document (or a failed record) is stored in two parts, which
    the writer never does: a result is never counted twice silently.
    """
    import duckdb

    fs, root = filesystem(path)
    con = duckdb.connect()
    parts = listed_parts(fs, root)
    for table in SCHEMA:
        rows = table_dataset(fs, root, table, parts)
        con.register(f"{table}_parts", _first_actors(rows) if table == "actors" else rows)
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM {table}_parts")
    doubled = con.execute(
        """SELECT doc_id FROM documents GROUP BY config_id, doc_id HAVING count(*) > 1
           UNION ALL SELECT doc_id FROM errors GROUP BY config_id, doc_id, position HAVING count(*) > 1 LIMIT 3"""
    ).fetchall()
    if doubled:
        con.close()
        raise ValueError(f"{path} stores the same record in two parts ({', '.join(repr(row[0]) for row in doubled)}); it was not written by stance's Ray engine alone")
    return con


def _first_actors(rows: Any) -> Any:
    """The ``actors`` rows with, for each (configuration, name), only the row of the first part in name order."""
    import pyarrow as pa

    parts = [fragment.to_table(schema=rows.schema) for fragment in rows.get_fragments()]  # in the order of the files
    first = pa.concat_tables(parts or [rows.schema.empty_table()]).to_pandas().drop_duplicates(["config_id", "name"])
    return pa.Table.from_pandas(first, schema=rows.schema, preserve_index=False)


def _write_table(fs: Any, folder: str, name: str, frame: pd.DataFrame, table: str) -> None:
    import pyarrow as pa

    _write_arrow(fs, folder, name, pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False))


def _write_arrow(fs: Any, folder: str, name: str, rows: Any) -> None:
    import pyarrow.parquet as pq

    _write_atomic(fs, folder, f"{name}.parquet", lambda stream: pq.write_table(rows, stream))


def _write_atomic(fs: Any, folder: str, file: str, write: Callable[[Any], Any]) -> None:
    """Write ``folder/file`` under a temporary name, then move it into place (replacing an older one)."""
    fs.create_dir(folder, recursive=True)
    temporary = f"{folder}/.{file}.{uuid.uuid4().hex[:8]}.tmp"
    with fs.open_output_stream(temporary) as stream:
        write(stream)
    fs.move(temporary, f"{folder}/{file}")
