"""A checked submission (or an article to withdraw) in, the collection folder changed atomically and
the site and store rebuilt out.

The new issue folder is staged beside the collection (``COLLECTION/.scielo-pub-staging``, on the same
filesystem) and renamed into ``journals/J/issues/I``; the folder it replaces is renamed away first and
removed after. Only that one issue folder of the submission's journal is ever touched. Then the
collection is rebuilt by ``scielo_pub.build.build`` (the function ``scielo-pub build`` calls; it is
incremental), so the articles reach the pages, search, OAI-PMH (new stamps), feeds and the LILACS
export; an article withdrawn leaves the site and becomes an OAI deleted record. One publish runs at a
time (a lock file under the workspace data folder serialises processes too).
"""

from __future__ import annotations

import fcntl
import secrets
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from . import Places
from .submissions import article_names, digest, listing

_LOCK = threading.Lock()


@dataclass(frozen=True)
class Outcome:
    """What a publish or withdrawal did: whether the folder changed, and the build's summary."""

    changed: bool
    build: str
    failed: tuple[str, ...] = ()


@contextmanager
def exclusive(places: Places) -> Iterator[None]:
    """One publish at a time, across threads and processes."""
    places.data.mkdir(parents=True, exist_ok=True)
    with _LOCK, (places.data / "publish.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _target(places: Places, journal: str, issue: str) -> Path:
    """The issue folder, refused if it would leave the journal's issues folder."""
    issues = (places.journal_dir(journal) / "issues").resolve()
    target = places.issue_dir(journal, issue)
    if target.resolve().parent != issues or target.is_symlink():
        raise InputError(f"{journal}/{issue} is not an issue folder of the journal")
    return target


def swap_in(places: Places, journal: str, issue: str, files: Path) -> bool:
    """Put a copy of ``files`` at the issue folder atomically; False when it already held them."""
    target = _target(places, journal, issue)
    if target.is_dir() and digest(listing(target)) == digest(listing(files)):
        return False
    staging = places.collection / ".scielo-pub-staging"
    staging.mkdir(exist_ok=True)
    token = secrets.token_hex(8)
    new = staging / f"{journal}-{issue}-{token}"
    shutil.copytree(files, new, symlinks=False)
    old = staging / f"old-{journal}-{issue}-{token}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return True


def rebuild(places: Places) -> tuple[str, tuple[str, ...]]:
    """The incremental build of the whole collection into the served site and store."""
    from ..build import build
    from ..executors import LocalExecutor

    with LocalExecutor(1) as executor:
        report = build(places.collection, places.site, pdf=places.pdf, db=places.db,
                       executor=executor)  # fmt: skip
    return f"{report.summary()}; {report.store}", tuple(report.failed)


def publish(places: Places, journal: str, issue: str, files: Path) -> Outcome:
    """Write the submission's issue folder into the collection and rebuild."""
    with exclusive(places):
        changed = swap_in(places, journal, issue, files)
        summary, failed = rebuild(places)
    return Outcome(changed, summary, failed)


def withdraw(places: Places, journal: str, issue: str, name: str) -> Outcome:
    """Take the article file ``name`` out of the issue folder (atomically) and rebuild."""
    with exclusive(places):
        target = _target(places, journal, issue)
        if not target.is_dir() or name not in article_names(listing(target)):
            raise InputError(f"{name} is not an article of {journal}/{issue}")
        scratch = places.data / "withdraw" / secrets.token_hex(8)
        scratch.mkdir(parents=True)
        try:
            for entry in target.iterdir():
                if entry.is_file() and not entry.is_symlink() and entry.name != name:
                    shutil.copyfile(entry, scratch / entry.name)
            changed = swap_in(places, journal, issue, scratch)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        summary, failed = rebuild(places)
    return Outcome(changed, summary, failed)
