"""An issue folder's listing and its articles' cache entries in, the last build's issue verdict out.

Also the diagnostics' records the read cache and this record keep (``record``, ``diagnostic``) and
the atomic write both use (``write_file``).

``Verdicts`` keeps each issue folder's verdict (``publish.issue_verdict``: its diagnostics and the
articles it refused) in ``OUT/.scielo-pub/read-cache/issues.pickle``, with the folder's
*fingerprint*: the code of the checks, the read cache's folder, the folder's entries as ``discover``
listed them (``listing.Listing``: every entry's name, size, mtime, inode and mode; the folders and
links in it walked too, as ``dtd.package.read_folder`` walks them) and its articles' cache entries
(``members_digest``). While the fingerprint holds, the folder's recorded verdict is replayed
instead of its trees being parsed and checked again. The fingerprint costs a hash of the listing
and of one digest per folder: nothing per article.
"""

from __future__ import annotations

import hashlib
import operator
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .errors import Diagnostic, Severity
from .listing import Listing

VERDICTS = "issues.pickle"
#: Where a diagnostic's path was the article's own (a moved collection replays it).
PATH_MARK = "\0path\0"


class Verdicts:
    """Each issue folder's verdict at the last build (``issues.pickle``), kept while the folder's
    fingerprint (``fingerprint``) holds."""

    def __init__(self, folder: Path) -> None:
        """``folder``: the read cache's folder (``readcache.FOLDER`` in OUT)."""
        self.base = os.fspath(folder)
        self.path = Path(folder) / VERDICTS
        self.known: dict = load_record(self.path)
        self.now: dict = {}

    def get(self, listing: Listing, members: str) -> tuple[str, Any]:
        """The folder's fingerprint, and its recorded ``(diagnostics, refused)`` if it holds;
        ``members``: the digest of its articles' cache entries (``members_digest``)."""
        mark = fingerprint(listing, members, self.base)
        known = self.known.get(listing.path)
        if known is not None and known[0] == mark:
            self.now[listing.path] = known
            return mark, known[1]
        return mark, None

    def put(self, folder: str, mark: str, diagnostics: Sequence[Diagnostic], refused) -> None:
        records = tuple(record(d, "") for d in diagnostics)
        self.now[folder] = (mark, (records, frozenset(refused)))

    @staticmethod
    def replay(recorded: Any) -> tuple[list[Diagnostic], frozenset[str]]:
        records, refused = recorded
        return [diagnostic(r, "") for r in records], refused

    def save(self) -> None:
        if self.now != self.known:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_file(self.path, pickle.dumps(self.now, protocol=pickle.HIGHEST_PROTOCOL))


def members_digest(names: Iterable[str], keys: Iterable[str]) -> str:
    """The digest of an issue folder's articles: each file name with the key of its read cache
    entry ("" for an article not published)."""
    text = "".join(f"{name}\0{key}\n" for name, key in zip(names, keys, strict=True))
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(listing: Listing, members: str, base: str) -> str:
    """The folder's fingerprint: the checks' code, the read cache's folder, the folder's path and
    listing, its articles' entries (``members``), and what is under the folders and links in it."""
    parts: list = [_checks_code(), base, listing.path, hashlib.sha256(listing.prints).hexdigest(),
                   members]  # fmt: skip
    for name in listing.special:
        parts += _walk(os.path.join(listing.path, name))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _walk(path: str) -> list:
    """A folder or link in an issue folder: a link's target; every file under a folder (name,
    size, mtime, inode, kind; a link's target), hidden ones left out as ``read_folder`` does."""
    if os.path.islink(path):
        return [os.path.realpath(path)]
    parts: list = []
    stack = [path]
    while stack:
        where = stack.pop()
        try:
            with os.scandir(where) as found:
                entries = sorted(found, key=_NAME)
        except OSError as exc:
            parts.append(f"!{where}:{exc.errno}")
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            parts.append((entry.path, info.st_size, info.st_mtime_ns, info.st_ino, info.st_mode))
            if stat.S_ISLNK(info.st_mode):
                parts.append(os.path.realpath(entry.path))
            elif entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
    return parts


_NAME = operator.attrgetter("name")


def _checks_code() -> str:
    """A digest of the code that decides an issue's verdict (all of scielo-pub's: ``codeprint``):
    a new version checks every folder again."""
    from .codeprint import code_fingerprint

    return code_fingerprint()


def load_record(path: Path) -> dict:
    """A dictionary an earlier build of this OUT pickled at ``path`` (its ``save``); empty when it is
    missing, unreadable or of another shape, so the build does the work again."""
    try:
        with open(path, "rb") as f:
            known = pickle.load(f)
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return {}
    return known if isinstance(known, dict) else {}


def record(d: Diagnostic, path: str) -> tuple:
    """A diagnostic as a tuple, the article's own ``path`` marked (a moved collection replays it)."""
    where = d.path.replace(path, PATH_MARK) if path else d.path
    return interned((where, d.line, d.column, int(d.severity), d.message, d.code, d.kind, d.advice))


def diagnostic(record: tuple, path: str) -> Diagnostic:
    where, line, column, severity, message, code, kind, advice = record
    return Diagnostic(where.replace(PATH_MARK, path), line, column, Severity(severity), message,
                      code, kind, advice)  # fmt: skip


def interned(record: tuple) -> tuple:
    """The record with its path, code, kind and advice interned: the same texts recur in every
    article, and the index pickles each once."""
    where, line, column, severity, message, code, kind, advice = record
    return (sys.intern(where), line, column, severity, message, sys.intern(code), sys.intern(kind),
            sys.intern(advice))  # fmt: skip


def write_file(path: Path, data: bytes) -> None:
    """``data`` written to a temporary file beside ``path`` and renamed over it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
