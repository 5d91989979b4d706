"""A request target (path and query) in, the content item it names out: this site's URLs and the URLs
of the sites a collection migrates from (classic SciELO ``scielo.php`` and ``/pdf/``, new SciELO ``/j/``).

Items are articles, looked up by PID v2, PID v3, DOI or (journal acronym, issue folder, file stem)
in a ``Catalog`` built from the store. Each hit says whether the action is a COUNTER *Request*
(full text: HTML, PDF or the JATS XML) or an *Investigation* only (abstract page, RIS, BibTeX,
LILACS record), its format and its language. Paths follow ``scielo_pub/render/urls.py`` (the
tests check both agree); this module does not import the renderer, it only reads URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qs, unquote

#: Extensions of page furniture and figures: never an item (COUNTER counts content, not assets).
STATIC_EXTENSIONS = frozenset(
    [
        "css",
        "js",
        "mjs",
        "map",
        "json",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "avif",
        "ico",
        "bmp",
        "tif",
        "tiff",
        "woff",
        "woff2",
        "ttf",
        "otf",
        "eot",
        "swf",
        "flv",
        "mp3",
        "mp4",
        "webm",
        "ogg",
        "wav",
        "txt",
    ]
)

REQUEST_FORMATS = frozenset({"html", "pdf", "xml"})

# Reasons a line that passed the COUNTER filters still names no item (the import report counts them).
UNKNOWN = "unknown_url"
NOT_ITEM = "not_an_item"
REDIRECT = "redirect_page"
#: A platform search (``/search?q=...``): not an item, counted as COUNTER Searches_Platform.
SEARCH = "search"


@dataclass(frozen=True, slots=True)
class JournalMeta:
    """What the reports say about a journal (a COUNTER *title*)."""

    id: int
    acronym: str
    title: str
    publisher: str = ""
    print_issn: str = ""
    online_issn: str = ""
    doi: str = ""


@dataclass(frozen=True, slots=True)
class ItemMeta:
    """What the reports say about an article (a COUNTER *item*), and the keys URLs reach it by."""

    id: int
    journal: JournalMeta
    title: str
    issue_folder: str
    stem: str
    lang: str = ""
    pid_v2: str = ""
    pid_v3: str = ""
    doi: str = ""
    yop: int | None = None
    publication_date: str = ""
    authors: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Hit:
    """One request on one item: Request or Investigation, format (html, pdf, xml, ris...), language."""

    item_id: int
    request: bool
    format: str
    lang: str


def is_static(path: str) -> bool:
    """True for a path to a stylesheet, script, image, font or media file."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return dot > 0 and name[dot + 1 :].lower() in STATIC_EXTENSIONS


_PID_V2 = re.compile(r"S?\d{4}-\d{3}[\dX]\d{13}", re.IGNORECASE)
_PID_V3 = re.compile(r"[A-Za-z0-9]{23}")
_LANG = re.compile(r"[a-z]{2}")
_SITE_PAGE = re.compile(r"(?:(?P<abs>abstract)\.)?(?P<lang>[a-z]{2})\.html")
_LEGACY_PDF = re.compile(r"(?:(?P<lang>[a-z]{2})_)?(?P<stem>.+)\.pdf", re.IGNORECASE)
_DOWNLOADS = {".lilacs.iso": "lilacs", ".xml": "xml", ".ris": "ris", ".bib": "bibtex"}


