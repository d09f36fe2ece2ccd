"""Corpus runs: stream many articles through an :class:`~stance.Analyzer` into a DuckDB database.

:func:`analyze_corpus` reads a source (:mod:`stance.sources`), analyses it in batches and
stores the results in an embedded DuckDB file; :class:`Results` reads them back as
DataFrames. The tables (one row per ...):

``runs``          invocation: its configuration (``config_id``, the configuration as JSON with
                  the model fingerprints), the stance version, start and end, and its counts;
``documents``     analysed document: id, text, metadata (JSON), ``date`` and ``outlet`` when
                  the metadata has them, number of sentences;
``sentences``     sentence: offsets, paragraph, kind, quote role, ``repeat_of`` (the sentence it
                  repeats verbatim, if any), text, tone and its probabilities;
``attributions``  attributed body sentence: actor, type, method, confidence, resolution,
                  source and cue spans and texts, nested holder;
``stances``       (sentence, target) scored: label, score, probabilities, sentiment toward the
                  target, the target mentions used (JSON), the words of the strongest one
                  (``mention``) and how it matched (``match``: name, alias, metonym, leader,
                  description, member; see :mod:`stance.scoring.targets`);
``mentions``      actor mention;
``actors``        actor seen in the results: type, country and the actors above it;
``errors``        record that could not be analysed, with the reason.

Every row carries the ``config_id`` of the configuration that produced it; a document is
stored at most once per configuration. Rerunning the same command therefore skips the
documents already stored (and those that failed before, unless ``retry_errors``), and a run
with other targets or models writes beside the old results instead of mixing with them.

Each batch of documents is written in one transaction, so a process killed at any moment
(even ``kill -9``) loses at most the batch in flight and never leaves half-written rows.

``engine="ray"`` runs the same analysis on a Ray cluster and writes the same tables as Parquet
parts in a folder (:mod:`stance.corpus_ray`, :mod:`stance.parts`); :class:`Results` opens
either.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import pandas as pd

from stance.checks import check_positive_int
from stance.records import AUTHOR, Document
from stance.sources import CorpusRecord, FailedRecord, read_source

#: Each table's columns and SQL types, in order.
SCHEMA: dict[str, tuple[tuple[str, str], ...]] = {
    "runs": (
        ("run_id", "VARCHAR"), ("config_id", "VARCHAR"), ("config", "JSON"), ("stance_version", "VARCHAR"), ("source", "VARCHAR"),
        ("started_at", "TIMESTAMP"), ("finished_at", "TIMESTAMP"), ("analysed", "INTEGER"), ("skipped", "INTEGER"), ("failed", "INTEGER"),
    ),
    "documents": (
        ("config_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("run_id", "VARCHAR"), ("text", "VARCHAR"), ("metadata", "JSON"),
        ("date", "TIMESTAMP"), ("outlet", "VARCHAR"), ("sentences", "INTEGER"),
    ),
    "sentences": (
        ("config_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("sentence", "INTEGER"), ("paragraph", "INTEGER"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("kind", "VARCHAR"), ("quote_role", "VARCHAR"), ("repeat_of", "INTEGER"), ("text", "VARCHAR"), ("sentiment", "VARCHAR"),
        ("sentiment_score", "DOUBLE"), ("p_negative", "DOUBLE"), ("p_neutral", "DOUBLE"), ("p_positive", "DOUBLE"),
    ),
    "attributions": (
        ("config_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("sentence", "INTEGER"), ("actor", "VARCHAR"), ("actor_type", "VARCHAR"),
        ("method", "VARCHAR"), ("confidence", "DOUBLE"), ("resolution", "VARCHAR"), ("source_start", "INTEGER"),
        ("source_end", "INTEGER"), ("source_text", "VARCHAR"), ("cue_start", "INTEGER"), ("cue_end", "INTEGER"),
        ("cue_text", "VARCHAR"), ("nested_actor", "VARCHAR"),
    ),
    "stances": (
        ("config_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("sentence", "INTEGER"), ("target", "VARCHAR"), ("label", "VARCHAR"),
        ("score", "DOUBLE"), ("p_against", "DOUBLE"), ("p_neutral", "DOUBLE"), ("p_favor", "DOUBLE"), ("sentiment", "VARCHAR"),
        ("sentiment_negative", "DOUBLE"), ("sentiment_neutral", "DOUBLE"), ("sentiment_positive", "DOUBLE"), ("mentions", "JSON"),
        ("mention", "VARCHAR"), ("match", "VARCHAR"), ("holder", "VARCHAR"),
    ),
    "mentions": (
        ("config_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("sentence", "INTEGER"), ("start", "INTEGER"), ("end", "INTEGER"),
        ("text", "VARCHAR"), ("actor", "VARCHAR"), ("actor_type", "VARCHAR"), ("method", "VARCHAR"),
    ),
    "actors": (
        ("config_id", "VARCHAR"), ("name", "VARCHAR"), ("type", "VARCHAR"), ("country", "VARCHAR"), ("parents", "JSON"),
        ("ancestors", "JSON"),
    ),
    "errors": (
        ("config_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("run_id", "VARCHAR"), ("position", "BIGINT"), ("reason", "VARCHAR"),
        ("failed_at", "TIMESTAMP"),
    ),
}
#: Primary keys: the database refuses a second row with the same key.
KEYS = {
    "runs": ("run_id",),
    "documents": ("config_id", "doc_id"),
    "sentences": ("config_id", "doc_id", "sentence"),
    "attributions": ("config_id", "doc_id", "sentence"),
    "stances": ("config_id", "doc_id", "sentence", "target"),
    "actors": ("config_id", "name"),
}
#: Tables with rows for each analysed document.
DOCUMENT_TABLES = ("documents", "sentences", "attributions", "stances", "mentions")


@dataclass
class RunSummary:
    """What a corpus run did: documents analysed, skipped (stored before) and failed, and where."""

    out: Path | str
    run_id: str
    config_id: str
    analysed: int
    skipped: int
    failed: int
    seconds: float
    #: Seconds per stage in this run: the Analyzer's (see ``Analyzer.timings``) and ``storage``.
    stages: dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        rate = self.analysed / self.seconds if self.seconds > 0 else 0.0
        return (
            f"{self.analysed} analysed, {self.skipped} skipped (stored before), {self.failed} failed "
            f"in {self.seconds:.1f} s ({rate:.1f} documents/s); results in {self.out} (config {self.config_id})"
        )


def analyze_corpus(
    source: Any,
    out: str | Path = "results.duckdb",
    *,
    targets: Iterable[str] = (),
    analyzer: Any = None,
    batch_size: int = 16,
    progress: bool = True,
    retry_errors: bool = False,
    text_column: str = "text",
    id_column: str = "id",
    engine: str = "local",
    address: str | None = None,
    workers: int | None = None,
    **analyzer_options: Any,
) -> RunSummary:
    """Analyse every record of ``source`` and store the results in the DuckDB file ``out``.

    ``source``: see :func:`stance.sources.read_source`. ``targets`` and ``analyzer_options``
    build the :class:`~stance.Analyzer` (or pass a ready ``analyzer``, whose targets are used).
    ``batch_size`` documents are analysed and committed together. Documents already stored for
    the same configuration are skipped, as are those that failed before unless
    ``retry_errors``. A record that cannot be analysed goes to the ``errors`` table and the run
    goes on. Returns a :class:`RunSummary`; read the results with :class:`Results`.

    ``engine="ray"`` analyses on a Ray cluster (``address``, default: the running one or a new
    local instance) with ``workers`` actors and writes Parquet parts under the folder or URI
    ``out``, with the same guarantees; ``analyzer`` is then a function that builds the
    Analyzer, which each worker calls once. See :func:`stance.corpus_ray.analyze_corpus_ray`.
    """
    from stance.analyzer import Analyzer

    if engine not in ("local", "ray"):
        raise ValueError(f"engine must be 'local' or 'ray', got {engine!r}")
    check_positive_int(batch_size, "batch_size")
    if analyzer is not None and (analyzer_options or list(targets)):
        raise ValueError("give either an analyzer or the options to build one (targets, scorer, ...), not both")
    if engine == "ray":
        from stance.corpus_ray import analyze_corpus_ray

        return analyze_corpus_ray(
            source, out, targets=targets, analyzer=analyzer, batch_size=batch_size, progress=progress, retry_errors=retry_errors,
            text_column=text_column, id_column=id_column, address=address, workers=workers, analyzer_options=analyzer_options,
        )
    if address is not None or workers is not None:
        raise ValueError("address and workers are options of engine='ray'; the local engine runs in this process")
    if analyzer is None:
        analyzer = Analyzer(targets=targets, **analyzer_options)
    records, total = read_source(source, text_column=text_column, id_column=id_column)
    config = analyzer.config
    config_id = config_key(config)
    out = Path(out)
    before = dict(analyzer.timings)
    storage = 0.0
    started = time.perf_counter()
    with _Store(out) as store:
        run_id = store.start_run(config_id, config, describe_source(source))
        if retry_errors:
            store.forget_errors(config_id)
        stored, failed_before = store.stored_ids(config_id), store.failed_records(config_id)
        counts = {"analysed": 0, "skipped": 0, "failed": 0}
        positions: dict[str, int] = {}  # id -> position in the source of the first record with it
        fresh = _fresh_records(records, stored, failed_before, positions, counts)
        # With documents stored before, the stream is shorter than the source by an unknown count.
        results = analyzer.pipe(fresh, batch_size=batch_size, progress=progress, on_error="yield", total=None if stored or failed_before else total)
        for batch in _batches(results, batch_size):
            writing = time.perf_counter()
            written = store.write(config_id, run_id, batch, analyzer.registry, positions)
            storage += time.perf_counter() - writing
            counts["analysed"] += written
            counts["failed"] += len(batch) - written
        seconds = time.perf_counter() - started
        store.finish_run(run_id, counts)
    stages = {stage: round(total - before.get(stage, 0.0), 3) for stage, total in analyzer.timings.items()}
    stages["storage"] = round(storage, 3)
    return RunSummary(out, run_id, config_id, counts["analysed"], counts["skipped"], counts["failed"], round(seconds, 3), stages)


def config_key(config: dict[str, Any]) -> str:
    """The ``config_id`` of an Analyzer configuration: a hash of its JSON."""
    return hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()[:16]


def describe_source(source: Any) -> str:
    """How the ``runs`` table names a source: its path, or its type."""
    if isinstance(source, (str, Path)):
        return str(source)
    return f"<{type(source).__name__}>"


def _fresh_records(
    records: Iterable[CorpusRecord | FailedRecord],
    stored: set[str],
    failed_before: set[tuple[str, int]],
    first: dict[str, int],
    counts: dict[str, int],
) -> Iterator[CorpusRecord | FailedRecord]:
    """The records of the source that earlier runs did not store, as documents or as errors.

    The first record with an id is skipped when an earlier run stored it or its failure. A
    later record with the same id is a failure naming the first one, whether or not an earlier
    run stored that one, so that the errors table is the same whatever the run's history.
    Positions are counted in the source; ``first`` collects the position of the first record
    with each id.
    """
    failed_ids = {record_id for record_id, _ in failed_before}
    for record in records:
        earlier = first.setdefault(record.id, record.position)
        if earlier == record.position and (record.id in stored or record.id in failed_ids) or (record.id, record.position) in failed_before:
            counts["skipped"] += 1
        elif earlier != record.position:
            yield FailedRecord(record.id, record.position, f"duplicate id {record.id!r}: the record at position {earlier} has it")
        else:
            yield record


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def open_database(path: Path, read_only: bool) -> Any:
    """A DuckDB connection to ``path``, refused with a clear message when the file is not a sound results database.

    Raises ``RuntimeError`` when another process holds the file, and ``ValueError`` when it is
    not a DuckDB file, is truncated or corrupt (every block of every table is read once, so
    that a file damaged anywhere is refused before anything is written to it), or has tables
    whose columns are not this version's.
    """
    import duckdb

    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise RuntimeError(f"cannot open {path}: another process is using it ({_first_line(error)})") from None
        raise ValueError(f"cannot open {path}: it is truncated or not a DuckDB database ({_first_line(error)})") from None
    except duckdb.Error as error:
        raise ValueError(f"cannot open {path}: it is not a sound DuckDB database ({_first_line(error)})") from None
    try:
        existing = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
        for table in sorted(existing & set(SCHEMA)):
            columns = [row[0] for row in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
            if columns != [name for name, _ in SCHEMA[table]]:
                raise ValueError(f"{path} was not written by this version of stance: its table {table!r} has the columns {columns}; write to a new file")
            con.execute(f"SELECT bit_xor(hash({table})) FROM {table}").fetchall()  # reads every block, checking its checksum
    except duckdb.Error as error:
        con.close()
        raise ValueError(f"{path} is corrupt, and nothing was written to it ({_first_line(error)}); restore it from a copy or write to a new file") from None
    except ValueError:
        con.close()
        raise
    return con


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


class _Store:
    """The DuckDB file a corpus run writes to (one writer at a time)."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.con = open_database(path, read_only=False)
        for table, columns in SCHEMA.items():
            definition = [f'"{name}" {kind}' for name, kind in columns]
            if table in KEYS:
                definition.append(f"PRIMARY KEY ({', '.join(KEYS[table])})")
            self.con.execute(f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(definition)})")

    def __enter__(self) -> _Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.con.close()

    def start_run(self, config_id: str, config: dict[str, Any], source: str) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL)",
            [run_id, config_id, json.dumps(config, sort_keys=True), config["stance_version"], source, now()],
        )
        return run_id

    def finish_run(self, run_id: str, counts: dict[str, int]) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, analysed = ?, skipped = ?, failed = ? WHERE run_id = ?",
            [now(), counts["analysed"], counts["skipped"], counts["failed"], run_id],
        )

    def stored_ids(self, config_id: str) -> set[str]:
        """The ids of the documents stored for ``config_id``."""
        return {row[0] for row in self.con.execute("SELECT doc_id FROM documents WHERE config_id = ?", [config_id]).fetchall()}

    def failed_records(self, config_id: str) -> set[tuple[str, int]]:
        """The (id, position in the source) of the records stored as errors for ``config_id``."""
        return {(row[0], row[1]) for row in self.con.execute("SELECT doc_id, position FROM errors WHERE config_id = ?", [config_id]).fetchall()}

    def forget_errors(self, config_id: str) -> None:
        self.con.execute("DELETE FROM errors WHERE config_id = ?", [config_id])

    def write(self, config_id: str, run_id: str, batch: Sequence[Document | FailedRecord], registry: Any, positions: dict[str, int]) -> int:
        """Store one batch of results in one transaction; return the number of documents stored.

        If the batch cannot be stored, each document is stored in a transaction of its own,
        and one that still cannot be becomes an errors row that says why: no result is dropped
        without a row.
        """
        import duckdb

        documents = [d for d in batch if isinstance(d, Document)]
        failures = [f for f in batch if isinstance(f, FailedRecord)]
        try:
            self._insert(config_id, run_id, documents, failures, registry)
            return len(documents)
        except duckdb.Error:
            pass
        stored = 0
        for document in documents:
            try:
                self._insert(config_id, run_id, [document], [], registry)
                stored += 1
            except duckdb.Error as error:
                failures.append(FailedRecord(document.id, positions[document.id], f"could not be stored: {_first_line(error)}"))
        self._insert(config_id, run_id, [], failures, registry)
        return stored

    def _insert(self, config_id: str, run_id: str, documents: Sequence[Document], failures: Sequence[FailedRecord], registry: Any) -> None:
        """Insert the rows of ``documents`` and ``failures`` in one transaction: all of them or, if the process dies, none."""
        frames = document_frames(documents, config_id, run_id, registry)
        frames["errors"] = error_frame(failures, config_id, run_id)
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table, frame in frames.items():
                if frame.empty:
                    continue
                self.con.register("batch_rows", frame)
                verb = "INSERT OR IGNORE" if table == "actors" else "INSERT"
                self.con.execute(f"{verb} INTO {table} SELECT * FROM batch_rows")
                self.con.unregister("batch_rows")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise


