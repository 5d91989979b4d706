"""A folder in, its entries out: an issue folder's article files and every entry's ``lstat``, taken in bulk.

``scan_issue`` lists an issue folder once for the *discover* stage: its article files by name (as
``article_files`` lists them) and a ``Listing`` of every entry but hidden ones (name, size, mtime in
ns, inode, mode), pickled into one value. A rebuild compares that value with the one the read cache
recorded for the folder (``readcache``): when they are equal, and the journal's settings and the
code are too, the folder's articles are the ones read at the last build, kept as one unit without
a look at any of them; the issue checks' record of the folder (``readcache.Verdicts``) hashes it.
The folder is opened once (not following a link: whether it is one comes with it, ``Listing.link``)
and listed through its descriptor, each entry ``lstat``-ed by its name relative to it (the kernel
looks up one part, not the whole path), through ``map`` (no Python frame per entry); an entry whose
``lstat`` fails (removed meanwhile) is listed without a fingerprint, so the listing differs from any
recorded one. The article files' paths are made as pathlib's own directory walks make them, each
with its text set (``str`` of it joins no parts again).
"""

from __future__ import annotations

import errno
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
    entries that are folders or links (the issue checks' record walks into them); ``link`` whether
    the folder is itself a link (the read stage resolves it then)."""

    path: str
    start: int
    stop: int
    names: tuple[str, ...]
    prints: bytes
    newest: int
    special: tuple[str, ...] = ()
    #: Whether the folder itself is a symbolic link, as opening it found (None: not known).
    link: bool | None = None


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
    begin at index ``start`` of the collection's. One ``scandir``; every entry ``lstat``-ed once,
    by its name relative to the open folder (``BY_FOLDER``: the kernel looks up one part, not the
    whole path)."""
    where = os.fspath(folder)
    fd, link = _opened(where) if BY_FOLDER and _FD_SCANDIR else (None, None)
    try:
        with os.scandir(where if fd is None else fd) as found:
            entries = sorted((e for e in found if not e.name.startswith(".")), key=_NAME)
        infos = _stats(entries)
        names = list(map(_NAME, entries))
        if None not in infos and all(map(stat.S_ISREG, map(_MODE, infos))):  # plain files only
            prints = list(map(_PRINT, infos))
            articles = list(compress(names, map(_ARTICLE, map(str.lower, names))))
            special: list[str] = []
            newest = max(map(_MTIME, prints), default=0)
        else:
            prints = [None if info is None else _PRINT(info) for info in infos]
            articles, special = _kinds(names, entries, infos)  # a link's kind: by the open folder
            newest = max((p[1] for p in prints if p is not None), default=0)
    finally:
        if fd is not None:
            os.close(fd)
    blob = pickle.dumps((names, prints), protocol=pickle.HIGHEST_PROTOCOL)
    listing = Listing(where, start, start + len(articles), tuple(articles), blob, newest,
                      tuple(special), link)  # fmt: skip
    return _children(folder, articles), listing


def _opened(where: str) -> tuple[int, bool]:
    """The folder opened, and whether it is a link (opened again through it then): known from
    the first ``open``, which does not follow one."""
    try:
        return os.open(where, _OPEN | _NOFOLLOW), False
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.EMLINK, errno.ENOTDIR):
            raise
    return os.open(where, _OPEN), True


#: Whether ``scan_issue`` lists a folder through its open descriptor (off: by its path, as before).
BY_FOLDER = True
_FD_SCANDIR = os.scandir in os.supports_fd and os.stat in os.supports_dir_fd
_OPEN = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_MTIME = operator.itemgetter(1)


def _children(folder: Path, names: list[str]) -> list[Path]:
    # A name from scandir is one plain part: pathlib's own directory walks join it to the folder
    # without parsing it again (a third of the cost of ``folder / name``); ``/`` where it has not.
    # Each path's text is set as ``str`` would make it (the later stages ask for it: once per
    # article, not parsed parts joined again), where pathlib keeps it in the slot ``_str``.
    child = getattr(folder, "_make_child_relpath", None)
    if child is None or _SET_STR is None:
        return list(map(child or folder.joinpath, names))
    made = list(map(child, names))
    base = os.fspath(folder)
    if base in ("", "."):  # ``Path(".") / name`` reads ``name``
        return made
    base = base if base.endswith(os.sep) else base + os.sep
    list(map(_SET_STR, made, map(base.__add__, names)))
    return made


def child(folder: Path, name: str) -> Path:
    """``folder / name`` for a plain file name (one part, as ``scandir`` gives), as ``_children``."""
    return _children(folder, [name])[0]


def _str_setter():
    """The setter of pathlib's cached text (``PurePath._str``, Python 3.11's slot), else None."""
    from pathlib import PurePath

    slot = PurePath.__dict__.get("_str") if "_str" in getattr(PurePath, "__slots__", ()) else None
    return getattr(slot, "__set__", None)


_SET_STR = _str_setter()


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
    return _children(folder, sorted(names))
