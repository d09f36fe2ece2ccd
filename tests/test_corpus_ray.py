"""Corpus runs on a local Ray instance (engine="ray"): the local engine's results, killed workers, an interrupted driver, bad records."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

import stance  # noqa: E402
from stance.corpus import Results, analyze_corpus  # noqa: E402
from stance.corpus_ray import EXIT_HOOK  # noqa: E402
from stance.parts import MANIFEST  # noqa: E402

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))
import corpus_worker  # noqa: E402
from test_corpus import stored  # noqa: E402

#: Records that cannot be analysed, mixed into the corpus: each becomes an errors row.
BAD = [
    {"id": "empty", "text": ""},
    {"id": "number", "text": 12345},
    987,
    {"id": "a0003", "text": "A duplicate of an id stored earlier."},
    {"id": "bad-\ud83d-id", "text": "Putin met Ukraine's envoy."},
    {"id": "surrogate-text", "text": "Russia said \ud800 no. Putin praised Ukraine.", "outlet": "bad \udfff outlet"},
]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A local Ray instance with 2 CPUs whose workers import this checkout and the test helpers; yields the exit hook's trigger file."""
    trigger = tmp_path_factory.mktemp("hook") / "exit-once"
    settings = {"PYTHONPATH": os.pathsep.join([str(TESTS.parent), str(TESTS), os.environ.get("PYTHONPATH", "")]), EXIT_HOOK: str(trigger)}
    saved = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)  # the workers inherit the environment of the instance started here
    try:
        ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING")
    finally:
        for name, value in saved.items():
            os.environ.pop(name) if value is None else os.environ.__setitem__(name, value)
    yield trigger
    ray.shutdown()


def local_run(tmp_path: Path, records, name: str = "local.duckdb") -> dict[str, pd.DataFrame]:
    out = tmp_path / name
    analyze_corpus(records, out, analyzer=corpus_worker.analyzer(), batch_size=4, progress=False)
    return stored(out)


def assert_same(got: dict[str, pd.DataFrame], want: dict[str, pd.DataFrame]) -> None:
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_dtype=False, obj=name)


def test_a_ray_run_stores_what_the_local_engine_stores(tmp_path, cluster):
    records = corpus_worker.corpus(30)
    for k, item in enumerate(BAD):
        records.insert(3 + 5 * k, item)
    out = tmp_path / "ray"
    summary = analyze_corpus(records, out, analyzer=corpus_worker.analyzer, batch_size=4, progress=False, engine="ray", workers=2)
    assert (summary.analysed, summary.skipped, summary.failed) == (30, 0, 6)
    assert {"parsing", "scoring", "storage"} <= set(summary.stages)
    got, want = stored(out), local_run(tmp_path, records)
    assert_same(got, want)
    errors = got["errors"].set_index("doc_id")
    assert errors.loc["a0003", "reason"] == "duplicate id 'a0003': the record at position 4 has it"
    assert {"empty", "number", "a0016", "bad-\\ud83d-id"} <= set(errors.index) and len(got["documents"]) + len(errors) == len(records)
    with Results(out) as results:  # the Parquet folder works like a database with aggregation
        table = stance.aggregate.actor_target_table(results.stances())
        assert not table.empty and results.runs()["finished_at"].notna().all()
    again = analyze_corpus(records, out, analyzer=corpus_worker.analyzer, batch_size=4, progress=False, engine="ray", workers=2)
    assert (again.analysed, again.skipped, again.failed) == (0, 36, 0)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path, cluster):
    records = [r for r in corpus_worker.corpus(30) if r["text"] is not None]
    cluster.write_text("exit once")  # the first worker to finish a batch exits after writing it
    out = tmp_path / "ray"
    summary = analyze_corpus(ray.data.from_pandas(pd.DataFrame(records)), out, analyzer=corpus_worker.analyzer, batch_size=4,
                             progress=False, engine="ray", workers=2)
    assert not cluster.exists(), "no worker exited"
    assert (summary.analysed, summary.failed) == (29, 0)
    got = stored(out)
    assert sorted(got["documents"]["doc_id"]) == sorted(r["id"] for r in records)
    assert_same(got, local_run(tmp_path, records))


