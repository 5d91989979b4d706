"""Article sources and an output folder in, read/validate/model outcomes reused from the last build out.

A rebuild looks each article's content up in ``OUT/.scielo-pub/read-cache/``: the key is a digest
of the file's bytes, its file name, the journal's settings (``journal.toml``: DTD, rules), the bytes
of the journal's own DTD file when it has one, and the code of scielo-pub itself, never the folder
it lies in, so a collection moved or copied elsewhere hits the same entries. The bytes' digest is
remembered per file with its ``stat`` fingerprint (size, mtime in ns, inode; ``fingerprints.json``):
a file whose fingerprint is unchanged is not read again, only ``stat``-ed (a file modified within
the last seconds before it was fingerprinted is not trusted, as git does with racy entries). An
entry holds the canonical XML, the digest and the diagnostics (as JSON, not pickle); the article
model is rebuilt from the canonical XML, which costs a few milliseconds where reading SGML and
validating cost far more. Articles that failed are not
cached, so their errors are always reported fresh.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from .collection import ArticleSource
from .errors import Diagnostic, Severity
from .markup.jats import safe_parser
from .model import article_from_tree

FOLDER = Path(".scielo-pub") / "read-cache"
FINGERPRINTS = "fingerprints.json"
_PATH_MARK = "\0path\0"
#: A file modified less than this many ns before it was fingerprinted may change again within the
#: same mtime tick unseen: its fingerprint is not kept, so the next build reads it.
_RACY_NS = 2_000_000_000


def cache_key(item: ArticleSource, data_digest: str, code: str, dtd: str | None = None) -> str:
    """The content key of one article: its bytes' digest, file name, journal settings, journal DTD
    (``dtd``, its digest when already known), code."""
    digest = hashlib.sha256()
    journal = dataclasses.replace(item.journal, path=None)  # where the folder lies changes nothing
    for part in (code, item.path.name, repr(journal), _dtd_digest(item) if dtd is None else dtd):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(data_digest.encode("ascii"))
    return digest.hexdigest()


def _dtd_file(item: ArticleSource) -> Path | None:
    """Where the journal's own DTD file would be (its folder's ``dtd`` setting), if it names one."""
    dtd = item.journal.dtd
    folder = item.issue.path.parent.parent if item.issue.path else None
    return folder / dtd if dtd and folder is not None else None


def _dtd_digest(item: ArticleSource) -> str:
    candidate = _dtd_file(item)
    if candidate is not None and candidate.is_file():
        return hashlib.sha256(candidate.read_bytes()).hexdigest()
    return ""


def _fingerprint(path: Path) -> list[int] | None:
    """``[size, mtime_ns, inode]`` of a regular file (not a link), else None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino] if stat.S_ISREG(info.st_mode) else None


class _Digests:
    """The bytes' digest of each article file: remembered while its stat fingerprint holds."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FINGERPRINTS
        self.started = time.time_ns()
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        self.known: dict = known if isinstance(known, dict) else {}
        self.now: dict[str, list] = {}

    def digest(self, item: ArticleSource) -> str | None:
        """The digest of the file's bytes; read (through every reader's guards) only when its
        fingerprint is new; None when the file is refused (``publish`` then reports why)."""
        from .publish import inside, load_source

        name = str(item.path)
        print_ = _fingerprint(item.path)
        entry = self.known.get(name)
        if (print_ is not None and isinstance(entry, list) and entry[:3] == print_
                and (item.root is None or inside(item.path, item.root))):  # fmt: skip
            self.now[name] = entry
            return entry[3]
        data = load_source(item.path, root=item.root)
        if not isinstance(data, bytes):
            return None
        found = hashlib.sha256(data).hexdigest()
        if print_ is not None and print_[1] < self.started - _RACY_NS:
            self.now[name] = [*print_, found]
        return found

    def save(self) -> None:
        if self.now != self.known:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _write(self.path, json.dumps(self.now, separators=(",", ":")).encode("utf-8"))


def publish_cached(
    items: Sequence[ArticleSource], out: Path, publish: Callable[[Sequence[ArticleSource]], list]
) -> list:
    """Outcomes for ``items`` in order: cached ones loaded, the others from ``publish(missing)``."""
    from .build import Outcome
    from .render.site import code_fingerprint

    folder = Path(out) / FOLDER
    code = code_fingerprint()
    digests = _Digests(folder)
    dtds: dict[Path | None, str] = {}  # one journal's DTD digest, computed once per build
    keys: list[str | None] = []
    found: dict[int, Any] = {}
    for n, item in enumerate(items):
        # The same guards as every reader (regular file, inside the collection, size cap): a FIFO
        # or a link out of the collection gets no key, and publish reports why it is refused.
        data_digest = digests.digest(item)
        where = _dtd_file(item)
        if where not in dtds:
            dtds[where] = _dtd_digest(item)
        key = cache_key(item, data_digest, code, dtds[where]) if data_digest else None
        keys.append(key)
        hit = _load(folder, key, item, Outcome) if key else None
        if hit is not None:
            found[n] = hit
    missing = [n for n in range(len(items)) if n not in found]
    for n, outcome in zip(missing, publish([items[n] for n in missing]), strict=True):
        found[n] = outcome
        if keys[n] and outcome.article is not None:
            _store(folder, keys[n], outcome, str(items[n].path))
    digests.save()
    return [found[n] for n in range(len(items))]


def _load(folder: Path, key: str, item: ArticleSource, outcome_type: type) -> Any:
    entry = folder / key[:2] / f"{key}.json"
    try:
        meta = json.loads(entry.read_text(encoding="utf-8"))
        canonical = (folder / key[:2] / f"{key}.xml").read_bytes()
        path = str(item.path)
        diagnostics = tuple(_diagnostic(d, path) for d in meta["diagnostics"])
        tree = etree.ElementTree(etree.fromstring(canonical, safe_parser()))
        article = article_from_tree(tree, path=path)
    except (OSError, ValueError, KeyError, TypeError, etree.XMLSyntaxError):
        return None  # absent or damaged: read the article again
    return outcome_type(diagnostics, article, canonical, meta["digest"])


def _diagnostic(data: dict, path: str) -> Diagnostic:
    data = dict(data)
    data["path"] = data["path"].replace(_PATH_MARK, path)
    data["severity"] = Severity(data["severity"])
    return Diagnostic(**data)


def _store(folder: Path, key: str, outcome: Any, path: str) -> None:
    diagnostics = []
    for d in outcome.diagnostics:
        data = dataclasses.asdict(d)
        data["path"] = d.path.replace(path, _PATH_MARK)
        data["severity"] = int(d.severity)
        diagnostics.append(data)
    meta = {"digest": outcome.digest, "diagnostics": diagnostics}
    target = folder / key[:2]
    target.mkdir(parents=True, exist_ok=True)
    _write(target / f"{key}.xml", outcome.canonical)
    _write(target / f"{key}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