class Catalog:
    """The collection's items, indexed by every key a URL can carry."""

    def __init__(self, items: Iterable[ItemMeta]) -> None:
        self.items: dict[int, ItemMeta] = {}
        self.by_pid_v2: dict[str, ItemMeta] = {}
        self.by_pid_v3: dict[str, ItemMeta] = {}
        self.by_doi: dict[str, ItemMeta] = {}
        self.by_path: dict[tuple[str, str, str], ItemMeta] = {}
        self.journals: dict[str, JournalMeta] = {}
        for item in items:
            self.items[item.id] = item
            self.journals[item.journal.acronym] = item.journal
            if item.pid_v2:
                self.by_pid_v2[item.pid_v2.upper()] = item
            if item.pid_v3:
                self.by_pid_v3[item.pid_v3] = item
            if item.doi:
                self.by_doi[item.doi.lower()] = item
            self.by_path[(item.journal.acronym, item.issue_folder, item.stem)] = item
        self.resolve = lru_cache(maxsize=65536)(self._resolve)

    def _resolve(self, target: str) -> Hit | str:
        """A request target -> Hit, or the reason it names no item (``UNKNOWN``, ``NOT_ITEM``...)."""
        path, _, query = target.partition("?")
        path = unquote(path)
        if path.endswith("/scielo.php"):
            return self._classic(parse_qs(query))
        parts = [p for p in path.split("/") if p]
        if not parts:
            return NOT_ITEM
        head = parts[0]
        if head == "j":
            return self._under_j(parts[1:], parse_qs(query))
        if head == "pdf" and len(parts) >= 4:
            return self._legacy_pdf(parts)
        if head in ("pid", "doi"):
            return REDIRECT
        if head == "search" and len(parts) == 1:
            return SEARCH if (parse_qs(query).get("q") or [""])[0].strip() else NOT_ITEM
        return UNKNOWN

    def _hit(self, item: ItemMeta | None, fmt: str, lang: str, abstract: bool = False) -> Hit | str:
        if item is None:
            return UNKNOWN
        lang = lang if _LANG.fullmatch(lang or "") else item.lang
        return Hit(item.id, not abstract and fmt in REQUEST_FORMATS, fmt, lang)

    def _classic(self, q: dict[str, list[str]]) -> Hit | str:
        script = (q.get("script") or [""])[0]
        pid = (q.get("pid") or [""])[0].strip().upper()
        lang = (q.get("tlng") or [""])[0].lower()
        if script in ("sci_arttext", "sci_abstract", "sci_pdf"):
            if not _PID_V2.fullmatch(pid):
                return UNKNOWN
            item = self.by_pid_v2.get(pid if pid.startswith("S") else "S" + pid)
            fmt = "pdf" if script == "sci_pdf" else "html"
            return self._hit(item, fmt, lang, abstract=script == "sci_abstract")
        if script:
            return NOT_ITEM  # home, serial, issue TOC, search pages of the classic site
        return UNKNOWN

    def _legacy_pdf(self, parts: list[str]) -> Hit | str:
        m = _LEGACY_PDF.fullmatch(parts[-1])
        if m is None:
            return UNKNOWN
        key = (parts[1], "/".join(parts[2:-1]), m["stem"])
        item = self.by_path.get(key)
        if item is None and m["lang"]:
            item = self.by_path.get((parts[1], key[1], f"{m['lang']}_{m['stem']}"))
            return self._hit(item, "pdf", "")
        return self._hit(item, "pdf", (m["lang"] or "").lower())

    def _under_j(self, parts: list[str], q: dict[str, list[str]]) -> Hit | str:
        if len(parts) >= 3 and parts[1] == "a" and _PID_V3.fullmatch(parts[2]):
            item = self.by_pid_v3.get(parts[2])  # new SciELO: /j/<acron>/a/<pid v3>/
            fmt = (q.get("format") or ["html"])[0].lower()
            lang = (q.get("lang") or [""])[0].lower()
            abstract = len(parts) > 3 and parts[3] == "abstract"
            return self._hit(item, fmt if fmt in ("html", "pdf", "xml") else "html", lang, abstract)
        if len(parts) < 4:
            return NOT_ITEM if parts else UNKNOWN  # journal pages, issue tables of contents
        acron, issue, stem, name = parts[0], "/".join(parts[1:-2]), parts[-2], parts[-1]
        item = self.by_path.get((acron, issue, stem))
        if item is None:
            if name in ("index.html", "feed.atom"):
                return NOT_ITEM
            return UNKNOWN
        page = _SITE_PAGE.fullmatch(name)
        if page:
            return self._hit(item, "html", page["lang"], abstract=bool(page["abs"]))
        if name.startswith(stem + "-") and name.endswith(".pdf"):
            return self._hit(item, "pdf", name[len(stem) + 1 : -4])
        for suffix, fmt in _DOWNLOADS.items():
            if name == stem + suffix:
                return self._hit(item, fmt, "", abstract=fmt != "xml")
        return NOT_ITEM if name == "index.html" else UNKNOWN