def test_a_run_resumes_after_the_driver_is_killed(tmp_path, cluster):
    records = [r for r in corpus_worker.corpus(120) if r["text"] is not None]
    out = tmp_path / "ray"
    address = ray.get_runtime_context().gcs_address
    driver = (
        "import sys, corpus_worker; from stance.corpus import analyze_corpus; "
        f"analyze_corpus([r for r in corpus_worker.corpus(120) if r['text'] is not None], {str(out)!r}, analyzer=corpus_worker.analyzer, "
        f"batch_size=4, progress=False, engine='ray', workers=1, address={address!r})"
    )
    process = subprocess.Popen([sys.executable, "-c", driver], cwd=TESTS, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manifest = out / MANIFEST
    deadline = time.monotonic() + 240
    while process.poll() is None and time.monotonic() < deadline and len(list(manifest.glob("*.json"))) < 3:
        time.sleep(0.1)
    assert process.poll() is None, "the driver finished before it could be killed; make the corpus larger"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    done = len(list(manifest.glob("*.json")))
    assert 3 <= done < 30
    resumed = analyze_corpus(records, out, analyzer=corpus_worker.analyzer, batch_size=4, progress=False, engine="ray", workers=2)
    assert resumed.skipped >= 4 * done and resumed.skipped + resumed.analysed == len(records)
    assert_same(stored(out), local_run(tmp_path, records))


def test_bad_records_from_the_command_line_are_errors_and_are_retried_on_request(tmp_path, cluster, capsys):
    from stance.cli import main

    source = tmp_path / "news.jsonl"
    lines = [json.dumps({"id": "ok", "text": "Putin praised Ukraine, officials said."}), "{not json", json.dumps({"id": "blank", "text": " "}),
             json.dumps({"id": "ok", "text": "A duplicate."})]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = ["corpus", str(source), "--out", str(tmp_path / "ray"), "--engine", "ray", "--workers", "1", "--quiet",
               "--scorer", "none", "--attribution-model", "none", "--target", "Russia"]
    assert main(command) == 0
    assert "1 analysed, 0 skipped (stored before), 3 failed" in capsys.readouterr().out
    with Results(tmp_path / "ray") as results:
        reasons = results.errors().set_index("position")["reason"]
    assert "line 2 of news.jsonl is not valid JSON" in reasons[1] and "empty" in reasons[2] and "duplicate id 'ok'" in reasons[3]
    assert main(command) == 0 and "0 analysed, 4 skipped" in capsys.readouterr().out
    assert main(command + ["--retry-errors"]) == 0 and "0 analysed, 1 skipped (stored before), 3 failed" in capsys.readouterr().out
    with Results(tmp_path / "ray") as results:
        assert sorted(results.errors()["position"]) == [1, 2, 3] and len(results.runs()) == 3
    assert main(command[:-2] + ["--workers", "0"]) == 2 and "--workers must be at least 1" in capsys.readouterr().err


def test_the_options_are_checked_and_a_missing_ray_says_how_to_install_it(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="not an Analyzer"):
        analyze_corpus(["x"], tmp_path / "r", analyzer=stance.Analyzer(attribution=False, scorer=None), engine="ray")
    with pytest.raises(ValueError, match="workers"):
        analyze_corpus(["x"], tmp_path / "r", engine="ray", workers=0)
    with pytest.raises(ValueError, match="engine must be"):
        analyze_corpus(["x"], tmp_path / "r", engine="spark")
    with pytest.raises(ValueError, match="engine='ray'"):
        analyze_corpus(["x"], tmp_path / "r.duckdb", workers=2)
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ImportError, match=r"pip install 'news-stance\[ray\]'"):
        analyze_corpus(["x"], tmp_path / "r", engine="ray", scorer=None)
