"""A journal folder in, its reader pages out: about, editorial board and instructions to authors
from Markdown files beside ``journal.toml`` (``about.pt.md``, ``editorial-board.md``...), sanitised.

A page exists when the journal has its file in some language. The page in an interface language
uses that language's file, else the file without a language, else another language's (shown with
its own ``lang`` and a note, the visible fallback).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Journal
from . import i18n

if TYPE_CHECKING:  # imported when a page is rendered: deciding whether pages changed needs none
    from markdown_it import MarkdownIt

#: Page slug -> interface string key of its title, in the order the journal's menu lists them.
PAGES = {"about": "about", "editorial-board": "editorial_board", "instructions": "instructions"}
#: Largest Markdown file read (a journal page, not a book).
MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class JournalText:
    """One journal page in one interface language: sanitised HTML and the language it is in."""

    slug: str
    html: str
    lang: str
    #: True when the text is not in the page's language (no file in that language).
    fallback: bool


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # CommonMark with tables; raw HTML in the file is escaped, and the result is sanitised anyway.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _files(journal: Journal, slug: str) -> dict[str, Path]:
    """``lang -> file`` for one page (``""`` for the file without a language)."""
    folder = journal.path
    if folder is None or not folder.is_dir():
        return {}
    found: dict[str, Path] = {}
    for path in sorted(folder.glob(f"{slug}*.md")):
        if path.is_symlink() or not path.is_file():
            continue  # only the journal's own regular files
        middle = path.name[len(slug) : -len(".md")]
        if middle == "":
            found[""] = path
        elif middle.startswith(".") and middle[1:].isalpha() and len(middle) <= 4:
            found[middle[1:].lower()] = path
    return found


def available(journal: Journal) -> list[str]:
    """The slugs of the pages this journal has, in menu order."""
    return [slug for slug in PAGES if _files(journal, slug)]


def digest(journal: Journal) -> str:
    """A hash of every page file's name and bytes (a change rebuilds the journal's pages)."""
    h = hashlib.sha256()
    for slug in PAGES:
        for lang, path in sorted(_files(journal, slug).items()):
            h.update(f"{slug}:{lang}:".encode())
            h.update(_read(path))
    return h.hexdigest()


def _read(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(MAX_BYTES)


def text(journal: Journal, slug: str, lang: str) -> JournalText | None:
    """The page ``slug`` for the interface language ``lang``, or ``None`` when the journal has none."""
    files = _files(journal, slug)
    if not files:
        return None
    order = [lang, "", *(code for code in i18n.INTERFACE_LANGUAGES if code != lang), *files]
    chosen = next(code for code in order if code in files)
    source = _read(files[chosen]).decode("utf-8", errors="replace")
    from ..sanitise import clean_html

    html = clean_html(_markdown().render(source))
    shown = chosen or (journal.languages[0] if journal.languages else lang)
    return JournalText(slug, html, shown, fallback=bool(chosen) and chosen != lang)
