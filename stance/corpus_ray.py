"""Corpus runs on a Ray cluster: ``stance.analyze_corpus(source, out, engine="ray")``.

The driver (the process that calls :func:`analyze_corpus_ray`) reads the source with
:func:`stance.sources.read_source`, exactly as the local engine does, so that ids, positions,
bad records and duplicate ids come out the same; it skips what ``out`` already stores for the
configuration (:func:`stance.corpus._fresh_records`) and stages the rest in Ray's object store
as a Ray Dataset. ``map_batches`` then runs a pool of actors, each of which builds one
:class:`~stance.Analyzer` when it starts and, for each batch, analyses it and writes the
results as one part (:mod:`stance.parts`): every table's rows (from
:func:`stance.corpus.document_frames`) as Parquet, then a manifest entry. The driver only
counts what comes back.

A worker killed mid-batch is restarted by Ray and its task retried (Ray Data's actor pool sets
``max_restarts=-1`` and ``max_task_retries=-1``); the retried batch writes the part of the
same name again, replacing the files, so nothing is lost or counted twice. A driver interrupted mid-run leaves the
complete parts listed in the manifest; the next run skips their documents. Ray is imported
only here, and only when a run starts; a run sets ``preserve_order`` (so that a Ray Dataset
source gives its records the same positions every run) and turns Ray Data's own progress bars
off, in the current ``ray.data.DataContext``.
"""

from __future__ import annotations

import functools
import json
import os
import pickle
import time
import uuid
from pathlib import Path
from typing import Any, Iterable, Mapping

from stance.checks import check_positive_int
from stance.corpus import RunSummary, _batches, _fresh_records, config_key, describe_source, document_frames, error_frame, now
from stance.parts import filesystem, forget_errors, part_name, stored_records, write_part, write_run
from stance.records import Document
from stance.sources import FailedRecord, read_source

#: The command that installs the Ray engine's dependency.
RAY_INSTALL = "pip install 'news-stance[ray]'"
#: Test hook: when this environment variable names a file that exists, the first worker to
#: finish a batch deletes the file and exits abruptly (``os._exit``) before returning the batch,
#: as a killed worker would (tests/test_corpus_ray.py).
EXIT_HOOK = "STANCE_RAY_EXIT_AFTER_BATCH"


def analyze_corpus_ray(
    source: Any, out: str | Path, *, targets: Iterable[str], analyzer: Any, batch_size: int, progress: bool, retry_errors: bool,
    text_column: str, id_column: str, address: str | None, workers: int | None, analyzer_options: Mapping[str, Any],
) -> RunSummary:
    """Analyse every record of ``source`` on a Ray cluster and write the results as Parquet parts under ``out``.

    Called by :func:`stance.corpus.analyze_corpus` with ``engine="ray"``, which holds the
    defaults and has checked ``batch_size`` and that ``analyzer`` and ``targets`` /
    ``analyzer_options`` are not both given.

    ``out``: a folder, or a URI pyarrow writes (``s3://...``, ``gs://...``); on a cluster of
    several machines, a place every machine can reach. ``address``: the cluster to join
    (default: the Ray instance this process runs, else a running one as ``ray.init`` finds it:
    ``RAY_ADDRESS`` or the last ``ray start`` on this machine, else a new local one).
    ``workers``: the number of actors, one CPU each (default: every CPU of the cluster).
    ``analyzer``: a function without arguments that returns the Analyzer (each worker calls it
    once), or give ``targets`` and the Analyzer's options; spaCy parses in the worker's own
    process (``parse_processes=1``) unless the options say otherwise. ``batch_size`` documents
    are analysed and written together, as one part. The other parameters and the result are
    those of :func:`stance.corpus.analyze_corpus`; read the results with ``stance.Results(out)``.
    Raises ``ImportError`` with the install command when Ray is not installed.
    """
    if workers is not None:
        check_positive_int(workers, "workers")
    factory = _analyzer_factory(analyzer, targets, analyzer_options)
    if "://" not in str(out) and Path(out).is_file():
        raise ValueError(f"out {out} is a file; engine='ray' writes a folder of Parquet parts (give a folder or a URI)")
    ray = _import_ray()
    records, _ = read_source(source, text_column=text_column, id_column=id_column)
    if not ray.is_initialized():
        ray.init(address=address, logging_level="WARNING")
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # a Ray Dataset source is read in the same order every run
    context.enable_progress_bars = False
    started, clock = now(), time.perf_counter()
    config = _remote(ray, _analyzer_config, factory)
    config_id, run_id = config_key(config), uuid.uuid4().hex[:12]
    fs, root = filesystem(str(out))
    run = dict(run_id=run_id, config_id=config_id, config=json.dumps(config, sort_keys=True), stance_version=config["stance_version"],
               source=describe_source(source), started_at=started, finished_at=None, analysed=None, skipped=None, failed=None)
    write_run(fs, root, run)
    if retry_errors:
        forget_errors(fs, root, config_id)
    stored, failed_before = stored_records(fs, root, config_id)
    counts = {"analysed": 0, "skipped": 0, "failed": 0}
    fresh = _fresh_records(records, stored, failed_before, {}, counts)
    blocks = [_stage_block(ray, batch) for batch in _batches(fresh, batch_size)]  # one block, one task, one part per batch
    stages: dict[str, float] = {}
    if blocks:
        dataset = ray.data.from_arrow_refs([ref for ref, _ in blocks])
        parts = dataset.map_batches(
            _Worker, fn_constructor_args=(factory, fs, root, config_id, run_id, batch_size), batch_size=batch_size,
            batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=workers or max(1, int(ray.cluster_resources().get("CPU", 1)))),
            num_cpus=1,
        )
        done: set[str] = set()
        bar = _progress_bar(sum(size for _, size in blocks), progress)
        for row in parts.iter_rows():
            if row["part"] in done:  # a retried batch reported twice: its part was written once
                continue
            done.add(row["part"])
            counts["analysed"] += row["documents"]
            counts["failed"] += row["failed"]
            for stage, seconds in json.loads(row["stages"]).items():
                stages[stage] = round(stages.get(stage, 0.0) + seconds, 3)
            bar.update(row["documents"] + row["failed"])
        bar.close()
    seconds = round(time.perf_counter() - clock, 3)
    write_run(fs, root, {**run, "finished_at": now(), **counts})
    return RunSummary(out, run_id, config_id, counts["analysed"], counts["skipped"], counts["failed"], seconds, stages)


