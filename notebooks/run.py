"""Execute the notebooks and store them with their outputs (tables as HTML and text, figures as PNG).

    .venv/bin/python notebooks/run.py [NOTEBOOK ...]      (``make notebooks``; default: every notebooks/*.ipynb)

The stored files are meant to be reproducible: the same code, data and environment give the same bytes. To that
end no execution timestamps are recorded, stream outputs are merged (so they do not depend on when the kernel
flushed), the kernel gets a fixed ``PYTHONHASHSEED``, the notebook metadata is kept as it was (no Python version
from the kernel) and the JSON is written in nbformat's one canonical form. The cells themselves print no times and
no temporary paths. PNG bytes can still differ between matplotlib or FreeType builds.

A notebook whose metadata has ``"stance": {"reads_shared_data": true}`` reads the shared data folder
(``STANCE_DATA``, default ``../shared/data`` next to the repository). When that folder is absent the command stops
before running anything, and writes nothing: stored outputs always come from a run with the data. Every notebook is
executed before any is written, so a cell that raises leaves all stored files as they were.

The test suite imports :func:`execute` to run the notebooks the same way, in memory, without writing them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = Path(os.environ.get("STANCE_DATA", REPO.parent / "shared" / "data"))
TIMEOUT = 1800  # seconds per cell


def notebooks() -> list[Path]:
    return sorted(HERE.glob("*.ipynb"))


def reads_shared_data(notebook) -> bool:
    return bool(notebook.metadata.get("stance", {}).get("reads_shared_data", False))


def execute(path: Path, data: Path = DATA):
    """The notebook at ``path`` executed top to bottom in a fresh kernel (working directory: its folder).

    Returns the executed ``nbformat`` notebook, with volatile metadata left out; writes nothing. Raises
    ``nbclient.exceptions.CellExecutionError`` if a cell raises.
    """
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    metadata = nbformat.from_dict(dict(notebook.metadata))
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    environment = {
        "STANCE_DATA": str(Path(data).resolve()),  # the kernel runs in the notebook's folder: a relative path would move
        "PYTHONHASHSEED": "0",
        "TOKENIZERS_PARALLELISM": "false",
        # tqdm.auto warns (with its install path) in a kernel without ipywidgets; the cells show no progress bars
        "PYTHONWARNINGS": "ignore:IProgress not found",
    }
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)  # the kernel inherits this process's environment
    try:
        NotebookClient(
            notebook,
            timeout=TIMEOUT,
            kernel_name="python3",
            record_timing=False,
            coalesce_streams=True,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    notebook.metadata = metadata  # the kernel adds its Python version to language_info: keep the stored one
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    return notebook


def main(argv: list[str]) -> int:
    import nbformat
    from nbclient.exceptions import CellExecutionError

    paths = [Path(arg).resolve() for arg in argv] or notebooks()
    for path in paths:
        if not path.is_file() or path.suffix != ".ipynb":
            print(f"run.py: {path} is not a notebook", file=sys.stderr)
            return 2
    needing = [path.name for path in paths if reads_shared_data(nbformat.read(path, as_version=4))]
    if needing and not DATA.is_dir():
        print(f"run.py: {', '.join(needing)} read(s) the shared data folder, not found at {DATA} "
              "(set STANCE_DATA); nothing was run or written", file=sys.stderr)
        return 2
    executed = []
    for path in paths:
        print(f"executing {path.relative_to(REPO) if path.is_relative_to(REPO) else path} ...", flush=True)
        try:
            executed.append((path, execute(path)))
        except CellExecutionError as error:
            print(f"run.py: {path.name} failed; nothing was written\n{error}", file=sys.stderr)
            return 1
    for path, notebook in executed:
        nbformat.validate(notebook)
        partial = path.with_suffix(".ipynb.partial")
        nbformat.write(notebook, partial)
        partial.replace(path)
        print(f"wrote {path.name} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
