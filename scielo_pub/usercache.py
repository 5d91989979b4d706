"""A kind, a content key and a way to compute a value in; the value out, kept between processes.

Some things every command recomputes from files that rarely change — the parsed JATS DTD, the
ISO 639/3166 code lists — cost more than the rest of a one-file ``validate``. This cache keeps them
in ``$SCIELO_PUB_CACHE`` (default ``$XDG_CACHE_HOME/scielo-pub`` or ``~/.cache/scielo-pub``;
set it to ``off`` to disable). Entries are JSON, never pickle; the file name is a SHA-256 of the
kind, the code version and the bytes the value is derived from, so a changed input is a new key.
Each file starts with a digest of its own body: a damaged, truncated or foreign entry is ignored
(and recomputed), never trusted. Writes go through a temporary file and a rename, so readers never
see half an entry, and any failure to read or write the cache only costs the computation.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import __version__

#: Bumped when an entry's meaning changes; part of every key.
FORMAT = "1"
_MAGIC = b"scielo-pub-cache "
#: Larger files are not entries this module wrote (the flat JATS DTD is about 0.4 MB).
MAX_ENTRY_BYTES = 32 * 1024 * 1024


def cache_dir() -> Path | None:
    """Where entries live, or ``None`` when the cache is switched off."""
    env = os.environ.get("SCIELO_PUB_CACHE")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "no") else Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "scielo-pub"
    try:
        return Path.home() / ".cache" / "scielo-pub"
    except RuntimeError:  # no home directory: no cache
        return None


def content_key(kind: str, parts: Iterable[bytes | str]) -> str:
    """A key over ``kind``, the code version and every part (each length-prefixed)."""
    digest = hashlib.sha256(f"{kind}\0{FORMAT}\0{__version__}\0".encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


def load(kind: str, key: str) -> Any | None:
    """The JSON value stored under ``key``; ``None`` when absent, damaged or unreadable."""
    folder = cache_dir()
    if folder is None:
        return None
    raw = _read_regular(folder / kind / f"{key}.json")
    if raw is None:
        return None
    head, _, body = raw.partition(b"\n")
    if head != _MAGIC + hashlib.sha256(body).hexdigest().encode():
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def store(kind: str, key: str, value: Any) -> None:
    """Write ``value`` (JSON-able) under ``key`` atomically; errors are ignored."""
    folder = cache_dir()
    if folder is None:
        return
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    data = _MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body
    target = folder / kind
    tmp = target / f".tmp-{key}-{os.getpid()}-{threading.get_ident()}"
    try:
        target.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target / f"{key}.json")
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _read_regular(path: Path) -> bytes | None:
    """The bytes of a regular file (a FIFO, device or link to one is never read: no hang)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
                return None
            return fh.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None


def cached(kind: str, parts: Iterable[bytes | str], compute: Callable[[], Any]) -> Any:
    """The value for ``parts`` from the cache, or ``compute()`` (then stored)."""
    key = content_key(kind, parts)
    value = load(kind, key)
    if value is None:
        value = compute()
        store(kind, key, value)
    return value
