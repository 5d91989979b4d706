"""Elements and strings in, small facts out: the helpers and code lists the rule modules share."""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

from lxml import etree

from ...model.text import XLINK_HREF, XML_LANG, text_of

__all__ = ["XLINK_HREF", "XML_LANG", "text_of"]

DOI = re.compile(r"^10\.\d{4,9}/\S+$")
ORCID = re.compile(r"^(\d{4})-(\d{4})-(\d{4})-(\d{3}[\dX])$")
ISSN = re.compile(r"^\d{4}-\d{3}[\dXx]$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL = re.compile(r"^(https?|ftp)://[^\s/$.?#][^\s<>\"]*$", re.I)

ALLOWED_ARTICLE_TYPES = frozenset(
    [
        "abstract",
        "addendum",
        "aggregated-review-documents",
        "announcement",
        "article-commentary",
        "book-review",
        "brief-report",
        "case-report",
        "clinical-trial",
        "correction",
        "data-article",
        "discussion",
        "editorial",
        "expression-of-concern",
        "guideline",
        "interview",
        "letter",
        "meeting-report",
        "news",
        "obituary",
        "oration",
        "other",
        "partial-retraction",
        "product-review",
        "rapid-communication",
        "reply",
        "research-article",
        "retraction",
        "review-article",
        "reviewer-report",
        "translation",
    ]
)
#: Article types that must have authors, an abstract, or a related article.
NEED_AUTHORS = frozenset(
    [
        "research-article",
        "review-article",
        "case-report",
        "brief-report",
        "rapid-communication",
        "article-commentary",
        "book-review",
        "data-article",
    ]
)
NEED_ABSTRACT = frozenset(["research-article", "review-article", "case-report", "data-article"])
NEED_RELATED = frozenset(
    ["correction", "retraction", "partial-retraction", "addendum", "expression-of-concern"]
)
REF_TYPE_TARGETS = {
    "aff": {"aff"},
    "bibr": {"ref"},
    "fig": {"fig", "fig-group"},
    "table": {"table-wrap", "table-wrap-group"},
    "fn": {"fn"},
    "table-fn": {"fn"},
    "disp-formula": {"disp-formula"},
    "corresp": {"corresp"},
    "app": {"app"},
    "supplementary-material": {"supplementary-material"},
    "sec": {"sec"},
    "boxed-text": {"boxed-text"},
    "list": {"list", "list-item"},
}
PUBLICATION_TYPES = frozenset(
    [
        "journal",
        "book",
        "book-chapter",
        "thesis",
        "webpage",
        "confproc",
        "report",
        "patent",
        "database",
        "software",
        "data",
        "dataset",
        "legal-doc",
        "newspaper",
        "preprint",
        "other",
    ]
)
HTML_TAGS = frozenset(
    [
        "b",
        "i",
        "u",
        "em",
        "strong",
        "br",
        "font",
        "span",
        "div",
        "center",
        "a",
        "strike",
        "small",
        "big",
    ]
)
HTML_IN_TEXT = re.compile(
    r"</?(?:b|i|u|em|strong|br|p|font|span|div|sup|sub|a)(?:\s[^<>]*)?/?>|&(?:nbsp|amp|lt|gt);",
    re.I,
)


def issn_check_digit_ok(issn: str) -> bool:
    """ISSN check digit: weights 8..2 over the first seven digits, modulo 11 (10 is X)."""
    digits = issn.replace("-", "").upper()
    if len(digits) != 8 or not digits[:7].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


def orcid_check_digit_ok(orcid: str) -> bool:
    """ORCID check digit: ISO 7064 MOD 11-2 over the first fifteen digits."""
    digits = orcid.replace("-", "").upper()
    if len(digits) != 16 or not digits[:15].isdigit():
        return False
    total = 0
    for d in digits[:15]:
        total = (total + int(d)) * 2
    check = (12 - total % 11) % 11
    return digits[15] == ("X" if check == 10 else str(check))


@lru_cache(maxsize=1)
def iso639_1() -> frozenset[str]:
    """The two-letter ISO 639-1 language codes pycountry knows."""

    def compute() -> list[str]:
        import pycountry

        return sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))

    return _code_set("iso639-1", "iso639-3.json", compute)


@lru_cache(maxsize=1)
def iso3166() -> frozenset[str]:
    """The two-letter ISO 3166-1 country codes pycountry knows."""

    def compute() -> list[str]:
        import pycountry

        return sorted(c.alpha_2 for c in pycountry.countries)

    return _code_set("iso3166-1", "iso3166-1.json", compute)


def _code_set(kind: str, database: str, compute) -> frozenset[str]:
    """A code list from pycountry, kept in the user cache keyed by the bytes of pycountry's
    database file (loading pycountry's databases costs more than validating an article)."""
    from ...usercache import cached

    data = _pycountry_database(database)
    if data is None:
        return frozenset(compute())
    value = cached(f"codes-{kind}", [data], compute)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return frozenset(compute())
    return frozenset(value)


def _pycountry_database(name: str) -> bytes | None:
    """The bytes of one of pycountry's database files (``None`` when it cannot be found)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("pycountry")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            return (Path(folder) / "databases" / name).read_bytes()
        except OSError:
            continue
    return None


def date_problem(el: etree._Element) -> str | None:
    """Why a JATS date element is not a real date (``None`` when it is)."""
    year, month, day = (_child_text(el, t) for t in ("year", "month", "day"))
    if year is None:
        return None if el.get("iso-8601-date") or _child_text(el, "season") else "no year"
    if not re.fullmatch(r"\d{4}", year):
        return f"year '{year}' is not four digits"
    if month is not None and not (month.isdigit() and 1 <= int(month) <= 12):
        return f"month '{month}' is not 1-12"
    if day is not None:
        if not day.isdigit() or month is None or not month.isdigit():
            return f"day '{day}' needs a numeric month and day"
        last = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= last:
            return f"day '{day}' does not exist in {year}-{int(month):02d}"
    return None


def _child_text(el: etree._Element, tag: str) -> str | None:
    child = el.find(tag)
    return text_of(child) if child is not None else None


def date_key(el: etree._Element) -> tuple[int, int, int] | None:
    """A comparable (year, month, day) for a valid date element; missing parts are 0."""
    if date_problem(el) is not None:
        return None
    year = _child_text(el, "year")
    if year is None:
        return None
    month, day = _child_text(el, "month"), _child_text(el, "day")
    return int(year), int(month or 0), int(day or 0)


def lang(el: etree._Element) -> str | None:
    value = el.get(XML_LANG)
    return value.strip().lower() if value and value.strip() else None


def main_parts(root: etree._Element) -> list[etree._Element]:
    """The children of ``article`` except sub-articles (the main article's own content)."""
    return [c for c in root if isinstance(c.tag, str) and c.tag != "sub-article"]


def iter_main(root: etree._Element, *tags: str):
    for part in main_parts(root):
        yield from part.iter(*tags)


def as_int(text: str | None) -> int | None:
    return int(text) if text is not None and text.strip().isdigit() else None
