"""The notebooks are stored with their outputs (``make notebooks`` writes them) and still run top to bottom.

The stored files are checked as they are; the run executes each notebook in memory and never rewrites the stored file.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile

import pytest

from conftest import DATA, REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
RUNNER = REPO / "notebooks" / "run.py"


def _runner():
    spec = importlib.util.spec_from_file_location("notebooks_run", RUNNER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _outputs(notebook: dict) -> list[dict]:
    return [output for cell in notebook["cells"] if cell["cell_type"] == "code" for output in cell["outputs"]]


def _reads_shared_data(notebook: dict) -> bool:
    return bool(notebook["metadata"].get("stance", {}).get("reads_shared_data", False))


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS] == ["01_quickstart.ipynb", "02_corpus.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_notebook_has_its_outputs(path):
    """Executed in order, with at least one table and one figure, no error, nothing volatile, and a small file."""
    text = path.read_text(encoding="utf-8")
    notebook = json.loads(text)
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert [cell["execution_count"] for cell in code] == list(range(1, len(code) + 1)), "run `make notebooks`"
    outputs = _outputs(notebook)
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert any("text/html" in o.get("data", {}) and "<table" in "".join(o["data"]["text/html"]) for o in outputs), "no table"
    assert any("image/png" in o.get("data", {}) for o in outputs), "no figure"
    # Reproducible files: no execution timestamps, no kernel version, no machine paths in the outputs.
    assert not [cell["metadata"] for cell in notebook["cells"] if "execution" in cell["metadata"]]
    assert notebook["metadata"]["language_info"] == {"name": "python"}
    printed = json.dumps([{k: v for k, v in o.get("data", {}).items() if k != "image/png"} | {"text": o.get("text", "")} for o in outputs])
    for volatile in (str(REPO), tempfile.gettempdir() + "/", "site-packages"):
        assert volatile not in printed, volatile
    assert len(text.encode("utf-8")) < 1_500_000


def test_runner_refuses_without_the_shared_data_and_writes_nothing(tmp_path):
    before = {path: path.read_bytes() for path in NOTEBOOKS}
    missing = tmp_path / "no-data"
    run = subprocess.run([sys.executable, str(RUNNER)], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "STANCE_DATA": str(missing)})
    assert run.returncode == 2
    assert "02_corpus.ipynb" in run.stderr and str(missing) in run.stderr and "nothing was run or written" in run.stderr
    assert {path: path.read_bytes() for path in NOTEBOOKS} == before


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path):
    """Executed in memory exactly as ``make notebooks`` does, without writing the stored file."""
    if _reads_shared_data(json.loads(path.read_text(encoding="utf-8"))) and not DATA.is_dir():
        pytest.skip(f"the notebook reads the shared data at {DATA} (set STANCE_DATA)")
    stored = path.read_bytes()
    notebook = _runner().execute(path, DATA)
    assert path.read_bytes() == stored
    outputs = _outputs(notebook)
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the notebook should draw at least one figure"
    assert any("text/html" in o.get("data", {}) for o in outputs), "the notebook should show at least one table"
