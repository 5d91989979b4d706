"""An article file (and its journal) in, its checked canonical tree and model out: the one per-article path.

``load_source`` refuses what must not be read (anything but a regular file, a link that leaves the
collection, a file over the size cap) and reads the bytes without ever blocking; ``process`` runs
read -> check -> model once (``dtd.validate.validate_article``); ``issue_verdict`` is the one decision
on which articles of an issue folder may be published. The build and the commands ``validate``,
``inspect``, ``render``, ``lilacs`` and ``convert`` all go through here, so they cannot disagree.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .dtd.validate import (
    MAX_ARTICLE_BYTES,
    JournalConfig,
    ValidationResult,
    find_journal_config,
    journal_config,
    too_large,
    validate_article,
)
from .errors import Diagnostic, Severity

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def inside(path: Path, root: Path) -> bool:
    """``path``, with every link followed, lies under ``root``."""
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def outside_error(
    path: str | Path, what: str, code: str = "input.outside-collection"
) -> Diagnostic:
    """The refusal of a path that resolves outside the collection."""
    return Diagnostic(
        str(path), 1, 1, Severity.ERROR, f"{what} resolves outside the collection; it was not read",
        code, "package",
        "Keep articles, images, supplementary files, DTDs and catalogs inside the collection "
        "folder, as plain files (no links leading out of it).",
    )  # fmt: skip


def load_source(path: Path, *, root: Path | None = None, limit: int = MAX_ARTICLE_BYTES):
    """The bytes of the article file at ``path``, or the Diagnostic that refuses it.

    Refused: a link resolving outside ``root``; anything but a regular file (a FIFO, a device such
    as ``/dev/zero``, a folder), found with ``fstat`` on a non-blocking descriptor so nothing waits;
    a file over ``limit`` bytes (read at most ``limit + 1`` bytes, whatever the size claims).
    """
    where = str(path)
    if root is not None and not inside(path, root):
        return outside_error(where, f"'{Path(path).name}'")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        return _io_error(where, exc)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            return Diagnostic(
                where, 1, 1, Severity.ERROR, f"the path is {kind}, not an article file",
                "input.not-regular", "structure", "Give a regular .xml or .sgm file.",
            )  # fmt: skip
        if info.st_size > limit:
            return too_large(where, info.st_size, limit)
        data = _read_at_most(fd, limit + 1)
    except OSError as exc:
        return _io_error(where, exc)
    finally:
        os.close(fd)
    return too_large(where, len(data), limit) if len(data) > limit else data


def _read_at_most(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _io_error(where: str, exc: OSError) -> Diagnostic:
    return Diagnostic(
        where, 1, 1, Severity.ERROR, f"cannot read the file: {exc.strerror or exc}", "input.io",
        "structure", "Check that the file exists and that you may read it.",
    )  # fmt: skip


def process(
    path: Path,
    config: JournalConfig | None = None,
    *,
    root: Path | None = None,
    lang: str = "en",
    catalog=None,
    data: bytes | None = None,
) -> ValidationResult:
    """Read, check and model one article file (the journal's configuration found next to it when
    ``config`` is None); ``result.ok`` says whether it may be published on its own. ``data``: the
    file's bytes when the caller read them already (through ``load_source``, e.g. a cluster build
    sending them with the task); the size cap still applies."""
    path = Path(path)
    if config is None:
        config = find_journal_config(path) or JournalConfig()
    if data is not None:
        limit = config.max_bytes
        loaded = too_large(str(path), len(data), limit) if len(data) > limit else data
    else:
        loaded = load_source(path, root=root, limit=config.max_bytes)
    if isinstance(loaded, Diagnostic):
        return ValidationResult(str(path), None, None, (loaded,))
    return validate_article(loaded, path=str(path), journal=config, catalog=catalog, lang=lang)


def command_config(
    path: Path, *, dtd: str | None = None, catalog: str | None = None, encoding: str | None = None
) -> JournalConfig:
    """The configuration a command uses for one file: the journal.toml above it (if any) with the
    command line's ``--dtd``, ``--catalog`` and ``--encoding`` on top."""
    config = find_journal_config(Path(path)) or JournalConfig()
    overrides = {"sgml_dtd": dtd, "sgml_catalog": catalog, "encoding": encoding}
    return replace(config, **{k: v for k, v in overrides.items() if v})


def source_config(journal, journal_folder: Path | None) -> JournalConfig:
    """The validation configuration of a discovered journal (paths relative to its folder)."""
    return journal_config(journal, base=journal_folder)


@dataclass(frozen=True)
class Verdict:
    """The decision on an issue folder: its issue-level problems and the articles refused."""

    diagnostics: tuple[Diagnostic, ...]
    refused: frozenset[str]


def issue_verdict(package, results: Sequence[ValidationResult]) -> Verdict:
    """Which articles of an issue folder or package may be published: the one decision.

    An article is refused when its own check found an error, or when an issue-level check (missing
    or unsafe files, duplicate identifiers, disagreeing volume/number) names it with an error.
    """
    from .dtd.package import check_issue

    diagnostics = tuple(check_issue(package, results)) if package.readable else ()
    refused = {r.path for r in results if not r.ok}
    refused |= {d.path for d in (*diagnostics, *package.diagnostics) if d.is_error}
    return Verdict(diagnostics, frozenset(refused))
