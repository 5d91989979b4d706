"""Bytes and a path in, a file out: written whole or not at all, readable by a web server.

The pieces of the site writer that a process rendering only PDFs also needs (the rebuild's printer,
:mod:`scielo_pub.render.printer`), kept apart from :mod:`scielo_pub.render.site` and its imports.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

#: The output folder's record of every task's key and files (see ``render.state``).
MANIFEST = ".scielo-pub/outputs.sqlite"
#: Where builds before that record kept it (a JSON file, read once into the new record).
LEGACY_MANIFEST = ".scielo-pub-manifest.json"


@dataclass
class TaskResult:
    """One build task's outcome: its key, the files it owns, those it wrote, what went wrong."""

    task: str
    key: str
    files: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def emit_file(out: Path, rel: str, data: str | bytes | Path, result: TaskResult) -> None:
    """Record ``rel`` as a file of the task and write it (a source file is copied unless the copy
    is as new and as large)."""
    result.files.append(rel)
    target = out / rel
    if isinstance(data, Path):
        if (
            target.exists()
            and target.stat().st_size == data.stat().st_size
            and target.stat().st_mtime >= data.stat().st_mtime
        ):
            return
        copy_atomic(data, target)
    else:
        write_atomic(target, data)
    result.written.append(rel)


@lru_cache(maxsize=1)
def _file_mode() -> int:
    """The mode a plainly created file gets under the process umask (0644 with the usual 022):
    ``mkstemp`` makes 0600 files, which a web server running as another user cannot read."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write through a temporary file in the same folder, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        os.fchmod(fd, _file_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def copy_atomic(source: Path, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        shutil.copystat(source, tmp)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
