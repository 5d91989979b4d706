"""scielo-pub's own files in, one digest of them out: the code's part of every build cache key.

``package_fingerprint`` hashes every code, template, static and data file of a package folder
(``SUFFIXES``; ``__pycache__`` left out), so a change to any of them makes a build redo its work.
It costs one ``stat`` per file: the digest of the files' contents is kept in the user cache
(``usercache``) under the files' ``(path, size, mtime_ns)``, and their bytes are read and hashed only
when one of those changed (a file modified within the last seconds is not trusted from the cache, as
the read cache does with article files). ``code_fingerprint`` is that of this package, made once
per process. This module imports nothing heavy: the read stage asks for it before any renderer is
loaded.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from pathlib import Path

from . import usercache

#: The files that decide what a build makes: code (compiled extensions too), templates, static
#: files, data the code reads.
SUFFIXES = (".py", ".pyx", ".pxd", ".so", ".html", ".css", ".js", ".ico", ".xml", ".txt", ".json",
            ".xsd", ".dtd", ".ent", ".mod", ".crfsuite")  # fmt: skip
KIND = "code-fingerprint"
#: A file modified this recently may change again within its mtime tick unseen: not cached.
_RACY_NS = 2_000_000_000
_PACKAGE = Path(__file__).resolve().parent
#: How many times the files' bytes were hashed in this process (a test sees the cache work).
HASHED = {"count": 0}


def _files(root: Path) -> list[tuple[str, str]]:
    """``(relative path, path)`` of every file ``package_fingerprint`` covers, sorted."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [d for d in subfolders if d != "__pycache__" and not d.startswith(".")]
        rel = os.path.relpath(folder, root)
        for name in names:
            if name.endswith(SUFFIXES) and not name.startswith("."):
                found.append((name if rel == "." else f"{rel}/{name}".replace(os.sep, "/"),
                              os.path.join(folder, name)))  # fmt: skip
    found.sort()
    return found


def package_fingerprint(root: Path) -> str:
    """The digest of every covered file's relative path and bytes under ``root``."""
    files = _files(root)
    prints, racy = [], False
    now = time.time_ns()
    for rel, path in files:
        try:
            info = os.stat(path)
        except OSError:
            prints.append(f"{rel}\0-")
            continue
        racy = racy or info.st_mtime_ns > now - _RACY_NS
        prints.append(f"{rel}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}")
    key = usercache.content_key(KIND, [str(root), *prints])
    known = usercache.load(KIND, key)
    if isinstance(known, str):
        return known
    digest = _hash(files)
    if not racy:
        usercache.store(KIND, key, digest)
    return digest


def _hash(files: list[tuple[str, str]]) -> str:
    HASHED["count"] += 1
    digest = hashlib.sha256()
    for rel, path in files:
        digest.update(rel.encode() + b"\0")
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            data = b"\0unreadable"
        digest.update(f"{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The fingerprint of scielo-pub's own files, made once per process."""
    return package_fingerprint(_PACKAGE)