def _import_ray() -> Any:
    """The ``ray`` module with Ray Data, or ``ImportError`` saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ImportError(f"engine='ray' needs Ray Data, which is not installed: {RAY_INSTALL}") from None
    return ray


def _analyzer_factory(analyzer: Any, targets: Iterable[str], options: Mapping[str, Any]) -> Any:
    """The function each worker calls to build its Analyzer."""
    from stance.analyzer import Analyzer

    if isinstance(analyzer, Analyzer):
        raise ValueError("engine='ray': give a function that builds the Analyzer (each worker calls it once), or its options, not an Analyzer")
    if analyzer is not None and not callable(analyzer):
        raise ValueError(f"engine='ray': analyzer must be a function that returns an Analyzer, got {type(analyzer).__name__}")
    return analyzer or functools.partial(Analyzer, targets=list(targets), **{"parse_processes": 1, **options})


def _analyzer_config(factory: Any) -> dict[str, Any]:
    return factory().config


def _remote(ray: Any, function: Any, *args: Any) -> Any:
    """``function(*args)`` run as a Ray task on one CPU; its exception, if any, raised here as itself."""
    try:
        return ray.get(ray.remote(num_cpus=1)(function).remote(*args))
    except ray.exceptions.RayTaskError as error:
        raise (error.cause if error.cause is not None else error) from None


def _stage_block(ray: Any, records: list[Any]) -> tuple[Any, int]:
    """Put a batch of records into the object store: their positions and the records themselves, pickled."""
    import pyarrow as pa

    table = pa.table({"position": [r.position for r in records], "record": [pickle.dumps(r) for r in records]})
    return ray.put(table), len(records)


def _progress_bar(total: int, show: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, disable=not show, unit="doc", desc="analysing on Ray")


class _Worker:
    """A Ray actor: builds one Analyzer, then analyses batches and writes each as one part."""

    def __init__(self, factory: Any, fs: Any, root: str, config_id: str, run_id: str, batch_size: int):
        self.analyzer = factory()
        if config_key(self.analyzer.config) != config_id:
            raise RuntimeError("this worker's Analyzer has another configuration than the driver's (are its model files and actor table the same?)")
        self.fs, self.root, self.config_id, self.run_id, self.batch_size = fs, root, config_id, run_id, batch_size

    def __call__(self, batch: Any) -> dict[str, list[Any]]:
        records = [pickle.loads(data) for data in batch.column("record").to_pylist()]
        before = dict(self.analyzer.timings)
        results = list(self.analyzer.pipe(records, batch_size=self.batch_size, on_error="yield"))
        writing = time.perf_counter()
        documents = [r for r in results if isinstance(r, Document)]
        failures = [r for r in results if isinstance(r, FailedRecord)]
        frames = document_frames(documents, self.config_id, self.run_id, self.analyzer.registry)
        frames["errors"] = error_frame(failures, self.config_id, self.run_id)
        name = part_name(self.run_id, [(r.id, r.position) for r in records])
        write_part(self.fs, self.root, name, frames, {"config_id": self.config_id, "run_id": self.run_id, "documents": len(documents), "failed": len(failures)})
        stages = {stage: total - before.get(stage, 0.0) for stage, total in self.analyzer.timings.items()}
        stages["storage"] = time.perf_counter() - writing
        _exit_if_asked()
        return {"part": [name], "documents": [len(documents)], "failed": [len(failures)], "stages": [json.dumps(stages)]}


def _exit_if_asked() -> None:
    """The test hook :data:`EXIT_HOOK`: exit this process once, as if killed, after a complete part."""
    trigger = os.environ.get(EXIT_HOOK)
    if not trigger:
        return
    try:
        os.remove(trigger)
    except FileNotFoundError:
        return
    os._exit(1)