def error_frame(failures: Sequence[FailedRecord], config_id: str, run_id: str) -> pd.DataFrame:
    """The ``errors`` rows of ``failures``, in the table's column order."""
    return pd.DataFrame([(config_id, f.id, run_id, f.position, f.reason, now()) for f in failures], columns=[name for name, _ in SCHEMA["errors"]])


def now() -> dt.datetime:
    """The current UTC time, without a time zone (as the tables store it)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def document_frames(documents: Sequence[Document], config_id: str, run_id: str, registry: Any = None) -> dict[str, pd.DataFrame]:
    """The rows of each results table for ``documents``, as DataFrames in the tables' column order."""
    rows: dict[str, list[tuple]] = {table: [] for table in DOCUMENT_TABLES + ("actors",)}
    actors: dict[str, str | None] = {}
    for document in documents:
        metadata = document.metadata or {}
        rows["documents"].append((
            config_id, document.id, run_id, document.text, json.dumps(metadata, ensure_ascii=False, default=str),
            _timestamp(metadata.get("date")), _text_or_none(metadata.get("outlet")), len(document.sentences),
        ))
        for s in document.sentences:
            tone = s.sentiment.probabilities if s.sentiment else {}
            rows["sentences"].append((
                config_id, document.id, s.index, s.paragraph, s.start, s.end, s.kind, s.quote_role, s.repeat_of, s.text,
                s.sentiment.label if s.sentiment else None,
                s.sentiment.score if s.sentiment else None,
                tone.get("negative"), tone.get("neutral"), tone.get("positive"),
            ))
            a = s.attribution
            if a is not None:
                cue_text = document.text[a.cue[0] : a.cue[1]] if a.cue else None
                rows["attributions"].append((
                    config_id, document.id, s.index, a.actor, a.actor_type, a.method, a.confidence, a.resolution,
                    *(a.source or (None, None)), a.source_text, *(a.cue or (None, None)), cue_text,
                    a.nested.actor if a.nested else None,
                ))
                actors.setdefault(a.actor, a.actor_type)
            for target, stance in s.stances.items():
                p, sentiment = stance.probabilities, stance.sentiment
                q = sentiment.probabilities if sentiment else {}
                rows["stances"].append((
                    config_id, document.id, s.index, target, stance.label or None, stance.score if stance.label else None,
                    p.get("against"), p.get("neutral"), p.get("favor"), sentiment.label if sentiment else None,
                    q.get("negative"), q.get("neutral"), q.get("positive"), json.dumps([list(m) for m in stance.mentions]),
                    stance.mention_text, stance.match, stance.holder,
                ))
            for m in s.mentions:
                rows["mentions"].append((config_id, document.id, s.index, m.start, m.end, m.text, m.actor, m.actor_type, m.method))
                actors.setdefault(m.actor, m.actor_type)
    for name, actor_type in actors.items():
        if name is None:
            continue
        known = registry is not None and name in registry
        record = registry.get(name) if known else None
        ancestors = [a.name for a in registry.ancestors(name)] if known else []
        rows["actors"].append((
            config_id, name, record.type if record else actor_type, record.country if record else None,
            json.dumps(list(record.parents) if record else []), json.dumps(ancestors),
        ))
    return {table: pd.DataFrame(values, columns=[name for name, _ in SCHEMA[table]]) for table, values in rows.items()}


