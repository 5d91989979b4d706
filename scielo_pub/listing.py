"""A folder in, its entries out: an issue folder's article files and every entry's ``lstat``, taken in bulk.

``scan_issue`` lists an issue folder once for the *discover* stage: its article files by name (as
``article_files`` lists them) and a ``Listing`` of every entry but hidden ones (name, size, mtime in
ns, inode, mode), pickled into one value. A rebuild compares that value with the one the read cache
recorded for the folder (``readcache``): when they are equal, and the journal's settings and the
code are too, the folder's articles are the ones read at the last build, kept as one unit without
a look at any of them; the issue checks' record of the folder (``readcache.Verdicts``) hashes it.
The ``lstat`` calls run through ``map`` (no Python frame per entry); an entry whose ``lstat`` fails
(removed meanwhile) is listed without a fingerprint, so the listing differs from any recorded one.
"""

from __future__ import annotations

import operator
import os
import pickle
import stat
from dataclasses import dataclass
from itertools import compress
from pathlib import Path

#: File endings of article sources, in the order readers are tried.
ARTICLE_SUFFIXES = (".xml", ".sgm", ".sgml")

_NAME = operator.attrgetter("name")
_LSTAT = operator.methodcaller("stat", follow_symlinks=False)
_PRINT = operator.attrgetter("st_size", "st_mtime_ns", "st_ino", "st_mode")
_ARTICLE = operator.methodcaller("endswith", ARTICLE_SUFFIXES)
_MODE = operator.attrgetter("st_mode")


@dataclass(frozen=True, slots=True)
class Listing:
    """One issue folder as ``discover`` found it: its articles are ``articles[start:stop]`` of the
    discovered collection (file names ``names``, in order); ``prints`` pickles the name and
    ``(size, mtime_ns, inode, mode)`` of every entry but hidden ones (None where the ``lstat``
    failed), in name order; ``newest`` is the latest mtime among them (a listing is trusted only
    when it is older than a few seconds, as the read cache does with files); ``special`` names the
    entries that are folders or links (the issue checks' record walks into them)."""

    path: str
    start: int
    stop: int
    names: tuple[str, ...]
    prints: bytes
    newest: int
    special: tuple[str, ...] = ()


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _stats(entries: list[os.DirEntry]) -> list[os.stat_result | None]:
    """Each entry's ``lstat`` (cached by the entry), None where it fails."""
    try:
        return list(map(_LSTAT, entries))
    except OSError:  # one vanished meanwhile: the others one by one
        found: list[os.stat_result | None] = []
        for entry in entries:
            try:
                found.append(entry.stat(follow_symlinks=False))
            except OSError:
                found.append(None)
        return found


def scan_issue(folder: Path, start: int) -> tuple[list[Path], Listing]:
    """The article files of an issue folder (``article_files``) and its ``Listing``, whose articles
    begin at index ``start`` of the collection's. One ``scandir``; every entry ``lstat``-ed once."""
    where = os.fspath(folder)
    with os.scandir(where) as found:
        entries = sorted((e for e in found if not e.name.startswith(".")), key=_NAME)
    infos = _stats(entries)
    names = list(map(_NAME, entries))
    if None not in infos and all(map(stat.S_ISREG, map(_MODE, infos))):  # plain files only
        prints = list(map(_PRINT, infos))
        articles = list(compress(names, map(_ARTICLE, map(str.lower, names))))
        special: list[str] = []
    else:
        prints = [None if info is None else _PRINT(info) for info in infos]
        articles, special = _kinds(names, entries, infos)
    newest = max((p[1] for p in prints if p is not None), default=0)
    blob = pickle.dumps((names, prints), protocol=pickle.HIGHEST_PROTOCOL)
    listing = Listing(where, start, start + len(articles), tuple(articles), blob, newest,
                      tuple(special))  # fmt: skip
    return _children(folder, articles), listing


def _children(folder: Path, names: list[str]) -> list[Path]:
    # A name from scandir is one plain part: pathlib's own directory walks join it to the folder
    # without parsing it again (a third of the cost of ``folder / name``); ``/`` where it has not.
    child = getattr(folder, "_make_child_relpath", folder.joinpath)
    return list(map(child, names))


def _kinds(names: list[str], entries: list[os.DirEntry],
           infos: list[os.stat_result | None]) -> tuple[list[str], list[str]]:  # fmt: skip
    """The article files among the entries (an article suffix, not a folder nor a link to one)
    and the folders and links (the issue checks walk them)."""
    articles, special = [], []
    for name, entry, info in zip(names, entries, infos, strict=True):
        mode = info.st_mode if info is not None else 0
        if stat.S_ISLNK(mode) or stat.S_ISDIR(mode):
            special.append(name)
        if name.lower().endswith(ARTICLE_SUFFIXES) and not (
            stat.S_ISDIR(mode) or ((info is None or stat.S_ISLNK(mode)) and _is_dir(entry))
        ):
            articles.append(name)
    return articles, special


def article_files(folder: Path) -> list[Path]:
    """Article sources in a folder, by name: every entry with an article suffix that is not a
    folder (links and special files too, so that reading them refuses them with a diagnostic).
    One ``scandir``: the kind of each entry comes with its name, no file is ``stat``-ed (only a
    link, to see whether it leads to a folder)."""
    names = []
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if (name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith(".")
                    and not _is_dir(entry)):  # fmt: skip
                names.append(name)
    return _children(folder, sorted(names))


def subfolders(folder: Path) -> list[Path]:
    """The folders in ``folder`` (links to folders too; not hidden ones), by name."""
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if not e.name.startswith(".") and _is_dir(e)]
    except OSError:
        return []
    return [folder / name for name in sorted(names)]
