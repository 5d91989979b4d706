"""Values a page shows in, the digests its task's key is made of out: the code's fingerprint, values
without their folder paths, an article's input digest.
"""

from __future__ import annotations

import dataclasses
import hashlib

from ..collection import PublishedArticle


def code_fingerprint() -> str:
    """Hash of scielo-pub's code, templates and static files (``codeprint``: every package file,
    made once per process): a change rebuilds every page."""
    from ..codeprint import code_fingerprint as package_code

    return package_code()


def task_key(*parts: object) -> str:
    """A cache key of ``parts``; folder paths are left out, so a moved collection keeps its keys."""
    shown = tuple(portable(p) for p in parts)
    return hashlib.sha256(repr((code_fingerprint(), *shown)).encode()).hexdigest()[:32]


def portable(value: object) -> object:
    """``value`` without its ``path`` field (issues, collections): where a folder lies on disk
    changes no page, so it must not change a cache key. Each journal, issue and collection is
    written out once (remembered by identity: every article of an issue shares its records)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        held = _PORTABLE.get(id(value))
        if held is not None and held[0] is value:
            return held[1]
        names = {f.name for f in dataclasses.fields(value)}
        if "path" in names:
            text = repr(dataclasses.replace(value, path=None))
            if len(_PORTABLE) > 100_000:
                _PORTABLE.clear()
            _PORTABLE[id(value)] = (value, text)
            return text
    return value


_PORTABLE: dict[int, tuple[object, str]] = {}


def article_digest(item: PublishedArticle) -> str:
    """The article's input digest (the read stage's), or without one the hash of its XML."""
    if item.digest:
        return item.digest
    return hashlib.sha256(_article_xml(item)).hexdigest()


def _article_xml(item: PublishedArticle) -> bytes:
    """The article's XML (``render.pages``, imported only when an article has no input digest)."""
    from .pages import article_xml

    return article_xml(item)