def _timestamp(value: Any) -> pd.Timestamp | None:
    """A metadata date as a timestamp, or None when absent or unreadable (the raw value stays in the metadata)."""
    if value is None or value == "":
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stamp = pd.to_datetime(value, errors="coerce", utc=True)
    return None if pd.isna(stamp) else stamp.tz_convert(None).to_pydatetime()


def _text_or_none(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


class Results:
    """The results of corpus runs in a DuckDB file, or in a folder of Parquet parts written by
    ``engine="ray"``, as DataFrames (opened read-only).

    ``config_id`` chooses the configuration to read when the file holds several (default:
    the one of the most recent run); ``config_id="all"`` reads every configuration. A folder
    (a path, or a URI such as ``s3://bucket/run`` that pyarrow reads) is opened as an in-memory
    DuckDB database whose tables are views over its complete parts, so every method, and
    :meth:`sql`, works the same on both.
    """

    def __init__(self, path: str | Path, config_id: str | None = None):
        from stance.parts import open_folder

        remote = isinstance(path, str) and "://" in path
        self.path = path if remote else Path(path)
        if remote or self.path.is_dir():
            self.con = open_folder(str(self.path))
        elif not self.path.is_file():
            raise FileNotFoundError(f"no results database at {self.path}; create one with stance.analyze_corpus(...)")
        else:
            self.con = open_database(self.path, read_only=True)
        if "runs" not in {row[0] for row in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}:
            self.con.close()
            raise ValueError(f"{self.path} is not a stance results database (it has no runs table)")
        configs = [row[0] for row in self.con.execute("SELECT config_id FROM runs ORDER BY started_at DESC").fetchall()]
        if not configs:
            self.con.close()
            raise ValueError(f"{self.path} holds no runs")
        if config_id is None:
            config_id = configs[0]
        elif config_id != "all" and config_id not in configs:
            raise ValueError(f"{self.path} has no configuration {config_id!r}; it has {sorted(set(configs))}")
        self.config_id = config_id

    def __enter__(self) -> Results:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Close the database connection."""
        self.con.close()

    def __repr__(self) -> str:
        return f"Results({str(self.path)!r}, config_id={self.config_id!r})"

    def sql(self, query: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Run a SQL query on the database (every table, every configuration) and return a DataFrame."""
        return self.con.execute(query, params or []).df()

    def table(self, name: str) -> pd.DataFrame:
        """One table's rows for the chosen configuration (``runs`` gives every run)."""
        if name not in SCHEMA:
            raise ValueError(f"no table {name!r}; the tables are {', '.join(SCHEMA)}")
        where, params = self._where()
        order = {"runs": "started_at", "errors": "failed_at", "actors": "name"}.get(name, "doc_id")
        return self.sql(f'SELECT * FROM {name} WHERE {where} ORDER BY {order}', params)

    def runs(self) -> pd.DataFrame:
        """The runs (one per invocation) of the chosen configuration."""
        return self.table("runs")

    def documents(self) -> pd.DataFrame:
        """One row per analysed document."""
        return self.table("documents")

    def errors(self) -> pd.DataFrame:
        """The records that could not be analysed, with the reason."""
        return self.table("errors")

    def actors(self) -> pd.DataFrame:
        """The actors seen in the results, with their type, country and the actors above them."""
        return self.table("actors")

    def sentences(self) -> pd.DataFrame:
        """One row per sentence with its attribution and the document's date and outlet."""
        where, params = self._where("s.")
        return self.sql(
            f"""SELECT s.doc_id, s.sentence, d.date, d.outlet, s.paragraph, s.start, s."end", s.kind, s.quote_role, s.repeat_of,
                a.actor, a.actor_type, a.method AS attribution_method, a.confidence AS attribution_confidence,
                a.source_text, a.cue_text, a.nested_actor, s.sentiment, s.sentiment_score, s.text
            FROM sentences s JOIN documents d USING (config_id, doc_id)
            LEFT JOIN attributions a USING (config_id, doc_id, sentence)
            WHERE {where}
            ORDER BY s.doc_id, s.sentence""",
            params,
        )

    def stances(self) -> pd.DataFrame:
        """One row per (sentence, target) stance with the holder, date and outlet: the input of :mod:`stance.aggregate`.

        The holder (``actor``) is the stance's own (``Stance.holder``: the author where the
        sentence names the target only inside its holder's description), else the sentence's.

        Rows of a scorer without a stance head (sentiment toward the target only) are left out;
        ``table("stances")`` has them.
        """
        where, params = self._where("t.")
        return self.sql(
            f"""SELECT t.doc_id, t.sentence, d.date, d.outlet, coalesce(t.holder, a.actor, '{AUTHOR}') AS actor,
                CASE WHEN coalesce(t.holder, a.actor, '{AUTHOR}') = coalesce(a.actor, '{AUTHOR}')
                     THEN coalesce(a.actor_type, '{AUTHOR}') ELSE '{AUTHOR}' END AS actor_type, t.target, t.label, t.score, t.p_against, t.p_neutral,
                t.p_favor, t.sentiment, t.mention, t.match, s.text
            FROM stances t JOIN documents d USING (config_id, doc_id) JOIN sentences s USING (config_id, doc_id, sentence)
            LEFT JOIN attributions a USING (config_id, doc_id, sentence)
            WHERE t.label IS NOT NULL AND {where}
            ORDER BY t.doc_id, t.sentence, t.target""",
            params,
        )

    def mentions(self) -> pd.DataFrame:
        """One row per actor mention, with the holder of its sentence (who mentions whom): the input of :func:`stance.aggregate.mention_counts`.

        Mentions in a verbatim repeat of an earlier sentence (``repeat_of``) are left out, so that
        they count once; ``table("mentions")`` has them.
        """
        where, params = self._where("m.")
        return self.sql(
            f"""SELECT m.doc_id, m.sentence, d.date, d.outlet, coalesce(a.actor, '{AUTHOR}') AS holder,
                coalesce(a.actor_type, '{AUTHOR}') AS holder_type, m.actor, m.actor_type, m.text
            FROM mentions m JOIN documents d USING (config_id, doc_id) JOIN sentences s USING (config_id, doc_id, sentence)
            LEFT JOIN attributions a USING (config_id, doc_id, sentence)
            WHERE s.repeat_of IS NULL AND {where}
            ORDER BY m.doc_id, m.sentence, m.start""",
            params,
        )

    def to_parquet(self, folder: str | Path) -> list[Path]:
        """Write every table of the chosen configuration to ``folder/<table>.parquet``; return the paths."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name in SCHEMA:
            path = folder / f"{name}.parquet"
            self.table(name).to_parquet(path, index=False)
            written.append(path)
        return written

    def _where(self, prefix: str = "") -> tuple[str, list[Any]]:
        """The SQL condition (and its parameters) that keeps the chosen configuration's rows."""
        if self.config_id == "all":
            return "TRUE", []
        return f"{prefix}config_id = ?", [self.config_id]
